/**
 * A deterministic fixture archive for the page tests: reports with complete frontmatter (as the
 * ingest writes it) and the uploads they came from, across provinces, municipalities, every level
 * down to townships, several years, a body's series over the years, a national department with no
 * region, a report without a year, warnings, and hostile text.
 *
 * The pages are tested on these reports rather than on whatever the ingest extracts today, so that
 * the tests can state exactly which page must list which report.
 *
 *   npx tsx tests/helpers/fixture-archive.ts            rewrites tests/fixtures/archive/ (committed)
 *   npx tsx tests/helpers/fixture-archive.ts DIR N      writes N reports into DIR (for scale runs)
 */
import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import iconv from 'iconv-lite';
import { extractFigures } from '../../src/lib/figures.ts';
import { gazetteer } from '../../src/lib/gazetteer.ts';
import type { Level, Report, SourceFormat } from '../../src/lib/report.ts';
import { regionChain } from '../../src/lib/report-facts.ts';
import { serializeReportFile } from '../../src/lib/report-file.ts';
import { proposeSlug } from '../../src/lib/urls.ts';

export const FIXTURE_ARCHIVE = 'tests/fixtures/archive';

interface Spec {
  province: string | null;
  city?: string | null;
  county?: string | null;
  township?: string | null;
  authority: string | null;
  year: number | null;
  format?: SourceFormat | 'gb18030';
  warnings?: string[];
  hostile?: boolean;
  /** Upload path below sources/, when not derived. */
  path?: string;
  docNumber?: string | null;
  title?: string;
  /** The sidecar's `series:` (src/lib/series.ts). */
  series?: string | false;
}

/** The hand-picked part: every case the pages must handle. Years 2020–2024. */
const SPECS: Spec[] = [
  // A province and its government's series over three years (previous / next year links).
  { province: '山东省', authority: '山东省人民政府', year: 2021 },
  { province: '山东省', authority: '山东省人民政府', year: 2022 },
  { province: '山东省', authority: '山东省人民政府', year: 2023, format: 'html' },
  { province: '山东省', authority: '山东省司法厅', year: 2023 },
  // City → county → township under it.
  { province: '山东省', city: '济宁市', authority: '济宁市人民政府', year: 2022, format: 'gb18030' },
  { province: '山东省', city: '济宁市', authority: '济宁市人民政府', year: 2023 },
  { province: '山东省', city: '济宁市', county: '梁山县', authority: '梁山县人民政府', year: 2022 },
  { province: '山东省', city: '济宁市', county: '梁山县', authority: '梁山县人民政府', year: 2023, format: 'md' },
  { province: '山东省', city: '济宁市', county: '梁山县', authority: '梁山县司法局', year: 2023 },
  {
    province: '山东省',
    city: '济宁市',
    county: '梁山县',
    township: '小路口镇',
    authority: '梁山县小路口镇人民政府',
    year: 2023,
    path: '山东/济宁/梁山县小路口镇2023年法治政府建设情况报告.txt',
  },
  // Municipalities: no city level.
  { province: '北京市', authority: '北京市人民政府', year: 2023 },
  { province: '北京市', county: '海淀区', authority: '北京市海淀区人民政府', year: 2022 },
  { province: '北京市', county: '海淀区', authority: '北京市海淀区人民政府', year: 2023, format: 'html' },
  {
    province: '北京市',
    county: '海淀区',
    township: '中关村街道',
    authority: '北京市海淀区中关村街道办事处',
    year: 2023,
  },
  { province: '上海市', county: '浦东新区', authority: '上海市浦东新区人民政府', year: 2024 },
  // 陕西 and 山西 must not share a URL.
  { province: '陕西省', city: '西安市', authority: '西安市人民政府', year: 2023 },
  { province: '山西省', city: '太原市', authority: '太原市人民政府', year: 2023 },
  // A city department, a district, an autonomous region with a prefecture.
  { province: '广东省', city: '广州市', authority: '广州市教育局', year: 2022 },
  { province: '广东省', city: '广州市', county: '天河区', authority: '广州市天河区人民政府', year: 2020 },
  {
    province: '新疆维吾尔自治区',
    city: '巴音郭楞蒙古自治州',
    county: '库尔勒市',
    authority: '库尔勒市人民政府',
    year: 2021,
    warnings: ['未找到发布日期（published）'],
  },
  { province: '湖南省', city: '长沙市', county: '长沙县', authority: '长沙县人民政府', year: 2024 },
  // A national department: no region at all.
  { province: null, authority: '司法部', year: 2023 },
  // The year could not be determined.
  {
    province: '河南省',
    city: '平顶山市',
    authority: '平顶山市人民政府',
    year: null,
    warnings: ['未找到报告年度（year）', '未找到发布日期（published）'],
  },
  // Hostile text in the title and body must come out as text.
  {
    province: '浙江省',
    city: '杭州市',
    authority: '杭州市人民政府',
    year: 2024,
    hostile: true,
    title: '杭州市人民政府关于2024年度法治政府建设情况的报告<script>alert(1)</script>',
  },
  // A body renamed between two years: its sidecar links the 2022 report to 梁山县司法局's series.
  {
    province: '山东省',
    city: '济宁市',
    county: '梁山县',
    authority: '梁山县法制办公室',
    year: 2022,
    series: '梁山县司法局',
  },
  // The hostile body's previous year, so that its compare page carries the hostile text too.
  { province: '浙江省', city: '杭州市', authority: '杭州市人民政府', year: 2023, hostile: true },
];

