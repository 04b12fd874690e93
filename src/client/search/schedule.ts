/**
 * Which shards a search reads, in which order, and how far it has got (for SearchRun, engine.ts). The
 * shards are read in groups: in year order one shard of one year at a time (newest or oldest year
 * first), so that the first results cost only the shards they come from; by publication date one shard
 * at a time in the order of their date ranges; by relevance all of them at once, as any may hold the
 * best result. The counts (SearchRun.totals) follow the same order.
 */
import type { ShardEntry } from '../../lib/search/shards.ts';
import type { SearchRequest } from './engine.ts';

/** The shards to search for one step of the results: one shard of one year (year order), or all of them. */
export interface Group {
  year: number | null | 'all';
  shards: ShardEntry[];
}

export class ShardSchedule {
  private readonly groups: Group[];
  /** How many groups have been opened. */
  private openedGroups = 0;
  /** The shards in scope in the order their results are read (each once). */
  readonly readingOrder: ShardEntry[];
  /** The shards the results read so far came from. */
  readonly opened = new Set<ShardEntry>();

  constructor(request: SearchRequest, shardsInScope: ShardEntry[]) {
    this.groups = readingGroups(request, shardsInScope);
    this.readingOrder = [...new Set(this.groups.flatMap((g) => g.shards))];
  }

  /** The groups not opened yet, in order. */
  waiting(): Group[] {
    return this.groups.slice(this.openedGroups);
  }

  /** Opens the next `count` groups (fewer at the end, none when all are open): their shards count as read. */
  open(count: number): Group[] {
    const groups = this.groups.slice(this.openedGroups, this.openedGroups + count);
    this.openedGroups += groups.length;
    for (const group of groups) for (const shard of group.shards) this.opened.add(shard);
    return groups;
  }

  /** Whether every group has been opened. */
  get done(): boolean {
    return this.openedGroups >= this.groups.length;
  }
}

function readingGroups(request: SearchRequest, shardsInScope: ShardEntry[]): Group[] {
  if (request.sort === 'year-desc' || request.sort === 'year-asc') {
    const chosen = request.filters.year ?? [];
    const years = [...new Set(shardsInScope.flatMap((s) => s.years))]
      .filter((y) => !chosen.length || chosen.includes(String(y)))
      .sort((a, b) => (request.sort === 'year-asc' ? a - b : b - a));
    const groups: Group[] = years.flatMap((year) =>
      shardsInScope.filter((s) => s.years.includes(year)).map((s) => ({ year, shards: [s] })),
    );
    // A shard of reports without a year comes last.
    for (const s of shardsInScope) if (s.years.length === 0) groups.push({ year: null, shards: [s] });
    return groups;
  }
  if (request.sort.startsWith('published')) {
    // By the date their first result would have (a shard without a date range first: it may hold any).
    const asc = request.sort.endsWith('asc');
    const bound = (s: ShardEntry) => (s.dates ? (asc ? s.dates[0] : s.dates[1]) : '');
    const ordered = [...shardsInScope].sort((a, b) => {
      const [x, y] = [bound(a), bound(b)];
      if (!x || !y) return x ? 1 : y ? -1 : 0;
      return asc ? (x < y ? -1 : x > y ? 1 : 0) : x > y ? -1 : x < y ? 1 : 0;
    });
    return ordered.map((s) => ({ year: 'all', shards: [s] }));
  }
  return shardsInScope.length ? [{ year: 'all', shards: shardsInScope }] : [];
}
