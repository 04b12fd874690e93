/**
 * The results by publication date (for SearchRun in engine.ts): shard by shard in the order of their
 * date ranges (schedule.ts), each list sorted by Pagefind, merged by the date in each result's metadata.
 */
import type { ShardEntry } from '../../lib/search/shards.ts';
import type { Hit, PagefindResult } from './pagefind.ts';
import type { Group, ShardSchedule } from './schedule.ts';
import type { SearchShard } from './score-order.ts';

/** A result's date (its metadata's `date`; '' when it has none). */
export type DateOf = (hit: Hit) => Promise<string>;

export class DateOrder {
  private readonly merger: DateMerger;

  constructor(
    private readonly asc: boolean,
    private readonly schedule: ShardSchedule,
    private readonly search: SearchShard,
    dateOf: DateOf,
  ) {
    this.merger = new DateMerger(asc ? 1 : -1, dateOf);
  }

  /**
   * The next n results by date. The shards are in the order of their date ranges; the next one is opened
   * (searched, its list added to the merger) whenever it may hold a result that comes before the best
   * result of the shards open so far — and, while none is open or all are spent, one, then two, four,
   * eight at a time.
   */
  async next(n: number): Promise<Hit[]> {
    const merger = this.merger;
    const out: Hit[] = [];
    let batch = 1;
    while (out.length < n) {
      const head = await merger.peek();
      const waiting = this.schedule.waiting();
      // With a best result in hand: every next shard (up to eight) that may hold one before it.
      let precede = 0;
      while (head && precede < Math.min(waiting.length, 8) && this.mayPrecede(waiting[precede] as Group, head.date))
        precede++;
      const opening = head ? precede : Math.min(batch, waiting.length);
      if (opening) {
        if (!head) batch = Math.min(batch * 2, 8);
        const opened = this.schedule.open(opening);
        const searched = await Promise.all(opened.map((g) => this.search(g.shards[0] as ShardEntry, g.year)));
        for (const search of searched) merger.add(search.results);
        continue;
      }
      if (!head) break;
      merger.take(head.list);
      out.push(head.hit);
    }
    return out;
  }

  /** Whether results of the shards opened are left to read. */
  get pending(): boolean {
    return this.merger.pending;
  }

  /** Whether a group's shard may hold a result dated before `date` in this order (a shard without dates may). */
  private mayPrecede({ shards: [shard] }: Group, date: string): boolean {
    return !shard?.dates || (this.asc ? shard.dates[0] <= date : shard.dates[1] >= date);
  }
}

/** Merges per-shard lists, each already in date order, by the date in each result's metadata. */
class DateMerger {
  private readonly lists: PagefindResult[][] = [];
  private readonly heads: number[] = [];
  private readonly hits = new Map<PagefindResult, Hit>();
  constructor(
    private readonly direction: 1 | -1,
    private readonly dateOf: DateOf,
  ) {}
  private hit(result: PagefindResult): Hit {
    const known = this.hits.get(result);
    if (known) return known;
    const hit: Hit = { result };
    this.hits.set(result, hit);
    return hit;
  }
  /** Adds one shard's results (in date order) to the merge. */
  add(list: PagefindResult[]): void {
    this.lists.push(list);
    this.heads.push(0);
  }
  get pending(): boolean {
    return this.lists.some((list, i) => (this.heads[i] ?? 0) < list.length);
  }
  /** The next result in date order among the lists added so far, and its date, left in place. */
  async peek(): Promise<{ hit: Hit; date: string; list: number } | undefined> {
    const candidates = this.lists
      .map((list, i) => ({ i, result: list[this.heads[i] ?? 0] }))
      .filter((c): c is { i: number; result: PagefindResult } => c.result !== undefined);
    if (candidates.length === 0) return undefined;
    const dated = await Promise.all(
      candidates.map(async (c) => ({ ...c, date: await this.dateOf(this.hit(c.result)) })),
    );
    dated.sort((a, b) => (a.date < b.date ? -this.direction : a.date > b.date ? this.direction : a.i - b.i));
    const best = dated[0] as (typeof dated)[number];
    return { hit: this.hit(best.result), date: best.date, list: best.i };
  }
  /** Moves past the head of one list (the one peek() returned). */
  take(list: number): void {
    this.heads[list] = (this.heads[list] ?? 0) + 1;
  }
}
