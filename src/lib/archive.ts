/**
 * The archive as the pages see it: reports grouped by region (a tree down to townships), by year,
 * and by issuing body, computed once. Pure: works on plain report records, so it is unit-tested
 * without Astro and costs O(n) for any archive size.
 */
import { groupBy, pushTo } from './group.ts';
import { PAGE_SEGMENT, type PagedGroup, pageGroups } from './pagination.ts';
import { LEVELS, type Level, type Report } from './report.ts';
import { newestYearFirst, regionChain } from './report-facts.ts';
import { buildSeries, type SeriesIndex } from './series.ts';
import { asciiSlug, REGIONS_PATH, regionChildPath, regionPath, regionSegment } from './urls.ts';

export interface RegionNode {
  name: string;
  /** Names from the province down to this node. */
  chain: string[];
  /** The level the name stands at in the reports (a municipality's district is a county under a province). */
  level: Level | null;
  /** GB/T 2260 code of the division when a report gives one: orders siblings as official lists do. */
  code: string | null;
  path: string;
  /** Reports whose region is exactly this node. */
  own: Report[];
  /** Reports of this node and every node below it, newest first. */
  all: Report[];
  children: Map<string, RegionNode>;
  /** The children in display order: by division code where known, then by name (Chinese collation). */
  ordered: RegionNode[];
}

export interface Archive {
  reports: Report[];
  bySlug: Map<string, Report>;
  root: RegionNode;
  /** Every region node, from the root down (breadth first). */
  regions: RegionNode[];
  byYear: Map<number, Report[]>;
  byAuthority: Map<string, AuthorityEntry>;
  /** Reports whose region could not be determined (no province): listed on /regions/. */
  unplaced: Report[];
  /** The region node each placed report belongs to, by slug. */
  nodeOf: Map<string, RegionNode>;
  /** One body's reports over the years and their consecutive pairs (src/lib/series.ts). */
  series: SeriesIndex;
}

const CODE_LENGTH: Record<Level, number> = { province: 2, city: 4, county: 6, township: 9 };

/**
 * Where a report stands in the region tree: its named levels from the province down. A region whose
 * province is unknown (a district name alone) cannot be placed in the tree: it is listed as unplaced,
 * so that no region page claims a place it cannot name in full.
 */
export function placeOf(region: Report['region']): { name: string; level: Level }[] {
  if (!region.province) return [];
  return LEVELS.flatMap((level) => (region[level] ? [{ name: region[level] as string, level }] : []));
}

const collator = new Intl.Collator('zh-CN');

function compareNodes(a: RegionNode, b: RegionNode): number {
  if (a.code && b.code && a.code !== b.code) return a.code < b.code ? -1 : 1;
  if (!!a.code !== !!b.code) return a.code ? -1 : 1;
  return collator.compare(a.name, b.name);
}

/**
 * URL paths, top down. Siblings whose names romanise alike would share a URL: the later one (in
 * Chinese collation) gets a numeric suffix, stable as long as no namesake sorting before it is added.
 */
/** The day a body or region first had a report in the archive: what keeps its address when a namesake comes. */
const firstAddedOf = new WeakMap<readonly Report[], string>();
function firstAdded(reports: readonly Report[]): string {
  let first = firstAddedOf.get(reports);
  if (first !== undefined) return first;
  first = '';
  for (const r of reports) if (!first || r.added < first) first = r.added;
  firstAddedOf.set(reports, first);
  return first;
}

/** Earliest in the archive first, then by name: a namesake that comes later never takes an address already given. */
function byArrival<T extends { name: string; all?: Report[]; reports?: Report[] }>(a: T, b: T): number {
  const [x, y] = [firstAdded(a.all ?? a.reports ?? []), firstAdded(b.all ?? b.reports ?? [])];
  return x < y ? -1 : x > y ? 1 : collator.compare(a.name, b.name);
}

/**
 * Two bodies whose names romanise alike get distinct slugs: the one the archive had first keeps the plain one,
 * a later one gets -2, -3 … — so that a body's page, once cited, keeps its address when a namesake is added.
 * The page segment is reserved: /authorities/p/2/ is the index's second page, never a body.
 */
