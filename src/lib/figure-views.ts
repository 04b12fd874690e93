/**
 * The key figures as the pages show them (issue 20): each figure's place in the rendered report, values by
 * year for a body or a region, sub-regions compared, the national tables and the rows of figures.csv. Pure.
 */
import { type Archive, type RegionNode, regionPathOf } from './archive.ts';
import { type Figure, INDICATORS, type IndicatorId } from './indicators.ts';
import { escapeAsRendered } from './render.ts';
import type { Report } from './report.ts';
import { isGovernmentBody, regionChain } from './report-facts.ts';

/** The id of the mark around a figure's clause in the report page: fig-<indicator>. */
export const figureAnchor = (indicator: IndicatorId) => `fig-${indicator}`;

/**
 * The report's HTML with each figure's clause wrapped in <span id="fig-…">, so that the 关键数据 table's link
 * lands on the clause itself; where the clause cannot be found as plain text (Markdown emphasis inside it),
 * the link goes to its section. Only text outside tags is matched, and a clause is wrapped once.
 */
export function anchorFigures(
  html: string,
  figures: readonly Figure[],
): { html: string; hrefs: Map<IndicatorId, string> } {
  const hrefs = new Map<IndicatorId, string>();
  let out = html;
  for (const figure of figures) {
    const needle = escapeAsRendered(figure.text);
    let at = needle ? out.indexOf(needle) : -1;
    // Skip a match inside a tag or an attribute (between < and >).
    while (at >= 0 && out.lastIndexOf('<', at) > out.lastIndexOf('>', at)) at = out.indexOf(needle, at + 1);
    // A clause already wrapped for another figure (two figures of one clause): link to that mark.
    const wrappedBy = at >= 0 ? /<span id="(fig-[A-Za-z]+)" class="figure-clause">$/.exec(out.slice(0, at)) : null;
    if (wrappedBy?.[1]) {
      hrefs.set(figure.indicator, `#${wrappedBy[1]}`);
      continue;
    }
    if (at < 0) {
      hrefs.set(figure.indicator, figure.section ? `#${figure.section}` : '#report-body');
      continue;
    }
    const id = figureAnchor(figure.indicator);
    out = `${out.slice(0, at)}<span id="${id}" class="figure-clause">${needle}</span>${out.slice(at + needle.length)}`;
    hrefs.set(figure.indicator, `#${id}`);
  }
  return { html: out, hrefs };
}

/** A figure's value as read: 约 before an approximate number, the unit after (100%, 6 件). */
export function formatFigure(figure: Pick<Figure, 'value' | 'unit' | 'approx'>): string {
  const value = Number.isInteger(figure.value) ? String(figure.value) : String(Number(figure.value.toFixed(2)));
  return `${figure.approx ? '约 ' : ''}${value}${figure.unit === '%' ? '%' : ` ${figure.unit}`}`;
}

export interface FigurePoint {
  year: number;
  figure: Figure;
  report: { slug: string; title: string };
}

export interface IndicatorSeries {
  indicator: (typeof INDICATORS)[number];
  /** Newest year first; one point per year (the earliest-added report of a year when a body has two). */
  points: FigurePoint[];
}

/** Per indicator, the values by year of a set of reports (one body's, or a region's own government's). */
export function seriesByYear(reports: readonly Report[]): IndicatorSeries[] {
  const dated = reports
    .filter((r) => r.year !== null && r.figures.length > 0)
    .sort(
      (a, b) =>
        (b.year as number) - (a.year as number) || a.added.localeCompare(b.added) || a.slug.localeCompare(b.slug),
    );
  return INDICATORS.flatMap((indicator) => {
    const seen = new Set<number>();
    const points: FigurePoint[] = [];
    for (const r of dated) {
      const figure = r.figures.find((f) => f.indicator === indicator.id);
      if (!figure || seen.has(r.year as number)) continue;
      seen.add(r.year as number);
      points.push({ year: r.year as number, figure, report: { slug: r.slug, title: r.title } });
    }
    return points.length ? [{ indicator, points }] : [];
  });
}

/** A region's own government's reports (not its departments'): what speaks for the region as a whole. */
export function governmentReports(node: RegionNode): Report[] {
  return node.own.filter((r) => isGovernmentBody(r.authority));
}

export interface SubRegionComparison {
  indicator: (typeof INDICATORS)[number];
  year: number;
  rows: { name: string; path: string; figure: Figure; report: { slug: string; title: string } }[];
}

/**
 * Per indicator, the sub-regions' governments compared for the latest year in which at least one of them
 * states the figure (an indicator without any such figure is left out).
 */
