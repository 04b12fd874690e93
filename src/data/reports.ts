/**
 * The site's one read of the content collection. Pages call these helpers instead of
 * querying the collection themselves, so that ordering and grouping rules live in one place.
 */
import { type CollectionEntry, getCollection } from 'astro:content';

export type ReportEntry = CollectionEntry<'reports'>;

/** Newest first: by year covered, then publication (or addition) date, then slug for a total order. */
export function compareReports(a: ReportEntry, b: ReportEntry): number {
  const ya = a.data.year ?? 0;
  const yb = b.data.year ?? 0;
  if (ya !== yb) return yb - ya;
  const da = a.data.published ?? a.data.added;
  const db = b.data.published ?? b.data.added;
  if (da !== db) return da < db ? 1 : -1;
  return a.data.slug < b.data.slug ? -1 : 1;
}

let cache: Promise<ReportEntry[]> | undefined;

export function allReports(): Promise<ReportEntry[]> {
  cache ??= getCollection('reports').then((entries) => entries.sort(compareReports));
  return cache;
}
