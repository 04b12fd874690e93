/**
 * OFD files (GB/T 33190-2016) made from lines of text, for the reader's tests: no tool in Debian writes
 * OFD. The package has the spec's shape — OFD.xml with DocInfo and DocRoot, Doc_0/Document.xml with
 * CommonData (PublicRes with a 宋体 font, DocumentRes) and the page list, one Content.xml per page —
 * and the text is laid out as an OFD writer lays out a 公文 (GB/T 9704): A4, 28 characters of 5.6 mm
 * a line, 22 lines a page; the title larger and centred; paragraphs with a two-character first-line
 * indent, wrapped greedily with the line-breaking rules of Chinese typesetting (no closing punctuation
 * at a line's start, no opening one at its end) and justified; the 落款 right-aligned; a page number at
 * the foot of each page. Each line is drawn as one or several TextObjects (split at a random point),
 * each TextCode placed by X/Y with a DeltaX per character, as writers do: nothing in the file says
 * where a line or a paragraph ends.
 */

import { zipSync } from 'fflate';
import { prng } from '../../scripts/lib/shared/corpus-generator.ts';
import { escapeXmlNamed } from '../../src/lib/escape.ts';

export type OfdRole = 'title' | 'plain' | 'paragraph' | 'heading' | 'signature';

export interface OfdLine {
  text: string;
  role: OfdRole;
}

export interface OfdOptions {
  /** The source lines, one per paragraph; bare strings get their role from roleOf. */
  lines: (string | OfdLine)[];
  /** DocInfo's Title (none when null). */
  docTitle?: string | null;
  /** DocInfo's CreationDate, xs:date or xs:dateTime (none when null). */
  creationDate?: string | null;
  /** Seeds the random choices (where lines split into objects, the shuffled order). */
  seed?: number;
  /** Writes each page's objects in random order: reading order must come from the positions. */
  shuffle?: boolean;
  /** DeltaX as a list of values, or in the spec's compressed `g n v` form. */
  deltaX?: 'list' | 'g';
  /** Justifies wrapped lines to the right margin (default), or leaves them ragged. */
  justify?: boolean;
  linesPerPage?: number;
  /** Namespace prefix of the elements: 'ofd' (default), another one, or '' for a default namespace. */
  prefix?: string;
  /** Writes the text objects in units scaled by a CTM of this factor (e.g. points: 0.3528). */
  ctmScale?: number;
  /** Draws no space characters: each word its own TextObject, the space only a gap (as print drivers do). */
  spacesAsGaps?: boolean;
  /** Latin letters in the CJK font's half-width forms (仿宋_GB2312), not in a proportional font's widths. */
  halfWidthLatin?: boolean;
  /** A page number ("— 1 —") at the foot of each page (default true). */
  pageNumbers?: boolean;
  /** A running head drawn by a template page that every page uses. */
  runningHead?: string;
  /** An encrypted package (Encryptions.xml, the pages' content unreadable), or pages that are only images. */
  variant?: 'encrypted' | 'images-only';
}

const NS = 'http://www.ofdspec.org/2016';
const PAGE = { width: 210, height: 297, left: 28, top: 37 };
const SIZE = 5.6;
const CHARS_PER_LINE = 28;
const WIDTH = CHARS_PER_LINE * SIZE;
const PITCH = 1.8 * SIZE;
const TITLE_SIZE = 7.8;
const TITLE_PITCH = 1.5 * TITLE_SIZE;

/** 一、 （一） at the start of a short line without a full stop: a heading. */
const HEADING = /^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)/;

/**
 * The role of each line of a report as written: the leading short lines are the title, until a line
 * ending in "：" (the addressee, flush left) or a sentence; headings are short numbered lines.
 */
export function rolesOf(lines: string[]): OfdLine[] {
  let head = true;
  return lines.map((text) => {
    if (head && text.length <= 40 && !/[。：:]$/.test(text)) return { text, role: 'title' };
    head = false;
    if (/[：:]$/.test(text) && text.length <= 30) return { text, role: 'plain' };
    if (HEADING.test(text) && text.length <= 30 && !text.includes('。')) return { text, role: 'heading' };
    return { text, role: 'paragraph' };
  });
}

// Advances in ems: a CJK font's square characters, and proportional Latin (Arial's widths, roughly).
const LATIN_WIDTHS: Record<string, number> = {
  i: 0.222,
  j: 0.222,
  l: 0.222,
  f: 0.278,
  t: 0.278,
  r: 0.333,
  m: 0.833,
  w: 0.722,
  I: 0.278,
  M: 0.833,
  W: 0.944,
  ' ': 0.278,
  '.': 0.278,
  ',': 0.278,
  '%': 0.889,
};

