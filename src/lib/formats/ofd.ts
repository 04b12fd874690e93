/**
 * OFD (GB/T 33190-2016, China's fixed-layout format for official documents) → the report's text in
 * reading order, with the title and date the package's DocInfo carries.
 *
 * An OFD is a zip of XML: OFD.xml names each document's Document.xml (DocRoot), which lists the pages in
 * order; each page's Content.xml places text objects (TextObject, its TextCode runs) at coordinates on
 * the page. Nothing in the file says where a line or a paragraph ends, and writers emit the objects in
 * any order (per run, per font, per layer), so the text is laid out again from the positions: glyphs
 * into lines by their baseline, lines top to bottom, glyphs left to right; then wrapped lines back into
 * the paragraphs they were broken from, the way a reader sees them (an indent, a gap, a line that stops
 * short of the margin start a new one).
 *
 * Element names are matched by their local name: the prefix is usually ofd: but writers also use none
 * or another one. Paths are relative to the file that names them, or absolute from the package root.
 */
import { load } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { unzipSync } from 'fflate';
import iconv from 'iconv-lite';
import type { PageMetadata } from '../extract.ts';
import { isoDate } from '../metadata.ts';
import { type ContainerText, UnusableUpload } from './index.ts';
import { checkZipContainer, OFD_ZIP } from './zip-limits.ts';

/**
 * Bounds past which an upload is not a report: a long report is some 100,000 characters on 100 pages.
 * Each glyph costs an object, and the zip limits alone would let 256 MB of XML through.
 */
export const OFD_LIMITS = { glyphs: 3_000_000, pages: 10_000 } as const;

const DAMAGED_HINT = '请用 OFD 阅读器打开核对，另存为 .ofd 或导出为 PDF 后再上传';

// ——— XML ———

const localName = (el: Element): string => el.name.slice(el.name.indexOf(':') + 1);

function childElements(el: Element): Element[] {
  return el.children.filter((c): c is Element => c.type === 'tag');
}

function children(el: Element | undefined, name: string): Element[] {
  return el ? childElements(el).filter((c) => localName(c) === name) : [];
}

function child(el: Element | undefined, name: string): Element | undefined {
  return children(el, name)[0];
}

/** An attribute by its local name (OFD's attributes carry no prefix, but nothing forbids one). */
function attr(el: Element, name: string): string | undefined {
  const value = el.attribs[name];
  if (value !== undefined) return value;
  for (const [key, v] of Object.entries(el.attribs)) if (key.endsWith(`:${name}`)) return v;
  return undefined;
}

/** The text inside an element, CDATA included. Iterative: nesting is the upload's to choose. */
function textOf(el: Element | undefined): string {
  if (!el) return '';
  let text = '';
  const stack: AnyNode[] = [...el.children].reverse();
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.type === 'text') text += (node as unknown as { data: string }).data;
    else if ('children' in node)
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as AnyNode);
  }
  return text;
}

