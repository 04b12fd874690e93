/**
 * A deterministic generator of realistic uploads for tests and benchmarks: N reports made from the
 * real samples in tests/fixtures (seeds/ and dev/, with their annotations) —
 * - regions drawn from the gazetteer at every level (province, city, county, township; a
 *   municipality's districts have no city), issuing bodies named the way real ones are
 *   (X县人民政府, X市司法局, X省司法厅, X镇人民政府, X街道办事处, X区人民政府办公室…);
 * - years 2015–2025, title blocks in the forms real reports use (one line; issuer line + 关于… line;
 *   a title broken over two lines; with a 文号 and a 主送 line), a 落款 with the date;
 * - paragraphs and headings recombined from the real texts, with the source's own place names,
 *   level words (县委、县政府 → 区委、区政府), years and figures replaced so that the text fits the
 *   generated body and no two reports are the same;
 * - each in one of the formats the ingest accepts: UTF-8 text (with or without BOM, LF or CRLF),
 *   GB18030, UTF-16LE, a saved government web page with its chrome and metadata, Word (.docx) and
 *   PDF with a text layer (a CJK font from fonts-noto-cjk embedded by pdf-lib; skipped when the font
 *   is not installed) — plus unusable uploads: empty, binary, a PDF without a text layer.
 * The same options give the same bytes. `truth` says what each file really is, for tests to compare.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { PDFDocument, type PDFFont } from 'pdf-lib';
import { hasTraditionalChars } from '../../../src/lib/chinese-script.ts';
import { escapeHtml } from '../../../src/lib/escape.ts';
import { type Division, gazetteer, shortNames } from '../../../src/lib/gazetteer.ts';
import { parseStructure } from '../../../src/lib/structure.ts';
import { readConfig } from '../../../src/site.config.ts';

export type GeneratedFormat = 'txt' | 'txt-bom' | 'txt-gb18030' | 'txt-utf16' | 'html' | 'docx' | 'pdf';
export type UnusableKind = 'empty' | 'binary' | 'pdf-no-text';

export interface ReportTruth {
  /** The full title as a reader cites it (issuer + 关于…的报告). */
  title: string;
  authority: string;
  /** The year the report covers. */
  year: number;
  /** Region names from the province down to the issuing body's own division (no city for municipalities). */
  region: string[];
  /** Gazetteer code of the most specific division. */
  regionCode: string;
  level: Division['level'];
  /** The report's own 文号, when its title block has one. */
  docNumber: string | null;
  /** The date of the 落款 (YYYY-MM-DD); a web page shows the same date as 发布时间. */
  date: string;
  format: GeneratedFormat;
  /** The title-block form used. */
  titleForm: 'one-line' | 'issuer-line' | 'split' | 'with-doc-number';
  /** The report's text as written into the file: title block, body and 落款, one block per line. */
  text: string;
  /** The sample files (tests/fixtures/…) whose paragraphs were recombined. */
  from: string[];
  unusable: false;
}

export interface GeneratedFile {
  /** Path relative to the sources folder, forward slashes. */
  path: string;
  bytes: Uint8Array;
  /** What the file truly is; null for unusable uploads. */
  truth: ReportTruth | null;
  /** Why the file cannot be published; null for usable ones. */
  unusable: UnusableKind | null;
}

export interface GeneratorOptions {
  reports: number;
  seed?: number;
  /** Formats to draw from, with repetition as weight. */
  formats?: GeneratedFormat[];
  /** Share of uploads that are unusable (empty, binary, PDF without text layer). */
  unusableShare?: number;
  /** Share of uploads placed in 省/市/县 folders (the rest under generated/<year>/). */
  folderShare?: number;
  /** Where the samples are (seeds/, dev/ with their .tsv annotations). */
  fixtures?: string;
  /**
   * Series of one body's reports (the year-over-year comparison's load): each body reports 2–10 consecutive
   * years, each year's text the year before's with about a quarter of its paragraphs and some headings
   * replaced, a few dropped or added. Off by default, so that other corpora stay as they were.
   */
  series?: boolean;
}

/** One line of a generated body before it is adapted to its year: what kind it is and which sample block. */
interface PlanLine {
  kind: 'opening' | 'h2' | 'h3' | 'p';
  block: Block;
}