function assignAuthoritySlugs(entries: Iterable<AuthorityEntry>): void {
  const taken = new Set<string>([PAGE_SEGMENT]);
  for (const entry of [...entries].sort(byArrival)) {
    const base = authoritySlug(entry.name);
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    taken.add(slug);
    entry.slug = slug;
  }
}

function assignPaths(parent: RegionNode): void {
  const seen = new Map<string, number>();
  // Namesake siblings (their names romanise alike) are numbered in order of arrival, like bodies' slugs.
  for (const child of [...parent.children.values()].sort(byArrival)) {
    const segment = regionSegment(child.name);
    const n = (seen.get(segment) ?? 0) + 1;
    seen.set(segment, n);
    child.path = regionChildPath(parent.path, segment, n);
  }
  parent.ordered = [...parent.children.values()].sort(compareNodes);
  for (const child of parent.ordered) assignPaths(child);
}

/** The URL path of a region page, by the names of its chain (as the archive assigned them). */
export function regionPathOf(archive: Archive, chain: string[]): string {
  let current: RegionNode | undefined = archive.root;
  for (const name of chain) current = current?.children.get(name);
  return current?.path ?? regionPath(chain);
}

/** The nodes from the province down to a report's own region node (empty when unplaced). */
export function regionTrail(archive: Archive, report: Report): RegionNode[] {
  const trail: RegionNode[] = [];
  let current: RegionNode | undefined = archive.root;
  for (const { name } of placeOf(report.region)) {
    current = current?.children.get(name);
    if (!current) break;
    trail.push(current);
  }
  return trail;
}

export function authoritySlug(name: string): string {
  return asciiSlug(name, 80).replace(/-/g, '') || 'unknown';
}

/** A region node with no reports yet; its code is filled in by the first report that gives one. */
function regionNode(name: string, chain: string[], level: Level | null, path: string): RegionNode {
  return { name, chain, level, code: null, path, own: [], all: [], children: new Map(), ordered: [] };
}

export function buildArchive(input: Report[]): Archive {
  const reports = [...input].sort(newestYearFirst);
  const root = regionNode('全国', [], null, REGIONS_PATH);
  const byYear = new Map<number, Report[]>();
  const byAuthority = new Map<string, AuthorityEntry>();
  const unplaced: Report[] = [];
  const nodeOf = new Map<string, RegionNode>();

  for (const report of reports) {
    const place = placeOf(report.region);
    root.all.push(report);
    if (place.length === 0) unplaced.push(report);
    let current = root;
    for (const { name, level } of place) {
      let child = current.children.get(name);
      if (!child) {
        // Its path is assigned once the tree is complete (assignPaths): it depends on its namesake siblings.
        child = regionNode(name, [...current.chain, name], level, '');
        current.children.set(name, child);
      }
      const code = report.region.code;
      if (!child.code && code && code.length >= CODE_LENGTH[level]) child.code = code.slice(0, CODE_LENGTH[level]);
      child.all.push(report);
      current = child;
    }
    if (place.length > 0) {
      current.own.push(report);
      nodeOf.set(report.slug, current);
    }

    if (report.year !== null) pushTo(byYear, report.year, report);
    if (report.authority) {
      let entry = byAuthority.get(report.authority);
      if (!entry) {
        // Its slug is assigned once every body is known (assignAuthoritySlugs): it depends on its namesakes.
        entry = { name: report.authority, slug: '', reports: [] };
        byAuthority.set(report.authority, entry);
      }
      entry.reports.push(report);
    }
  }

  assignAuthoritySlugs(byAuthority.values());
  assignPaths(root);
  const regions: RegionNode[] = [root];
  for (let i = 0; i < regions.length; i++) regions.push(...(regions[i] as RegionNode).ordered);
  return {
    reports,
    bySlug: new Map(reports.map((r) => [r.slug, r])),
    root,
    regions,
    byYear: new Map([...byYear.entries()].sort(([a], [b]) => b - a)),
    byAuthority,
    unplaced,
    nodeOf,
    series: buildSeries(reports),
  };
}

