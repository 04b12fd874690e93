/**
 * A deterministic generator of realistic uploads for tests and benchmarks: N reports made from the
 * real samples (tests/fixtures) — regions drawn from the gazetteer at every level, issuing bodies
 * named the way real ones are, years 2015–2025, paragraphs recombined and figures varied so that
 * the texts differ, each in one of the formats the ingest accepts, plus a few unusable uploads.
 * The same seed gives the same bytes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { escapeHtml } from '../../src/lib/escape.ts';
import { type Division, gazetteer } from '../../src/lib/gazetteer.ts';
import { parseStructure } from '../../src/lib/structure.ts';

export type GeneratedFormat = 'txt' | 'txt-gb18030' | 'txt-utf16' | 'html' | 'docx';

export interface GeneratedFile {
  path: string;
  bytes: Uint8Array;
  /** What the file truly is: null fields for unusable uploads. */
  truth: {
    title: string;
    authority: string;
    year: number;
    region: string[];
    format: GeneratedFormat;
    unusable: boolean;
  } | null;
}

export interface GeneratorOptions {
  reports: number;
  seed?: number;
  formats?: GeneratedFormat[];
  /** Share of uploads that are unusable (empty, binary). */
  unusableShare?: number;
  /** Put a share of uploads in 省/市/县 folders. */
  folderShare?: number;
  fixtures?: string;
}

/** mulberry32: a small, fast, well-distributed PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Pool {
  headings2: string[];
  headings3: string[];
  paragraphs: string[];
}

function readPool(fixtures: string): Pool {
  const pool: Pool = { headings2: [], headings3: [], paragraphs: [] };
  for (const set of ['seeds', 'dev']) {
    const dir = join(fixtures, set);
    for (const name of readdirSync(dir)
      .filter((f) => f.endsWith('.txt'))
      .sort()) {
      const text = readFileSync(join(dir, name), 'utf8');
      for (const block of parseStructure(text).blocks) {
        if (block.kind === 'heading' && block.level === 2)
          pool.headings2.push(block.text.replace(/^[一二三四五六七八九十]+\s*[、.．]\s*/, ''));
        else if (block.kind === 'heading' && block.level === 3)
          pool.headings3.push(block.text.replace(/^[（(][一二三四五六七八九十]+[）)]\s*/, ''));
        else if (block.kind === 'paragraph' && block.text.length > 60 && !/[(（][a-zü]+[)）]/.test(block.text))
          pool.paragraphs.push(block.text);
      }
    }
  }
  return pool;
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const DEPARTMENTS = [
  '司法局',
  '教育局',
  '财政局',
  '生态环境局',
  '市场监督管理局',
  '自然资源局',
  '应急管理局',
  '卫生健康委员会',
];

function authorityFor(division: Division, pick: <T>(items: T[]) => T, rand: () => number): string {
  if (division.level === 'township')
    return division.name.endsWith('街道') ? `${division.name}办事处` : `${division.name}人民政府`;
  const r = rand();
  if (r < 0.55) return `${division.name}人民政府`;
  if (r < 0.7) return `${division.name}人民政府办公室`;
  return `${division.name}${pick(DEPARTMENTS)}`;
}

function titleFor(authority: string, year: number, rand: () => number): string {
  const r = rand();
  if (r < 0.5) return `${authority}关于${year}年度法治政府建设情况的报告`;
  if (r < 0.8) return `${authority}${year}年法治政府建设年度报告`;
  return `${authority}关于${year}年法治政府建设工作情况的报告`;
}

function htmlPage(title: string, lines: string[], published: string, source: string): string {
  const esc = escapeHtml;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta name="ArticleTitle" content="${esc(title)}"><meta name="PubDate" content="${published}"><meta name="ContentSource" content="${esc(source)}"></head>
<body><nav><a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a></nav><h1>${esc(title)}</h1>
<div class="info">发布时间：${published} 来源：${esc(source)}</div>
<div class="TRS_Editor">${lines.map((l) => `<p>${esc(l)}</p>`).join('\n')}</div><footer>网站标识码 0000000000</footer></body></html>`;
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
      .map((p) => `<w:p><w:r><w:t xml:space="preserve">${esc(p)}</w:t></w:r></w:p>`)
      .join('')}</w:body></w:document>`,
    { date, createFolders: false },
  );
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

