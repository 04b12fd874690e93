/**
 * Lists that scale (issue 24): a year's or a region's reports split into pages of at most a set number of reports
 * (GONGKAI_LIST_PAGE_SIZE, 200), so that a page stays small at any archive size — at 100,000 reports a year page
 * holding every report of its year weighed 4.3 MB, too much for a phone on a slow network.
 *
 * Page 1 keeps the list's address (/years/2024/); page n is /years/2024/p/n/. "p" is no Chinese place name's
 * pinyin (region segments are whole syllables), so it never collides with a sub-region's address. Pure.
 */

export const PAGE_SEGMENT = 'p';

export interface ListPage<T> {
  /** 1-based. */
  number: number;
  /** How many pages the list has. */
  count: number;
  items: T[];
  /** The index in the whole list of this page's first item. */
  offset: number;
}

/** The list in pages of at most size items; an empty list is one empty page (its page still exists). */
export function paginate<T>(items: readonly T[], size: number): ListPage<T>[] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`page size ${size}`);
  const count = Math.max(1, Math.ceil(items.length / size));
  return Array.from({ length: count }, (_, i) => ({
    number: i + 1,
    count,
    items: items.slice(i * size, (i + 1) * size),
    offset: i * size,
  }));
}

/** The address of page n of a list whose first page is at firstPath (ending in '/'). */
export function listPagePath(firstPath: string, n: number): string {
  return n === 1 ? firstPath : `${firstPath}${PAGE_SEGMENT}/${n}/`;
}

/** The part of a rest parameter that names page n: none for page 1. */
export function pageSuffix(n: number): string {
  return n === 1 ? '' : `${PAGE_SEGMENT}/${n}`;
}

/** On which page the item at index i is. */
export function pageOfIndex(i: number, size: number): number {
  return Math.floor(i / size) + 1;
}

/**
 * The page numbers a pager shows: the first, the last, and the two either side of the current one; null where
 * numbers are left out (shown as …). Bounded, whatever the number of pages.
 */
export function pagerNumbers(current: number, count: number): (number | null)[] {
  const shown = new Set([1, count]);
  for (let n = current - 2; n <= current + 2; n++) if (n >= 1 && n <= count) shown.add(n);
  const sorted = [...shown].sort((a, b) => a - b);
  const out: (number | null)[] = [];
  for (const [i, n] of sorted.entries()) {
    const before = sorted[i - 1];
    if (before !== undefined && n - before > 1) out.push(n - before === 2 ? n - 1 : null);
    out.push(n);
  }
  return out;
}

/** One group's part of one page: its key, its items on this page, whether it began on an earlier page. */
export interface PagedGroup<K, T> {
  key: K;
  items: T[];
  continued: boolean;
}

/**
 * Groups (in order) cut into pages of at most size items in all; a group cut by a page break goes on, marked
 * continued, at the top of the next page. At least one page.
 */
export function pageGroups<K, T>(groups: readonly (readonly [K, readonly T[]])[], size: number): PagedGroup<K, T>[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`page size ${size}`);
  const pages: PagedGroup<K, T>[][] = [[]];
  let onPage = 0;
  for (const [key, items] of groups) {
    let open: PagedGroup<K, T> | null = null;
    for (const [i, item] of items.entries()) {
      if (onPage === size) {
        pages.push([]);
        onPage = 0;
        open = null;
      }
      if (!open) {
        open = { key, items: [], continued: i > 0 };
        (pages[pages.length - 1] as PagedGroup<K, T>[]).push(open);
      }
      open.items.push(item);
      onPage++;
    }
  }
  return pages;
}