/**
 * The same body's reports of the nearest earlier and later years (src/lib/series.ts: the same authority, written
 * alike, in the same region, or as a sidecar's `series:` links them); none for a report without a year.
 */
export function neighbours(
  archive: Archive,
  report: Report,
): { previous: Report | undefined; next: Report | undefined } {
  const found = archive.series.neighboursOf.get(report.slug);
  return { previous: found?.previous ?? undefined, next: found?.next ?? undefined };
}

/** The other reports of the same region (exactly, not below it) and the same year. */
export function sameRegionAndYear(archive: Archive, report: Report): Report[] {
  const node = archive.nodeOf.get(report.slug);
  if (!node || report.year === null) return [];
  return node.own.filter((r) => r.year === report.year && r.slug !== report.slug);
}

export interface PlaceGroup {
  /** The region node of the group, null for the reports that could not be placed at that level. */
  node: RegionNode | null;
  reports: Report[];
}

/**
 * Reports grouped by province, then by the next level down (the city, or a municipality's district),
 * in the order official lists use. Reports of the province itself come first in a province ("本级"),
 * as node null; unplaced reports form a last province group with node null.
 */
export function groupByPlace(
  archive: Archive,
  reports: Report[],
): { province: RegionNode | null; count: number; groups: PlaceGroup[] }[] {
  const placed = reports.map((report) => {
    const node = archive.nodeOf.get(report.slug);
    const trail = node ? node.chain : [];
    const province = trail.length > 0 ? (archive.root.children.get(trail[0] as string) ?? null) : null;
    const second = province && trail.length > 1 ? (province.children.get(trail[1] as string) ?? null) : null;
    return { report, province, second };
  });
  const order = (a: RegionNode | null, b: RegionNode | null) => (a === null ? -1 : b === null ? 1 : compareNodes(a, b));
  return [...groupBy(placed, (p) => p.province).entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : compareNodes(a, b)))
    .map(([province, inProvince]) => ({
      province,
      count: inProvince.length,
      groups: [...groupBy(inProvince, (p) => p.second).entries()]
        .sort(([a], [b]) => order(a, b))
        .map(([node, list]) => ({ node, reports: list.map((p) => p.report) })),
    }));
}

/** One province's part of one page of a paginated place list: its index among all provinces, its whole count. */
export interface PagedProvince {
  /** 0-based, among the list's provinces: the heading's id (p-1, p-2 …) is the same on every page. */
  index: number;
  province: RegionNode | null;
  /** The province's reports in the whole list, not on this page. */
  count: number;
  /** The province began on an earlier page. */
  continued: boolean;
  groups: (PlaceGroup & { continued: boolean })[];
}

/**
 * A place list (groupByPlace) cut into pages of at most size reports, in the same order; a province or group cut
 * by a page break goes on, marked continued, at the top of the next page. Also: on which page each province
 * begins, for links to it from any page.
 */
export function pagePlaceGroups(
  places: ReturnType<typeof groupByPlace>,
  size: number,
): { pages: PagedProvince[][]; provinceStarts: number[] } {
  // Cut as one list of groups (pageGroups), each group knowing its province; then each page's groups gathered
  // under their provinces again.
  const groups = places.flatMap((place, index) =>
    place.groups.map((group) => [{ index, place, node: group.node }, group.reports] as const),
  );
  const provinceStarts: number[] = [];
  const pages = pageGroups(groups, size).map((page, p) => {
    const provinces: PagedProvince[] = [];
    for (const { key, items, continued } of page) {
      let current = provinces.at(-1);
      if (current?.index !== key.index) {
        const started = provinceStarts[key.index] !== undefined;
        if (!started) provinceStarts[key.index] = p + 1;
        current = {
          index: key.index,
          province: key.place.province,
          count: key.place.count,
          continued: started,
          groups: [],
        };
        provinces.push(current);
      }
      current.groups.push({ node: key.node, reports: items, continued });
    }
    return provinces;
  });
  return { pages, provinceStarts };
}

export interface AuthorityEntry {
  name: string;
  slug: string;
  reports: Report[];
}

/**
 * Where a body is, below its province, when its name does not say (市教育局, 经济开发区管理委员会): the places
 * of its latest report's region from the city down; null when the name holds the most specific of them.
 */
