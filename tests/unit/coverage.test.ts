import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildArchive } from '../../src/lib/archive.ts';
import { csvTable } from '../../src/lib/catalog.ts';
import {
  COVERAGE_COLUMNS,
  COVERAGE_HEADERS_ZH,
  type CoverageRule,
  cellOf,
  countStatuses,
  coverageCellHtml,
  coverageRows,
  coverageYears,
  DEFAULT_COVERAGE_RULE,
  deadlineOf,
  divisionOf,
  governmentName,
  isExpectedDivision,
  isGovernmentBody,
  regionCoverage,
  timeliness,
} from '../../src/lib/coverage.ts';
import { gazetteer } from '../../src/lib/gazetteer.ts';
import type { Report } from '../../src/lib/report.ts';
import { parseCsv } from '../helpers/csv.ts';
import { fixtureArchive } from '../helpers/fixture-archive.ts';

const rule = DEFAULT_COVERAGE_RULE;
const places = gazetteer();

describe('timeliness', () => {
  it('is on time up to and including the deadline, late from the day after', () => {
    expect(deadlineOf(2023, rule)).toBe('2024-04-01');
    expect(timeliness(2023, '2024-01-01', rule)).toEqual({ status: 'onTime', daysLate: null });
    expect(timeliness(2023, '2024-03-31', rule)).toEqual({ status: 'onTime', daysLate: null });
    expect(timeliness(2023, '2024-04-01', rule)).toEqual({ status: 'onTime', daysLate: null });
    expect(timeliness(2023, '2024-04-02', rule)).toEqual({ status: 'late', daysLate: 1 });
  });

  it('counts days late across leap years', () => {
    // 2023-04-01 → 2024-04-01 crosses 29 February 2024.
    expect(timeliness(2022, '2024-04-01', rule)).toEqual({ status: 'late', daysLate: 366 });
    expect(timeliness(2023, '2025-03-01', rule)).toEqual({ status: 'late', daysLate: 334 });
    expect(timeliness(2019, '2020-03-01', rule).status).toBe('onTime');
    expect(timeliness(2019, '2020-04-30', rule)).toEqual({ status: 'late', daysLate: 29 });
  });

  it('flags a date before the covered year has ended as doubtful, and a missing one as undated', () => {
    expect(timeliness(2023, '2023-12-31', rule).status).toBe('doubtful');
    expect(timeliness(2023, '2023-06-15', rule).status).toBe('doubtful');
    expect(timeliness(2023, '2019-01-01', rule).status).toBe('doubtful');
    expect(timeliness(2023, null, rule)).toEqual({ status: 'undated', daysLate: null });
  });

  it('takes the deadline from the rule', () => {
    const march: CoverageRule = { ...rule, deadline: { month: 3, day: 31 } };
    expect(timeliness(2023, '2024-03-31', march).status).toBe('onTime');
    expect(timeliness(2023, '2024-04-01', march)).toEqual({ status: 'late', daysLate: 1 });
  });

  it('agrees with the calendar on any date (property)', () => {
    const day = fc
      .integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2030, 11, 31) })
      .map((t) => new Date(t - (t % 86_400_000)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.integer({ min: 2015, max: 2028 }), day, (year, published) => {
        const { status, daysLate } = timeliness(year, published, rule);
        if (published < `${year + 1}-01-01`) return status === 'doubtful' && daysLate === null;
        if (published <= `${year + 1}-04-01`) return status === 'onTime' && daysLate === null;
        const expected = (Date.parse(published) - Date.parse(`${year + 1}-04-01`)) / 86_400_000;
        return status === 'late' && daysLate === expected;
      }),
    );
  });
});

const report = (over: Partial<Report>): Report =>
  ({
    title: '报告',
    authority: '梁山县人民政府',
    year: 2023,
    region: { province: '山东省', city: '济宁市', county: '梁山县', township: null, code: '370832' },
    level: 'county',
    docNumber: null,
    addressee: null,
    published: '2024-03-08',
    added: '2024-03-10',
    source: { path: 'x.txt', sha256: '0'.repeat(64), format: 'txt', encoding: 'utf-8' },
    slug: 'x',
    duplicates: [],
    warnings: [],
    ...over,
  }) as Report;

