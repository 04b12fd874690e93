/**
 * The archive as the pages see it: reports grouped by region (a tree down to townships), by year,
 * and by issuing body, computed once. Pure: works on plain report records, so it is unit-tested
 * without Astro and costs O(n) for any archive size.
 */
import type { Report } from './report.ts';
import { asciiSlug, regionChain, regionPath, regionSegment } from './urls.ts';

export interface RegionNode {
  name: string;
  /** Names from the province down to this node. */
  chain: string[];
  path: string;
  /** Reports whose region is exactly this node. */
  own: Report[];
  /** Reports of this node and every node below it. */
  all: Report[];
  children: Map<string, RegionNode>;
}

export interface Archive {
  reports: Report[];
  bySlug: Map<string, Report>;
  root: RegionNode;
  /** Every region node, from the root down (breadth first). */
  regions: RegionNode[];
  byYear: Map<number, Report[]>;
  byAuthority: Map<string, { name: string; slug: string; reports: Report[] }>;
  /** Reports whose region could not be determined. */
  unplaced: Report[];
}

/** Newest first: by year covered, then publication (or addition) date, then slug for a total order. */
export function compareReports(a: Report, b: Report): number {
  const ya = a.year ?? 0;
  const yb = b.year ?? 0;
  if (ya !== yb) return yb - ya;
  const da = a.published ?? a.added;
  const db = b.published ?? b.added;
  if (da !== db) return da < db ? 1 : -1;
  return a.slug < b.slug ? -1 : 1;
}

function node(name: string, chain: string[], parentPath: string): RegionNode {
  const path = chain.length === 0 ? regionPath([]) : `${parentPath}${regionSegment(name)}/`;
  return { name, chain, path, own: [], all: [], children: new Map() };
}

/**
 * Sibling regions whose names romanise alike would share a URL: the later one (in Chinese collation)
 * gets a numeric suffix. Stable as long as no namesake sorting before it is added.
 */
function disambiguate(parent: RegionNode): void {
  const seen = new Map<string, number>();
  for (const child of [...parent.children.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))) {
    const n = (seen.get(child.path) ?? 0) + 1;
    seen.set(child.path, n);
    if (n > 1) child.path = `${child.path.slice(0, -1)}-${n}/`;
  }
}

function fixPaths(n: RegionNode, parentPath: string): void {
  if (n.chain.length > 0) n.path = `${parentPath}${n.path.slice(n.path.lastIndexOf('/', n.path.length - 2) + 1)}`;
  disambiguate(n);
  for (const child of n.children.values()) fixPaths(child, n.path);
}

/** The URL path of a region page, by the names of its chain (as the archive assigned them). */
export function regionPathOf(archive: Archive, chain: string[]): string {
  let current: RegionNode | undefined = archive.root;
  for (const name of chain) current = current?.children.get(name);
  return current?.path ?? regionPath(chain);
}

export function authoritySlug(name: string): string {
  return asciiSlug(name, 80).replace(/-/g, '') || 'unknown';
}

export function buildArchive(input: Report[]): Archive {
  const reports = [...input].sort(compareReports);
  const root = node('全国', [], '');
  const byYear = new Map<number, Report[]>();
  const byAuthority = new Map<string, { name: string; slug: string; reports: Report[] }>();
  const unplaced: Report[] = [];
  const authoritySlugs = new Map<string, string>();

  for (const report of reports) {
    const chain = regionChain(report.region);
    root.all.push(report);
    if (chain.length === 0) unplaced.push(report);
    let current = root;
    for (let depth = 0; depth < chain.length; depth++) {
      const name = chain[depth] as string;
      let child = current.children.get(name);
      if (!child) {
        child = node(name, chain.slice(0, depth + 1), current.path);
        current.children.set(name, child);
      }
      child.all.push(report);
      current = child;
    }
    if (chain.length > 0) current.own.push(report);

    if (report.year !== null) {
      const list = byYear.get(report.year);
      if (list) list.push(report);
      else byYear.set(report.year, [report]);
    }
    if (report.authority) {
      let entry = byAuthority.get(report.authority);
      if (!entry) {
        // Two bodies whose names romanise alike get distinct slugs, in order of first appearance.
        let slug = authoritySlug(report.authority);
        for (let n = 2; [...authoritySlugs.values()].includes(slug); n++)
          slug = `${authoritySlug(report.authority)}-${n}`;
        authoritySlugs.set(report.authority, slug);
        entry = { name: report.authority, slug, reports: [] };
        byAuthority.set(report.authority, entry);
      }
      entry.reports.push(report);
    }
  }

  fixPaths(root, '');
  const regions: RegionNode[] = [];
  const queue = [root];
  while (queue.length) {
    const n = queue.shift() as RegionNode;
    regions.push(n);
    queue.push(...[...n.children.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')));
  }
  return {
    reports,
    bySlug: new Map(reports.map((r) => [r.slug, r])),
    root,
    regions,
    byYear: new Map([...byYear.entries()].sort(([a], [b]) => b - a)),
    byAuthority,
    unplaced,
  };
}

/** Groups reports by a key, keeping the order of first appearance. */
export function groupBy<T>(items: T[], key: (item: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return [...groups.entries()];
}

/** The same body's reports of the years before and after this one. */
export function neighbours(
  archive: Archive,
  report: Report,
): { previous: Report | undefined; next: Report | undefined } {
  const series = report.authority ? (archive.byAuthority.get(report.authority)?.reports ?? []) : [];
  const dated = series.filter((r) => r.year !== null && r.slug !== report.slug);
  const year = report.year ?? 0;
  const previous = dated.filter((r) => (r.year ?? 0) < year).sort((a, b) => (b.year ?? 0) - (a.year ?? 0))[0];
  const next = dated.filter((r) => (r.year ?? 0) > year).sort((a, b) => (a.year ?? 0) - (b.year ?? 0))[0];
  return { previous, next };
}

/**
 * GB/T 7714-2015 style reference for an electronic document: 责任者. 题名[EB/OL]. (发布日期)[引用日期]. URL.
 * The access date is the citer's own: it is left as a placeholder, so that pages do not change with the build day.
 */
export function citation(report: Report, permalink: string): string {
  const who = report.authority ?? regionChainName(report) ?? '佚名';
  const published = report.published ? `(${report.published})` : '';
  return `${who}. ${report.title}[EB/OL]. ${published}[引用日期]. ${permalink}.`;
}

function regionChainName(report: Report): string | null {
  const names = [report.region.province, report.region.city, report.region.county, report.region.township].filter(
    Boolean,
  );
  return names.length ? names.join('') : null;
}