/** A body's series in progress: its place and issuer, the year last written, the years left, the last text plan. */
interface SeriesState {
  level: Level;
  division: Division;
  authority: string;
  year: number;
  left: number;
  plan: PlanLine[];
}

export const DEFAULT_FORMATS: GeneratedFormat[] = [
  'txt',
  'txt',
  'txt',
  'txt-bom',
  'txt-gb18030',
  'txt-utf16',
  'html',
  'html',
  'html',
  'docx',
  'docx',
  'pdf',
];

/**
 * The CJK font pdf-lib embeds (subset) so that a generated PDF has a real Chinese text layer: the
 * configuration's (GONGKAI_CJK_FONT), asked for when a PDF is made — the generator is called by the
 * benchmarks and straight from the tests, which have no entry point of their own to pass it in.
 */
export const CJK_FONT = {
  get path(): string {
    return readConfig().cjkFont;
  },
  postscriptName: 'NotoSansCJKsc-Regular',
};

/** Whether PDFs with a text layer can be generated here (the font is installed). */
export function canWritePdf(): boolean {
  return existsSync(CJK_FONT.path);
}

/** mulberry32: a small, fast, well-distributed PRNG (also the fault tests' seeded kill points). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// The samples: blocks of real text, each with the region and year of the report it comes from.

type Level = Division['level'];
const LEVELS: Level[] = ['province', 'city', 'county', 'township'];

interface SampleOrigin {
  file: string;
  /** Annotated names by level (empty string: not applicable / unknown). */
  names: Record<Level, string>;
  year: number | null;
  /** Level words the sample uses (县委、县政府 → 县), most frequent first. */
  words: string[];
}

interface Block {
  text: string;
  origin: SampleOrigin;
}

interface Pool {
  headings2: Block[];
  headings3: Block[];
  paragraphs: Block[];
  openings: Block[];
}

function readAnnotations(file: string): Map<string, SampleOrigin> {
  const map = new Map<string, SampleOrigin>();
  if (!existsSync(file)) return map;
  const [header = '', ...rows] = readFileSync(file, 'utf8').split('\n');
  const cols = header.split('\t');
  for (const row of rows) {
    if (!row.trim()) continue;
    const cells = row.split('\t');
    const cell = (name: string) => (cells[cols.indexOf(name)] ?? '').trim();
    const year = Number.parseInt(cell('report_year'), 10);
    map.set(cell('file'), {
      file: cell('file'),
      names: { province: cell('province'), city: cell('city'), county: cell('county'), township: cell('township') },
      year: Number.isFinite(year) ? year : null,
      words: [],
    });
  }
  return map;
}

const poolCache = new Map<string, Pool>();

function readPool(fixtures: string): Pool {
  const cached = poolCache.get(fixtures);
  if (cached) return cached;
  const pool: Pool = { headings2: [], headings3: [], paragraphs: [], openings: [] };
  for (const set of ['seeds', 'dev']) {
    const dir = join(fixtures, set);
    const notes = readAnnotations(join(dir, `${set}.tsv`));
    for (const name of readdirSync(dir)
      .filter((f) => f.endsWith('.txt'))
      .sort()) {
      const text = readFileSync(join(dir, name), 'utf8');
      // Traditional-character pages would mix scripts inside one report: left out.
      if (hasTraditionalChars(text, 3)) continue;
      const origin: SampleOrigin = {
        ...(notes.get(name) ?? { names: { province: '', city: '', county: '', township: '' }, year: null }),
        file: `${set}/${name}`,
        words: wordsUsed(text),
      };
      let first = true;
      for (const block of parseStructure(text).blocks) {
        if (block.kind === 'heading' && block.level === 2) {
          const t = block.text.replace(/^[一二三四五六七八九十]+\s*[、.．]\s*/, '');
          if (t.length >= 4 && t.length <= 40) pool.headings2.push({ text: t, origin });
        } else if (block.kind === 'heading' && block.level === 3) {
          const t = block.text.replace(/^[（(][一二三四五六七八九十]+[）)]\s*/, '');
          if (t.length >= 4 && t.length <= 60) pool.headings3.push({ text: t, origin });
        } else if (
          block.kind === 'paragraph' &&
          block.text.length > 60 &&
          // converter junk (領(lǐng)), broken-off fragments and chrome stay out
          !/[(（][a-zü]+[)）]|来源|发布时间|索引号|浏览次数|【|】/.test(block.text) &&
          /[。；;！]$/.test(block.text)
        ) {
          if (first && /现将|报告如下|汇报如下/.test(block.text)) pool.openings.push({ text: block.text, origin });
          else pool.paragraphs.push({ text: block.text, origin });
        }
        if (block.kind === 'paragraph' || block.kind === 'heading') first = false;
      }
    }
  }
  poolCache.set(fixtures, pool);
  return pool;
}

