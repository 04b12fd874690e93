/**
 * The cache keys of the archive's pages for Astro's experimental incremental build (on unless
 * GONGKAI_INCREMENTAL=0): a hash of everything a page shows.
 *
 * A report page renders from its view only (page-views.ts), so its key — a hash of the view, the body
 * and the site settings Astro does not know about — changes exactly when the page would. After one new upload
 * only the pages whose view changed (the same body's previous/next year, the same region and year)
 * are rendered again; the others are copied from the previous build.
 */
import { createHash } from 'node:crypto';
import { type Archive, type RegionNode, regionPathOf, regionTrail } from './archive.ts';
import type { Report } from './report.ts';

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

/** An authority page: the body's reports, the region trail of the latest one, each report's compare link. */
export function authorityPageKey(config: unknown, archive: Archive, name: string, slug: string, reports: Report[]) {
  const compared = reports.map((r) => {
    const pair = archive.series.pairsOf.get(r.slug)?.previous;
    return pair ? [pair.earlier.slug, pair.earlier.year] : null;
  });
  return pageKey(config, name, slug, reports, reports[0] ? trailOf(archive, reports[0]) : [], compared);
}

/** A feed: its address and the items it carries, each with a digest of its file (frontmatter and text). */
export function feedKey(config: unknown, path: string, items: { report: Report; digest: string }[]): string {
  return pageKey(
    config,
    path,
    items.map(({ report, digest }) => [report, digest]),
  );
}