/** A font's advance for a character, in ems. */
type Metrics = (ch: string) => number;

const proportional: Metrics = (ch) =>
  /[\u0020-\u024f]/.test(ch) ? (LATIN_WIDTHS[ch] ?? (/[A-Z]/.test(ch) ? 0.667 : 0.556)) : 1;
/** 仿宋_GB2312's own Latin letters: all half-width. */
const halfWidth: Metrics = (ch) => (/[\u0020-\u024f]/.test(ch) ? 0.5 : 1);

const OPENING = new Set(Array.from('（《“‘「『【〔'));
const CLOSING = new Set(Array.from('，。、；：？！）》”’」』】〕,.;:?!%'));
const LATIN = /[!-~]/;

type Token = { text: string; space: boolean };

/** Words of Latin letters and digits stay whole; every other character is a token of its own. */
function tokens(text: string): Token[] {
  return (text.match(/[A-Za-z0-9]+|[\s\S]/gu) ?? []).map((t) => ({ text: t, space: t === ' ' }));
}

const tokenWidth = (t: Token, advance: Metrics) => Array.from(t.text).reduce((w, ch) => w + advance(ch) * SIZE, 0);

/** Greedy line breaking with 禁则: returns the physical lines and whether each was broken (not the last). */
function wrap(
  text: string,
  advance: Metrics,
  firstWidth: number,
  width = WIDTH,
): { tokens: Token[]; broken: boolean }[] {
  const out: { tokens: Token[]; broken: boolean }[] = [];
  let line: Token[] = [];
  let used = 0;
  let available = firstWidth;
  const used_ = (ts: Token[]) => ts.reduce((w, t) => w + tokenWidth(t, advance), 0);
  for (const t of tokens(text)) {
    if (line.length === 0 && t.space) continue;
    const w = tokenWidth(t, advance);
    if (used + w <= available + 1e-9 || line.length === 0) {
      line.push(t);
      used += w;
      continue;
    }
    if (t.space) {
      out.push({ tokens: line, broken: true });
      line = [];
      used = 0;
      available = width;
      continue;
    }
    const carry: Token[] = [];
    // No closing punctuation at a line's start: the character before it goes down with it.
    if (CLOSING.has(t.text))
      do {
        const last = line.pop();
        if (!last) break;
        if (last.space) break;
        carry.unshift(last);
      } while (line.length > 1 && CLOSING.has(carry[0]?.text ?? ''));
    // No opening punctuation at a line's end.
    while (line.length > 1 && OPENING.has(line.at(-1)?.text ?? '')) carry.unshift(line.pop() as Token);
    while (line.at(-1)?.space) line.pop();
    // Nothing left to break after: the line keeps what it had.
    if (line.length === 0) line.push(...carry.splice(0));
    out.push({ tokens: line, broken: true });
    line = [...carry, t];
    used = used_(line);
    available = width;
  }
  if (line.length > 0) out.push({ tokens: line, broken: false });
  return out;
}

interface Placed {
  ch: string;
  x: number;
}

/** One physical line's characters at their x, justified to `width` when asked. */
function place(line: Token[], advance: Metrics, x0: number, width: number, justify: boolean): Placed[] {
  const chars = line.flatMap((t) => Array.from(t.text).map((ch) => ({ ch, word: /^[A-Za-z0-9]{2,}$/.test(t.text) })));
  const natural = chars.reduce((w, c) => w + advance(c.ch) * SIZE, 0);
  // Writers widen the gaps between CJK characters and at spaces, never inside a Latin word or number.
  const stretchable = chars.map(
    (c, i) => i > 0 && !(LATIN.test(chars[i - 1]?.ch ?? '') && LATIN.test(c.ch)) && !(c.word && chars[i - 1]?.word),
  );
  const gaps = stretchable.filter(Boolean).length;
  const extra = justify && gaps > 0 && width > natural ? (width - natural) / gaps : 0;
  const out: Placed[] = [];
  let x = x0;
  for (const [i, c] of chars.entries()) {
    if (stretchable[i]) x += extra;
    out.push({ ch: c.ch, x });
    x += advance(c.ch) * SIZE;
  }
  return out;
}

/** The corpus generator's seeded generator: the same seed, the same file. */
const random = prng;

