/**
 * Scans made from known text, for the OCR tests and benchmark: a report set as a government prints it
 * (a CJK font on A4, optionally under a red 红头 and with a red seal over its 落款), printed by Chromium,
 * rasterised by poppler's pdftoppm at a given resolution, then rotated or speckled as a scanner does,
 * and put back into a PDF that has no text layer (or a garbage one). Because the text is known, the
 * recognised text can be scored character by character.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { escapeHtml } from '../../../src/lib/escape.ts';
import { prng } from './corpus-generator.ts';

export interface ScanLook {
  /** A red header line above the title (e.g. 某某县人民政府文件) and the red rule under it. */
  redHeader?: string;
  /** A red round seal with this name over the signature. */
  seal?: string;
  /** The body set in two columns (as a bulletin or gazette prints it), the title across both. */
  columns?: 2;
}

export interface ScanDamage {
  dpi: number;
  /** Turned clockwise, as a page fed sideways into the scanner. */
  rotate?: 0 | 90 | 180 | 270;
  /** Share of pixels flipped to black or white (scanner speckle), 0–1. */
  noise?: number;
  seed?: number;
}

/**
 * The report's lines as HTML: the leading short lines (blank lines between them apart) centred as the
 * title, up to the salutation (a line ending in ：) or the first paragraph.
 */
