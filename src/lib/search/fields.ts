/**
 * The fields of a report's search document: its filter facets and the metadata shown on its result
 * card. Shared by the build (scripts/lib/search/document.ts writes them into the document Pagefind
 * indexes) and the browser (src/client/search/ reads them back), so it stays pure and light: nothing
 * here may pull a Markdown parser or other build-only code into the search page's bundle.
 */
import type { Report } from '../report.ts';
import { regionChain } from '../report-facts.ts';

/** The filter facets of the search page, in display order. */
export const SEARCH_FILTERS = ['province', 'city', 'county', 'year', 'level', 'authority'] as const;
export type SearchFilter = (typeof SEARCH_FILTERS)[number];

export function searchFilters(report: Report): Record<SearchFilter, string[]> {
  const one = (v: string | number | null) => (v === null || v === '' ? [] : [String(v)]);
  return {
    province: one(report.region.province),
    city: one(report.region.city),
    county: one(report.region.county),
    year: one(report.year),
    level: one(report.level),
    authority: one(report.authority),
  };
}

/**
 * The sort keys of a report without a publication date, one per direction (newest first, oldest first):
 * after every real date in each, so undated reports come last in both.
 */
export const UNDATED_LAST = { newest: '0000-00-00', oldest: '9999-12-31' } as const;

/** The metadata of a result card, as shown (searchDocument gives it to Pagefind through metaText). */
export function searchMeta(report: Report): Record<string, string> {
  return {
    title: report.title,
    authority: report.authority ?? '',
    year: report.year === null ? '' : String(report.year),
    region: regionChain(report.region).join(' '),
    published: report.published ?? '',
    /** The date results are sorted by: the publication date; '' when unknown (such a report comes last). */
    date: report.published ?? '',
    docNumber: report.docNumber ?? '',
  };
}
