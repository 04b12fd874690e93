/**
 * Coverage and timeliness: for each region, the units one level down that are expected to publish a yearly
 * report, and for each unit and year whether this archive holds that report, published on time, late, or
 * with no (or a doubtful) date. Pure: works on the archive and the gazetteer, so that every rule is tested
 * without Astro.
 *
 * The rule (《法治政府建设与责任落实督察工作规定》第二十四条): local governments at every level, and government
 * departments above county level, make the previous year's report public before 1 April. Who is expected
 * comes from the division data (src/lib/gazetteer.ts): each unit's own government. No national list of
 * departments exists, so a department is expected only where the archive holds a report of it.
 *
 * The archive proves presence, never absence: a unit without a report here is 本库未收录, never 未公开.
 */
import { type Archive, type RegionNode, regionPathOf } from './archive.ts';
import { escapeHtml } from './escape.ts';
import type { Division, Gazetteer } from './gazetteer.ts';
import { LEVELS, type Level, type Report } from './report.ts';
import { isGovernmentBody } from './report-facts.ts';

/** The configurable part of the rule (site.config.ts: GONGKAI_COVERAGE_*). */
export interface CoverageRule {
  /**
   * The last day, in the year after the one a report covers, on which it counts as published on time
   * (inclusive). 督察工作规定第二十四条: 每年4月1日之前 — read, as the archive's users read it, as "by 1 April".
   * Another report type or a provincial rule may set another day.
   */
  deadline: { month: number; day: number };
  /** The first and last year shown; null: the earliest and latest year of a report in the archive. */
  firstYear: number | null;
  lastYear: number | null;
  /** Whether a county's townships and streets are expected (a city's archive may expect only its counties). */
  expectTownships: boolean;
}

export const DEFAULT_COVERAGE_RULE: CoverageRule = {
  deadline: { month: 4, day: 1 },
  firstYear: null,
  lastYear: null,
  expectTownships: true,
};

export const STATUSES = ['onTime', 'late', 'undated', 'doubtful', 'missing'] as const;
export type CoverageStatus = (typeof STATUSES)[number];

/** What each status is called on the pages and in the data. Never 未公开: absence here proves nothing. */
export const STATUS_LABEL: Record<CoverageStatus, string> = {
  onTime: '按时公开',
  late: '逾期公开',
  undated: '日期不明',
  doubtful: '日期存疑',
  missing: '本库未收录',
};

/** One character per status, so that the unit × year table reads without colour (the pages add a legend). */
export const STATUS_SYMBOL: Record<CoverageStatus, string> = {
  onTime: '✓',
  late: '逾',
  undated: '？',
  doubtful: '！',
  missing: '—',
};

const pad = (n: number) => String(n).padStart(2, '0');

/** The last on-time day for a report covering `year`, as YYYY-MM-DD. */
export function deadlineOf(year: number, rule: Pick<CoverageRule, 'deadline'>): string {
  return `${year + 1}-${pad(rule.deadline.month)}-${pad(rule.deadline.day)}`;
}

const dayNumber = (isoDate: string) => Date.parse(`${isoDate}T00:00:00Z`) / 86_400_000;

export interface Timeliness {
  status: Exclude<CoverageStatus, 'missing'>;
  /** Days after the deadline, for a late report; null otherwise. */
  daysLate: number | null;
}

/**
 * The timeliness of one report covering `year` and published on `published` (YYYY-MM-DD, or null).
 * A date before the covered year has ended (on or before its 31 December) cannot be the publication of that
 * year's report — a slip in the page or in the extraction: doubtful, never counted as on time.
 */
export function timeliness(year: number, published: string | null, rule: Pick<CoverageRule, 'deadline'>): Timeliness {
  if (published === null) return { status: 'undated', daysLate: null };
  if (published <= `${year}-12-31`) return { status: 'doubtful', daysLate: null };
  const late = dayNumber(published) - dayNumber(deadlineOf(year, rule));
  return late > 0 ? { status: 'late', daysLate: late } : { status: 'onTime', daysLate: null };
}

export { isGovernmentBody } from './report-facts.ts';

/** What the unit's government is called when the archive holds no report naming it. */
export function governmentName(name: string, level: Level | null): string {
  if (level === 'township' && /街道$/.test(name)) return `${name}办事处`;
  if (/(开发区|园区|新区|管理区|示范区|试验区|合作区)$/.test(name)) return `${name}管理委员会`;
  return `${name}人民政府`;
}

/**
 * Whether a division is an administrative unit the rule applies to. The statistical codes give zones and
 * other non-administrative units codes of their own: 71–80 in a county's place (石家庄高新技术产业开发区,
 * 130171), 400–599 in a township's (北京经济技术开发区, 110115403). They report when they choose to; they
 * are shown when the archive holds their report, never expected.
 */
