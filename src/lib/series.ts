/**
 * Series: one body's reports over the years, the unit the year-over-year comparison works on.
 *
 * Two reports are of the same body when their authorities are the same name once written alike (县政府 and
 * 县人民政府 are one body; a government's 办公室 is another) and they stand in the same region (two 鼓楼区人民政府
 * exist in 江苏). A sidecar's `series:` overrides this: a name links the report to that body's series (a body
 * renamed between two years), `false` keeps it out of every series. Pure and O(n).
 */
import type { Report } from './report.ts';
import { newestDateFirst, regionChain } from './report-facts.ts';

/**
 * An authority's name as one body writes it in any year: whitespace and full-width brackets unified, 政府 spelt
 * 人民政府 (县政府 → 县人民政府, 县政府办公室 → 县人民政府办公室). Nothing else is folded: an office, a party
 * committee and a department stay apart.
 */
export function normaliseAuthority(name: string): string {
  return name
    .replace(/\s+/g, '')
    .replace(/[（(]/g, '（')
    .replace(/[）)]/g, '）')
    .replace(/(?<!人民)政府/g, '人民政府');
}

/** The series a report belongs to; null when it stands alone (no authority, no year, or unlinked by its sidecar). */
export function seriesKey(report: Pick<Report, 'authority' | 'year' | 'region' | 'series'>): string | null {
  if (report.year === null || report.series === false) return null;
  const body = report.series ?? report.authority;
  if (!body) return null;
  return `${normaliseAuthority(body)}|${regionChain(report.region).join('/')}`;
}

/** Two reports of one series, of consecutive years in it (a gap when the archive holds no report in between). */
export interface ComparePair {
  earlier: Report;
  later: Report;
}

export interface SeriesIndex {
  /** Each series' reports compared, oldest first: one per year. */
  series: Map<string, Report[]>;
  /** Every consecutive pair of every series, n − 1 per series of n years. */
  pairs: ComparePair[];
  /** The pairs a report is in, by slug: as the later report (previous) and as the earlier one (next). */
  pairsOf: Map<string, { previous: ComparePair | null; next: ComparePair | null }>;
  /** Each report's series' reports of the nearest earlier and later years, by slug (also for a report not compared). */
  neighboursOf: Map<string, { previous: Report | null; next: Report | null }>;
}

/**
 * The archive's series. Where a series holds several reports of one year (a corrected version, an excerpt), the
 * latest dated one stands for the year in comparisons; the others still link to the years before and after.
 */
export function buildSeries(reports: readonly Report[]): SeriesIndex {
  const members = new Map<string, Report[]>();
  for (const report of reports) {
    const key = seriesKey(report);
    if (key === null) continue;
    const list = members.get(key);
    if (list) list.push(report);
    else members.set(key, [report]);
  }
  const series = new Map<string, Report[]>();
  const pairs: ComparePair[] = [];
  const pairsOf: SeriesIndex['pairsOf'] = new Map();
  const neighboursOf: SeriesIndex['neighboursOf'] = new Map();
  for (const key of [...members.keys()].sort()) {
    const list = members.get(key) as Report[];
    const byYear = new Map<number, Report>();
    for (const report of [...list].sort(newestDateFirst)) {
      const year = report.year as number;
      if (!byYear.has(year)) byYear.set(year, report);
    }
    const years = [...byYear.keys()].sort((a, b) => a - b);
    const chosen = years.map((y) => byYear.get(y) as Report);
    if (chosen.length < 2) continue;
    series.set(key, chosen);
    for (let i = 1; i < chosen.length; i++) {
      const pair = { earlier: chosen[i - 1] as Report, later: chosen[i] as Report };
      pairs.push(pair);
      const a = pairsOf.get(pair.earlier.slug) ?? { previous: null, next: null };
      pairsOf.set(pair.earlier.slug, { ...a, next: pair });
      const b = pairsOf.get(pair.later.slug) ?? { previous: null, next: null };
      pairsOf.set(pair.later.slug, { ...b, previous: pair });
    }
    for (const report of list) {
      const year = report.year as number;
      const at = years.indexOf(year);
      const before = years[at - 1];
      const after = years[at + 1];
      neighboursOf.set(report.slug, {
        previous: before !== undefined ? (byYear.get(before) ?? null) : null,
        next: after !== undefined ? (byYear.get(after) ?? null) : null,
      });
    }
  }
  return { series, pairs, pairsOf, neighboursOf };
}