const num = (n: number) => String(Math.round(n * 1000) / 1000);

function deltas(values: number[], form: 'list' | 'g'): string {
  const rounded = values.map(num);
  if (form === 'list') return rounded.join(' ');
  const out: string[] = [];
  for (let i = 0; i < rounded.length; ) {
    let j = i;
    while (j + 1 < rounded.length && rounded[j + 1] === rounded[i]) j++;
    if (j > i) out.push(`g ${j - i + 1} ${rounded[i]}`);
    else out.push(rounded[i] ?? '0');
    i = j + 1;
  }
  return out.join(' ');
}

interface DrawnLine {
  glyphs: Placed[];
  baseline: number;
  size: number;
}

export function makeOfd(options: OfdOptions): Uint8Array {
  const rnd = random(options.seed ?? 1);
  const p = options.prefix ?? 'ofd';
  const tag = (name: string) => (p ? `${p}:${name}` : name);
  const xmlns = p ? `xmlns:${p}="${NS}"` : `xmlns="${NS}"`;
  const justify = options.justify ?? true;
  const advance = options.halfWidthLatin ? halfWidth : proportional;
  const perPage = options.linesPerPage ?? 22;
  const bottom = PAGE.top + perPage * PITCH;
  const lines: OfdLine[] = options.lines.some((l) => typeof l === 'string')
    ? rolesOf(options.lines.map((l) => (typeof l === 'string' ? l : l.text)))
    : (options.lines as OfdLine[]);

  // Lay out: the pages' physical lines.
  const pages: DrawnLine[][] = [[]];
  let y = PAGE.top;
  const put = (glyphs: Placed[], size: number, pitch: number) => {
    if (y + pitch > bottom && (pages.at(-1)?.length ?? 0) > 0) {
      pages.push([]);
      y = PAGE.top;
    }
    y += pitch;
    pages.at(-1)?.push({ glyphs, baseline: y, size });
  };
  let previous: OfdRole | null = null;
  for (const { text, role } of lines) {
    // A blank line after the title and before the 落款.
    if ((previous === 'title' && role !== 'title') || (role === 'signature' && previous !== 'signature')) y += PITCH;
    previous = role;
    if (role === 'title') {
      const titleWidth = WIDTH * (SIZE / TITLE_SIZE);
      for (const row of wrap(text, advance, titleWidth, titleWidth)) {
        const w = row.tokens.reduce((n, t) => n + tokenWidth(t, advance), 0) * (TITLE_SIZE / SIZE);
        const x0 = PAGE.left + (WIDTH - w) / 2;
        const glyphs = place(row.tokens, advance, 0, 0, false).map((g) => ({
          ch: g.ch,
          x: x0 + g.x * (TITLE_SIZE / SIZE),
        }));
        put(glyphs, TITLE_SIZE, TITLE_PITCH);
      }
      continue;
    }
    if (role === 'signature') {
      const row = tokens(text);
      const w = row.reduce((n, t) => n + tokenWidth(t, advance), 0);
      put(place(row, advance, PAGE.left + WIDTH - 2 * SIZE - w, 0, false), SIZE, PITCH);
      continue;
    }
    const indent = role === 'plain' ? 0 : 2 * SIZE;
    for (const [i, row] of wrap(text, advance, WIDTH - indent).entries()) {
      const x0 = PAGE.left + (i === 0 ? indent : 0);
      put(place(row.tokens, advance, x0, PAGE.left + WIDTH - x0, justify && row.broken), SIZE, PITCH);
    }
  }

  // Draw: each line as TextObjects.
  let id = 10;
  const deltaForm = options.deltaX ?? 'list';
  const s = options.ctmScale ?? 1;
  const textObject = (glyphs: Placed[], baseline: number, size: number): string => {
    const first = glyphs[0];
    const last = glyphs.at(-1);
    if (!first || !last) return '';
    // The boundary starts a little before the first character, as writers pad it; X is relative to it.
    const pad = 0.5;
    const left = first.x - pad;
    const top = baseline - size;
    const width = last.x + advance(last.ch) * size - left + pad;
    const codeX = (first.x - left) / s;
    const codeY = size / s;
    const dx = glyphs.slice(1).map((g, i) => (g.x - (glyphs[i]?.x ?? 0)) / s);
    const text = escapeXmlNamed(glyphs.map((g) => g.ch).join(''));
    const ctm = s !== 1 ? ` CTM="${num(s)} 0 0 ${num(s)} 0 0"` : '';
    const delta = dx.length > 0 ? ` DeltaX="${deltas(dx, deltaForm)}"` : '';
    return `<${tag('TextObject')} ID="${id++}" Boundary="${num(left)} ${num(top)} ${num(width)} ${num(size * 1.3)}" Font="3" Size="${num(size / s)}"${ctm}><${tag('FillColor')} Value="0 0 0"/><${tag('TextCode')} X="${num(codeX)}" Y="${num(codeY)}"${delta}>${text}</${tag('TextCode')}></${tag('TextObject')}>`;
  };
  const objectsOf = (line: DrawnLine): string[] => {
    let runs: Placed[][] = [line.glyphs];
    if (options.spacesAsGaps) {
      runs = [];
      let run: Placed[] = [];
      for (const g of line.glyphs) {
        if (g.ch === ' ') {
          if (run.length) runs.push(run);
          run = [];
        } else run.push(g);
      }
      if (run.length) runs.push(run);
    }
    // A line in one or two objects, split at a random character.
    const split = runs.flatMap((run) => {
      if (run.length < 2 || rnd() < 0.4) return [run];
      const at = 1 + Math.floor(rnd() * (run.length - 1));
      return [run.slice(0, at), run.slice(at)];
    });
    return split.map((run) => textObject(run, line.baseline, line.size));
  };
  const shuffle = <T>(items: T[]): T[] => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  };

  const files: Record<string, Uint8Array> = {};
  const enc = (s: string) => new TextEncoder().encode(s);
  const head = '<?xml version="1.0" encoding="UTF-8"?>\n';
  const template = options.runningHead ? 'Tpls/Tpl_0/Content.xml' : null;
  const pageXml = pages.map((page, n) => {
    let objects: string[];
    if (options.variant === 'images-only')
      objects = [
        `<${tag('ImageObject')} ID="${id++}" Boundary="0 0 ${PAGE.width} ${PAGE.height}" CTM="${PAGE.width} 0 0 ${PAGE.height} 0 0" ResourceID="4"/>`,
      ];
    else {
      objects = page.flatMap(objectsOf);
      if (options.pageNumbers ?? true) {
        const label = tokens(`— ${n + 1} —`);
        const w = label.reduce((sum, t) => sum + tokenWidth(t, advance), 0);
        objects.push(textObject(place(label, advance, (PAGE.width - w) / 2, 0, false), PAGE.height - 25, SIZE));
      }
      // Some objects grouped in a page block, as writers group a paragraph or a table.
      if (objects.length > 4) {
        const at = Math.floor(rnd() * (objects.length - 3));
        const block = objects.splice(at, 3);
        objects.splice(
          at,
          0,
          `<${tag('PageBlock')} ID="${id++}">${(options.shuffle ? shuffle(block) : block).join('')}</${tag('PageBlock')}>`,
        );
      }
      if (options.shuffle) objects = shuffle(objects);
    }
    const tpl = template ? `<${tag('Template')} TemplateID="2" ZOrder="Background"/>` : '';
    return `${head}<${tag('Page')} ${xmlns}>${tpl}<${tag('Content')}><${tag('Layer')} ID="${id++}" Type="Body">${objects.join('\n')}</${tag('Layer')}></${tag('Content')}></${tag('Page')}>`;
  });

  for (const [n, xml] of pageXml.entries()) files[`Doc_0/Pages/Page_${n}/Content.xml`] = enc(xml);
  if (template && options.runningHead) {
    const glyphs = Array.from(options.runningHead).map((ch, i) => ({ ch, x: PAGE.left + i * SIZE }));
    files[`Doc_0/${template}`] = enc(
      `${head}<${tag('Page')} ${xmlns}><${tag('Content')}><${tag('Layer')} ID="${id++}">${textObject(glyphs, 20, SIZE)}</${tag('Layer')}></${tag('Content')}></${tag('Page')}>`,
    );
  }
  const pageList = pages
    .map((_, n) => `<${tag('Page')} ID="${100 + n}" BaseLoc="Pages/Page_${n}/Content.xml"/>`)
    .join('');
  files['Doc_0/Document.xml'] = enc(
    `${head}<${tag('Document')} ${xmlns}><${tag('CommonData')}><${tag('MaxUnitID')}>${id}</${tag('MaxUnitID')}><${tag('PageArea')}><${tag('PhysicalBox')}>0 0 ${PAGE.width} ${PAGE.height}</${tag('PhysicalBox')}></${tag('PageArea')}><${tag('PublicRes')}>PublicRes.xml</${tag('PublicRes')}><${tag('DocumentRes')}>DocumentRes.xml</${tag('DocumentRes')}>${template ? `<${tag('TemplatePage')} ID="2" BaseLoc="${template}"/>` : ''}</${tag('CommonData')}><${tag('Pages')}>${pageList}</${tag('Pages')}></${tag('Document')}>`,
  );
  files['Doc_0/PublicRes.xml'] = enc(
    `${head}<${tag('Res')} ${xmlns} BaseLoc="Res"><${tag('Fonts')}><${tag('Font')} ID="3" FontName="宋体" FamilyName="宋体"/></${tag('Fonts')}></${tag('Res')}>`,
  );
  files['Doc_0/DocumentRes.xml'] = enc(
    `${head}<${tag('Res')} ${xmlns} BaseLoc="Res">${options.variant === 'images-only' ? `<${tag('MultiMedias')}><${tag('MultiMedia')} ID="4" Type="Image"><${tag('MediaFile')}>Image_0.png</${tag('MediaFile')}></${tag('MultiMedia')}></${tag('MultiMedias')}>` : ''}</${tag('Res')}>`,
  );
  if (options.variant === 'images-only')
    files['Doc_0/Res/Image_0.png'] = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
  const info = [
    '<DocID>6c1f3e0b9a7d4b2c8e5f1a2b3c4d5e6f</DocID>',
    options.docTitle ? `<Title>${escapeXmlNamed(options.docTitle)}</Title>` : '',
    options.creationDate ? `<CreationDate>${options.creationDate}</CreationDate>` : '',
    '<Creator>gongkai tests/helpers/ofd-fixture.ts</Creator>',
  ]
    .join('')
    .replace(/<(\/?)(\w+)>/g, (_, slash: string, name: string) => `<${slash}${tag(name)}>`);
  files['OFD.xml'] = enc(
    `${head}<${tag('OFD')} ${xmlns} Version="1.0" DocType="OFD"><${tag('DocBody')}><${tag('DocInfo')}>${info}</${tag('DocInfo')}><${tag('DocRoot')}>Doc_0/Document.xml</${tag('DocRoot')}></${tag('DocBody')}></${tag('OFD')}>`,
  );
  if (options.variant === 'encrypted') {
    // GM/T 0099: the encrypted entries listed in Encryptions.xml at the root, their bytes ciphertext.
    files['Encryptions.xml'] = enc(
      `${head}<${tag('Encryptions')} ${xmlns}><${tag('EncryptInfo')} ID="1" Provider="test" EncryptScope="Part"><${tag('EntriesMap')}>entriesmap.dat</${tag('EntriesMap')}></${tag('EncryptInfo')}></${tag('Encryptions')}>`,
    );
    for (const name of Object.keys(files))
      if (/Content\.xml$/.test(name))
        files[name] = Uint8Array.from({ length: files[name]?.length ?? 64 }, () => Math.floor(rnd() * 256));
  }
  return zipSync(files, { mtime: new Date('2025-01-15T08:00:00Z') });
}