export function authorityPlace(archive: Archive, entry: AuthorityEntry): string | null {
  const latest = entry.reports[0];
  const chain = latest ? (archive.nodeOf.get(latest.slug)?.chain ?? []) : [];
  const below = chain.slice(1);
  const deepest = below.at(-1);
  if (!deepest || entry.name.includes(deepest) || entry.name.includes(deepest.replace(/(市|县|区|镇|乡|街道)$/, '')))
    return null;
  return below.join('');
}

/**
 * Issuing bodies by province (where their latest report is placed), provinces in official order, bodies
 * in Chinese collation; bodies without a placed report (national departments) come last under null.
 */
export function authoritiesByProvince(archive: Archive): { province: RegionNode | null; bodies: AuthorityEntry[] }[] {
  const groups = groupBy(archive.byAuthority.values(), (entry) => {
    const latest = entry.reports[0];
    const chain = latest ? (archive.nodeOf.get(latest.slug)?.chain ?? []) : [];
    return chain.length ? (archive.root.children.get(chain[0] as string) ?? null) : null;
  });
  return [...groups.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : compareNodes(a, b)))
    .map(([province, bodies]) => ({ province, bodies: bodies.sort((x, y) => collator.compare(x.name, y.name)) }));
}

/**
 * Whether /authorities/ lists provinces, each linking to its bodies, rather than every body: when the bodies
 * sit in more than one province and there are more of them than fit a few screens of a phone, or one list page.
 */
export const AUTHORITIES_ON_ONE_PAGE = 20;

export function authoritiesSplitByProvince(
  groups: readonly { province: RegionNode | null }[],
  bodies: number,
  pageSize: number,
): boolean {
  return groups.filter((g) => g.province !== null).length > 1 && bodies > Math.min(AUTHORITIES_ON_ONE_PAGE, pageSize);
}

/** One page of /authorities/: the province tiles (on the first page of a split index) and a part of the bodies. */
export interface AuthorityIndexPage {
  provinces: { province: RegionNode; bodies: number }[];
  /** Keyed by the group's index in authoritiesByProvince's list. */
  groups: PagedGroup<number, AuthorityEntry>[];
}

/**
 * /authorities/ in pages of at most size bodies (issue 24: a page stays small at any archive size). Split by
 * province, the first page lists the provinces and every page a part of the bodies no province holds (national
 * departments); otherwise the bodies of every group, a group cut by a page break going on at the top of the next
 * page. Also: the page each group begins on, for the jump list.
 */
export function authorityIndexPages(
  groups: readonly { province: RegionNode | null; bodies: AuthorityEntry[] }[],
  split: boolean,
  size: number,
): { pages: AuthorityIndexPage[]; starts: number[] } {
  const listed = groups.flatMap((g, i) => (!split || g.province === null ? [[i, g.bodies] as const] : []));
  const provinces = split
    ? groups.flatMap((g) => (g.province ? [{ province: g.province, bodies: g.bodies.length }] : []))
    : [];
  const starts: number[] = [];
  const pages = pageGroups(listed, size).map((page, p): AuthorityIndexPage => {
    for (const { key } of page) starts[key] ??= p + 1;
    return { provinces: p === 0 ? provinces : [], groups: page };
  });
  return { pages, starts };
}

/**
 * GB/T 7714-2015 style reference for an electronic document: 责任者. 题名: 文号[EB/OL]. (发布日期). URL.
 * The access date ([引用日期]) is the citer's own: the page says how to add it, so that pages do not change
 * with the build day.
 */
export function citation(report: Report, permalink: string): string {
  const who = report.authority ?? (regionChain(report.region).join('') || '佚名');
  // GB/T 7714—2015: the 文号 as other title information; the date of access, which only the citer knows,
  // is theirs to add after the publication date (the page says how) — never a placeholder printed as text.
  const title = report.docNumber ? `${report.title}: ${report.docNumber}` : report.title;
  const published = report.published ? ` (${report.published}).` : '';
  return `${who}. ${title}[EB/OL].${published} ${permalink}.`;
}
