/**
 * The search engine of the search page, over the sharded Pagefind bundle (src/lib/search/shards.ts).
 *
 * Each shard is searched by its own Pagefind instance (all instances share one runtime, one
 * WebAssembly file and one web worker). Results come in the order asked for:
 * - by year (the default, newest first): shards are searched a year at a time, only as far as the
 *   results shown need; within a year, by relevance. A year of more reports than one shard holds is
 *   split into buckets (shards.ts), read one after another, each by relevance: the first results of a
 *   large archive then cost one shard, not the whole newest year. The rest is searched afterwards for
 *   the count;
 * - by relevance: every shard, merged by score;
 * - by publication date: shard by shard in the order of their date ranges (manifest `dates`), each
 *   sorted by Pagefind, merged by date; a shard is opened only once it may hold the next result, so
 *   the first results cost the shards of the newest (or oldest) dates, not every shard.
 * A year filter searches only that year's shards. Counts and facet counts are sums over shards (every
 * report is in exactly one). A large archive is counted only as far as asked (totals(limit)), in the
 * order the results are read: counting a common word in every shard costs every shard's index chunks
 * for it (3.6 MB at 10,000 reports, and ten times that at 100,000).
 *
 * A query of several parts (two quoted phrases, or a phrase and other words: tokens.ts parseQuery), or
 * of a part of several spellings, is searched part by part in each shard and the results intersected; its facet counts then come from
 * the shard's facet table (src/lib/search/facets.ts), as Pagefind's belong to one search.
 */
import { countFacets, type FacetTable } from '../../lib/search/facets.ts';
import type { SearchFilter } from '../../lib/search/fields.ts';
import { UNDATED_LAST } from '../../lib/search/fields.ts';
import { reportsInScope, SHARD_MANIFEST, type ShardEntry, type ShardManifest } from '../../lib/search/shards.ts';
import { type QueryPart, readMetaText } from '../../lib/search/tokens.ts';
import { DateOrder } from './date-order.ts';
import {
  type Hit,
  intersect,
  type PagefindInstance,
  type PagefindModule,
  type PagefindSearch,
  type ResultData,
  searchOptions,
  searchPart,
  searchQueryPart,
} from './pagefind.ts';
import { type Group, ShardSchedule } from './schedule.ts';
import { ScoreOrder } from './score-order.ts';

export type { ResultData } from './pagefind.ts';

export type SortOrder = 'year-desc' | 'year-asc' | 'relevance' | 'published-desc' | 'published-asc';
export const SORT_ORDERS: readonly SortOrder[] = [
  'year-desc',
  'year-asc',
  'relevance',
  'published-desc',
  'published-asc',
];
export const DEFAULT_SORT: SortOrder = 'year-desc';

export interface SearchRequest {
  /** The query's parts in Pagefind's syntax (tokens.ts parseQuery), all required; none: filters alone. */
  query: QueryPart[];
  filters: Partial<Record<SearchFilter, string[]>>;
  sort: SortOrder;
}

export interface SearchTotals {
  /** Reports found in the shards counted. */
  count: number;
  /** Facet counts in the shards counted (per filter, per value). */
  facets: Record<string, Record<string, number>>;
  /** Whether every shard in scope was counted. */
  complete: boolean;
  /** Reports in scope in the shards counted, and in those not counted (reportsInScope). */
  countedReports: number;
  uncountedReports: number;
  /** Years in scope with reports in a shard not counted (their counts would be partial). */
  uncountedYears: string[];
}

/** A result's data, its metadata decoded (tokens.ts readMetaText); loaded once per result. */
const loadData = (hit: Hit): Promise<ResultData> => {
  hit.data ??= hit.result.data().then((data) => ({
    ...data,
    meta: Object.fromEntries(Object.entries(data.meta).map(([k, v]) => [k, readMetaText(v)])),
  }));
  return hit.data;
};

export class SearchEngine {
  readonly bundleDir: string;
  private manifest?: Promise<ShardManifest>;
  private module?: Promise<PagefindModule>;
  private readonly instances = new Map<string, Promise<PagefindInstance>>();
  private readonly facetTables = new Map<string, Promise<FacetTable>>();
  private wasmReady: Promise<void> | undefined;

  /** bundleDir: the URL path of the bundle, e.g. /pagefind/ (under the site's base path). */
  constructor(
    bundleDir: string,
    private readonly excerptLength = 40,
  ) {
    this.bundleDir = bundleDir.endsWith('/') ? bundleDir : `${bundleDir}/`;
  }

