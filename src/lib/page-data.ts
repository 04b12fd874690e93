/**
 * What a report page shows besides its own text, gathered from the archive in one place, and the
 * cache keys of the archive's pages for Astro's experimental incremental build (on unless GONGKAI_INCREMENTAL=0).
 *
 * The page renders from this view only, so the key — a hash of the view, the body and the site
 * settings Astro does not know about — changes exactly when the page would. After one new upload
 * only the pages whose view changed (the same body's previous/next year, the same region and year)
 * are rendered again; the others are copied from the previous build.
 */
import { createHash } from 'node:crypto';
import { type Archive, neighbours, type RegionNode, regionPathOf, regionTrail, sameRegionAndYear } from './archive.ts';
import type { Report } from './report.ts';

/** A busy region can have hundreds of reports a year: the page lists a few and links to the region page. */
export const RELATED_LIMIT = 20;

export interface ReportPageView {
  report: Report;
  previous: Report | null;
  next: Report | null;
  /** The region pages this report belongs to, province first (empty when its province is unknown). */
  trail: { name: string; path: string }[];
  /** Other reports of the same region and year, at most RELATED_LIMIT. */
  related: Report[];
  /** How many reports the region page lists, when the related list is cut (else null). */
  moreInRegion: number | null;
  authority: { name: string; slug: string } | null;
}

export function reportPageView(archive: Archive, report: Report): ReportPageView {
  const trail = regionTrail(archive, report);
  const { previous, next } = neighbours(archive, report);
  const related = sameRegionAndYear(archive, report);
  const authority = report.authority ? archive.byAuthority.get(report.authority) : undefined;
  return {
    report,
    previous: previous ?? null,
    next: next ?? null,
    trail: trail.map((node) => ({ name: node.name, path: node.path })),
    related: related.slice(0, RELATED_LIMIT),
    moreInRegion: related.length > RELATED_LIMIT ? (trail.at(-1)?.all.length ?? null) : null,
    authority: authority ? { name: authority.name, slug: authority.slug } : null,
  };
}

const digest = (json: string) => createHash('sha256').update(json).digest('base64url').slice(0, 32);

/**
 * Each report's own digest, computed once: a report appears in many keys (its page, its neighbours',
 * every region page of its chain, feeds), and serialising it again for each was most of the keys' cost.
 */
const reportDigests = new WeakMap<object, string>();

function isReport(value: object): value is Report {
  const r = value as Partial<Report>;
  return typeof r.slug === 'string' && typeof r.title === 'string' && typeof r.region === 'object';
}

function withReportDigests(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || !isReport(value)) return value;
  let known = reportDigests.get(value);
  if (known === undefined) {
    known = digest(JSON.stringify(value));
    reportDigests.set(value, known);
  }
  return `report:${known}`;
}

/** A short stable digest of JSON-serialisable parts: the cache key of a page. */
export function pageKey(...parts: unknown[]): string {
  return digest(JSON.stringify(parts, withReportDigests));
}

/** The name and path of each region page a report sits under (what listings link to). */
function trailOf(archive: Archive, report: Report): [string, string, string | null][] {
  return regionTrail(archive, report).map((n) => [n.name, n.path, n.code]);
}

/** A region page: its place, every report listed (and where each sits), its children with their counts. */
export function regionPageKey(config: unknown, archive: Archive, node: RegionNode): string {
  return pageKey(
    config,
    node.chain,
    node.path,
    node.chain.map((_, i) => regionPathOf(archive, node.chain.slice(0, i + 1))),
    node.all,
    node.ordered.map((c) => [c.name, c.path, c.code, c.all.length]),
  );
}

/** An authority page: the body's reports, and the region trail of the latest one. */
export function authorityPageKey(config: unknown, archive: Archive, name: string, slug: string, reports: Report[]) {
  return pageKey(config, name, slug, reports, reports[0] ? trailOf(archive, reports[0]) : []);
}

/** A feed: its address and the items it carries, each with a digest of its file (frontmatter and text). */
export function feedKey(config: unknown, path: string, items: { report: Report; digest: string }[]): string {
  return pageKey(
    config,
    path,
    items.map(({ report, digest }) => [report, digest]),
  );
}
