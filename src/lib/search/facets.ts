/**
 * Facet counts for the searches Pagefind cannot run as one. Pagefind treats a query as an exact phrase
 * only when the whole of it is one quoted phrase; a query with two phrases, or a phrase and other words,
 * is therefore searched part by part and the results intersected in the browser
 * (src/client/search/engine.ts). Pagefind's facet counts belong to one search, so the counts of an
 * intersection come from this table instead: each page of a shard (by Pagefind's page id, the name of
 * its fragment) → its filter values. It is built with the shard (scripts/lib/search/shard-worker.ts)
 * from the fragments Pagefind wrote, and fetched only for such queries (about 12 KB per 1,000 reports).
 */

export interface FacetTable {
  version: 1;
  /** Every [filter, value] pair of the shard, sorted. */
  values: [string, string][];
  /** Page id → indexes into values. */
  pages: Record<string, number[]>;
}

export interface FacetPage {
  /** Pagefind's page id (its fragment's file name without the extension). */
  id: string;
  filters: Record<string, string[]>;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The table of a shard's pages; the same pages give the same table, byte for byte, in any order. */
export function buildFacetTable(pages: Iterable<FacetPage>): FacetTable {
  const list = [...pages].sort((a, b) => byText(a.id, b.id));
  const pairs = new Map<string, [string, string]>();
  for (const page of list)
    for (const [filter, values] of Object.entries(page.filters))
      for (const value of values) pairs.set(JSON.stringify([filter, value]), [filter, value]);
  const values = [...pairs.values()].sort((a, b) => byText(a[0], b[0]) || byText(a[1], b[1]));
  const index = new Map(values.map((pair, i) => [JSON.stringify(pair), i]));
  const out: FacetTable = { version: 1, values, pages: {} };
  for (const page of list) {
    const indexes = Object.entries(page.filters).flatMap(([filter, vs]) =>
      vs.map((v) => index.get(JSON.stringify([filter, v])) as number),
    );
    out.pages[page.id] = [...new Set(indexes)].sort((x, y) => x - y);
  }
  return out;
}

/** Facet counts (filter → value → reports) over the given pages, in Pagefind's shape. */
export function countFacets(table: FacetTable, ids: Iterable<string>): Record<string, Record<string, number>> {
  const counts: Record<string, Record<string, number>> = {};
  for (const id of ids) {
    for (const i of table.pages[id] ?? []) {
      const [filter, value] = table.values[i] ?? ['', ''];
      counts[filter] ??= {};
      const into = counts[filter];
      into[value] = (into[value] ?? 0) + 1;
    }
  }
  return counts;
}