/** Bytes → XML text: OFD requires UTF-8, but a BOM or a declared GB encoding is honoured. */
function decodeXml(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  const declaration = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  if (/^\s*<\?xml[^>]*encoding\s*=\s*["']\s*(gb2312|gbk|gb18030)/i.test(declaration))
    return iconv.decode(Buffer.from(bytes), 'gb18030');
  return new TextDecoder('utf-8').decode(bytes);
}

/**
 * Where the document's tags do not nest, or null. The parser (htmlparser2, through cheerio) forgives
 * what XML does not: it closes an element at a stranger's end tag or at the end of the data. Each
 * element must therefore end where the source closes it, with its own end tag or as an empty element;
 * a truncated or spliced part is refused rather than read as far as it happens to go.
 */
function notWellFormed(xml: string, root: AnyNode): string | null {
  const lineAt = (index: number) => xml.slice(0, index).split('\n').length;
  const elements = ('children' in root ? root.children : []).filter((c): c is Element => c.type === 'tag');
  if (elements.length === 0) return '没有根元素';
  if (elements.length > 1) return `有 ${elements.length} 个根元素`;
  const stray = ('children' in root ? root.children : []).find(
    (c) => c.type === 'text' && (c as unknown as { data: string }).data.trim() !== '',
  );
  if (stray) return `根元素之外有文字（第 ${lineAt(stray.startIndex ?? 0)} 行）`;
  const stack: Element[] = [...elements];
  for (let el = stack.pop(); el; el = stack.pop()) {
    const end = el.endIndex;
    const closed =
      end !== null &&
      xml[end] === '>' &&
      ((el.children.length === 0 && xml[end - 1] === '/') ||
        (() => {
          let at = end - 1;
          while (at > 0 && /\s/.test(xml[at] ?? '')) at--;
          const from = at - el.name.length + 1;
          return xml.slice(from - 2, at + 1) === `</${el.name}`;
        })());
    if (!closed) return `<${el.name}> 没有闭合（第 ${lineAt(el.startIndex ?? 0)} 行）`;
    for (const c of el.children) if (c.type === 'tag') stack.push(c as Element);
  }
  return null;
}

// ——— The package ———

/** A path named by `ref` inside the file at `from`: relative to that file's folder, or to the root. */
function resolvePath(from: string, ref: string): string {
  const cleaned = ref.trim().replace(/\\/g, '/');
  const base = cleaned.startsWith('/') ? [] : from.split('/').slice(0, -1);
  const parts = [...base];
  for (const part of cleaned.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

class Package {
  private readonly files = new Map<string, Uint8Array>();
  /** Lower-cased name → name: writers on Windows are not always consistent about case. */
  private readonly folded = new Map<string, string>();

  constructor(entries: Record<string, Uint8Array>) {
    for (const [raw, data] of Object.entries(entries)) {
      const name = raw.replace(/\\/g, '/').replace(/^\/+/, '');
      if (name.endsWith('/')) continue;
      this.files.set(name, data);
      if (!this.folded.has(name.toLowerCase())) this.folded.set(name.toLowerCase(), name);
    }
  }

  get names(): string[] {
    return [...this.files.keys()];
  }

  get(path: string): Uint8Array | undefined {
    return this.files.get(path) ?? this.files.get(this.folded.get(path.toLowerCase()) ?? '');
  }

  /** The root element of the XML part at `path`, which must be `<…:root>`; `what` names it for the webmaster. */
  xml(path: string, root: string, what: string): Element {
    const bytes = this.get(path);
    if (!bytes) throw new UnusableUpload(`OFD 文件不完整：缺少${what}（${path}）`, DAMAGED_HINT);
    const xml = decodeXml(bytes);
    const $ = load(xml, { xml: { xmlMode: true, withStartIndices: true, withEndIndices: true } });
    const document = $.root()[0] as AnyNode;
    const fault = notWellFormed(xml, document);
    if (fault) throw new UnusableUpload(`OFD 文件中的 ${path} 不是完整的 XML：${fault}`, DAMAGED_HINT);
    const el = ('children' in document ? document.children : []).find((c): c is Element => c.type === 'tag');
    if (!el || localName(el) !== root)
      throw new UnusableUpload(
        `OFD 文件中的 ${path} 不是${what}（根元素是 <${el?.name ?? ''}>，应为 <ofd:${root}>）`,
        DAMAGED_HINT,
      );
    return el;
  }
}

// ——— Glyphs ———

/** One character drawn on a page, in page coordinates (millimetres, y downwards), its baseline at y. */
interface Glyph {
  ch: string;
  x: number;
  y: number;
  /** Font size on the page. */
  size: number;
  /** Distance to the next glyph of the same TextCode, when the file states it. */
  advance: number | null;
  /** For the last glyph of a TextObject: the right edge of the object's Boundary, which encloses it. */
  edge: number | null;
}

const numbers = (value: string | undefined): number[] =>
  (value ?? '')
    .trim()
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);

/**
 * DeltaX/DeltaY: one offset per following character, or `g n v` for n offsets of v (GB/T 33190's
 * compressed form). Fewer offsets than characters: the last one repeats, as the reference readers do.
 */
export function parseDeltas(value: string | undefined, count: number): number[] {
  const tokens = (value ?? '')
    .trim()
    .split(/[\s,]+/)
    .filter(Boolean);
  const out: number[] = [];
  for (let i = 0; i < tokens.length && out.length < count; i++) {
    if (tokens[i] === 'g') {
      const n = Number(tokens[i + 1]);
      const v = Number(tokens[i + 2]);
      i += 2;
      if (!Number.isFinite(n) || !Number.isFinite(v) || n < 0) continue;
      for (let k = 0; k < n && out.length < count; k++) out.push(v);
    } else {
      const v = Number(tokens[i]);
      if (Number.isFinite(v)) out.push(v);
    }
  }
  const last = out.at(-1);
  if (last !== undefined) while (out.length < count) out.push(last);
  return out;
}

const CJK = /[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u{20000}-\u{3ffff}]/u;
/** Letters and digits of alphabetic scripts: a wrap between two of them swallowed a space. */
const ALNUM = /[A-Za-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]/;
/** Characters set in Latin metrics, between which a wide gap is a space the writer did not draw. */
const LATIN = /[!-~\u00a1-\u024f\u0370-\u03ff\u0400-\u04ff]/;

type WidthClass = 'square' | 'space' | 'narrow' | 'wide' | 'capital' | 'latin';

function widthClass(ch: string): WidthClass {
  if (CJK.test(ch) || /[\u2010-\u206f\u3000-\u303f]/.test(ch)) return 'square';
  if (/\s/.test(ch)) return 'space';
  if (/[ijlftrI.,:;'!|`]/.test(ch)) return 'narrow';
  if (/[mwMW@]/.test(ch)) return 'wide';
  if (/[A-Z%&]/.test(ch)) return 'capital';
  return 'latin';
}

/**
 * Approximate advance of a character, in ems, for when neither the file nor the rest of the document
 * states it: CJK characters are square; a proportional font's Latin letters are guessed by class.
 */
const ESTIMATED_WIDTH: Record<WidthClass, number> = {
  square: 1,
  space: 0.3,
  narrow: 0.28,
  wide: 0.78,
  capital: 0.62,
  latin: 0.5,
};

const estimatedWidth = (ch: string): number => ESTIMATED_WIDTH[widthClass(ch)];

/** The glyphs of one TextObject: its Boundary's origin, its CTM, each TextCode's X/Y and deltas. */
function textObjectGlyphs(object: Element, out: Glyph[]): void {
  const [bx = 0, by = 0, bw = 0, bh = 0] = numbers(attr(object, 'Boundary'));
  const first = out.length;
  const m = numbers(attr(object, 'CTM'));
  const [a, b, c, d, e, f] = m.length === 6 && m.every(Number.isFinite) ? m : [1, 0, 0, 1, 0, 0];
  // The CTM scales the font with everything else: sizes are compared on the page.
  const scale = Math.sqrt(Math.abs((a ?? 1) * (d ?? 1) - (b ?? 0) * (c ?? 0))) || 1;
  const declared = Number(attr(object, 'Size'));
  const size = Number.isFinite(declared) && declared > 0 ? declared : bh > 0 ? bh : 3.5;
  // HScale draws the glyphs narrower or wider: it matters where the advance must be guessed.
  const hscaleValue = Number(attr(object, 'HScale') ?? 1);
  const hscale = Number.isFinite(hscaleValue) && hscaleValue > 0 ? hscaleValue : 1;
  const place = (x: number, y: number): [number, number] => [
    bx + (a ?? 1) * x + (c ?? 0) * y + (e ?? 0),
    by + (b ?? 0) * x + (d ?? 1) * y + (f ?? 0),
  ];
  // A TextCode without X or Y takes the previous one's (GB/T 33190 11.3).
  let x = 0;
  let y = 0;
  for (const code of children(object, 'TextCode')) {
    const cx = Number(attr(code, 'X'));
    const cy = Number(attr(code, 'Y'));
    if (attr(code, 'X') !== undefined && Number.isFinite(cx)) x = cx;
    if (attr(code, 'Y') !== undefined && Number.isFinite(cy)) y = cy;
    const chars = Array.from(textOf(code).replace(/[\r\n\t]/g, ' '));
    const dx = parseDeltas(attr(code, 'DeltaX'), chars.length - 1);
    const dy = parseDeltas(attr(code, 'DeltaY'), chars.length - 1);
    let gx = x;
    let gy = y;
    let previous: Glyph | null = null;
    for (const [i, ch] of chars.entries()) {
      if (i > 0) {
        // No DeltaX: the spec's "no offset" would stack the characters; viewers advance by the font
        // (unless DeltaY runs the text down a column).
        const stated = dx[i - 1];
        const stepX = stated ?? (dy.length > 0 ? 0 : estimatedWidth(chars[i - 1] ?? '') * size * hscale);
        const stepY = dy[i - 1] ?? 0;
        const [px, py] = place(gx, gy);
        gx += stepX;
        gy += stepY;
        const [nx, ny] = place(gx, gy);
        // Measured only towards a character of its own kind: justification widens the gap between a
        // Latin letter and a Chinese character, which is no part of the letter.
        if (previous && stated !== undefined && LATIN.test(previous.ch) === LATIN.test(ch))
          previous.advance = Math.hypot(nx - px, ny - py) * Math.sign(nx - px || 1);
      }
      const [px, py] = place(gx, gy);
      const glyph: Glyph = { ch, x: px, y: py, size: size * scale, advance: null, edge: null };
      out.push(glyph);
      previous = glyph;
      // One TextCode may hold a whole bomb's worth of characters: the caller refuses past the limit.
      if (out.length > OFD_LIMITS.glyphs) return;
    }
  }
  let last: Glyph | undefined;
  for (let i = first; i < out.length; i++) if (!last || (out[i] as Glyph).x > last.x) last = out[i];
  if (last && bw > 0) last.edge = bx + bw;
}

interface PageContent {
  glyphs: Glyph[];
  images: number;
}

/** Text objects anywhere under a page's Content: in its layers, nested page blocks, any container. */
function pageContent(page: Element): PageContent {
  const glyphs: Glyph[] = [];
  let images = 0;
  const stack: Element[] = children(page, 'Content');
  for (let el = stack.pop(); el; el = stack.pop()) {
    const name = localName(el);
    if (name === 'TextObject') textObjectGlyphs(el, glyphs);
    else if (name === 'ImageObject') images++;
    // A clip's area may be drawn with text: it cuts what is drawn, it is not read.
    else if (name !== 'Clips') {
      // One by one: a layer may hold more objects than a call takes arguments.
      const inner = childElements(el);
      for (let i = inner.length - 1; i >= 0; i--) stack.push(inner[i] as Element);
    }
    if (glyphs.length > OFD_LIMITS.glyphs) break;
  }
  return { glyphs, images };
}

// ——— Lines ———

interface Line {
  text: string;
  start: number;
  end: number;
  y: number;
  size: number;
  page: number;
  /** First or last line of its page. */
  first: boolean;
  last: boolean;
  /**
   * Width of what opens the line and could not have been left on the line before: a character (or a
   * word) with the punctuation bound to it.
   */
  firstUnit: number;
}

const OPENING = new Set(Array.from('（([{【〔［《〈「『“‘'));
const CLOSING = new Set(Array.from('，。、；：？！）)]}】〕］》〉」』”’,.;:?!…%'));

/**
 * Widths measured in the file itself, in ems: the smallest advance each character has where a run states
 * it (the offset to the next glyph). A character never measured gets the estimate for its class.
 */
function measuredWidths(pages: Glyph[][]): (ch: string) => number {
  const widths = new Map<string, number>();
  for (const glyphs of pages)
    for (const g of glyphs) {
      if (g.advance === null || /\s/.test(g.ch)) continue;
      const em = g.advance / g.size;
      // Overprints (fake bold draws a run twice) and wild values say nothing about the font.
      if (em < 0.15 || em > 2) continue;
      const known = widths.get(g.ch);
      if (known === undefined || em < known) widths.set(g.ch, em);
    }
  // A CJK font's own Latin letters are all half-width: when letters a proportional font draws narrow and
  // wide (i, m, A) measure alike, a letter never measured is as wide as they are, whatever its class.
  const letters = [...widths].filter(([ch]) => /[A-Za-z]/.test(ch));
  const ems = letters.map(([, em]) => em);
  const mono =
    letters.length >= 4 &&
    new Set(letters.map(([ch]) => widthClass(ch))).size >= 2 &&
    Math.max(...ems) <= 1.1 * Math.min(...ems)
      ? median(ems)
      : null;
  return (ch) => widths.get(ch) ?? (mono !== null && LATIN.test(ch) ? mono : estimatedWidth(ch));
}

/** A 页码 line (— 3 —, 第 3 页 共 9 页, 3/9): the page's furniture, not the report's text. */
const PAGE_NUMBER =
  /^[\s\-—–－·•]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*\d{1,4}|\s*[,，]?\s*共\s*\d{1,4}\s*页)?[\s\-—–－·•]*$/;

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

function linesOfPage(glyphs: Glyph[], page: number, em: (ch: string) => number, box: Box | undefined): Line[] {
  // Where a run stops, the object's Boundary, which encloses its last glyph, says where that glyph ends,
  // unless the boundary is loose (a box for the whole line, the page); otherwise the font's width, as
  // measured or estimated.
  const width = (g: Glyph) => {
    const boxed = g.edge === null ? 0 : g.edge - g.x;
    return boxed >= 0.15 * g.size && boxed <= 1.2 * g.size ? boxed : em(g.ch) * g.size;
  };
  const sorted = [...glyphs].sort((p, q) => p.y - q.y || p.x - q.x);
  const groups: Glyph[][] = [];
  let current: Glyph[] = [];
  let baseline = Number.NaN;
  for (const g of sorted) {
    // Glyphs within half a character of the line's baseline are on it (superscripts included).
    if (current.length > 0 && Math.abs(g.y - baseline) <= 0.5 * g.size) current.push(g);
    else {
      if (current.length > 0) groups.push(current);
      current = [g];
      baseline = g.y;
    }
  }
  if (current.length > 0) groups.push(current);

  const lines: Line[] = [];
  for (const group of groups) {
    group.sort((p, q) => p.x - q.x);
    const kept: { g: Glyph; spaceBefore: boolean }[] = [];
    let text = '';
    let pendingSpace = false;
    for (const g of group) {
      if (/\s/.test(g.ch)) {
        pendingSpace = kept.length > 0;
        continue;
      }
      const prev = kept.at(-1)?.g;
      // The same character drawn again on (almost) the same spot: simulated bold, read once.
      if (prev && g.ch === prev.ch && Math.abs(g.x - prev.x) < 0.1 * g.size && !pendingSpace) continue;
      let space = pendingSpace;
      // Writers that draw no space characters leave a gap: between Latin characters it is a word break.
      // Between CJK characters it never is (justified and spaced-out lines widen those gaps).
      if (prev && !space && LATIN.test(prev.ch) && LATIN.test(g.ch))
        space = g.x - (prev.x + width(prev)) > 0.18 * g.size;
      if (space) text += ' ';
      text += g.ch;
      kept.push({ g, spaceBefore: space });
      pendingSpace = false;
    }
    const head = kept[0]?.g;
    const tail = kept.at(-1)?.g;
    if (!head || !tail) continue;
    // What opens the line: opening punctuation, one character or one word, the punctuation closing it.
    let i = 0;
    while (i < kept.length - 1 && OPENING.has(kept[i]?.g.ch ?? '')) i++;
    if (ALNUM.test(kept[i]?.g.ch ?? ''))
      while (i + 1 < kept.length && !kept[i + 1]?.spaceBefore && ALNUM.test(kept[i + 1]?.g.ch ?? '')) i++;
    while (i + 1 < kept.length && !kept[i + 1]?.spaceBefore && CLOSING.has(kept[i + 1]?.g.ch ?? '')) i++;
    const unitEnd = kept[i]?.g ?? head;
    const sizes = kept.map((k) => k.g.size).sort((p, q) => p - q);
    lines.push({
      text,
      start: head.x,
      end: tail.x + width(tail),
      y: median(kept.map((k) => k.g.y)),
      size: sizes[Math.floor(sizes.length / 2)] ?? head.size,
      page,
      first: false,
      last: false,
      firstUnit: unitEnd.x + width(unitEnd) - head.x,
    });
  }
  // Page numbers at the top or foot of the page go, so that a paragraph running on to the next page joins
  // up: a number alone, first or last on the page, and (when the page's size is known) in its top tenth
  // or bottom seventh.
  const margin = (l: Line) => !box || l.y < box.y + 0.1 * box.h || l.y > box.y + 0.85 * box.h;
  const body = lines.filter((l, i) => !((i === 0 || i === lines.length - 1) && PAGE_NUMBER.test(l.text) && margin(l)));
  const firstLine = body[0];
  const lastLine = body.at(-1);
  if (firstLine) firstLine.first = true;
  if (lastLine) lastLine.last = true;
  return body;
}

function median(values: number[]): number {
  const sorted = [...values].sort((p, q) => p - q);
  if (sorted.length === 0) return 0;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * The largest value that `need` values lie within `tolerance` of: the common right margin, which one
 * line running further out (a wide table row, hanging punctuation) does not move; null when no two
 * lines end alike.
 */
function commonRightEdge(values: number[], tolerance: number): number | null {
  const sorted = [...values].sort((p, q) => q - p);
  const need = Math.min(sorted.length, Math.max(2, Math.ceil(sorted.length * 0.05)));
  let j = 0;
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i] ?? 0;
    if (j < i) j = i;
    while (j + 1 < sorted.length && v - (sorted[j + 1] ?? 0) <= tolerance) j++;
    if (j - i + 1 >= need) return v;
  }
  return null;
}

/** 一、 （一） 第一章 1. （1）: a line opening so, short of the margin, is a heading on its own. */
const HEADING =
  /^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百]+[)）]|第[一二三四五六七八九十百零〇\d]+[章节部分条]|\d{1,2}[、.．](?!\d)|[（(]\d{1,2}[)）])/;