export function isExpectedDivision(division: Division, rule: Pick<CoverageRule, 'expectTownships'>): boolean {
  if (division.level === 'township') return rule.expectTownships && Number(division.code.slice(6, 9)) < 400;
  if (division.level === 'county') {
    const n = Number(division.code.slice(4, 6));
    return n < 71 || n > 80;
  }
  return true;
}

export interface CoverageCell {
  year: number;
  status: CoverageStatus;
  published: string | null;
  daysLate: number | null;
  /** The report the status stands on (the earliest credible one when the unit has several that year). */
  report: { slug: string; title: string } | null;
  /** The unit's other reports of the year (a second version, a repost): the evidence is all of them. */
  alsoReports: { slug: string; title: string }[];
  /** Reports of the same place and year by other bodies (departments, an unnamed issuer): not the unit's own. */
  otherBodies: number;
}

export interface CoverageUnit {
  /** The place's name (梁山县), or the department's (梁山县司法局). */
  name: string;
  /** The body expected to publish: the unit's government, or the department. */
  body: string;
  kind: 'government' | 'department';
  code: string | null;
  level: Level | null;
  /** In the division data as an expected unit; false for a zone or a place only the archive knows. */
  listed: boolean;
  /** The unit's region page, when the archive holds any report of it or below it. */
  regionPath: string | null;
  /** The unit's own coverage page, when it has one (a region above the township level with reports). */
  coveragePath: string | null;
  /** The years its own coverage page has a page for (see RegionCoverage.yearPages). */
  yearPages: number[];
  /** Reports of the unit and of every place below it in the archive (a province's overview reads it). */
  reportsBelow: number;
  cells: CoverageCell[];
}

export interface RegionCoverage {
  /** Names from the province down; empty for the whole country. */
  chain: string[];
  name: string;
  path: string;
  regionPath: string;
  code: string | null;
  level: Level | null;
  /** Whether the division data knows the region, so that its expected units are known. */
  divisionKnown: boolean;
  years: number[];
  /**
   * The years that get a page of their own: those in which a unit of the region holds a report (heldYears).
   * Another year's page would list every unit as 本库未收录 — the grid's column says so already, and the
   * region's own status is on its parent's page; at national scale such pages were most of the build.
   */
  yearPages: number[];
  /** The region's own government and its departments with a report in the archive. */
  own: CoverageUnit[];
  /** The units one level down: every expected one, and any other the archive holds a report of. */
  units: CoverageUnit[];
}

export const COVERAGE_PATH = '/coverage/';