  shards(): Promise<ShardManifest> {
    this.manifest ??= fetch(`${this.bundleDir}${SHARD_MANIFEST}`, { cache: 'no-cache' }).then((r) => {
      if (!r.ok) throw new Error(`${r.status} ${SHARD_MANIFEST}`);
      return r.json() as Promise<ShardManifest>;
    });
    return this.manifest;
  }

  /**
   * Loads the manifest and Pagefind's runtime, and with `newest` the instance of the shard a search in
   * the default order opens first, with its WebAssembly and page table: called when the page opens,
   * while the reader types, so that the first results wait only for the query's own index chunks and
   * fragments.
   */
  async warm(newest: boolean): Promise<void> {
    const manifest = await this.shards();
    const first = manifest.shards[0];
    if (first && newest) await this.instance(first);
    else if (first) await this.pagefind();
  }

  private pagefind(): Promise<PagefindModule> {
    this.module ??= import(/* @vite-ignore */ `${this.bundleDir}pagefind.js`) as Promise<PagefindModule>;
    return this.module;
  }

  private instance(shard: ShardEntry): Promise<PagefindInstance> {
    let pending = this.instances.get(shard.id);
    if (!pending) {
      pending = this.create(shard);
      this.instances.set(shard.id, pending);
    }
    return pending;
  }

  private async create(shard: ShardEntry): Promise<PagefindInstance> {
    const [pagefind, manifest] = await Promise.all([this.pagefind(), this.shards()]);
    // Every instance in a page (or worker) shares one WebAssembly module, but Pagefind instantiates it
    // once per instance unless it is already there: instances started together would each instantiate
    // it, and all but the last would then point into a discarded memory ("unreachable"). The first
    // instance is therefore left to finish loading before any other is created.
    if (this.wasmReady) await this.wasmReady;
    // Pagefind picks an instance's index by the page's language, read when the instance is created:
    // the shard id is its index's language (scripts/lib/search/index-build.ts), so it is the page's language
    // for that one synchronous call.
    const html = document.documentElement;
    const lang = html.getAttribute('lang');
    html.setAttribute('lang', shard.id);
    let created: PagefindInstance;
    try {
      created = pagefind.createInstance({
        basePath: this.bundleDir,
        // The indexed URLs already carry the site's base path; Pagefind would otherwise put the
        // bundle's parent folder before them again (/fzbg/fzbg/reports/…).
        baseUrl: '/',
        excerptLength: this.excerptLength,
        metaCacheTag: manifest.tag ?? null,
      });
    } finally {
      if (lang === null) html.removeAttribute('lang');
      else html.setAttribute('lang', lang);
    }
    // An empty query returns at once, but only once the instance's index entry and WebAssembly are
    // loaded: nothing else is fetched for it (the filter index waits until the counts need it).
    const loaded = created.search('').then(
      () => undefined,
      () => undefined,
    );
    this.wasmReady ??= loaded;
    await loaded;
    return created;
  }

  /** Starts a search; results are then read in order with SearchRun.next(). */
  async run(request: SearchRequest): Promise<SearchRun> {
    const manifest = await this.shards();
    const years = request.filters.year ?? [];
    const shards = manifest.shards.filter((s) => !years.length || s.years.some((y) => years.includes(String(y))));
    return new SearchRun(
      request,
      shards,
      (s) => this.instance(s),
      (s) => this.facetTable(s),
    );
  }

  /** A shard's facet table (fetched once; only queries of several parts need it). */
  private facetTable(shard: ShardEntry): Promise<FacetTable> {
    let pending = this.facetTables.get(shard.id);
    if (!pending) {
      const empty: FacetTable = { version: 1, values: [], pages: {} };
      pending = shard.facets
        ? fetch(`${this.bundleDir}${shard.facets}`).then(async (r) => {
            if (!r.ok || !r.body) throw new Error(`${r.status} ${shard.facets}`);
            // Gzipped, like Pagefind's own files, and served as they are (not content-encoded).
            const text = await new Response(r.body.pipeThrough(new DecompressionStream('gzip'))).text();
            return JSON.parse(text) as FacetTable;
          })
        : Promise.resolve(empty);
      this.facetTables.set(shard.id, pending);
    }
    return pending;
  }
}

/**
 * One search, read in order. Its parts: which shards, in which order, how far (schedule.ts); the
 * results by score (score-order.ts) or by date (date-order.ts); the search of one shard, cached here
 * so that results and counts share it; the counts (totals).
 */
export class SearchRun {
  private readonly searched = new Map<string, Promise<PagefindSearch>>();
  private readonly schedule: ShardSchedule;
  /** The results in the order asked for. */
  private readonly order: ScoreOrder | DateOrder;