export async function generateCorpus(options: GeneratorOptions): Promise<GeneratedFile[]> {
  const rand = prng(options.seed ?? 1);
  const pick = <T>(items: T[]): T => items[Math.floor(rand() * items.length)] as T;
  const pool = readPool(options.fixtures ?? 'tests/fixtures');
  const g = gazetteer();
  const byLevel: Record<Division['level'], Division[]> = { province: [], city: [], county: [], township: [] };
  for (const code of [
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
  ]) {
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
  const formats = options.formats ?? ['txt', 'txt', 'txt', 'txt', 'txt-gb18030', 'txt-utf16', 'html', 'html', 'docx'];
  const unusableShare = options.unusableShare ?? 0.01;
  const folderShare = options.folderShare ?? 0.2;
  const files: GeneratedFile[] = [];

  for (let i = 0; i < options.reports; i++) {
    const id = String(i + 1).padStart(6, '0');
    if (rand() < unusableShare) {
      const empty = rand() < 0.5;
      files.push({
        path: `unusable/${id}.${empty ? 'txt' : 'txt'}`,
        bytes: empty ? new Uint8Array() : Uint8Array.from({ length: 2048 }, (_, k) => (k * 131 + i) % 256),
        truth: null,
      });
      continue;
    }
    const r = rand();
    const level: Division['level'] = r < 0.05 ? 'province' : r < 0.25 ? 'city' : r < 0.75 ? 'county' : 'township';
    const division = pick(byLevel[level]);
    const chain = g.chain(division).map((d) => d.name);
    const year = 2015 + Math.floor(rand() * 11);
    const authority = authorityFor(division, pick, rand);
    const title = titleFor(authority, year, rand);
    const month = 1 + Math.floor(rand() * 3);
    const day = 1 + Math.floor(rand() * 28);
    const published = `${year + 1}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

    const lines: string[] = [];
    const intro = pick(pool.paragraphs).replace(/(19|20)\d{2}(?=年)/g, String(year));
    lines.push(`${year}年，${division.name}${intro.replace(/^(19|20)\d{2}年[，,]?/, '')}`);
    const chapters = 2 + Math.floor(rand() * 2);
    for (let c = 0; c < chapters; c++) {
      lines.push(`${NUMERALS[c]}、${pick(pool.headings2)}`);
      const sections = 1 + Math.floor(rand() * 3);
      for (let s = 0; s < sections; s++) {
        lines.push(`（${NUMERALS[s]}）${pick(pool.headings3)}`);
        const paragraphs = 1 + Math.floor(rand() * 3);
        for (let p = 0; p < paragraphs; p++) {
          // Figures vary so that no two reports are the same text.
          lines.push(
            pick(pool.paragraphs).replace(/\d+(?=[次件个项名人余家场万亿%])/g, () =>
              String(1 + Math.floor(rand() * 500)),
            ),
          );
        }
      }
    }
    lines.push(
      authority,
      `${published.slice(0, 4)}年${Number(published.slice(5, 7))}月${Number(published.slice(8, 10))}日`,
    );

    const format = pick(formats);
    const folder = rand() < folderShare ? `${chain.slice(0, 3).join('/')}/` : `generated/${year}/`;
    const text = `${title}\n\n${lines.join('\n')}\n`;
    let bytes: Uint8Array;
    let ext = 'txt';
    if (format === 'txt') bytes = new TextEncoder().encode(text);
    else if (format === 'txt-gb18030') bytes = new Uint8Array(iconv.encode(text, 'gb18030'));
    else if (format === 'txt-utf16') bytes = new Uint8Array([0xff, 0xfe, ...iconv.encode(text, 'utf-16le')]);
    else if (format === 'html') {
      bytes = new TextEncoder().encode(htmlPage(title, lines, published, authority));
      ext = 'html';
    } else {
      bytes = await minimalDocx([title, ...lines]);
      ext = 'docx';
    }
    files.push({
      path: `${folder}${id}.${ext}`,
      bytes,
      truth: { title, authority, year, region: chain, format, unusable: false },
    });
  }
  return files;
}