/** /regions/shandongsheng/ → /coverage/shandongsheng/: the coverage pages mirror the region pages' paths. */
export function coveragePathOf(regionPath: string): string {
  return regionPath.replace(/^\/regions\//, COVERAGE_PATH);
}

export function coverageYearPath(coveragePath: string, year: number): string {
  return `${coveragePath}${year}/`;
}

/** The regions that get coverage pages: the country and every region above the township level with a report. */
export function hasCoveragePage(node: RegionNode): boolean {
  return node.level !== 'township';
}

/** The years shown: the rule's range, else the archive's earliest to latest report year (none when no year). */
export function coverageYears(archive: Archive, rule: Pick<CoverageRule, 'firstYear' | 'lastYear'>): number[] {
  const known = [...archive.byYear.keys()];
  const first = rule.firstYear ?? (known.length ? Math.min(...known) : null);
  const last = rule.lastYear ?? (known.length ? Math.max(...known) : null);
  if (first === null || last === null || first > last) return [];
  return Array.from({ length: last - first + 1 }, (_, i) => last - i);
}

/** The division a region node stands for, found by its names from the province down (codes are not always known). */
export function divisionOf(gazetteer: Gazetteer, chain: readonly string[]): Division | null {
  let parent: string | null = null;
  let found: Division | null = null;
  for (const name of chain) {
    found = gazetteer.children(parent).find((d) => d.name === name) ?? null;
    if (!found) return null;
    parent = found.code;
  }
  return found;
}

/** The years shown that get a year page of their own for this region (heldYears, computed once). */
function yearPagesOf(node: RegionNode, years: readonly number[]): number[] {
  const held = heldYears(node);
  return years.filter((year) => held.has(year));
}

const ref = (r: Report) => ({ slug: r.slug, title: r.title });

/**
 * The years in which a unit one level down holds a report: the years a region's own year page says
 * something its parent's page and its own grid do not (the region's own status stands on both).
 */
export function heldYears(node: RegionNode): Set<number> {
  const years = new Set<number>();
  for (const r of node.ordered.flatMap((n) => n.own)) if (r.year !== null) years.add(r.year);
  return years;
}

/**
 * One unit's cell for a year, from the reports that are its own (already filtered by body) and the count of
 * reports of its place by other bodies. Several reports of one unit in a year: the earliest credible date
 * decides (the unit had published by then); with none, a doubtful date; with none, undated.
 */
export function cellOf(year: number, own: readonly Report[], otherBodies: number, rule: CoverageRule): CoverageCell {
  const ofYear = own.filter((r) => r.year === year);
  if (ofYear.length === 0)
    return { year, status: 'missing', published: null, daysLate: null, report: null, alsoReports: [], otherBodies };
  const rated = ofYear.map((report) => ({ report, ...timeliness(year, report.published, rule) }));
  const rank = (s: Timeliness['status']) => (s === 'onTime' || s === 'late' ? 0 : s === 'doubtful' ? 1 : 2);
  rated.sort(
    (a, b) =>
      rank(a.status) - rank(b.status) ||
      (a.report.published ?? '').localeCompare(b.report.published ?? '') ||
      a.report.slug.localeCompare(b.report.slug),
  );
  const [best, ...rest] = rated as [(typeof rated)[number], ...typeof rated];
  return {
    year,
    status: best.status,
    published: best.report.published,
    daysLate: best.daysLate,
    report: ref(best.report),
    alsoReports: rest.map((r) => ref(r.report)),
    otherBodies,
  };
}

function yearCounts(reports: readonly Report[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const r of reports) if (r.year !== null) counts.set(r.year, (counts.get(r.year) ?? 0) + 1);
  return counts;
}

/** A place's government as a unit: its own reports are those of its node by a government body. */
function governmentUnit(
  archive: Archive,
  name: string,
  level: Level | null,
  code: string | null,
  listed: boolean,
  node: RegionNode | undefined,
  years: readonly number[],
  rule: CoverageRule,
): CoverageUnit {
  const reports = node?.own ?? [];
  const own = reports.filter((r) => isGovernmentBody(r.authority));
  const others = yearCounts(reports.filter((r) => !isGovernmentBody(r.authority)));
  return {
    name,
    body: own[0]?.authority ?? governmentName(name, level),
    kind: 'government',
    code,
    level,
    listed,
    regionPath: node ? regionPathOf(archive, node.chain) : null,
    coveragePath: node && hasCoveragePage(node) ? coveragePathOf(node.path) : null,
    yearPages: node && hasCoveragePage(node) ? yearPagesOf(node, years) : [],
    reportsBelow: node?.all.length ?? 0,
    cells: years.map((year) => cellOf(year, own, others.get(year) ?? 0, rule)),
  };
}

const collator = new Intl.Collator('zh-CN');

/**
 * The departments of a region with a report of their own here: above the township level only (the rule's
 * 县级以上政府部门), each under its name as the reports give it — or as a sidecar's `series:` names it, so
 * that a body renamed between two years (县法制办 → 县司法局) is one unit.
 */
function departmentUnits(node: RegionNode, years: readonly number[], rule: CoverageRule): CoverageUnit[] {
  if (node.level === 'township' || node.level === null) return [];
  const byBody = new Map<string, Report[]>();
  for (const r of node.own) {
    if (!r.authority || isGovernmentBody(r.authority)) continue;
    const body = typeof r.series === 'string' ? r.series : r.authority;
    byBody.set(body, [...(byBody.get(body) ?? []), r]);
  }
  return [...byBody.entries()]
    .sort(([a], [b]) => collator.compare(a, b))
    .map(([body, reports]) => ({
      name: body,
      body,
      kind: 'department' as const,
      code: node.code,
      level: node.level,
      listed: false,
      regionPath: node.path,
      coveragePath: null,
      yearPages: [],
      reportsBelow: reports.length,
      cells: years.map((year) => cellOf(year, reports, 0, rule)),
    }));
}

const childLevel = (level: Level | null): Level | null =>
  level === null ? 'province' : (LEVELS[LEVELS.indexOf(level) + 1] ?? null);

/** The coverage of one region: its own bodies, and the units one level down, for every year shown. */
export function regionCoverage(
  archive: Archive,
  gazetteer: Gazetteer,
  node: RegionNode,
  years: readonly number[],
  rule: CoverageRule,
): RegionCoverage {
  const isRoot = node.chain.length === 0;
  const division = isRoot ? null : divisionOf(gazetteer, node.chain);
  const expected = isRoot
    ? gazetteer.children(null)
    : division
      ? gazetteer.children(division.code).filter((d) => isExpectedDivision(d, rule))
      : [];
  const units: CoverageUnit[] = expected.map((d) =>
    governmentUnit(archive, d.name, d.level, d.code, true, node.children.get(d.name), years, rule),
  );
  // Units the archive holds that the list does not expect: zones, places the data does not know.
  const listedNames = new Set(expected.map((d) => d.name));
  for (const child of node.ordered) {
    if (listedNames.has(child.name)) continue;
    units.push(
      governmentUnit(archive, child.name, child.level ?? childLevel(node.level), child.code, false, child, years, rule),
    );
  }
  const own = isRoot
    ? []
    : [
        governmentUnit(
          archive,
          node.name,
          node.level,
          node.code ?? division?.code ?? null,
          !!division,
          node,
          years,
          rule,
        ),
        ...departmentUnits(node, years, rule),
      ];
  const yearPages = yearPagesOf(node, years);
  return {
    chain: node.chain,
    name: isRoot ? '全国' : node.name,
    path: coveragePathOf(node.path),
    regionPath: node.path,
    code: node.code ?? division?.code ?? null,
    level: node.level,
    divisionKnown: isRoot || !!division,
    years: [...years],
    yearPages,
    own,
    units,
  };
}

export type StatusCounts = Record<CoverageStatus, number>;

/** How many units have each status in a year: the count summary of a coverage page. */
export function countStatuses(units: readonly CoverageUnit[], year: number): StatusCounts {
  const counts: StatusCounts = { onTime: 0, late: 0, undated: 0, doubtful: 0, missing: 0 };
  for (const unit of units) {
    const cell = unit.cells.find((c) => c.year === year);
    if (cell) counts[cell.status]++;
  }
  return counts;
}

export const COVERAGE_COLUMNS = [
  'region',
  'unit',
  'body',
  'kind',
  'code',
  'level',
  'expected',
  'year',
  'status',
  'statusLabel',
  'deadline',
  'published',
  'daysLate',
  'reportUrl',
] as const;
export type CoverageColumn = (typeof COVERAGE_COLUMNS)[number];

export const COVERAGE_HEADERS_ZH: Record<CoverageColumn, string> = {
  region: '所属地区',
  unit: '单位',
  body: '应公开机关',
  kind: '类别',
  code: '区划代码',
  level: '层级',
  expected: '是否应公开单位',
  year: '报告年度',
  status: '状态代码',
  statusLabel: '状态',
  deadline: '公开期限',
  published: '发布日期',
  daysLate: '逾期天数',
  reportUrl: '报告网址',
};

/**
 * The rows of coverage.csv / coverage.json: one per unit and year, each unit once — a government under the
 * region above it (the provinces under the country), a department under its own region.
 */
export function coverageRows(
  views: readonly RegionCoverage[],
  rule: CoverageRule,
  reportUrl: (slug: string) => string,
): Record<CoverageColumn, string | number | null>[] {
  const rows: Record<CoverageColumn, string | number | null>[] = [];
  for (const view of views) {
    for (const unit of [...view.own.filter((u) => u.kind === 'department'), ...view.units]) {
      for (const cell of unit.cells) {
        rows.push({
          region: view.chain.join('') || '全国',
          unit: unit.name,
          body: unit.body,
          kind: unit.kind,
          code: unit.code,
          level: unit.level,
          expected: unit.kind === 'government' && unit.listed ? 1 : 0,
          year: cell.year,
          status: cell.status,
          statusLabel: STATUS_LABEL[cell.status],
          deadline: deadlineOf(cell.year, rule),
          published: cell.published,
          daysLate: cell.daysLate,
          reportUrl: cell.report ? reportUrl(cell.report.slug) : null,
        });
      }
    }
  }
  return rows;
}

/**
 * One cell of a coverage grid as HTML: the symbol (with days late), its words for screen readers, linked to the
 * report when there is one. A string, not an Astro component: a county's grid has hundreds of cells, and a
 * component per cell was most of the coverage pages' build time. Every text is escaped (a title is untrusted).
 */
export function coverageCellHtml(cell: CoverageCell, reportHref: (slug: string) => string): string {
  const words = `${STATUS_LABEL[cell.status]}${cell.daysLate !== null ? `，逾期 ${cell.daysLate} 天` : ''}${cell.published ? `，${cell.published} 发布` : ''}`;
  const visible = `${STATUS_SYMBOL[cell.status]}${cell.daysLate ?? ''}`;
  const inner = `<span aria-hidden="true">${visible}</span><span class="visually-hidden">${escapeHtml(cell.report ? `${words}：${cell.report.title}` : words)}</span>`;
  return cell.report
    ? `<a href="${escapeHtml(reportHref(cell.report.slug))}" class="cov cov-${cell.status}">${inner}</a>`
    : `<span class="cov cov-${cell.status}">${inner}</span>`;
}