/**
 * Lines → paragraphs. A line continues the one before it when that one ran to the right margin (what
 * opens this line would not have fitted there), this one starts at the left margin, in the same size,
 * right below (or at the top of the next page), and is not a heading of its own. Everything else —
 * an indent, a larger gap, a line that stopped short, a change of size — starts a new paragraph.
 */
function paragraphs(lines: Line[], page: Box | undefined): string[] {
  if (lines.length === 0) return [];
  const em = median(lines.map((l) => l.size));
  // The left margin is where the leftmost line of body text starts (a title in a larger size is centred).
  const body = lines.filter((l) => Math.abs(l.size - em) <= 0.15 * em);
  const left = (body.length > 0 ? body : lines).reduce((min, l) => Math.min(min, l.start), Number.POSITIVE_INFINITY);
  // The right margin is where lines end alike, far enough across the page. A short report may have no
  // such lines (a few paragraphs, headings, a list: its longest line is not a full one): then the margin
  // is guessed as wide as the left one, pages' margins being about even.
  const ends = lines.map((l) => l.end);
  const common = commonRightEdge(ends, 0.5 * em);
  const right =
    page && (common === null || common < page.x + 0.75 * page.w)
      ? page.x + page.w - (left - page.x)
      : (common ?? ends.reduce((max, e) => Math.max(max, e), Number.NEGATIVE_INFINITY));
  const pitches: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const [p, q] = [lines[i - 1], lines[i]];
    if (p && q && p.page === q.page && Math.abs(p.size - q.size) <= 0.15 * p.size) pitches.push(q.y - p.y);
  }
  const pitch = pitches.length > 0 ? median(pitches) : 2 * em;

  const continues = (prev: Line, line: Line): boolean => {
    if (Math.abs(prev.size - line.size) > 0.15 * Math.max(prev.size, line.size)) return false;
    const below =
      prev.page === line.page
        ? line.y - prev.y > 0 && line.y - prev.y <= 1.6 * pitch
        : line.page === prev.page + 1 && prev.last && line.first;
    if (!below) return false;
    if (line.start > left + 0.8 * line.size) return false;
    if (right - prev.end >= line.firstUnit + 0.5 * line.size) return false;
    return !(HEADING.test(line.text) && right - line.end >= 2 * line.size);
  };

  const out: string[] = [];
  let prev: Line | null = null;
  for (const line of lines) {
    if (prev && continues(prev, line) && out.length > 0) {
      const before = out[out.length - 1] ?? '';
      // A wrap between two words swallowed their space; Chinese has none to restore.
      const space = ALNUM.test(before.at(-1) ?? '') && ALNUM.test(line.text[0] ?? '') ? ' ' : '';
      out[out.length - 1] = before + space + line.text;
    } else out.push(line.text);
    prev = line;
  }
  return out;
}