  constructor(
    readonly request: SearchRequest,
    readonly shardsInScope: ShardEntry[],
    private readonly instanceOf: (s: ShardEntry) => Promise<PagefindInstance>,
    private readonly facetsOf: (s: ShardEntry) => Promise<FacetTable>,
  ) {
    this.schedule = new ShardSchedule(request, shardsInScope);
    const search = (shard: ShardEntry, year: Group['year']) => this.search(shard, year);
    const asc = request.sort.endsWith('asc');
    this.order = request.sort.startsWith('published')
      ? new DateOrder(
          asc,
          this.schedule,
          search,
          // An undated report (date '') comes after every dated one in either direction (fields.ts UNDATED_LAST).
          async (hit) => (await loadData(hit)).meta.date || (asc ? UNDATED_LAST.oldest : UNDATED_LAST.newest),
        )
      : new ScoreOrder(this.schedule, search);
  }

  /**
   * One shard, for one year or for all the years asked for (searchOptions). Its chunks are fetched once
   * and shared by its searches. With counts, the search also counts the facets (the first results do
   * without: their shards' filter index is not fetched for them).
   */
  private search(shard: ShardEntry, year: Group['year'], counts = false): Promise<PagefindSearch> {
    const key = `${shard.id}|${year}|${counts}`;
    let pending = this.searched.get(key);
    if (!pending) {
      const options = searchOptions(this.request, shard, year);
      const parts = this.request.query;
      pending = this.instanceOf(shard).then(async (pf) => {
        const [only] = parts;
        if (parts.length <= 1 && typeof only !== 'object') {
          // One search: Pagefind counts its facets, only over the filter index it has loaded.
          if (counts) await pf.filters();
          return only === undefined ? pf.search(null, options) : searchPart(pf, only, options);
        }
        const searches = await Promise.all(parts.map((p) => searchQueryPart(pf, p, options)));
        const results = intersect(searches.map((s) => s.results));
        const filters = counts
          ? countFacets(
              await this.facetsOf(shard),
              results.map((r) => r.id),
            )
          : {};
        return { results, filters };
      });
      this.searched.set(key, pending);
    }
    return pending;
  }

  /** The next n results in order (fewer at the end). */
  async next(n: number): Promise<ResultData[]> {
    return Promise.all(await this.nextPending(n));
  }

  /**
   * The next n results in order (fewer at the end), each still loading (Pagefind fetches and reads a
   * fragment per result, all at once): the page shows each as soon as it and those before it are there.
   */
  async nextPending(n: number): Promise<Promise<ResultData>[]> {
    return (await this.order.next(n)).map(loadData);
  }

  /**
   * Counts the reports found and their facets in the first `limit` shards in reading order (at least
   * every shard the results read so far came from; default: every shard in scope), summing over shards
   * (each report is in one). Shards counted before are not searched again.
   */
  async totals(limit = Number.POSITIVE_INFINITY): Promise<SearchTotals> {
    const { readingOrder, opened } = this.schedule;
    const isCounted = (s: ShardEntry, i: number) => i < limit || opened.has(s);
    const counted = readingOrder.filter(isCounted);
    const searches = await Promise.all(counted.map((s) => this.search(s, 'all', true)));
    const { count, facets } = sumCounts(searches);
    const years = this.request.filters.year ?? [];
    const rest = readingOrder.filter((s, i) => !isCounted(s, i));
    const inScope = (s: ShardEntry) => reportsInScope(s, years);
    const uncountedYears = new Set(
      rest.flatMap((s) => s.years.map(String)).filter((y) => !years.length || years.includes(y)),
    );
    return {
      count,
      facets,
      complete: rest.length === 0,
      countedReports: counted.reduce((sum, s) => sum + inScope(s), 0),
      uncountedReports: rest.reduce((sum, s) => sum + inScope(s), 0),
      uncountedYears: [...uncountedYears],
    };
  }

  /** Whether every result has been read. */
  get exhausted(): boolean {
    return this.schedule.done && !this.order.pending;
  }
}

/** The reports found and the facet counts of several shards: sums, as each report is in exactly one shard. */
function sumCounts(searches: PagefindSearch[]): Pick<SearchTotals, 'count' | 'facets'> {
  const facets: Record<string, Record<string, number>> = {};
  let count = 0;
  for (const search of searches) {
    count += search.results.length;
    for (const [filter, values] of Object.entries(search.filters ?? {})) {
      facets[filter] ??= {};
      const into = facets[filter];
      for (const [value, n] of Object.entries(values)) into[value] = (into[value] ?? 0) + n;
    }
  }
  return { count, facets };
}
