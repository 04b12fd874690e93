/**
 * The results by score (year order and relevance, for SearchRun in engine.ts): group after group of
 * shards (schedule.ts), each group's results merged by score.
 */
import type { ShardEntry } from '../../lib/search/shards.ts';
import type { Hit, PagefindSearch } from './pagefind.ts';
import type { Group, ShardSchedule } from './schedule.ts';

/** The search of one shard for one group's year (SearchRun's, cached there). */
export type SearchShard = (shard: ShardEntry, year: Group['year']) => Promise<PagefindSearch>;

export class ScoreOrder {
  /** The results of the groups opened last, in order (score-merged), and how many of them were read. */
  private queue: Hit[] = [];
  private position = 0;

  constructor(
    private readonly schedule: ShardSchedule,
    private readonly search: SearchShard,
  ) {}

  /** The next n results in order (fewer at the end). */
  async next(n: number): Promise<Hit[]> {
    const out: Hit[] = [];
    // One group first (it usually fills a page), then twice as many each time the results run out.
    let batch = 1;
    while (out.length < n) {
      if (this.position < this.queue.length) {
        out.push(this.queue[this.position++] as Hit);
        continue;
      }
      if (!(await this.openGroups(batch))) break;
      batch = Math.min(batch * 2, 8);
    }
    return out;
  }

  /** Whether results of the groups opened are left to read. */
  get pending(): boolean {
    return this.position < this.queue.length;
  }

  /**
   * Opens the next `count` groups at once (searched in parallel, read in order): a query found in few
   * reports walks many one-shard groups before a page is full, and one at a time would add up their
   * round trips.
   */
  private async openGroups(count: number): Promise<boolean> {
    const groups = this.schedule.open(count);
    if (!groups.length) return false;
    const searched = await Promise.all(
      groups.map((group) => Promise.all(group.shards.map((s) => this.search(s, group.year)))),
    );
    this.position = 0;
    // Each group by score; Array.prototype.sort is stable: within one shard Pagefind's order is kept.
    this.queue = searched.flatMap((searches) =>
      searches.flatMap((s) => s.results.map((result) => ({ result }))).sort((a, b) => b.result.score - a.result.score),
    );
    return true;
  }
}
