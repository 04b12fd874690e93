/**
 * Pagefind as the search page uses it (the parts of its API the engine calls), and how a query is
 * asked of one shard's instance: the options of a search, each part of a query, and the results every
 * part found (engine.ts puts them together in SearchRun's search of a shard).
 */
import type { ShardEntry } from '../../lib/search/shards.ts';
import type { QueryPart } from '../../lib/search/tokens.ts';
import type { SearchRequest } from './engine.ts';
import type { Group } from './schedule.ts';

export interface ResultData {
  url: string;
  excerpt: string;
  meta: Record<string, string>;
  sub_results?: { title: string; url: string; excerpt: string }[];
}
export interface PagefindResult {
  id: string;
  score: number;
  data(): Promise<ResultData>;
}
export interface PagefindSearch {
  results: PagefindResult[];
  filters: Record<string, Record<string, number>>;
}
export interface PagefindInstance {
  search(q: string | null, o?: Record<string, unknown>): Promise<PagefindSearch>;
  filters(): Promise<Record<string, Record<string, number>>>;
  init(): Promise<void>;
}
export interface PagefindModule {
  createInstance(o: Record<string, unknown>): PagefindInstance;
}

/** A result as the engine reads it: Pagefind's, with its data once asked for (loaded once, however often read). */
export interface Hit {
  result: PagefindResult;
  data?: Promise<ResultData>;
}

/**
 * Pagefind's options for one search of one shard, for one year or for all the years asked for. A
 * shard of several years is narrowed by Pagefind's year filter; one of a single year needs none.
 */
export function searchOptions(
  request: SearchRequest,
  shard: ShardEntry,
  year: Group['year'],
): { filters: Record<string, { any: string[] }>; sort: Record<string, string> } {
  const { year: chosen, ...filters } = request.filters;
  const years = typeof year === 'number' ? [String(year)] : (chosen ?? []);
  const pagefindFilters: Record<string, { any: string[] }> = {};
  for (const [k, v] of Object.entries(filters)) if (v?.length) pagefindFilters[k] = { any: v };
  if (shard.years.length > 1 && years.length) pagefindFilters.year = { any: years };
  const sort: Record<string, string> =
    request.sort === 'published-asc' ? { oldest: 'asc' } : request.sort === 'published-desc' ? { newest: 'desc' } : {};
  return { filters: pagefindFilters, sort };
}

const NOTHING: PagefindSearch = { results: [], filters: {} };

/**
 * One part of a query in one shard. Pagefind leaves out of a search of several words every word its
 * index does not have (and finds nothing only when it has none of them): 法治政 would find the reports
 * with 法治 in a shard without 治政. So each word of an unquoted part is also looked up alone — in
 * the chunks the whole search loads anyway — and a word the shard lacks means no results. A quoted
 * phrase already finds nothing unless every word is there.
 */
export async function searchPart(
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
 * One part of a query in one shard, a single search or alternatives (tokens.ts QueryPart): the reports
 * any alternative finds, each once at its best score. The results of a search sorted by date must stay
 * in Pagefind's order, which only Pagefind knows: they are put in the order of the shard's reports
 * sorted alike (a search for nothing under the same filters, which reads no word index).
 */
export async function searchQueryPart(
  pf: PagefindInstance,
  part: QueryPart,
  options: { sort: Record<string, string> } & Record<string, unknown>,
): Promise<PagefindSearch> {
  if (typeof part === 'string') return searchPart(pf, part, options);
  const sorted = Object.keys(options.sort).length > 0;
  const [order, ...searches] = await Promise.all([
    sorted ? pf.search(null, options) : undefined,
    ...part.map((p) => searchPart(pf, p, options)),
  ]);
  const best = new Map<string, PagefindResult>();
  for (const result of searches.flatMap((s) => s?.results ?? [])) {
    const seen = best.get(result.id);
    if (!seen || seen.score < result.score) best.set(result.id, result);
  }
  const results = order
    ? order.results.flatMap((r) => best.get(r.id) ?? [])
    : [...best.values()].sort((a, b) => b.score - a.score);
  return { results, filters: {} };
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
export function intersect(lists: PagefindResult[][]): PagefindResult[] {
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