// ---------------------------------------------------------------------------------------------
// Making a sample's text fit the generated body: its place names, level words, years and figures.

/** The word a body of this division uses for itself: 县委、县政府; 区委; 州委; 镇党委; 街道党工委. */
function levelWord(d: Division | undefined): string {
  if (!d) return '市';
  if (d.level === 'province') return /自治区$/.test(d.name) ? '区' : d.name.endsWith('市') ? '市' : '省';
  if (d.level === 'township') return d.name.endsWith('街道') ? '街道' : d.name.endsWith('乡') ? '乡' : '镇';
  if (d.name.endsWith('自治州') || d.name.endsWith('州')) return '州';
  if (d.name.endsWith('盟')) return '盟';
  if (d.name.endsWith('地区')) return '地区';
  const last = d.name.slice(-1);
  return ['县', '区', '市', '旗'].includes(last) ? last : '县';
}

const LEVEL_WORD_SUFFIX = '(?=委|党委|党工委|政府|人民政府|人大|政协|司法局|司法所|直|级|领导|财政)';

interface Target {
  chain: Division[];
  /** The target's own division (distance 0), its parent (1), grandparent (2)… — the province at most. */
  up(distance: number): Division;
}

function makeTarget(chain: Division[]): Target {
  return { chain, up: (d) => chain[Math.max(0, chain.length - 1 - d)] as Division };
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The level words a sample uses, most frequent first (县委、县政府 → 县). */
function wordsUsed(text: string): string[] {
  const counts = new Map<string, number>();
  for (const m of text.matchAll(/(省|市|县|区|州|旗|盟|镇|乡|街道)(?=委|党委|党工委|政府)/g))
    counts.set(m[1] as string, (counts.get(m[1] as string) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w);
}

/**
 * Makes a sample's block speak for the generated body: the sample body's own place names become the
 * target's own, its parent's become the target's parent's (relative, so a county's text used for a
 * township says 镇 and names the township's county as its superior); level words likewise.
 */
function adapt(block: Block, target: Target, year: number, rand: () => number): string {
  let text = block.text;
  const { names } = block.origin;
  const protectedNames: string[] = [];
  const protect = (s: string) => `\uE000${protectedNames.push(s) - 1}\uE001`;
  const annotated = LEVELS.filter((l) => names[l]);
  const own = annotated[annotated.length - 1];
  // 1. Place names (full and short forms), by distance from the sample's own body.
  const replacements: [string, string][] = [];
  annotated.forEach((level, idx) => {
    const to = target.up(annotated.length - 1 - idx);
    const name = names[level];
    replacements.push([name, to.name]);
    const toShort = shortNames(to)[0] ?? to.name;
    for (const short of shortNames({ name, level })) replacements.push([short, toShort]);
  });
  replacements.sort((a, b) => b[0].length - a[0].length);
  if (replacements.length) {
    const re = new RegExp(replacements.map(([from]) => escapeRe(from)).join('|'), 'g');
    const map = new Map(replacements);
    text = text.replace(re, (m) => protect(map.get(m) ?? m));
  }
  // 2. Level words: the sample body's own (县委、县政府) and its superior's (市委、市政府).
  const used = block.origin.words;
  const fromOwn =
    own && used.includes(levelWord({ code: '', name: names[own], level: own, parent: null }))
      ? levelWord({ code: '', name: names[own], level: own, parent: null })
      : used[0];
  const fromParent = used.find((w) => w !== fromOwn);
  const toOwn = levelWord(target.up(0));
  const toParent = target.chain.length > 1 ? levelWord(target.up(1)) : toOwn;
  const words: [string, string][] = [];
  if (fromOwn) words.push([fromOwn, toOwn]);
  if (fromParent) words.push([fromParent, toParent]);
  for (const [from, to] of words) {
    text = text.replace(new RegExp(`([全本我各该])?${escapeRe(from)}${LEVEL_WORD_SUFFIX}`, 'g'), (_m, pre) =>
      protect(`${pre ?? ''}${to}`),
    );
  }
  // The body speaking of itself: 我市、全市、本县 → the target's own word.
  if (fromOwn)
    text = text.replace(new RegExp(`([全本我])${escapeRe(fromOwn)}`, 'g'), (_m, pre) => protect(`${pre}${toOwn}`));
  // 3. Years near the sample's own year move with the report's year; ranges (2021-2025年) stay.
  const sourceYear = block.origin.year;
  if (sourceYear)
    text = text.replace(/(?<![\d\-—–~至])(20\d\d)(?=年)(?!年?[-—–~至])/g, (m) => {
      const y = Number(m);
      return Math.abs(y - sourceYear) <= 2 ? String(y + year - sourceYear) : m;
    });
  // 4. Figures: counts vary so that no two reports are the same text; percentages stay plausible.
  text = text.replace(/(?<![\d.〔（(第])\d{1,5}(?=[次件个项名人余家场万亿批条篇期])/g, () =>
    String(1 + Math.floor(rand() * 400)),
  );
  text = text.replace(/(?<![\d.])\d{2,3}(?:\.\d+)?%/g, () => `${60 + Math.floor(rand() * 41)}%`);
  return text.replace(/\uE000(\d+)\uE001/g, (_m, i) => protectedNames[Number(i)] ?? '');
}

// ---------------------------------------------------------------------------------------------
// Issuing bodies, titles and title blocks.

const DEPARTMENTS = [
  '司法局',
  '教育局',
  '财政局',
  '生态环境局',
  '市场监督管理局',
  '自然资源局',
  '应急管理局',
  '人力资源和社会保障局',
  '住房和城乡建设局',
  '交通运输局',
  '卫生健康委员会',
  '民政局',
];

export function authorityFor(division: Division, rand: () => number, pick: <T>(items: T[]) => T): string {
  if (division.level === 'township')
    return division.name.endsWith('街道') ? `${division.name}办事处` : `${division.name}人民政府`;
  const r = rand();
  if (r < 0.5) return `${division.name}人民政府`;
  if (r < 0.65) return `${division.name}人民政府办公室`;
  const department = pick(DEPARTMENTS);
  // Provinces' departments are 厅 (山东省司法厅); municipalities' are 局 like cities'.
  if (division.level === 'province' && !division.name.endsWith('市') && department.endsWith('局'))
    return `${division.name}${department.replace(/局$/, '厅')}`;
  return `${division.name}${department}`;
}

/** What follows the issuer in a title: 关于2024年度法治政府建设情况的报告, 2024年法治政府建设年度报告… */
function titleRest(year: number, rand: () => number): string {
  const r = rand();
  if (r < 0.45) return `关于${year}年度法治政府建设情况的报告`;
  if (r < 0.7) return `关于${year}年法治政府建设情况的报告`;
  if (r < 0.85) return `${year}年法治政府建设年度报告`;
  return `关于${year}年法治政府建设工作情况的报告`;
}

const DOC_PREFIX_SUFFIX: Record<string, string> = {
  人民政府: '政',
  人民政府办公室: '政办',
  办事处: '办',
};

/** A plausible 文号: 台政办字〔2022〕1号 — the short name's first character and the body's kind. */
function docNumberFor(division: Division, authority: string, year: number, rand: () => number): string {
  const short = (shortNames(division)[0] ?? division.name).slice(0, 1);
  const kind =
    Object.entries(DOC_PREFIX_SUFFIX).find(([suffix]) => authority.endsWith(suffix))?.[1] ??
    (authority.endsWith('司法局') || authority.endsWith('司法厅') ? '司' : '');
  const zi = rand() < 0.4 ? '字' : '发';
  return `${short}${kind}${zi}〔${year}〕${1 + Math.floor(rand() * 60)}号`;
}

function chineseDate(iso: string): string {
  return `${iso.slice(0, 4)}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
}

// ---------------------------------------------------------------------------------------------
// Containers.

function governmentPage(
  truth: Pick<ReportTruth, 'title' | 'authority' | 'date' | 'docNumber'>,
  lines: string[],
  site: string,
  indexNo: string,
  rand: () => number,
): string {
  const esc = escapeHtml;
  const articleClass = ['TRS_Editor', 'article-content', 'zoom'][Math.floor(rand() * 3)];
  const withTable = rand() < 0.6;
  const table = withTable
    ? `<table class="xxgk-table"><tr><th>索引号：</th><td>${esc(indexNo)}</td><th>主题分类：</th><td>政务公开</td></tr>
<tr><th>发布机构：</th><td>${esc(truth.authority)}</td><th>发文日期：</th><td>${truth.date}</td></tr>
<tr><th>文号：</th><td>${esc(truth.docNumber ?? '')}</td><th>标题：</th><td>${esc(truth.title)}</td></tr></table>`
    : '';
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>${esc(truth.title)}_${esc(site)}</title>
<meta name="SiteName" content="${esc(site)}">
<meta name="ColumnName" content="法治政府建设">
<meta name="ArticleTitle" content="${esc(truth.title)}">
<meta name="PubDate" content="${truth.date} ${String(8 + Math.floor(rand() * 10)).padStart(2, '0')}:${String(Math.floor(rand() * 60)).padStart(2, '0')}">
<meta name="ContentSource" content="${esc(truth.authority)}">
<link rel="stylesheet" href="/images/common.css">
<script src="/js/jquery.min.js"></script>
</head>
<body>
<div class="top"><span>无障碍</span> <span>简体</span> | <span>繁体</span> <a href="/">${esc(site)}</a></div>
<header><nav><a href="/">首页</a> <a href="/zwgk/">政务公开</a> <a href="/zwfw/">政务服务</a> <a href="/hdjl/">互动交流</a></nav></header>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/fzzf/">法治政府建设</a></div>
${table}
<div class="article"><h1>${esc(truth.title)}</h1>
<div class="info">发布时间：${truth.date}　来源：${esc(truth.authority)}　浏览次数：${Math.floor(rand() * 3000)}　【字体：大 中 小】</div>
<div class="${articleClass}">
${lines.map((l) => `<p style="text-indent:2em;">${esc(l)}</p>`).join('\n')}
</div>
<div class="share">【打印本页】【关闭窗口】</div></div>
<footer><p>主办：${esc(site.replace(/门户网站$/, ''))}办公室　网站标识码：${String(Math.floor(rand() * 1e10)).padStart(10, '0')}</p><p>ICP备案号：京ICP备${Math.floor(rand() * 1e8)}号</p></footer>
<script>var _hmt = _hmt || [];</script>
</body></html>
`;
}

/**
 * A minimal WordprocessingML package with fixed file dates, so that the same seed gives the same
 * bytes (document generators stamp the current time into the zip and the core properties).
 */
export async function minimalDocx(paragraphs: string[]): Promise<Uint8Array> {
  const esc = escapeHtml;
  const zip = new JSZip();
  const date = new Date(Date.UTC(2020, 0, 1));
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    { date, createFolders: false },
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    { date, createFolders: false },
  );
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paragraphs
      .map(
        (p) =>
          `<w:p><w:r><w:rPr><w:rFonts w:eastAsia="仿宋_GB2312"/></w:rPr><w:t xml:space="preserve">${esc(p)}</w:t></w:r></w:p>`,
      )
      .join('')}</w:body></w:document>`,
    { date, createFolders: false },
  );
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

let parsedFont: unknown;
/** pdf-lib asks its fontkit for the font; this one picks the Simplified Chinese face out of the collection once. */
const cjkFontkit = {
  create: (data: Uint8Array) =>
    (parsedFont ??= (fontkit as unknown as { create: (d: Uint8Array, name: string) => unknown }).create(
      data,
      CJK_FONT.postscriptName,
    )),
};
let fontBytes: Uint8Array | undefined;

/** Breaks a line into pieces that fit the page width (A4, 12 pt, ~38 CJK characters). */
function wrap(line: string, width = 38): string[] {
  const out: string[] = [];
  for (let i = 0; i < line.length; i += width) out.push(line.slice(i, i + width));
  return out.length ? out : [''];
}

/** A PDF with a real text layer: every line drawn with a subset of a CJK font. Fixed metadata: same bytes each time. */
export async function textPdf(lines: string[]): Promise<Uint8Array> {
  fontBytes ??= new Uint8Array(readFileSync(CJK_FONT.path));
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.registerFontkit(cjkFontkit as never);
  const font: PDFFont = await pdf.embedFont(fontBytes, { subset: true, customName: 'GONGKA+NotoSansCJKsc' });
  let page = pdf.addPage([595, 842]);
  let y = 790;
  for (const line of lines) {
    for (const piece of wrap(line)) {
      if (y < 60) {
        page = pdf.addPage([595, 842]);
        y = 790;
      }
      page.drawText(piece, { x: 56, y, size: 12, font });
      y -= 20;
    }
    y -= 6;
  }
  return pdf.save({ useObjectStreams: false });
}

/** A scan: pages with drawings and no text layer at all. */
export async function scannedPdf(rand: () => number): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const pages = 1 + Math.floor(rand() * 3);
  for (let p = 0; p < pages; p++) {
    const page = pdf.addPage([595, 842]);
    for (let k = 0; k < 30; k++)
      page.drawRectangle({ x: 60 + (k % 3) * 160, y: 80 + k * 22, width: 40 + rand() * 100, height: 8 });
  }
  return pdf.save({ useObjectStreams: false });
}

// ---------------------------------------------------------------------------------------------

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const PROVINCE_CODES = [
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
];

export function divisionsByLevel(): Record<Level, Division[]> {
  const g = gazetteer();
  const byLevel: Record<Level, Division[]> = { province: [], city: [], county: [], township: [] };
  for (const code of PROVINCE_CODES) {
    const province = g.byCode(code);
    if (!province) continue;
    byLevel.province.push(province);
    const stack = [...g.children(code)];
    while (stack.length) {
      const d = stack.pop() as Division;
      byLevel[d.level].push(d);
      if (d.level !== 'township') stack.push(...g.children(d.code));
    }
  }
  for (const list of Object.values(byLevel)) list.sort((a, b) => (a.code < b.code ? -1 : 1));
  return byLevel;
}

function encodeText(text: string, format: GeneratedFormat, crlf: boolean): Uint8Array {
  const t = crlf ? text.replace(/\n/g, '\r\n') : text;
  if (format === 'txt-bom') return new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(t)]);
  if (format === 'txt-gb18030') return new Uint8Array(iconv.encode(t, 'gb18030'));
  if (format === 'txt-utf16') return new Uint8Array([0xff, 0xfe, ...iconv.encode(t, 'utf-16le')]);
  return new TextEncoder().encode(t);
}

/** File names as uploads have them: numbered, Chinese with spaces, the title itself. */
function fileName(id: string, truth: Pick<ReportTruth, 'title' | 'year'>, ext: string, rand: () => number): string {
  const r = rand();
  if (r < 0.5) return `${id}.${ext}`;
  if (r < 0.75) return `${id} ${truth.title}.${ext}`;
  return `${truth.year}年度法治政府建设报告（${id}）.${ext}`;
}

/** A body's first year: an opening, two or three chapters of one to three sections of one to three paragraphs. */
function freshPlan(pool: Pool, rand: () => number, pick: <T>(items: T[]) => T): PlanLine[] {
  const plan: PlanLine[] = [{ kind: 'opening', block: pick(pool.openings.length ? pool.openings : pool.paragraphs) }];
  const chapters = 2 + Math.floor(rand() * 2);
  for (let c = 0; c < chapters; c++) {
    plan.push({ kind: 'h2', block: pick(pool.headings2) });
    const sections = 1 + Math.floor(rand() * 3);
    for (let k = 0; k < sections; k++) {
      plan.push({ kind: 'h3', block: pick(pool.headings3) });
      const paragraphs = 1 + Math.floor(rand() * 3);
      for (let q = 0; q < paragraphs; q++) plan.push({ kind: 'p', block: pick(pool.paragraphs) });
    }
  }
  return plan;
}

/** The next year's plan: most of last year's text, some paragraphs and sub-headings replaced, a few dropped or added. */
function nextPlan(plan: PlanLine[], pool: Pool, rand: () => number, pick: <T>(items: T[]) => T): PlanLine[] {
  const next: PlanLine[] = [];
  for (const line of plan) {
    const r = rand();
    if (line.kind === 'p') {
      if (r < 0.05) continue;
      next.push(r < 0.3 ? { kind: 'p', block: pick(pool.paragraphs) } : line);
      if (rand() < 0.05) next.push({ kind: 'p', block: pick(pool.paragraphs) });
    } else if (line.kind === 'h3') next.push(r < 0.15 ? { kind: 'h3', block: pick(pool.headings3) } : line);
    else next.push(line);
  }
  return next;
}

export async function generateCorpus(options: GeneratorOptions): Promise<GeneratedFile[]> {
  const rand = prng(options.seed ?? 1);
  const pick = <T>(items: T[]): T => items[Math.floor(rand() * items.length)] as T;
  const pool = readPool(options.fixtures ?? 'tests/fixtures');
  const g = gazetteer();
  const byLevel = divisionsByLevel();
  const pdfOk = canWritePdf();
  let formats = options.formats ?? DEFAULT_FORMATS;
  if (!pdfOk) formats = formats.filter((f) => f !== 'pdf');
  if (!formats.length) throw new Error('no format to generate (PDF needs the CJK font, see CJK_FONT)');
  const unusableShare = options.unusableShare ?? 0.01;
  const folderShare = options.folderShare ?? 0.2;
  const files: GeneratedFile[] = [];
  const width = Math.max(6, String(options.reports).length);
  let series = null as SeriesState | null;

  for (let i = 0; i < options.reports; i++) {
    const id = String(i + 1).padStart(width, '0');
    if (rand() < unusableShare) {
      const kind: UnusableKind = pick(['empty', 'binary', 'pdf-no-text'] as UnusableKind[]);
      let bytes: Uint8Array;
      let name: string;
      if (kind === 'empty') {
        bytes = new Uint8Array();
        name = `${id}.txt`;
      } else if (kind === 'binary') {
        bytes = Uint8Array.from({ length: 2048 + Math.floor(rand() * 2048) }, () => Math.floor(rand() * 256));
        name = `${id}.${pick(['txt', 'docx', 'pdf'])}`;
      } else {
        bytes = await scannedPdf(rand);
        name = `${id} 扫描件.pdf`;
      }
      files.push({ path: `unusable/${name}`, bytes, truth: null, unusable: kind });
      continue;
    }

    const r = rand();
    let level: Level = r < 0.05 ? 'province' : r < 0.25 ? 'city' : r < 0.72 ? 'county' : 'township';
    let division = pick(byLevel[level]);
    let year = 2015 + Math.floor(rand() * 11);
    let authority = authorityFor(division, rand, pick);
    if (options.series) {
      const previous: SeriesState | null = series;
      if (previous && previous.left > 0) {
        ({ level, division, authority } = previous);
        year = previous.year + 1;
        series = { ...previous, year, left: previous.left - 1, plan: nextPlan(previous.plan, pool, rand, pick) };
      } else {
        const years = 2 + Math.floor(rand() * 9);
        year = 2015 + Math.floor(rand() * (11 - years + 1));
        series = { level, division, authority, year, left: years - 1, plan: freshPlan(pool, rand, pick) };
      }
    }
    const chainDivisions = g.chain(division);
    const target = makeTarget(chainDivisions);
    const chain = chainDivisions.map((d) => d.name);
    const rest = titleRest(year, rand);
    const title = `${authority}${rest}`;
    const date = `${year + 1}-${String(1 + Math.floor(rand() * 3)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
    const from = new Set<string>();
    const take = (list: Block[]) => {
      const block = pick(list);
      from.add(block.origin.file);
      return adapt(block, target, year, rand);
    };

    // Title block.
    const formRoll = rand();
    const titleForm: ReportTruth['titleForm'] =
      formRoll < 0.35 ? 'one-line' : formRoll < 0.65 ? 'issuer-line' : formRoll < 0.8 ? 'split' : 'with-doc-number';
    const head: string[] = [];
    let docNumber: string | null = null;
    if (titleForm === 'one-line') head.push(title);
    else if (titleForm === 'split') {
      const cut = title.indexOf('法治政府') + 4;
      head.push(title.slice(0, cut), title.slice(cut));
    } else {
      head.push(authority, rest);
      if (titleForm === 'with-doc-number') {
        docNumber = docNumberFor(division, authority, year + 1, rand);
        const parent = division.parent ? g.byCode(division.parent) : undefined;
        const addressee =
          authority.endsWith('人民政府') || authority.endsWith('办事处')
            ? `${levelWord(parent)}委、${levelWord(parent)}政府：`
            : `${levelWord(division)}委、${levelWord(division)}政府：`;
        head.push(docNumber, addressee);
      }
    }

    // Body: an opening, two or three chapters of sections and paragraphs, a closing 落款.
    const lines: string[] = [];
    const openingLine = (text: string) => text.replace(/^(今年以来|\d{4}年(以来)?)[，,]?/, `${year}年，`);
    if (series) {
      // A series' year: its plan adapted to the year, headings numbered as they now stand.
      let c = 0;
      let k = 0;
      for (const line of series.plan) {
        from.add(line.block.origin.file);
        const text = adapt(line.block, target, year, rand);
        if (line.kind === 'opening') lines.push(openingLine(text));
        else if (line.kind === 'h2') {
          lines.push(`${NUMERALS[c++ % NUMERALS.length]}、${text}`);
          k = 0;
        } else if (line.kind === 'h3') lines.push(`（${NUMERALS[k++ % NUMERALS.length]}）${text}`);
        else lines.push(text);
      }
    } else {
      const opening = pool.openings.length ? take(pool.openings) : take(pool.paragraphs);
      lines.push(openingLine(opening));
      const chapters = 2 + Math.floor(rand() * 2);
      for (let c = 0; c < chapters; c++) {
        lines.push(`${NUMERALS[c]}、${take(pool.headings2)}`);
        const sections = 1 + Math.floor(rand() * 3);
        for (let s = 0; s < sections; s++) {
          lines.push(`（${NUMERALS[s]}）${take(pool.headings3)}`);
          const paragraphs = 1 + Math.floor(rand() * 3);
          for (let p = 0; p < paragraphs; p++) lines.push(take(pool.paragraphs));
        }
      }
    }
    lines.push(authority, chineseDate(date));

    const format = pick(formats);
    const truth: ReportTruth = {
      title,
      authority,
      year,
      region: chain,
      regionCode: division.code,
      level,
      docNumber,
      date,
      format,
      titleForm,
      text: [...head, ...lines].join('\n'),
      from: [...from].sort(),
      unusable: false,
    };
    const folder = rand() < folderShare ? `${chain.slice(0, 3).join('/')}/` : `generated/${year}/`;
    let bytes: Uint8Array;
    let ext = 'txt';
    if (format.startsWith('txt')) {
      // Blank lines between title-block lines as often as not; CRLF as Windows editors write.
      const sep = rand() < 0.5 ? '\n\n' : '\n';
      bytes = encodeText(`${head.join(sep)}\n\n${lines.join('\n')}\n`, format, rand() < 0.3);
    } else if (format === 'html') {
      const site = `${chainDivisions[Math.min(chainDivisions.length - 1, 2)]?.name ?? chain[0]}人民政府门户网站`;
      const indexNo = `${division.code.slice(0, 6)}-${String(Math.floor(rand() * 1e6)).padStart(6, '0')}/${year + 1}-${String(Math.floor(rand() * 1e5)).padStart(5, '0')}`;
      // A web page carries the title in its header; the article starts with the body (sometimes the 文号).
      bytes = new TextEncoder().encode(
        governmentPage(truth, docNumber ? [docNumber, ...head.slice(-1), ...lines] : lines, site, indexNo, rand),
      );
      truth.text = [title, ...(docNumber ? [docNumber, ...head.slice(-1)] : []), ...lines].join('\n');
      ext = 'html';
    } else if (format === 'docx') {
      bytes = await minimalDocx([...head, ...lines]);
      ext = 'docx';
    } else {
      bytes = await textPdf([...head, '', ...lines]);
      ext = 'pdf';
    }
    files.push({ path: `${folder}${fileName(id, truth, ext, rand)}`, bytes, truth, unusable: null });
  }
  return files;
}

/** The manifest written beside a generated corpus: what every file truly is. */
export function manifestOf(files: GeneratedFile[], options: GeneratorOptions): string {
  return `${JSON.stringify(
    {
      generator: 'scripts/lib/bench/corpus-generator.ts',
      options: { ...options, fixtures: undefined },
      files: files.map((f) => ({ path: f.path, bytes: f.bytes.length, unusable: f.unusable, ...(f.truth ?? {}) })),
    },
    null,
    1,
  )}\n`;
}
