import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildArchive } from '../../src/lib/archive.ts';
import { csvTable } from '../../src/lib/catalog.ts';
import {
  anchorFigures,
  compareSubRegions,
  FIGURE_COLUMNS,
  FIGURE_HEADERS_ZH,
  figureRows,
  formatFigure,
  governmentReports,
  seriesByYear,
} from '../../src/lib/figure-views.ts';
import { extractFigures } from '../../src/lib/figures.ts';
import type { Figure } from '../../src/lib/indicators.ts';
import { applyFigureOverrides, parseSidecar } from '../../src/lib/overrides.ts';
import { renderBody } from '../../src/lib/render.ts';
import { parseCsv } from '../helpers/csv.ts';
import { fixtureArchive } from '../helpers/fixture-archive.ts';

const figure = (over: Partial<Figure>): Figure => ({
  indicator: 'litigationCases',
  value: 6,
  unit: '件',
  approx: false,
  text: '行政应诉案件共6件',
  section: 'h-1',
  ...over,
});

describe('the report page’s marks', () => {
  const body = '## 一、主要举措\n\n2024年，经开区行政应诉案件共6件，无一件行政败诉案件，行政机关负责人出庭应诉率100%。';
  const context = {
    year: 2024,
    place: '济宁经济开发区',
    level: 'county' as const,
    authority: '济宁经济开发区管理委员会',
  };

  it('wraps each figure’s clause once, so that the table’s link lands on it', () => {
    const figures = extractFigures(body, context);
    expect(figures.map((f) => f.indicator)).toEqual(['litigationCases', 'lostCases', 'leaderAppearanceRate']);
    const { html, hrefs } = anchorFigures(renderBody(body).html, figures);
    for (const f of figures) {
      const href = hrefs.get(f.indicator) as string;
      expect(html).toContain(`<span id="${href.slice(1)}" class="figure-clause">`);
    }
    expect(html.replace(/<[^>]+>/g, '')).toBe(renderBody(body).html.replace(/<[^>]+>/g, ''));
  });

  it('matches escaped text and never inside a tag; links to the section when the clause is not plain text', () => {
    const html = '<h2 id="h-1" title="案件6件">一</h2><p>A &amp; B 案件6件</p>';
    const { html: out, hrefs } = anchorFigures(html, [
      figure({ text: 'A & B 案件6件' }),
      figure({ indicator: 'lostCases', text: '**不在**', section: 'h-1' }),
    ]);
    expect(out).toBe(
      '<h2 id="h-1" title="案件6件">一</h2><p><span id="fig-litigationCases" class="figure-clause">A &amp; B 案件6件</span></p>',
    );
    expect(hrefs.get('lostCases')).toBe('#h-1');
  });

  it('keeps the text of any HTML (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string({ minLength: 1 }), { maxLength: 3 }), (text, clauses) => {
        const html = renderBody(text).html;
        const figures = clauses.map((c, i) =>
          figure({ indicator: (['litigationCases', 'lostCases', 'lossRate'] as const)[i] ?? 'lossRate', text: c }),
        );
        return (
          anchorFigures(html, figures).html.replace(/<span id="fig-\w+" class="figure-clause">|<\/span>/g, '') ===
          html.replace(/<\/span>/g, '')
        );
      }),
    );
  });

  it('formats a value as read', () => {
    expect(formatFigure(figure({}))).toBe('6 件');
    expect(formatFigure(figure({ value: 98.5, unit: '%' }))).toBe('98.5%');
    expect(formatFigure(figure({ value: 300, approx: true }))).toBe('约 300 件');
  });
});

describe('a sidecar’s corrections', () => {
  const extracted = [
    figure({}),
    figure({ indicator: 'leaderAppearanceRate', value: 100, unit: '%', text: '出庭应诉率100%' }),
  ];

  it('removes, corrects and adds by indicator, in the indicators’ order', () => {
    const sidecar = parseSidecar(
      'figures:\n  leaderAppearanceRate: null\n  litigationCases: { value: 7 }\n  reconsiderationCases: { value: 12, text: 收到行政复议申请12件 }\n',
    );
    const out = applyFigureOverrides(extracted, sidecar.figures, (t) => (t.includes('复议') ? 'h-2' : null));
    expect(out).toEqual([
      {
        indicator: 'reconsiderationCases',
        value: 12,
        unit: '件',
        approx: false,
        text: '收到行政复议申请12件',
        section: 'h-2',
      },
      { ...extracted[0], value: 7 },
    ]);
  });

  it('refuses an unknown indicator or a negative value with a message naming the field', () => {
    expect(() => parseSidecar('figures:\n  lawsuits: { value: 1 }\n')).toThrow(/figures/);
    expect(() => parseSidecar('figures:\n  lostCases: { value: -1 }\n')).toThrow(/不能为负数/);
  });
});

describe('figures across reports', () => {
  const reports = fixtureArchive().map((f) => f.report);
  const archive = buildArchive(reports);

  it('gives one body’s values by year, newest first, one point a year', () => {
    const county = archive.root.children.get('山东省')?.children.get('济宁市')?.children.get('梁山县');
    const series = seriesByYear(governmentReports(county as never));
    const litigation = series.find((s) => s.indicator.id === 'litigationCases');
    expect(litigation?.points.map((p) => p.year)).toEqual([2023, 2022]);
    for (const p of litigation?.points ?? [])
      expect(reports.find((r) => r.slug === p.report.slug)?.figures).toContainEqual(p.figure);
  });

  it('compares a region’s sub-regions for the latest year any of them states a figure', () => {
    const shandong = archive.root.children.get('山东省');
    const comparisons = compareSubRegions(archive, shandong as never);
    const litigation = comparisons.find((c) => c.indicator.id === 'litigationCases');
    expect(litigation?.year).toBe(2023);
    expect(litigation?.rows.map((r) => r.name)).toEqual(['济宁市']);
  });

  it('writes one row per figure, round-tripping through CSV', () => {
    const rows = figureRows(reports, (slug) => `https://x/reports/${slug}/`);
    expect(rows).toHaveLength(reports.reduce((n, r) => n + r.figures.length, 0));
    const [header, ...body] = parseCsv(csvTable(FIGURE_COLUMNS, FIGURE_HEADERS_ZH, rows).slice(1));
    expect(header).toEqual(FIGURE_COLUMNS.map((c) => FIGURE_HEADERS_ZH[c]));
    expect(body.map((r) => r[FIGURE_COLUMNS.indexOf('text')])).toEqual(rows.map((r) => r.text));
    expect(rows[0]?.clauseUrl).toMatch(/#fig-\w+$/);
  });
});