const CITY_POOL: [string, string, string[]][] = [
  ['河北省', '石家庄市', ['长安区', '桥西区', '正定县', '赞皇县']],
  ['江苏省', '南京市', ['玄武区', '秦淮区', '溧水区', '高淳区']],
  ['四川省', '成都市', ['锦江区', '青羊区', '金牛区', '武侯区']],
  ['湖北省', '武汉市', ['江岸区', '江汉区', '硚口区', '汉阳区']],
  ['福建省', '福州市', ['鼓楼区', '台江区', '仓山区', '闽侯县']],
  ['云南省', '昆明市', ['五华区', '盘龙区', '官渡区', '西山区']],
];

const PHRASES = [
  '坚持以习近平新时代中国特色社会主义思想为指导',
  '深入学习贯彻习近平法治思想',
  '严格落实重大行政决策程序',
  '全面推行行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度',
  '发挥公职律师和法律顾问作用',
  '依法办理行政复议案件',
  '推进政务公开标准化规范化',
  '加强行政规范性文件合法性审核',
  '开展“八五”普法宣传教育',
  '优化法治化营商环境',
];

function pick<T>(items: T[], n: number): T {
  return items[n % items.length] as T;
}

function body(spec: Spec, n: number): string {
  const who = spec.authority ?? '本机关';
  const year = spec.year ?? '本';
  const para = (k: number) =>
    `${year}年，${who}${pick(PHRASES, n + k)}，${pick(PHRASES, n + k + 3)}，${pick(PHRASES, n + k + 7)}。`;
  const lines = [
    para(0),
    '## 一、主要举措和成效',
    '### （一）加强组织领导',
    para(1),
    '### （二）推进依法行政',
    para(2),
    // Key figures a journalist would look for (src/lib/figures.ts), so that the pages' tables have data.
    ...(spec.year
      ? [
          `${spec.year}年，${who}办理行政应诉案件${4 + (n % 7)}件，行政机关负责人出庭应诉率100%，审查规范性文件${10 + n}件。`,
        ]
      : []),
    '## 二、存在的不足和原因',
    para(3),
    '## 三、下一步工作安排',
    para(4),
  ];
  if (spec.hostile) {
    lines.push(
      '<script>alert("x")</script> <img src=x onerror=alert(1)>',
      '[点此领奖](javascript:alert(1)) 与 [外部链接](https://example.org/a?b=1)',
    );
  }
  lines.push(`${who}`, `${spec.year ? spec.year + 1 : 2025}年3月${(n % 28) + 1}日`);
  return lines.join('\n\n');
}

/** The upload as a webmaster would have given it, in the spec's format. */
function upload(
  spec: Spec,
  text: string,
  title: string,
): { bytes: Buffer; format: SourceFormat; encoding: string | null } {
  const plain = `${title}\n\n${text.replace(/^#+ /gm, '')}\n`;
  switch (spec.format ?? 'txt') {
    case 'gb18030':
      return { bytes: iconv.encode(plain.replace(/\n/g, '\r\n'), 'gb18030'), format: 'txt', encoding: 'gb18030' };
    case 'html': {
      const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      const html = `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${esc(title)}</title></head><body>\n<h1>${esc(title)}</h1>\n${plain
        .split('\n\n')
        .slice(1)
        .map((p) => `<p>${esc(p.trim())}</p>`)
        .join('\n')}\n</body></html>\n`;
      return { bytes: Buffer.from(html, 'utf8'), format: 'html', encoding: 'utf-8' };
    }
    case 'md':
      return { bytes: Buffer.from(`# ${title}\n\n${text}\n`, 'utf8'), format: 'md', encoding: 'utf-8' };
    default:
      // With a BOM, as Windows Notepad writes it: the download must keep it.
      return { bytes: Buffer.from(`\ufeff${plain}`, 'utf8'), format: 'txt', encoding: 'utf-8' };
  }
}

