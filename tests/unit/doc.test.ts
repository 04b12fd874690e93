/**
 * Word 97–2003 (.doc) and WPS Office (.wps) uploads (src/lib/formats/doc.ts): the report's paragraphs
 * come out one a line; encrypted, truncated and foreign files are refused with what to do; a forged
 * file can neither hang the reader nor make it throw anything but UnusableUpload. The fixtures are
 * LibreOffice's (tests/fixtures/word-binary/README.md); the forged documents are built here.
 */
import { readFileSync } from 'node:fs';
import * as CFB from 'cfb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertSource } from '../../src/lib/convert.ts';
import { readDoc } from '../../src/lib/formats/doc.ts';
import { UnusableUpload } from '../../src/lib/formats/index.ts';
import { makeDocx } from '../helpers/make-uploads.ts';

const DIR = 'tests/fixtures/word-binary';
const fixture = (name: string) => new Uint8Array(readFileSync(`${DIR}/${name}`));
const source = readFileSync(`${DIR}/report.txt`, 'utf8');
const sourceLines = source.trim().split('\n');

/** The UnusableUpload that reading the bytes ends in (fails the test if it ends otherwise). */
async function refusal(bytes: Uint8Array, format: 'doc' | 'wps' = 'doc'): Promise<UnusableUpload> {
  const error = await readDoc(bytes, format).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnusableUpload);
  return error as UnusableUpload;
}

function compoundFile(streams: Record<string, Uint8Array>): Uint8Array {
  const container = CFB.utils.cfb_new();
  for (const [name, content] of Object.entries(streams)) CFB.utils.cfb_add(container, `/${name}`, Buffer.from(content));
  return new Uint8Array(CFB.write(container, { type: 'buffer' }) as Uint8Array);
}

/**
 * A minimal Word 97 document: a FIB, the text as one UTF-16 piece at 0x800 of the WordDocument stream,
 * and a 1Table stream holding the piece table (then whatever `tweak` appends and points the FIB at).
 * Paragraphs end with \r, as Word stores them.
 */
function wordBinary(text: string, tweak: (fib: DataView, table: Uint8Array) => Uint8Array = (_, t) => t): Uint8Array {
  const TEXT_AT = 0x800;
  const word = new Uint8Array(TEXT_AT + text.length * 2);
  const fib = new DataView(word.buffer);
  fib.setUint16(0x00, 0xa5ec, true); // wIdent
  fib.setUint16(0x02, 0x00c1, true); // nFib: Word 97
  fib.setUint16(0x0a, 0x0200, true); // fWhichTblStm: the table is 1Table
  fib.setUint16(0x20, 14, true); // csw
  fib.setUint16(0x3e, 22, true); // cslw
  fib.setUint16(0x98, 0x5d, true); // cbRgFcLcb
  fib.setUint32(0x18, TEXT_AT, true); // fcMin
  fib.setUint32(0x1c, TEXT_AT + text.length * 2, true); // fcMac
  fib.setUint32(0x4c, text.length, true); // ccpText
  for (let i = 0; i < text.length; i++) fib.setUint16(TEXT_AT + 2 * i, text.charCodeAt(i), true);
  // Clx: a Pcdt (0x02, lcb) holding the PlcPcd — CPs 0 and n, then one Pcd whose fc is the text.
  const clx = new Uint8Array(21);
  const view = new DataView(clx.buffer);
  view.setUint8(0, 2);
  view.setUint32(1, 16, true);
  view.setUint32(9, text.length, true);
  view.setUint32(15, TEXT_AT, true);
  fib.setUint32(0x1a2, 0, true);
  fib.setUint32(0x1a6, clx.length, true);
  return compoundFile({ WordDocument: word, '1Table': tweak(fib, clx) });
}

/** Byte offsets in report.doc of its WordDocument and 1Table streams (both in regular 512-byte sectors). */
function streamOffsets(bytes: Uint8Array): { word: number; table: number; tableSize: number } {
  const file = CFB.read(Buffer.from(bytes), { type: 'buffer' });
  const entry = (name: string) => {
    const found = file.FileIndex.find((e) => e.name === name);
    if (!found || found.size < 4096) throw new Error(`${name}: not in regular sectors`);
    return found;
  };
  const table = entry('1Table');
  return { word: (entry('WordDocument').start + 1) * 512, table: (table.start + 1) * 512, tableSize: table.size };
}

