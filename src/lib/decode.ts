/**
 * Bytes → text. Encodings are detected, never assumed: byte-order marks first, then UTF-16 by its
 * pattern of zero bytes, then strict UTF-8, then chardet's statistical guess among the legacy
 * encodings Chinese uploads really use (GB18030, which contains GBK and GB2312, and Big5).
 */
import chardet from 'chardet';
import iconv from 'iconv-lite';

export interface Decoded {
  text: string;
  /** utf-8, utf-16le, utf-16be, gb18030, big5 — or 'binary' when the bytes are no text in any of them. */
  encoding: string;
}

/** Share of characters a Chinese document plausibly contains: CJK, ASCII, CJK punctuation, full-width forms. */
function plausibleShare(text: string): number {
  if (text.length === 0) return 0;
  let ok = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (
      (c >= 0x20 && c < 0x7f) ||
      c === 10 ||
      c === 13 ||
      c === 9 ||
      (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0x3000 && c <= 0x303f) ||
      (c >= 0xff00 && c <= 0xffef) ||
      (c >= 0x2010 && c <= 0x2027)
    )
      ok++;
  }
  return ok / text.length;
}

/** UTF-16 without a byte-order mark: the reading in which nearly every character is plausible. */
function utf16WithoutBom(buffer: Buffer): 'utf-16le' | 'utf-16be' | undefined {
  if (buffer.length < 4 || buffer.length % 2 !== 0) return undefined;
  const sample = buffer.subarray(0, 8192);
  for (const encoding of ['utf-16le', 'utf-16be'] as const) {
    if (plausibleShare(iconv.decode(sample, encoding)) > 0.97) return encoding;
  }
  return undefined;
}

function replacementShare(text: string): number {
  if (text.length === 0) return 0;
  let bad = 0;
  for (const ch of text) if (ch === '\ufffd' || (ch < ' ' && !'\n\r\t\f\v'.includes(ch))) bad++;
  return bad / text.length;
}

export function decodeText(bytes: Uint8Array): Decoded {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: iconv.decode(buffer.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: iconv.decode(buffer.subarray(2), 'utf-16be'), encoding: 'utf-16be' };
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text, encoding: replacementShare(text) > 0.01 ? 'binary' : 'utf-8' };
  } catch {
    // Not UTF-8: UTF-16 without a mark, or a legacy encoding.
  }
  const utf16 = utf16WithoutBom(buffer);
  if (utf16) return { text: iconv.decode(buffer, utf16), encoding: utf16 };
  const guess = (chardet.detect(buffer.subarray(0, 64 * 1024)) ?? '').toLowerCase();
  const encoding = guess === 'big5' ? 'big5' : 'gb18030';
  const text = iconv.decode(buffer, encoding);
  return { text, encoding: replacementShare(text) > 0.01 ? 'binary' : encoding };
}