function levelOf(spec: Spec): Level | null {
  if (spec.township) return 'township';
  if (spec.county) return 'county';
  if (spec.city) return 'city';
  return spec.province ? 'province' : null;
}

function generatedSpec(n: number): Spec {
  const [province, city, counties] = pick(CITY_POOL, n);
  const county = pick(counties, Math.floor(n / CITY_POOL.length));
  const year = 2016 + (Math.floor(n / (CITY_POOL.length * counties.length)) % 9);
  const kind = n % 3;
  return kind === 0
    ? { province, city, authority: `${city}人民政府`, year }
    : { province, city, county, authority: `${city}${county}${kind === 1 ? '人民政府' : '司法局'}`, year };
}

/** The GB/T 2260 code of the most specific division named, as the ingest's gazetteer resolves it. */
function divisionCode(spec: Spec): string | null {
  const g = gazetteer();
  let parent: string | null = null;
  let code: string | null = null;
  for (const name of [spec.province, spec.city, spec.county, spec.township]) {
    if (!name) continue;
    const found = g.byName(name).find((d) => parent === null || g.chain(d).some((a) => a.code === parent));
    if (!found) return code;
    code = parent = found.code;
  }
  return code;
}

export interface FixtureReport {
  report: Report;
  body: string;
  upload: Buffer;
}

/** The fixture reports: the hand-picked specs, then generated ones up to `count`. */
export function fixtureArchive(count = SPECS.length): FixtureReport[] {
  const out: FixtureReport[] = [];
  const slugs = new Set<string>();
  for (let n = 0; n < count; n++) {
    const spec = SPECS[n] ?? generatedSpec(n - SPECS.length);
    const region = {
      province: spec.province,
      city: spec.city ?? null,
      county: spec.county ?? null,
      township: spec.township ?? null,
      code: divisionCode(spec),
    };
    const title = spec.title ?? `${spec.authority}关于${spec.year ?? ''}年度法治政府建设情况的报告`;
    const text = body(spec, n);
    const { bytes, format, encoding } = upload(spec, text, title);
    const base = proposeSlug({ year: spec.year, title, authority: spec.authority, region });
    let slug = base;
    for (let k = 2; slugs.has(slug); k++) slug = `${base}-${k}`;
    slugs.add(slug);
    const ext = format === 'txt' ? 'txt' : format;
    const path = spec.path ?? `${spec.province ?? '国务院部门'}/${String(n + 1).padStart(5, '0')}.${ext}`;
    const warnings = spec.warnings ?? [];
    const published =
      spec.year && !warnings.some((w) => w.includes('published'))
        ? `${spec.year + 1}-03-${String((n % 28) + 1).padStart(2, '0')}`
        : null;
    const report: Report = {
      title,
      authority: spec.authority,
      year: spec.year,
      region,
      level: levelOf(spec),
      docNumber: spec.docNumber ?? (n % 4 === 0 && spec.year ? `示政发〔${spec.year + 1}〕${n + 1}号` : null),
      addressee: n % 5 === 0 ? '上级人民政府' : null,
      published,
      added: `2026-0${(n % 9) + 1}-${String((n % 27) + 1).padStart(2, '0')}`,
      source: { path, sha256: createHash('sha256').update(bytes).digest('hex'), format, encoding },
      slug,
      duplicates: [],
      warnings,
      figures: extractFigures(text, {
        year: spec.year,
        place: regionChain(region).at(-1) ?? null,
        level: levelOf(spec),
        authority: spec.authority,
      }),
      series: spec.series ?? null,
    };
    out.push({ report, body: text, upload: bytes });
  }
  return out;
}

/** Writes the archive as sources/ (the uploads) and reports/ (the frontmatter Markdown). */
export async function writeFixtureArchive(dir: string, count?: number): Promise<FixtureReport[]> {
  const reports = fixtureArchive(count);
  await rm(dir, { recursive: true, force: true });
  for (const { report, body: text, upload: bytes } of reports) {
    const source = join(dir, 'sources', report.source.path);
    const md = join(dir, 'reports', String(report.year ?? 'undated'), `${report.slug}.md`);
    await mkdir(dirname(source), { recursive: true });
    await mkdir(dirname(md), { recursive: true });
    await writeFile(source, bytes);
    await writeFile(md, serializeReportFile(report, text));
  }
  return reports;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir = FIXTURE_ARCHIVE, count] = process.argv.slice(2);
  const written = await writeFixtureArchive(dir, count ? Number(count) : undefined);
  console.log(`${written.length} reports → ${dir}`);
}
