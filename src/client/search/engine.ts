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
 * A query of several parts (two quoted phrases, or a phrase and other words: tokens.ts parseQuery) is
 * searched part by part in each shard and the results intersected; its facet counts then come from
 * the shard's facet table (src/lib/search/facets.ts), as Pagefind's belong to one search.
 */
import { countFacets, type FacetTable } from '../../lib/search/facets.ts';
import type { SearchFilter } from '../../lib/search/fields.ts';
import { reportsInScope, SHARD_MANIFEST, type ShardEntry, type ShardManifest } from '../../lib/search/shards.ts';
import { readMetaText } from '../../lib/search/tokens.ts';

export interface ResultData {
  url: string;
  excerpt: string;
  meta: Record<string, string>;
  sub_results?: { title: string; url: string; excerpt: string }[];
}
interface PagefindResult {
  id: string;
  score: number;
  data(): Promise<ResultData>;
}
interface PagefindSearch {
  results: PagefindResult[];
  filters: Record<string, Record<string, number>>;
}
interface PagefindInstance {
  search(q: string | null, o?: Record<string, unknown>): Promise<PagefindSearch>;
  filters(): Promise<Record<string, Record<string, number>>>;
  init(): Promise<void>;
}
interface PagefindModule {
  createInstance(o: Record<string, unknown>): PagefindInstance;
}

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
  query: string[];
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

interface Hit {
  result: PagefindResult;
  data?: Promise<ResultData>;
}

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

const NOTHING: PagefindSearch = { results: [], filters: {} };

/**
 * One part of a query in one shard. Pagefind leaves out of a search of several words every word its
 * index does not have (and finds nothing only when it has none of them): 法治政 would find the reports
 * with 法治 in a shard without 治政. So each word of an unquoted part is also looked up alone — in
 * the chunks the whole search loads anyway — and a word the shard lacks means no results. A quoted
 * phrase already finds nothing unless every word is there.
 */
async function searchPart(
  pf: PagefindInstance,
  part: string,
  options: Record<string, unknown>,
): Promise<PagefindSearch> {
  if (part.startsWith('"')) return searchPhrase(pf, part, options);
  const words = part.split(' ');
  const [whole = NOTHING, ...alone] = await Promise.all([
    pf.search(part, options),
    ...(words.length > 1 ? words.map((w) => pf.search(w, options)) : []),
  ]);
  return alone.some((s) => s.results.length === 0) ? NOTHING : whole;
}

/**
 * A quoted phrase. Pagefind scores every exact match of a phrase alike (1.0), which would leave
 * "relevance" among them arbitrary; each is scored instead by the same words searched unquoted — how
 * often and how prominently (title, headings) the phrase's bigrams occur — from the chunks the phrase
 * search has loaded (no extra download). The phrase search decides which reports match, and their
 * excerpts.
 */
async function searchPhrase(
  pf: PagefindInstance,
  phrase: string,
  options: Record<string, unknown>,
): Promise<PagefindSearch> {
  const [exact, loose] = await Promise.all([pf.search(phrase, options), pf.search(phrase.slice(1, -1), options)]);
  const scores = new Map(loose.results.map((r) => [r.id, r.score]));
  const results = exact.results.map((r) => ({ id: r.id, score: scores.get(r.id) ?? r.score, data: () => r.data() }));
  return { ...exact, results };
}

/** The results found by every list (Pagefind's results of each part of a query), in the first list's order. */
function intersect(lists: PagefindResult[][]): PagefindResult[] {
  const [first = [], ...rest] = lists;
  const others = rest.map((list) => new Map(list.map((r) => [r.id, r])));
  const out: PagefindResult[] = [];
  for (const result of first) {
    const matches = others.map((m) => m.get(result.id));
    if (matches.some((m) => m === undefined)) continue;
    // Scored by all its parts; read (excerpt and sub-results) from the first, a quoted phrase if any.
    const score = matches.reduce((sum, m) => sum + (m?.score ?? 0), result.score);
    out.push({ id: result.id, score, data: () => result.data() });
  }
  return out;
}