// ——— Metadata ———

/** A DocInfo title worth offering: not a file name or a writer's placeholder. */
function usableTitle(title: string): string | null {
  const t = title.replace(/\s+/g, ' ').trim();
  if (!t || t.length > 200) return null;
  if (/\.(docx?|wps|ofd|pdf|txt|rtf)$/i.test(t)) return null;
  if (/^(无标题|未命名|新建|untitled|document|文档)\s*\d*$/i.test(t)) return null;
  return t;
}

function docInfoMetadata(info: Element | undefined): PageMetadata | undefined {
  if (!info) return undefined;
  const page: PageMetadata = {};
  const title = usableTitle(textOf(child(info, 'Title')));
  if (title) page.title = title;
  // CreationDate (xs:date or xs:dateTime) is when the document was made: the text's own date still
  // wins in the extraction, this fills in where the text has none, as an HTML page's PubDate does.
  const created = isoDate(textOf(child(info, 'CreationDate')).trim());
  if (created) page.published = created;
  return Object.keys(page).length > 0 ? page : undefined;
}

// ——— The reader ———

/** A PageArea's (or a page's Area's) PhysicalBox "x y w h". */
function physicalBox(area: Element | undefined): Box | undefined {
  const [x = 0, y = 0, w = 0, h = 0] = numbers(textOf(child(area, 'PhysicalBox')));
  return [x, y, w, h].every(Number.isFinite) && w > 0 && h > 0 ? { x, y, w, h } : undefined;
}

