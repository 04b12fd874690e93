/**
 * Facts derived from a report's fields (src/lib/report.ts), defined here once so that pages, feeds,
 * the catalog and the search index agree on them: the date it is sorted and announced by, its region
 * chain, the orders lists and feeds use.
 *
 * Beside the schema rather than in it: report.ts builds zod schemas when it loads, and these facts
 * reach the browser's search bundle (through src/lib/search/record.ts), which must not carry zod.
 * So this module imports nothing but types.
 */
import type { Level, Report } from './report.ts';

/**
 * The date a report is sorted and announced by: its publication date, else the day the archive first
 * saw it (YYYY-MM-DD). Feeds date their items by it, the search sorts by it.
 */
export function reportDate(report: Pick<Report, 'published' | 'added'>): string {
  return report.published ?? report.added;
}

/** Names of a region from the province down, skipping empty levels (municipalities have no city). */
export function regionChain(region: { [level in Level]?: string | null | undefined }): string[] {
  return [region.province, region.city, region.county, region.township].filter((n): n is string => !!n);
}

/*
 * Three "newest first" orders, for three different questions. Each ends on the slug (unique in an
 * archive), so that every order is total and a rebuild lists the same reports in the same order.
 */
type Ordered = Pick<Report, 'year' | 'published' | 'added' | 'slug'>;

function bySlug(a: Ordered, b: Ordered): number {
  return a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0;
}

/**
 * The archive's order (every list of reports on the site): by the year covered, newest first (undated
 * last), then by reportDate. A 2024 report published today stands below the 2025 reports.
 */
export function newestYearFirst(a: Ordered, b: Ordered): number {
  const ya = a.year ?? 0;
  const yb = b.year ?? 0;
  if (ya !== yb) return yb - ya;
  return newestDateFirst(a, b);
}

/**
 * The feeds' order: by reportDate alone, whatever year the report covers: what a subscriber has not
 * seen yet comes first.
 */
export function newestDateFirst(a: Ordered, b: Ordered): number {
  const da = reportDate(a);
  const db = reportDate(b);
  if (da !== db) return da < db ? 1 : -1;
  return bySlug(a, b);
}

/**
 * The latest additions (the home page, the feeds): by the day the archive first saw the report, whatever
 * its own date — an old report uploaded yesterday is news to the archive's readers; within a day (one batch
 * import), the newest publication first (undated after dated), then the newest year covered, then the slug.
 */
export function newestAddedFirst(a: Ordered, b: Ordered): number {
  if (a.added !== b.added) return a.added < b.added ? 1 : -1;
  if (a.published !== b.published) {
    if (!a.published || !b.published) return a.published ? -1 : 1;
    return a.published < b.published ? 1 : -1;
  }
  const ya = a.year ?? 0;
  const yb = b.year ?? 0;
  if (ya !== yb) return yb - ya;
  return bySlug(a, b);
}

/**
 * A government's own report, as opposed to a department's or its office's: the issuer is a 人民政府 (alone or
 * after its party committee, 中共X县委 X县人民政府), a 行政公署, a street's 办事处 or a zone's 管委会. A
 * government's 办公室 is a body of its own.
 */
export function isGovernmentBody(authority: string | null): boolean {
  if (!authority) return false;
  return /(人民政府|政府|行政公署|办事处|管理委员会|管委会)$/.test(authority) && !/办公室$/.test(authority);
}