describe('a Word 97–2003 document', () => {
  it('.doc: the title, the 一、 and （一） headings and the paragraphs, one a line and in order', async () => {
    const { text, encoding } = await readDoc(fixture('report.doc'), 'doc');
    const lines = text.split('\n');
    expect(encoding).toBeNull();
    expect(lines.slice(0, 3)).toEqual(['梁山县人民政府办公室', '关于2024年法治政府建设情况的报告', '县委、县政府：']);
    expect(lines).toContain('一、主要举措和成效');
    expect(lines).toContain('四、下步工作打算');
    expect(lines.some((l) => l.startsWith('（一）提高政治站位，推进法治政府建设。坚持'))).toBe(true);
    expect(lines).toEqual(sourceLines);
  });

  it('.wps (WPS Office writes the same compound file under its own extension) reads the same', async () => {
    expect((await readDoc(fixture('report.wps'), 'wps')).text.split('\n')).toEqual(sourceLines);
  });

  it('keeps Chinese quotation marks and dashes as they are (word-extractor would make them ASCII)', async () => {
    expect((await readDoc(fixture('report.doc'), 'doc')).text).toContain('“关键少数”');
    const { text } = await readDoc(wordBinary('“数据要素×”——典型案例\r'), 'doc');
    expect(text).toBe('“数据要素×”——典型案例');
  });

  it('gives the report the title the same text gives as a .txt upload', async () => {
    const doc = await convertSource({ path: 'x/report.doc', bytes: fixture('report.doc') });
    const txt = await convertSource({ path: 'x/report.txt', bytes: new TextEncoder().encode(source) });
    expect(doc.fields.title).toBe(txt.fields.title);
    expect(doc.fields.title).toContain('关于2024年法治政府建设情况的报告');
  });

  it('keeps a field’s result, drops its code, and drops optional hyphens (not "undefined")', async () => {
    const { text } = await readDoc(
      wordBinary('详见\x13 HYPERLINK "https://www.example.gov.cn" \x14政府网站\x15。\rin\x1fter\x1fnet\r'),
      'doc',
    );
    expect(text).toBe('详见政府网站。\ninternet');
  });

  it('keeps one blank line at most where empty paragraphs space the layout', async () => {
    const { text } = await readDoc(wordBinary('标题\r\r\r\r一、正文  \r'), 'doc');
    expect(text).toBe('标题\n\n一、正文');
  });
});

describe('uploads that cannot be read, each with what to do', () => {
  it('a password-protected .doc (LibreOffice wrote it with a password: fEncrypted in its FIB)', async () => {
    const error = await refusal(fixture('encrypted.doc'));
    expect(error.message).toContain('设有打开密码');
    expect(error.hint).toContain('去掉打开密码');
    expect(error.hint).toContain('.docx');
  });

  it('a .docx with an opening password under a .doc name (EncryptionInfo and EncryptedPackage streams)', async () => {
    const bytes = compoundFile({ EncryptionInfo: new Uint8Array(64), EncryptedPackage: new Uint8Array(64) });
    const error = await refusal(bytes);
    expect(error.message).toContain('设有打开密码');
    expect(error.message).toContain('加密的 .docx');
    expect(error.hint).toContain('去掉打开密码');
  });

  it('a truncated .doc (its first 40%)', async () => {
    const error = await refusal(fixture('truncated.doc'));
    expect(error.message).toContain('文件不完整');
    expect(error.message).toContain('截断');
    expect(error.hint).toContain('重新下载');
  });

  it('a .wps that is not a compound file: an old WPS or Works format', async () => {
    const error = await refusal(fixture('not-ole.wps'), 'wps');
    expect(error.message).toContain('早期 WPS');
    expect(error.message).toContain('Works');
    expect(error.hint).toBe('请用 WPS Office 打开后另存为 .docx 再上传');
  });

  it('a .doc that is really a .docx, an RTF file, a web page, or nothing known', async () => {
    const docx = await refusal(await makeDocx(['一、标题']));
    expect(docx.message).toContain('改了扩展名的 .docx');
    expect(docx.hint).toContain('扩展名改为 .docx');
    const wpsDocx = await refusal(await makeDocx(['一、标题']), 'wps');
    expect(wpsDocx.message).toContain('WPS 文字（.wps）');
    expect(wpsDocx.hint).toContain('扩展名改为 .docx');
    const rtf = await refusal(new TextEncoder().encode('{\\rtf1\\ansi\\ansicpg936 一、标题}'));
    expect(rtf.message).toContain('RTF 格式');
    expect(rtf.hint).toContain('另存为 .docx');
    const html = await refusal(new TextEncoder().encode('<html xmlns:o="urn:schemas-microsoft-com:office:office">'));
    expect(html.message).toContain('网页（HTML）');
    expect(html.hint).toContain('.html');
    const other = await refusal(new Uint8Array(300).fill(7));
    expect(other.message).toContain('不是 Word 97–2003（.doc）文件');
  });

  it('a compound file without a WordDocument stream: a Works document, or no Word document at all', async () => {
    const works = await refusal(compoundFile({ CONTENTS: new Uint8Array(600), MatOST: new Uint8Array(600) }), 'wps');
    expect(works.message).toContain('Microsoft Works');
    const workbook = await refusal(compoundFile({ Workbook: new Uint8Array(5000) }));
    expect(workbook.message).toContain('没有 Word 正文');
  });

  it('a Word 6.0/95 document', async () => {
    const word95 = wordBinary('一、标题\r', (fib, clx) => {
      fib.setUint16(0x02, 0x0068, true);
      return clx;
    });
    const error = await refusal(word95);
    expect(error.message).toContain('Word 6.0/95');
    expect(error.hint).toContain('另存为 .docx');
  });

  it('a document without text', async () => {
    const error = await refusal(wordBinary('\r\r\x0c\r'));
    expect(error.message).toBe('Word 文档中没有文字');
  });
});