describe('one unit in one year', () => {
  it('takes the earliest credible date when a unit has several reports', () => {
    const late = report({ slug: 'late', published: '2024-05-01' });
    const onTime = report({ slug: 'early', published: '2024-03-01' });
    const cell = cellOf(2023, [late, onTime], 0, rule);
    expect(cell).toMatchObject({ status: 'onTime', published: '2024-03-01', report: { slug: 'early' } });
    expect(cell.alsoReports.map((r) => r.slug)).toEqual(['late']);
  });

  it('prefers a credible date to a doubtful one, and a doubtful one to none', () => {
    const doubtful = report({ slug: 'd', published: '2023-11-01' });
    const undated = report({ slug: 'u', published: null });
    const late = report({ slug: 'l', published: '2024-06-01' });
    expect(cellOf(2023, [doubtful, undated, late], 0, rule)).toMatchObject({ status: 'late', daysLate: 61 });
    expect(cellOf(2023, [undated, doubtful], 0, rule).status).toBe('doubtful');
    expect(cellOf(2023, [undated], 0, rule).status).toBe('undated');
  });

  it('is missing without a report of that year, and counts the place’s reports by other bodies', () => {
    const cell = cellOf(2024, [report({})], 2, rule);
    expect(cell).toMatchObject({ status: 'missing', report: null, otherBodies: 2 });
  });
});

describe('who is expected', () => {
  it('tells a government from its departments and its office', () => {
    for (const body of [
      '梁山县人民政府',
      '中共浚县县委 浚县人民政府',
      '北京市海淀区中关村街道办事处',
      '济宁经济开发区管理委员会',
    ])
      expect(isGovernmentBody(body), body).toBe(true);
    for (const body of ['梁山县人民政府办公室', '梁山县司法局', '山东省司法厅', null])
      expect(isGovernmentBody(body), String(body)).toBe(false);
    expect(governmentName('水泊街道', 'township')).toBe('水泊街道办事处');
    expect(governmentName('梁山县', 'county')).toBe('梁山县人民政府');
  });

  it('expects a county’s towns and streets (梁山县: 2 streets, 10 towns, 2 townships)', () => {
    const county = divisionOf(places, ['山东省', '济宁市', '梁山县']);
    const units = places.children(county?.code ?? '').filter((d) => isExpectedDivision(d, rule));
    expect(units).toHaveLength(14);
    expect(units.map((d) => d.name)).toEqual(expect.arrayContaining(['水泊街道', '小路口镇', '大路口乡']));
    expect(
      places.children(county?.code ?? '').filter((d) => isExpectedDivision(d, { expectTownships: false })),
    ).toEqual([]);
  });

  it('expects a city’s districts, counties and county-level cities, not its zones (济宁市)', () => {
    const city = divisionOf(places, ['山东省', '济宁市']);
    const units = places.children(city?.code ?? '').filter((d) => isExpectedDivision(d, rule));
    expect(units.map((d) => d.name)).toEqual(
      expect.arrayContaining(['任城区', '兖州区', '梁山县', '曲阜市', '邹城市']),
    );
    expect(units).toHaveLength(11);
    expect(units.map((d) => d.name)).not.toContain('济宁高新技术产业开发区');
    const tangshan = divisionOf(places, ['河北省', '唐山市']);
    const zones = places.children(tangshan?.code ?? '').filter((d) => !isExpectedDivision(d, rule));
    expect(zones.map((d) => d.name)).toEqual([
      '河北唐山芦台经济开发区',
      '唐山市汉沽管理区',
      '唐山高新技术产业开发区',
      '河北唐山海港经济开发区',
    ]);
  });

  it('expects a municipality’s districts directly (北京市: 16, no 市辖区 placeholder) and 31 provinces nationally', () => {
    const beijing = divisionOf(places, ['北京市']);
    const units = places.children(beijing?.code ?? '').filter((d) => isExpectedDivision(d, rule));
    expect(units).toHaveLength(16);
    expect(units.every((d) => d.level === 'county')).toBe(true);
    expect(units.map((d) => d.name)).not.toContain('市辖区');
    expect(places.children(null)).toHaveLength(31);
  });

  it('leaves out a city’s township-coded zones (东莞市: 松山湖…)', () => {
    const dongguan = divisionOf(places, ['广东省', '东莞市']);
    const kids = places.children(dongguan?.code ?? '');
    expect(kids.filter((d) => !isExpectedDivision(d, rule)).map((d) => d.name)).toContain('松山湖');
    expect(kids.filter((d) => isExpectedDivision(d, rule)).length).toBe(32);
  });
});