export function compareSubRegions(archive: Archive, node: RegionNode): SubRegionComparison[] {
  const children = node.ordered.map((child) => ({ child, reports: governmentReports(child) }));
  return INDICATORS.flatMap((indicator) => {
    const candidates = children.flatMap(({ child, reports }) =>
      reports.flatMap((r) => {
        const figure = r.figures.find((f) => f.indicator === indicator.id);
        return figure && r.year !== null ? [{ child, report: r, figure, year: r.year }] : [];
      }),
    );
    if (candidates.length === 0) return [];
    const year = Math.max(...candidates.map((c) => c.year));
    const seen = new Set<string>();
    const rows = candidates
      .filter((c) => c.year === year)
      .filter((c) => {
        // One row per sub-region: its first report of the year (two versions of one report are one value).
        if (seen.has(c.child.name)) return false;
        seen.add(c.child.name);
        return true;
      })
      .map((c) => ({
        name: c.child.name,
        path: regionPathOf(archive, c.child.chain),
        figure: c.figure,
        report: { slug: c.report.slug, title: c.report.title },
      }));
    return [{ indicator, year, rows }];
  });
}

export const FIGURE_COLUMNS = [
  'indicator',
  'indicatorLabel',
  'value',
  'unit',
  'approx',
  'year',
  'authority',
  'province',
  'city',
  'county',
  'township',
  'regionCode',
  'text',
  'section',
  'reportUrl',
  'clauseUrl',
] as const;
export type FigureColumn = (typeof FIGURE_COLUMNS)[number];

export const FIGURE_HEADERS_ZH: Record<FigureColumn, string> = {
  indicator: '指标代码',
  indicatorLabel: '指标',
  value: '数值',
  unit: '单位',
  approx: '约数',
  year: '报告年度',
  authority: '发文机关',
  province: '省级',
  city: '地市',
  county: '县区',
  township: '乡镇街道',
  regionCode: '区划代码',
  text: '原文',
  section: '所在章节',
  reportUrl: '报告网址',
  clauseUrl: '原文位置',
};

/** One row per figure of every report (figures.csv / figures.json), in the archive's order, indicators in theirs. */
export function figureRows(
  reports: readonly Report[],
  reportUrl: (slug: string) => string,
): Record<FigureColumn, string | number | null>[] {
  return reports.flatMap((r) =>
    r.figures.map((f) => ({
      indicator: f.indicator,
      indicatorLabel: INDICATORS.find((i) => i.id === f.indicator)?.label ?? f.indicator,
      value: f.value,
      unit: f.unit,
      approx: f.approx ? 1 : 0,
      year: r.year,
      authority: r.authority,
      province: r.region.province,
      city: r.region.city,
      county: r.region.county,
      township: r.region.township,
      regionCode: r.region.code,
      text: f.text,
      section: f.section,
      reportUrl: reportUrl(r.slug),
      clauseUrl: `${reportUrl(r.slug)}#${figureAnchor(f.indicator)}`,
    })),
  );
}

export interface IndicatorTableRow {
  place: string;
  authority: string | null;
  year: number | null;
  figure: Figure;
  report: { slug: string; title: string };
}

/** Every figure of one indicator across the archive: the national table of /figures/<indicator>/. */
export function indicatorTable(reports: readonly Report[], indicator: IndicatorId): IndicatorTableRow[] {
  return reports.flatMap((r) => {
    const figure = r.figures.find((f) => f.indicator === indicator);
    return figure
      ? [
          {
            place: regionChain(r.region).join('') || '地区未确定',
            authority: r.authority,
            year: r.year,
            figure,
            report: { slug: r.slug, title: r.title },
          },
        ]
      : [];
  });
}

export interface FigurePairRow {
  indicator: (typeof INDICATORS)[number];
  earlier: Figure | null;
  later: Figure | null;
  /** later − earlier, when both are stated in the same unit and neither is approximate; null otherwise. */
  change: number | null;
}

/** Two years' key figures side by side (the compare page): each indicator either report states, in the indicators' order. */
export function figuresSideBySide(earlier: readonly Figure[], later: readonly Figure[]): FigurePairRow[] {
  return INDICATORS.flatMap((indicator) => {
    const a = earlier.find((f) => f.indicator === indicator.id) ?? null;
    const b = later.find((f) => f.indicator === indicator.id) ?? null;
    if (!a && !b) return [];
    const change =
      a && b && !a.approx && !b.approx && a.unit === b.unit ? Number((b.value - a.value).toFixed(2)) : null;
    return [{ indicator, earlier: a, later: b, change }];
  });
}