describe('forged and damaged files', () => {
  it('a loop in the sector allocation table (word-extractor’s own reader would follow it until memory ran out)', async () => {
    const bytes = fixture('report.doc');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const fatAt = (view.getUint32(76, true) + 1) * 512;
    const first = streamOffsets(bytes).word / 512 - 1;
    const second = view.getUint32(fatAt + 4 * first, true);
    view.setUint32(fatAt + 4 * second, first, true); // first → second → first → …
    const error = await refusal(bytes);
    expect(error.message).toContain('文件已损坏');
    expect(error.message).toContain('循环');
  });

  // Without the reckoning, word-extractor spends seconds to minutes on each (measured: 12 s for the
  // headers below at 80 000 characters); refused, they cost milliseconds.
  it('a field that never ends, over which word-extractor’s field cleaning backtracks quadratically', async () => {
    const started = performance.now();
    const error = await refusal(wordBinary(`\x13${'字'.repeat(60_000)}\r`));
    expect(error.message).toContain('文档结构异常');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('tens of thousands of header stories, each a rewrite of the whole text', async () => {
    const stories = 80_000;
    const bytes = wordBinary(`${'字'.repeat(stories)}\r`, (fib, clx) => {
      const table = new Uint8Array(clx.length + stories * 4);
      table.set(clx);
      const plc = new DataView(table.buffer, clx.length);
      for (let i = 0; i < stories; i++) plc.setUint32(4 * i, i, true);
      fib.setUint32(0x4c, 1, true); // ccpText: the rest of the text is header stories
      fib.setUint32(0x54, stories, true); // ccpHdd
      fib.setUint32(0xf2, clx.length, true); // fcPlcfHdd
      fib.setUint32(0xf6, stories * 4, true); // lcbPlcfHdd
      return table;
    });
    const started = performance.now();
    expect((await refusal(bytes)).message).toContain('文档结构异常');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('one page of character formatting named thousands of times, each run a deletion mark', async () => {
    const TEXT_AT = 0x800;
    const chars = 20_000;
    const names = 2_000;
    const bytes = wordBinary(`${'字'.repeat(chars)}\r`, (fib, clx) => {
      // The formatting page is the text's first 512 bytes, rewritten: 100 runs of 2 bytes, each with
      // the properties sprmCFRMarkDel = 1 (cb 3: 0x0800, 0x01) at word offset 0x1F0 of the page.
      const page = new DataView(fib.buffer, TEXT_AT, 512);
      for (let j = 0; j <= 100; j++) page.setUint32(4 * j, TEXT_AT + 2 * j, true);
      for (let j = 0; j < 100; j++) page.setUint8(4 * 101 + j, 0xf8);
      page.setUint8(0x1f0, 3);
      page.setUint16(0x1f1, 0x0800, true);
      page.setUint8(0x1f3, 1);
      page.setUint8(511, 100);
      const table = new Uint8Array(clx.length + 4 + names * 8);
      table.set(clx);
      const plc = new DataView(table.buffer, clx.length);
      for (let i = 0; i < names; i++) plc.setUint32(4 * (names + 1) + 4 * i, TEXT_AT / 512, true);
      fib.setUint32(0xfa, clx.length, true); // fcPlcfBteChpx
      fib.setUint32(0xfe, 4 + names * 8, true); // lcbPlcfBteChpx
      return table;
    });
    const started = performance.now();
    expect((await refusal(bytes)).message).toContain('文档结构异常');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('bytes changed anywhere, in the structures above all: text or UnusableUpload, nothing else, and soon', async () => {
    const original = fixture('report.doc');
    const { word, table, tableSize } = streamOffsets(original);
    const anywhere = fc.integer({ min: 0, max: original.length - 1 });
    // The FIB's fields word-extractor reads: flags, text lengths, the formatting and header tables, bookmarks, the pieces.
    const fibFields: [number, number][] = [
      [0x0a, 2],
      [0x4c, 0x20],
      [0xf2, 0x18],
      [0x142, 0x18],
      [0x1a2, 8],
    ];
    const inFib = fc
      .constantFrom(...fibFields)
      .chain(([at, length]) => fc.integer({ min: word + at, max: word + at + length - 1 }));
    const inTable = fc.integer({ min: table, max: table + tableSize - 1 });
    const inHeader = fc.integer({ min: 8, max: 511 }); // the compound file's header, after its signature
    const change = fc.record({
      at: fc.oneof(anywhere, inFib, inTable, inHeader),
      value: fc.integer({ min: 0, max: 255 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(change, { minLength: 1, maxLength: 12 }), async (changes) => {
        const bytes = original.slice();
        for (const { at, value } of changes) bytes[at] = value;
        const started = performance.now();
        const outcome = await readDoc(bytes, 'doc').then(
          (r) => r.text,
          (e: unknown) => e,
        );
        if (typeof outcome !== 'string') expect(outcome).toBeInstanceOf(UnusableUpload);
        expect(performance.now() - started).toBeLessThan(1000);
      }),
      { numRuns: 50 },
    );
  });
});