describe('regionCoverage over the fixture archive', () => {
  const archive = buildArchive(fixtureArchive().map((f) => f.report));
  const years = coverageYears(archive, rule);
  const node = (chain: string[]) => {
    let n = archive.root;
    for (const name of chain) n = n.children.get(name) ?? n;
    return n;
  };

  it('shows the years of the archive, newest first, or the configured range', () => {
    expect(years).toEqual([2024, 2023, 2022, 2021, 2020]);
    expect(coverageYears(archive, { firstYear: 2018, lastYear: 2019 })).toEqual([2019, 2018]);
    expect(coverageYears(archive, { firstYear: 2030, lastYear: null })).toEqual([]);
  });

  it('gives a county its own government and departments, and each town’s status', () => {
    const view = regionCoverage(archive, places, node(['山东省', '济宁市', '梁山县']), years, rule);
    expect(view.divisionKnown).toBe(true);
    expect(view.own.map((u) => [u.body, u.kind])).toEqual([
      ['梁山县人民政府', 'government'],
      ['梁山县司法局', 'department'],
    ]);
    const county = view.own[0];
    expect(county?.cells.find((c) => c.year === 2023)).toMatchObject({ status: 'onTime', published: '2024-03-08' });
    expect(county?.cells.find((c) => c.year === 2024)?.status).toBe('missing');
    expect(view.units).toHaveLength(14);
    const town = view.units.find((u) => u.name === '小路口镇');
    expect(town?.cells.find((c) => c.year === 2023)?.status).toBe('onTime');
    expect(town?.body).toBe('梁山县小路口镇人民政府');
    expect(view.units.find((u) => u.name === '水泊街道')?.body).toBe('水泊街道办事处');
    // A year page only where a town holds a report of that year (the county's own 2022 report is on 济宁市's).
    expect(view.yearPages).toEqual([2023]);
    expect(view.units.find((u) => u.name === '小路口镇')?.yearPages).toEqual([]);
    const counts = countStatuses(view.units, 2023);
    expect(counts).toEqual({ onTime: 1, late: 0, undated: 0, doubtful: 0, missing: 13 });
  });

  it('lists the provinces nationally, with each province government’s status', () => {
    const view = regionCoverage(archive, places, archive.root, years, rule);
    expect(view.units).toHaveLength(31);
    expect(view.own).toEqual([]);
    const shandong = view.units.find((u) => u.name === '山东省');
    expect(shandong?.coveragePath).toBe('/coverage/shandongsheng/');
    expect(shandong?.cells.filter((c) => c.status !== 'missing').map((c) => c.year)).toEqual([2023, 2022, 2021]);
  });

  it('rows of the data: one per unit and year, round-tripping through CSV', () => {
    const views = [archive.root, node(['山东省'])].map((n) => regionCoverage(archive, places, n, years, rule));
    const rows = coverageRows(views, rule, (slug) => `https://x/reports/${slug}/`);
    const units = views.reduce((n, v) => n + v.own.filter((u) => u.kind === 'department').length + v.units.length, 0);
    expect(rows).toHaveLength(units * years.length);
    const [header, ...body] = parseCsv(csvTable(COVERAGE_COLUMNS, COVERAGE_HEADERS_ZH, rows).slice(1));
    expect(header).toEqual(COVERAGE_COLUMNS.map((c) => COVERAGE_HEADERS_ZH[c]));
    expect(body).toHaveLength(rows.length);
    const shandong2023 = rows.find((r) => r.unit === '山东省' && r.year === 2023);
    expect(shandong2023).toMatchObject({ status: 'onTime', statusLabel: '按时公开', deadline: '2024-04-01' });
    expect(String(shandong2023?.reportUrl)).toMatch(/^https:\/\/x\/reports\/2023-shandongsheng-renminzhengfu\/$/);
    expect(rows.some((r) => r.statusLabel === '未公开')).toBe(false);
    // Each unit once: 山东省 under the country, not again as its own page's 本级.
    expect(rows.filter((r) => r.unit === '山东省' && r.year === 2023)).toHaveLength(1);
    expect(rows.filter((r) => r.unit === '山东省司法厅' && r.year === 2023)).toHaveLength(1);
  });
});

describe('a grid cell', () => {
  it('is the symbol with its words, linked to the report, every text escaped', () => {
    const cell = cellOf(
      2023,
      [report({ slug: 'a', title: '<script>alert(1)</script>报告', published: '2024-04-11' })],
      0,
      rule,
    );
    const html = coverageCellHtml(cell, (slug) => `/fzbg/reports/${slug}/`);
    expect(html).toBe(
      '<a href="/fzbg/reports/a/" class="cov cov-late"><span aria-hidden="true">逾10</span><span class="visually-hidden">逾期公开，逾期 10 天，2024-04-11 发布：&#60;script&#62;alert(1)&#60;/script&#62;报告</span></a>',
    );
    expect(coverageCellHtml(cellOf(2024, [], 0, rule), () => '')).toBe(
      '<span class="cov cov-missing"><span aria-hidden="true">—</span><span class="visually-hidden">本库未收录</span></span>',
    );
  });
});
