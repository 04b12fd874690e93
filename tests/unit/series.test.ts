/** Which reports are one body's series (src/lib/series.ts), and the pairs the compare pages are made for. */
import { describe, expect, it } from 'vitest';
import { buildArchive, neighbours } from '../../src/lib/archive.ts';
import type { Report } from '../../src/lib/report.ts';
import { buildSeries, normaliseAuthority, seriesKey } from '../../src/lib/series.ts';
import { makeReport } from '../helpers/make-report.ts';

function report(slug: string, authority: string | null, year: number | null, extra: Partial<Report> = {}): Report {
  return makeReport(slug, {
    title: `${authority ?? ''}${year ?? ''}年度法治政府建设情况报告`,
    authority,
    year,
    ...extra,
  });
}

describe('the same body', () => {
  it('writes 政府 as 人民政府 and unifies brackets and spaces, keeping offices and departments apart', () => {
    expect(normaliseAuthority('梁山县政府')).toBe('梁山县人民政府');
    expect(normaliseAuthority('梁山县 人民政府')).toBe('梁山县人民政府');
    expect(normaliseAuthority('梁山县政府办公室')).toBe('梁山县人民政府办公室');
    expect(normaliseAuthority('中共梁山县委(县政府)')).toBe('中共梁山县委（县人民政府）');
    expect(normaliseAuthority('梁山县人民政府办公室')).not.toBe(normaliseAuthority('梁山县人民政府'));
  });

  it('needs an authority and a year; the region tells namesakes apart', () => {
    expect(seriesKey(report('a', null, 2023))).toBeNull();
    expect(seriesKey(report('a', '梁山县人民政府', null))).toBeNull();
    const nanjing = report('a', '鼓楼区人民政府', 2023, {
      region: { province: '江苏省', city: '南京市', county: '鼓楼区', township: null, code: null },
    });
    const xuzhou = report('b', '鼓楼区人民政府', 2023, {
      region: { province: '江苏省', city: '徐州市', county: '鼓楼区', township: null, code: null },
    });
    expect(seriesKey(nanjing)).not.toBe(seriesKey(xuzhou));
    expect(seriesKey(report('c', '梁山县政府', 2022))).toBe(seriesKey(report('d', '梁山县人民政府', 2023)));
  });
});

describe('series and pairs', () => {
  const years = [2019, 2020, 2021, 2023];
  const reports = [
    ...years.map((y) => report(`gov-${y}`, y === 2020 ? '梁山县政府' : '梁山县人民政府', y)),
    report('office-2021', '梁山县人民政府办公室', 2021),
    report('office-2022', '梁山县人民政府办公室', 2022),
    report('alone-2022', '梁山县司法局', 2022),
  ];

  it('pairs consecutive years of each series, n − 1 per series, gaps included', () => {
    const { pairs, series } = buildSeries(reports);
    expect(pairs.map((p) => [p.earlier.slug, p.later.slug])).toEqual([
      ['gov-2019', 'gov-2020'],
      ['gov-2020', 'gov-2021'],
      ['gov-2021', 'gov-2023'],
      ['office-2021', 'office-2022'],
    ]);
    expect([...series.values()].map((s) => s.length).sort()).toEqual([2, 4]);
  });

  it('says which pair each report is in, from both ends', () => {
    const { pairsOf } = buildSeries(reports);
    expect(pairsOf.get('gov-2021')?.previous?.earlier.slug).toBe('gov-2020');
    expect(pairsOf.get('gov-2021')?.next?.later.slug).toBe('gov-2023');
    expect(pairsOf.get('gov-2019')?.previous).toBeNull();
    expect(pairsOf.get('alone-2022')).toBeUndefined();
  });

  it('links a renamed body by its sidecar, and unlinks a report that must stand alone', () => {
    const renamed = report('fzb-2021', '梁山县法制办公室', 2021, { series: '梁山县司法局' });
    const { pairs } = buildSeries([...reports, renamed]);
    expect(pairs.some((p) => p.earlier.slug === 'fzb-2021' && p.later.slug === 'alone-2022')).toBe(true);
    const unlinked = buildSeries(reports.map((r) => (r.slug === 'gov-2020' ? { ...r, series: false as const } : r)));
    expect(unlinked.pairs.map((p) => [p.earlier.slug, p.later.slug])).toContainEqual(['gov-2019', 'gov-2021']);
  });

  it('takes the latest dated of two reports of one year for the pair, and links both to the years around', () => {
    const corrected = report('gov-2021-b', '梁山县人民政府', 2021, { published: '2022-06-01' });
    const index = buildSeries([...reports, corrected]);
    expect(index.pairs.filter((p) => p.later.year === 2021).map((p) => p.later.slug)).toEqual(['gov-2021-b']);
    expect(index.neighboursOf.get('gov-2021')?.previous?.slug).toBe('gov-2020');
    expect(index.neighboursOf.get('gov-2021')?.next?.slug).toBe('gov-2023');
  });

  it('gives the report pages their previous and next year through the archive', () => {
    const archive = buildArchive(reports);
    expect(neighbours(archive, archive.bySlug.get('gov-2020') as Report)).toEqual({
      previous: archive.bySlug.get('gov-2019'),
      next: archive.bySlug.get('gov-2021'),
    });
    expect(neighbours(archive, archive.bySlug.get('alone-2022') as Report)).toEqual({
      previous: undefined,
      next: undefined,
    });
  });
});