/** The committed sample (tests/fixtures/ofd/report.ofd): where its text comes from, and what it holds. */
export const REPORT_FIXTURE = {
  path: 'tests/fixtures/ofd/report.ofd',
  seed: 'tests/fixtures/seeds/000_fa3c1ac41b8e6c63.txt',
  /** The seed has no 落款: one is added, in its issuer's name, so that the sample has one. */
  signature: ['梁山县人民政府办公室', '2025年1月15日'],
  docTitle: '梁山县人民政府办公室关于2024年法治政府建设情况的报告',
  creationDate: '2025-01-15T09:30:00',
} as const;

/** The sample's lines: the seed's first 30 lines (blank ones dropped, as a layout drops them), then the 落款. */
export function reportFixtureLines(seedText: string): OfdLine[] {
  const lines = seedText
    .split('\n')
    .slice(0, 30)
    .map((l) => l.trim())
    .filter(Boolean);
  return [...rolesOf(lines), ...REPORT_FIXTURE.signature.map((text) => ({ text, role: 'signature' as const }))];
}

/** The sample as the tool writes it. */
export function reportFixture(seedText: string): Uint8Array {
  return makeOfd({
    lines: reportFixtureLines(seedText),
    docTitle: REPORT_FIXTURE.docTitle,
    creationDate: REPORT_FIXTURE.creationDate,
    seed: 2025,
    shuffle: true,
  });
}