/** The shards to search for one step of the results: one shard of one year (year order), or all of them. */
interface Group {
  year: number | null | 'all';
  shards: ShardEntry[];
}

export class SearchRun {
  private readonly searched = new Map<string, Promise<PagefindSearch>>();
  private readonly groups: Group[];
  private group = 0;
  /** The shards in scope in the order their results are read (each once). */
  private readonly readingOrder: ShardEntry[];
  /** The shards the results read so far came from. */
  private readonly opened = new Set<ShardEntry>();
  /** The current group's results in order (score-merged), or a date merger. */
  private queue: Hit[] = [];
  private merger: DateMerger | undefined;
  private position = 0;

  constructor(
    readonly request: SearchRequest,
    readonly shardsInScope: ShardEntry[],
    private readonly instanceOf: (s: ShardEntry) => Promise<PagefindInstance>,
    private readonly facetsOf: (s: ShardEntry) => Promise<FacetTable>,
  ) {
    if (request.sort === 'year-desc' || request.sort === 'year-asc') {
      const chosen = request.filters.year ?? [];
      const years = [...new Set(shardsInScope.flatMap((s) => s.years))]
        .filter((y) => !chosen.length || chosen.includes(String(y)))
        .sort((a, b) => (request.sort === 'year-asc' ? a - b : b - a));
      this.groups = years.flatMap((year) =>
        shardsInScope.filter((s) => s.years.includes(year)).map((s) => ({ year, shards: [s] })),
      );
      for (const s of shardsInScope) if (s.years.length === 0) this.groups.push({ year: null, shards: [s] });
    } else if (request.sort.startsWith('published')) {
      // By the date their first result would have (a shard without a date range first: it may hold any).
      const asc = request.sort.endsWith('asc');
      const bound = (s: ShardEntry) => (s.dates ? (asc ? s.dates[0] : s.dates[1]) : '');
      const ordered = [...shardsInScope].sort((a, b) => {
        const [x, y] = [bound(a), bound(b)];
        if (!x || !y) return x ? 1 : y ? -1 : 0;
        return asc ? (x < y ? -1 : x > y ? 1 : 0) : x > y ? -1 : x < y ? 1 : 0;
      });
      this.groups = ordered.map((s) => ({ year: 'all', shards: [s] }));
    } else this.groups = shardsInScope.length ? [{ year: 'all', shards: shardsInScope }] : [];
    this.readingOrder = [...new Set(this.groups.flatMap((g) => g.shards))];
  }