function encrypted(): UnusableUpload {
  return new UnusableUpload(
    'OFD 文件已加密（GB/T 33190 的加密包），无法读取其中的文字',
    '请用 OFD 阅读器打开，导出一份未加密的 OFD 或 PDF 后上传',
  );
}

const startsWith = (bytes: Uint8Array, magic: string) =>
  Array.from(magic).every((ch, i) => bytes[i] === ch.charCodeAt(0));

export async function readOfd(bytes: Uint8Array): Promise<ContainerText> {
  if (startsWith(bytes, '%PDF'))
    throw new UnusableUpload('这是 PDF 文件，扩展名却是 .ofd', '请把文件扩展名改为 .pdf 后重新上传');
  // The reader gets the archive as checked, not the upload (zip-limits.ts says why).
  const checked = checkZipContainer(bytes, OFD_ZIP);
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(checked);
  } catch (error) {
    throw new UnusableUpload(`OFD 文件已损坏，无法解压（${(error as Error).message}）`, DAMAGED_HINT);
  }
  const pkg = new Package(entries);
  // GM/T 0099 encryption (the one GB/T 33190 refers to) lists what it encrypted in Encryptions.xml.
  if (pkg.names.some((n) => /(^|\/)encryptions\.xml$/i.test(n))) throw encrypted();
  if (!pkg.get('OFD.xml')) {
    if (pkg.get('word/document.xml'))
      throw new UnusableUpload('这是 Word 文档（.docx），扩展名却是 .ofd', '请把文件扩展名改为 .docx 后重新上传');
    throw new UnusableUpload(
      '压缩包中没有 OFD.xml，不是 OFD 文件',
      '请确认上传的是 OFD 版式文件；可用 OFD 阅读器打开核对，或导出为 PDF 后上传',
    );
  }
  const ofd = pkg.xml('OFD.xml', 'OFD', 'OFD 入口文件');
  if (children(ofd, 'DocBody').some((body) => child(body, 'Encryptions')) || child(ofd, 'Encryptions'))
    throw encrypted();

  let page: PageMetadata | undefined;
  let box: Box | undefined;
  /** Each document's pages (their Content.xml) and its template pages by ID. */
  const documents: { refs: string[]; templates: Map<string, string> }[] = [];
  for (const body of children(ofd, 'DocBody')) {
    const root = textOf(child(body, 'DocRoot')).trim();
    if (!root) continue;
    page ??= docInfoMetadata(child(body, 'DocInfo'));
    const docPath = resolvePath('', root);
    const doc = pkg.xml(docPath, 'Document', '文档描述文件');
    box ??= physicalBox(child(child(doc, 'CommonData'), 'PageArea'));
    const templates = new Map<string, string>();
    for (const t of children(child(doc, 'CommonData'), 'TemplatePage')) {
      const id = attr(t, 'ID');
      const loc = attr(t, 'BaseLoc');
      if (id && loc) templates.set(id, resolvePath(docPath, loc));
    }
    const refs: string[] = [];
    for (const p of children(child(doc, 'Pages'), 'Page')) {
      const loc = attr(p, 'BaseLoc');
      if (!loc)
        throw new UnusableUpload(
          `OFD 文件中 ${docPath} 的第 ${refs.length + 1} 页没有内容位置（BaseLoc）`,
          DAMAGED_HINT,
        );
      refs.push(resolvePath(docPath, loc));
    }
    documents.push({ refs, templates });
  }
  if (documents.length === 0)
    throw new UnusableUpload('OFD.xml 没有指向任何文档（缺少 DocBody/DocRoot）', DAMAGED_HINT);
  const pageCount = documents.reduce((n, d) => n + d.refs.length, 0);
  if (pageCount === 0) throw new UnusableUpload('OFD 文件中没有页面', DAMAGED_HINT);
  if (pageCount > OFD_LIMITS.pages)
    throw new UnusableUpload(
      `OFD 文件有 ${pageCount} 页，超过上限 ${OFD_LIMITS.pages} 页，不像是一篇报告`,
      '请拆分后上传',
    );

  // Each page's own content, in Document.xml's order.
  const pages: { content: PageContent; templates: string[] }[] = [];
  let glyphCount = 0;
  for (const { refs, templates } of documents)
    for (const [i, ref] of refs.entries()) {
      const root = pkg.xml(ref, 'Page', `第 ${i + 1} 页的内容`);
      box ??= physicalBox(child(root, 'Area'));
      const content = pageContent(root);
      glyphCount += content.glyphs.length;
      if (glyphCount > OFD_LIMITS.glyphs)
        throw new UnusableUpload(
          `OFD 文件中的文字超过 ${OFD_LIMITS.glyphs} 个字符，不像是一篇报告`,
          '请拆分后上传，或上传报告的 .docx、.txt 版本',
        );
      const used = children(root, 'Template')
        .map((t) => templates.get(attr(t, 'TemplateID') ?? ''))
        .filter((p): p is string => p !== undefined);
      pages.push({ content, templates: used });
    }

  // Templates (page backgrounds shared by pages) hold running heads and feet: a template on several
  // pages would repeat its text on each and cut the paragraphs running across them, so the pages' own
  // content comes first. A template on one page only is that page's (a 红头 on the first page) and is
  // read with it, in place; when the pages themselves hold no text at all, the templates are the text.
  const uses = new Map<string, number>();
  for (const p of pages) for (const t of new Set(p.templates)) uses.set(t, (uses.get(t) ?? 0) + 1);
  const templateContent = new Map<string, PageContent | null>();
  const templateOf = (path: string): PageContent | null => {
    if (!templateContent.has(path)) {
      let content: PageContent | null = null;
      try {
        content = pageContent(pkg.xml(path, 'Page', '模板页'));
      } catch (error) {
        // A template is the page's decoration: a missing or broken one costs no text of the report.
        if (!(error instanceof UnusableUpload)) throw error;
      }
      templateContent.set(path, content);
    }
    return templateContent.get(path) ?? null;
  };
  const bodyHasText = pages.some((p) => p.content.glyphs.some((g) => !/\s/.test(g.ch)));
  const pageGlyphs = pages.map((p) => [
    ...p.content.glyphs,
    ...p.templates.filter((t) => !bodyHasText || uses.get(t) === 1).flatMap((t) => templateOf(t)?.glyphs ?? []),
  ]);

  const widths = measuredWidths(pageGlyphs);
  const lines = pageGlyphs.flatMap((glyphs, i) => linesOfPage(glyphs, i, widths, box));
  const text = paragraphs(lines, box).join('\n');
  if (text.replace(/\s/g, '') === '') {
    const images = pages.reduce((n, p) => n + p.content.images, 0);
    if (images > 0)
      throw new UnusableUpload(
        `OFD 文件的 ${pages.length} 页只有图片、没有文字：这是扫描件`,
        '请上传该报告的 PDF 或文字版（.docx、.txt）；暂不能识别 OFD 中图片上的文字',
      );
    throw new UnusableUpload('OFD 文件中没有文字', '请用 OFD 阅读器打开核对内容，或上传报告的 .docx、.txt 版本');
  }
  return page ? { text, encoding: null, page } : { text, encoding: null };
}
