/**
 * The search index is split into shards: one per report year (and, for a year with more reports than a
 * shard holds, several, by a stable hash of the slug). Why:
 * - building: each shard is indexed on its own, so memory is bounded by the largest shard, not the
 *   archive, shards can be built in parallel, and a shard whose reports did not change is reused;
 * - searching: the browser searches the newest year first and shows results as soon as a page is
 *   filled; a year filter touches only that year's shards; the index's page table (which grows with the
 *   archive) is split too.
 * All shards live in one Pagefind bundle directory, each under its own "language" (the shard id), so
 * they share one copy of Pagefind's runtime and WebAssembly.
 */
import { groupBy } from '../group.ts';

export interface ShardEntry {
  /** Lower-case letters and digits only: also the shard's Pagefind language code. */
  id: string;
  /** The report years it holds, newest first; empty for the undated shard. */
  years: number[];
  count: number;
  /** Reports per year, for a shard of several years (a year filter then counts part of it). */
  perYear?: Record<string, number>;
  /**
   * The earliest and latest publication date of its reports (YYYY-MM-DD; undated ones come last in either order):
   * results in date order are read from the shards that can hold the next one, not from every shard.
   */
  dates?: [string, string];
  /** The shard's facet table (src/lib/search/facets.ts), relative to the bundle directory. */
  facets?: string;
}

/** Written next to the bundle as gongkai-shards.json; read by the search page. */
export interface ShardManifest {
  version: 2;
  /** Changes with every index: lets the browser cache Pagefind's entry file for as long as it holds. */
  tag?: string;
  /** Newest years first, undated last. */
  shards: ShardEntry[];
}

export const SHARD_MANIFEST = 'gongkai-shards.json';

/**
 * Shards the search page counts when a search has shown its first results (besides those the results
 * came from), in reading order. A word found everywhere costs every shard its index chunks (about 160 KB
 * for 500 reports): an archive of more shards is counted further only when the reader asks, not behind
 * every query on a phone.
 */
export const COUNT_AHEAD_SHARDS = 4;

/** How many of a shard's reports a search limited to these years (none: every year) looks at. */
export function reportsInScope(shard: ShardEntry, years: readonly string[]): number {
  if (years.length === 0) return shard.count;
  if (shard.perYear) return years.reduce((sum, year) => sum + (shard.perYear?.[year] ?? 0), 0);
  return shard.years.some((year) => years.includes(String(year))) ? shard.count : 0;
}

/** 32-bit FNV-1a: a stable, well-spread hash of a slug (the bucket must not move between builds). */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export interface PlannedShard<T> extends ShardEntry {
  members: T[];
}

/**
 * Assigns reports to shards of about maxPerShard reports at most:
 * - consecutive years are packed together, from the oldest up, while they fit: new reports (mostly of
 *   recent years) then change only the newest shard, and a small archive is a single shard;
 * - a year larger than a shard is split into ceil(n / maxPerShard) buckets by a stable hash of the slug
 *   (as even as the hash), their number growing only with the year's size;
 * - undated reports have shards of their own.
 */
export function planShards<T extends { slug: string; year: number | null; date?: string }>(
  items: readonly T[],
  maxPerShard: number,
): PlannedShard<T>[] {
  const max = Math.max(1, maxPerShard);
  const byYear = groupBy(items, (item) => item.year);
  const ascending = [...byYear.keys()].filter((y): y is number => y !== null).sort((a, b) => a - b);
  const shards: PlannedShard<T>[] = [];
  const split = (members: T[], base: string, years: number[]) => {
    const buckets = Math.ceil(members.length / max);
    const lists: T[][] = Array.from({ length: buckets }, () => []);
    for (const item of members) lists[fnv1a(item.slug) % buckets]?.push(item);
    lists.forEach((list, i) => {
      if (list.length) shards.push({ id: `${base}b${i}of${buckets}`, years, count: list.length, members: list });
    });
  };
  let pack: { years: number[]; members: T[] } = { years: [], members: [] };
  const flush = () => {
    if (pack.members.length === 0) return;
    const years = [...pack.years].sort((a, b) => b - a);
    const first = years.at(-1);
    const last = years[0];
    const perYear: Record<string, number> = {};
    for (const member of pack.members) perYear[String(member.year)] = (perYear[String(member.year)] ?? 0) + 1;
    shards.push({
      id: first === last ? `y${first}` : `y${first}to${last}`,
      years,
      count: pack.members.length,
      ...(years.length > 1 ? { perYear } : {}),
      members: pack.members,
    });
    pack = { years: [], members: [] };
  };
  for (const year of ascending) {
    const members = byYear.get(year) ?? [];
    if (members.length > max) {
      flush();
      split(members, `y${year}`, [year]);
    } else {
      if (pack.members.length + members.length > max) flush();
      pack.years.push(year);
      pack.members.push(...members);
    }
  }
  flush();
  const undated = byYear.get(null) ?? [];
  if (undated.length > max) split(undated, 'undated', []);
  else if (undated.length) shards.push({ id: 'undated', years: [], count: undated.length, members: undated });
  for (const shard of shards) {
    const dates = shard.members.flatMap((m) => (m.date ? [m.date] : [])).sort();
    const [earliest, latest] = [dates[0], dates.at(-1)];
    // Undated reports sort after every date in both directions (fields.ts UNDATED_LAST): the range is the dated ones'.
    if (earliest && latest) shard.dates = [earliest, latest];
  }
  // Newest first: the order the search page reads them in.
  return shards.sort((a, b) => (b.years[0] ?? -1) - (a.years[0] ?? -1));
}