  /**
   * One shard, for one year or for all the years asked for. A shard of several years is narrowed by
   * Pagefind's year filter; its chunks are fetched once and shared by its searches. With counts, the
   * search also counts the facets (the first results do without: their shards' filter index is not
   * fetched for them).
   */
  private search(shard: ShardEntry, year: number | null | 'all', counts = false): Promise<PagefindSearch> {
    const key = `${shard.id}|${year}|${counts}`;
    let pending = this.searched.get(key);
    if (!pending) {
      const { year: chosen, ...filters } = this.request.filters;
      const years = typeof year === 'number' ? [String(year)] : (chosen ?? []);
      const pagefindFilters: Record<string, { any: string[] }> = {};
      for (const [k, v] of Object.entries(filters)) if (v?.length) pagefindFilters[k] = { any: v };
      if (shard.years.length > 1 && years.length) pagefindFilters.year = { any: years };
      const sort = this.request.sort.startsWith('published')
        ? { published: this.request.sort.endsWith('asc') ? 'asc' : 'desc' }
        : {};
      const options = { filters: pagefindFilters, sort };
      const parts = this.request.query;
      pending = this.instanceOf(shard).then(async (pf) => {
        if (parts.length <= 1) {
          // Pagefind counts facets only over the filter index it has loaded.
          if (counts) await pf.filters();
          return parts[0] === undefined ? pf.search(null, options) : searchPart(pf, parts[0], options);
        }
        const searches = await Promise.all(parts.map((p) => searchPart(pf, p, options)));
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

  /**
   * Opens the next `count` groups at once (searched in parallel, read in order): a query found in few
   * reports walks many one-shard groups before a page is full, and one at a time would add up their
   * round trips.
   */
  private async openGroups(count: number): Promise<boolean> {
    const groups = this.groups.slice(this.group, this.group + count);
    if (!groups.length) return false;
    this.group += groups.length;
    for (const group of groups) for (const shard of group.shards) this.opened.add(shard);
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

  /** The next n results in order (fewer at the end). */
  async next(n: number): Promise<ResultData[]> {
    return Promise.all(await this.nextPending(n));
  }

  /**
   * The next n results in order (fewer at the end), each still loading (Pagefind fetches and reads a
   * fragment per result, all at once): the page shows each as soon as it and those before it are there.
   */
  async nextPending(n: number): Promise<Promise<ResultData>[]> {
    if (this.request.sort.startsWith('published')) return (await this.nextByDate(n)).map(loadData);
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
    return out.map(loadData);
  }

  /**
   * The next n results by date. The shards are in the order of their date ranges; the next one is opened
   * (searched, its list added to the merger) whenever it may hold a result that comes before the best
   * result of the shards open so far — and, while none is open or all are spent, one, then two, four,
   * eight at a time.
   */
  private async nextByDate(n: number): Promise<Hit[]> {
    const asc = this.request.sort.endsWith('asc');
    this.merger ??= new DateMerger(asc ? 1 : -1);
    const merger = this.merger;
    const mayPrecede = ({ shards: [shard] }: Group, date: string) =>
      !shard?.dates || (asc ? shard.dates[0] <= date : shard.dates[1] >= date);
    const out: Hit[] = [];
    let batch = 1;
    while (out.length < n) {
      const head = await merger.peek();
      const waiting = this.groups.slice(this.group);
      // With a best result in hand: every next shard (up to eight) that may hold one before it.
      let precede = 0;
      while (head && precede < Math.min(waiting.length, 8) && mayPrecede(waiting[precede] as Group, head.date))
        precede++;
      const opening = head ? waiting.slice(0, precede) : waiting.slice(0, batch);
      if (opening.length) {
        if (!head) batch = Math.min(batch * 2, 8);
        this.group += opening.length;
        for (const group of opening) for (const shard of group.shards) this.opened.add(shard);
        const searched = await Promise.all(opening.map((g) => this.search(g.shards[0] as ShardEntry, g.year)));
        for (const search of searched) merger.add(search.results);
        continue;
      }
      if (!head) break;
      merger.take(head.list);
      out.push(head.hit);
    }
    return out;
  }

  /**
   * Counts the reports found and their facets in the first `limit` shards in reading order (at least
   * every shard the results read so far came from; default: every shard in scope), summing over shards
   * (each report is in one). Shards counted before are not searched again.
   */
  async totals(limit = Number.POSITIVE_INFINITY): Promise<SearchTotals> {
    const isCounted = (s: ShardEntry, i: number) => i < limit || this.opened.has(s);
    const counted = this.readingOrder.filter(isCounted);
    const searches = await Promise.all(counted.map((s) => this.search(s, 'all', true)));
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
    const years = this.request.filters.year ?? [];
    const rest = this.readingOrder.filter((s, i) => !isCounted(s, i));
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
    return this.group >= this.groups.length && !this.merger?.pending && this.position >= this.queue.length;
  }
}

/** Merges per-shard lists, each already in date order, by the date in each result's metadata. */
class DateMerger {
  private readonly lists: PagefindResult[][] = [];
  private readonly heads: number[] = [];
  private readonly hits = new Map<PagefindResult, Hit>();
  constructor(private readonly direction: 1 | -1) {}
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
      candidates.map(async (c) => ({ ...c, date: (await loadData(this.hit(c.result))).meta.date ?? '' })),
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