function documentHtml(lines: string[], look: ScanLook): string {
  const title: string[] = [];
  let start = 0;
  for (; start < lines.length && title.length < 3; start++) {
    const line = (lines[start] as string).trim();
    if (line === '') continue;
    if ([...line].length > 40 || /[：:]$/.test(line)) break;
    title.push(line);
  }
  const body = lines.slice(start).filter((line) => line.trim() !== '');
  // The 落款: the short lines at the end (the body's name, the date); the seal goes over them, or over
  // the last lines of text when a report has none.
  let cut = body.length;
  while (cut > 0 && cut > body.length - 3 && [...(body[cut - 1] as string)].length <= 24) cut--;
  const signature = body.slice(cut);
  const paragraphs = body.slice(0, cut);
  const seal = look.seal
    ? `<svg class="seal" viewBox="0 0 200 200" aria-hidden="true"><circle cx="100" cy="100" r="92" fill="none" stroke="#e0241b" stroke-width="7"/><path id="arc" d="M 30 110 A 70 70 0 1 1 170 110" fill="none"/><text fill="#e0241b" font-size="25" font-weight="700"><textPath href="#arc" startOffset="50%" text-anchor="middle">${escapeHtml(look.seal)}</textPath></text><polygon fill="#e0241b" points="100,72 108,96 134,96 113,111 121,136 100,121 79,136 87,111 66,96 92,96"/></svg>`
    : '';
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 28mm 26mm 25mm 28mm; }
body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 16pt; line-height: 1.75; margin: 0; color: #000; }
.red { color: #e0241b; text-align: center; font-size: 24pt; text-indent: 0; font-weight: 700; letter-spacing: .1em; margin: 0 0 4mm; }
.rule { border: 0; border-top: 2px solid #e0241b; margin: 0 0 10mm; }
h1 { font-size: 21pt; text-align: center; font-weight: 700; margin: 0 0 8mm; line-height: 1.5; }
p { margin: 0; text-indent: 2em; text-align: justify; }
.columns { column-count: 2; column-gap: 12mm; font-size: 12pt; }
.sign { text-align: right; text-indent: 0; position: relative; }
.seal { position: absolute; width: 42mm; height: 42mm; right: 4mm; top: -14mm; opacity: .88; }
</style></head><body>
${look.redHeader ? `<p class="red">${escapeHtml(look.redHeader)}</p><hr class="rule">` : ''}
<h1>${title.map(escapeHtml).join('<br>')}</h1>
${look.columns ? '<div class="columns">' : ''}${paragraphs.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n')}${look.columns ? '</div>' : ''}
<div class="sign">${seal}${signature.map((line) => `<p class="sign">${escapeHtml(line)}</p>`).join('')}</div>
</body></html>`;
}

/** The report printed to PDF by Chromium: a PDF with a real text layer, as a word processor exports it. */
export async function printedPdf(browser: Browser, lines: string[], look: ScanLook = {}): Promise<Uint8Array> {
  const page = await browser.newPage();
  try {
    await page.setContent(documentHtml(lines, look), { waitUntil: 'load' });
    return new Uint8Array(await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  } finally {
    await page.close();
  }
}

/** The pages of a PDF as PNG images at `dpi`, by pdftoppm (the same rasteriser the ingest uses). */
export function rasterise(pdf: Uint8Array, dpi: number, firstPages?: number): Buffer[] {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-scan-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    const range = firstPages ? ['-f', '1', '-l', String(firstPages)] : [];
    execFileSync('pdftoppm', ['-r', String(dpi), '-png', ...range, join(dir, 'in.pdf'), join(dir, 'p')]);
    return readdirSync(dir)
      .filter((name) => name.endsWith('.png'))
      .sort()
      .map((name) => readFileSync(join(dir, name)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A page as a scanner gives it back: turned, speckled. PNG out. */
export async function damage(png: Buffer, how: ScanDamage): Promise<Buffer> {
  let image = sharp(png);
  if (how.rotate) image = image.rotate(how.rotate);
  if (!how.noise) return image.png().toBuffer();
  const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
  const rand = prng(how.seed ?? 1);
  const pixels = info.width * info.height;
  for (let flips = Math.round(pixels * how.noise); flips > 0; flips--) {
    const at = Math.floor(rand() * pixels) * info.channels;
    const value = rand() < 0.5 ? 0 : 255;
    for (let c = 0; c < Math.min(3, info.channels); c++) data[at + c] = value;
  }
  return sharp(data, { raw: info }).png().toBuffer();
}

/**
 * Images put into a PDF one per page, with no text layer: what a scanner's "scan to PDF" writes. With
 * `garbageLayer`, each page also carries invisible text that is no reading of it (a scanner's poor OCR
 * layer, or a text layer whose fonts map to the wrong characters).
 */
export async function imagePdf(browser: Browser, pages: Buffer[], garbageLayer?: string): Promise<Uint8Array> {
  const page = await browser.newPage();
  try {
    const images = pages
      .map(
        (png) =>
          `<section>${garbageLayer ? `<p class="layer">${escapeHtml(garbageLayer)}</p>` : ''}<img src="data:image/png;base64,${png.toString('base64')}" alt=""></section>`,
      )
      .join('');
    await page.setContent(
      `<!doctype html><html><head><style>@page { size: A4; margin: 0 } body { margin: 0 } section { position: relative; width: 210mm; height: 297mm; page-break-after: always; overflow: hidden } img { position: absolute; inset: 0; width: 210mm; height: 297mm; object-fit: contain } .layer { position: absolute; inset: 0; margin: 0; font-size: 12pt; color: #fff; font-family: "DejaVu Sans", sans-serif }</style></head><body>${images}</body></html>`,
      { waitUntil: 'load' },
    );
    return new Uint8Array(await page.pdf({ preferCSSPageSize: true }));
  } finally {
    await page.close();
  }
}

/** Characters a layer whose font maps are missing decodes to: Latin-1 letters and private-use code points. */
export function mojibake(length: number, seed = 7): string {
  const rand = prng(seed);
  const alphabet = 'ÐÂ»ªÉçÖÐ¹ú·¨Öν¨ÉèÇé¿ö±¨¸æ\uE001\uE02A\uE10F\uF8F0';
  let text = '';
  for (let i = 0; i < length; i++) text += alphabet[Math.floor(rand() * alphabet.length)];
  return text;
}

/**
 * A report's own characters (whitespace apart) up to where the first `count` pages of its printing end:
 * the truth a scan of those pages is scored against. The printing's text layer says how far that is,
 * but not with the report's characters (Chromium writes some as radicals: ⼼ for 心).
 */
export async function textOfFirstPages(pdf: Uint8Array, count: number, text: string): Promise<string> {
  const { extractText, getDocumentProxy } = await import('unpdf');
  const doc = await getDocumentProxy(new Uint8Array(pdf), { verbosity: 0 });
  try {
    const layer = (await extractText(doc, { mergePages: false })).text.slice(0, count).join('');
    return text.replace(/\s/g, '').slice(0, layer.replace(/\s/g, '').length);
  } finally {
    await doc.destroy();
  }
}
