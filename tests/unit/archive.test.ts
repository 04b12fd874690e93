import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  authoritiesByProvince,
  authorityIndexPages,
  authorityPlace,
  buildArchive,
  citation,
  groupByPlace,
  neighbours,
  placeOf,
  regionTrail,
  sameRegionAndYear,
} from '../../src/lib/archive.ts';
import type { Report } from '../../src/lib/report.ts';
import { regionPath } from '../../src/lib/urls.ts';
import { fixtureArchive } from '../helpers/fixture-archive.ts';
import { makeReport } from '../helpers/make-report.ts';

const reports = fixtureArchive().map((f) => f.report);
const archive = buildArchive(reports);
const bySlug = (slug: string) => archive.bySlug.get(slug) as Report;
const find = (pred: (r: Report) => boolean) => reports.find(pred) as Report;

describe('buildArchive', () => {
  it('places every report with a province under each level of its chain, and no other', () => {
    for (const node of archive.regions.slice(1)) {
      const expected = reports
        .filter((r) => {
          const names = placeOf(r.region).map((p) => p.name);
          return node.chain.every((name, i) => names[i] === name);
        })
        .map((r) => r.slug)
        .sort();
      expect(node.all.map((r) => r.slug).sort(), node.path).toEqual(expected);
    }
    expect(archive.root.all).toHaveLength(reports.length);
  });

  it('lists reports without a province as unplaced', () => {
    expect(archive.unplaced.map((r) => r.authority)).toEqual(['司法部']);
    const partial = { ...reports[0], slug: 'x', region: { ...reports[0]?.region, province: null, township: '某街道' } };
    const withPartial = buildArchive([...reports, partial as Report]);
    expect(withPartial.unplaced.map((r) => r.slug)).toContain('x');
    expect([...withPartial.root.children.keys()]).not.toContain('某街道');
  });

  it('skips the city level for municipalities and orders siblings by division code', () => {
    const beijing = archive.root.children.get('北京市');
    expect(beijing?.path).toBe('/regions/beijingshi/');
    expect(beijing?.children.get('海淀区')?.path).toBe('/regions/beijingshi/haidianqu/');
    expect(beijing?.children.get('海淀区')?.children.get('中关村街道')?.path).toBe(
      '/regions/beijingshi/haidianqu/zhongguancunjiedao/',
    );
    const codes = archive.root.ordered.map((n) => n.code);
    expect(codes).toEqual([...codes].sort());
    expect(archive.root.ordered[0]?.name).toBe('北京市');
  });

  it('gives namesake romanisations distinct paths (陕西/山西) and matches regionPath otherwise', () => {
    expect(archive.root.children.get('陕西省')?.path).toBe('/regions/shaanxisheng/');
    expect(archive.root.children.get('山西省')?.path).toBe('/regions/shanxisheng/');
    for (const node of archive.regions.slice(1)) expect(node.path).toBe(regionPath(node.chain));
    const twins = buildArchive([
      {
        ...reports[0],
        slug: 'a',
        region: { province: '甲省', city: '长沙市', county: null, township: null, code: null },
      },
      {
        ...reports[0],
        slug: 'b',
        region: { province: '甲省', city: '长莎市', county: null, township: null, code: null },
      },
    ] as Report[]);
    const paths = [...(twins.root.children.get('甲省')?.children.values() ?? [])].map((n) => n.path).sort();
    expect(new Set(paths).size).toBe(2);
  });

  it('groups by year (newest first) and by issuing body with unique slugs', () => {
    expect([...archive.byYear.keys()]).toEqual([2024, 2023, 2022, 2021, 2020]);
    expect([...archive.byYear.values()].flat()).toHaveLength(reports.filter((r) => r.year !== null).length);
    const slugs = [...archive.byAuthority.values()].map((a) => a.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    const sd = archive.byAuthority.get('山东省人民政府');
    expect(sd?.reports.map((r) => r.year)).toEqual([2023, 2022, 2021]);
  });
});

describe('report neighbours', () => {
  const sd = (year: number) => find((r) => r.authority === '山东省人民政府' && r.year === year);

  it('links the same body’s previous and next years', () => {
    expect(neighbours(archive, sd(2022))).toEqual({ previous: sd(2021), next: sd(2023) });
    expect(neighbours(archive, sd(2021))).toEqual({ previous: undefined, next: sd(2022) });
    expect(neighbours(archive, sd(2023)).next).toBeUndefined();
  });

  it('gives a report without a year no neighbours', () => {
    const undated = find((r) => r.year === null);
    expect(neighbours(archive, undated)).toEqual({ previous: undefined, next: undefined });
  });

  it('lists the other reports of exactly the same region and year', () => {
    const county = find((r) => r.authority === '梁山县人民政府' && r.year === 2023);
    expect(sameRegionAndYear(archive, county).map((r) => r.authority)).toEqual(['梁山县司法局']);
    expect(regionTrail(archive, county).map((n) => n.name)).toEqual(['山东省', '济宁市', '梁山县']);
    expect(
      sameRegionAndYear(
        archive,
        find((r) => r.authority === '司法部'),
      ),
    ).toEqual([]);
  });
});

describe('groupByPlace', () => {
  it('groups a year’s reports by province, then city (or a municipality’s district), province level first', () => {
    const groups = groupByPlace(archive, archive.byYear.get(2023) ?? []);
    expect(groups.map((g) => g.province?.name ?? null)).toEqual([
      '北京市',
      '山西省',
      '浙江省',
      '山东省',
      '陕西省',
      null,
    ]);
    const sd = groups.find((g) => g.province?.name === '山东省');
    expect(sd?.groups.map((g) => g.node?.name ?? null)).toEqual([null, '济宁市']);
    expect(sd?.count).toBe(6);
    const bj = groups.find((g) => g.province?.name === '北京市');
    expect(bj?.groups.map((g) => g.node?.name ?? null)).toEqual([null, '海淀区']);
    expect(groups.reduce((n, g) => n + g.count, 0)).toBe(archive.byYear.get(2023)?.length);
  });
});

describe('authoritiesByProvince', () => {
  it('lists every body once, under the province of its latest report, national bodies last', () => {
    const groups = authoritiesByProvince(archive);
    expect(groups.flatMap((g) => g.bodies).length).toBe(archive.byAuthority.size);
    expect(groups.at(-1)).toMatchObject({ province: null, bodies: [{ name: '司法部' }] });
    const sd = groups.find((g) => g.province?.name === '山东省');
    expect(sd?.bodies.map((b) => b.name)).toContain('梁山县小路口镇人民政府');
    expect(groups.map((g) => g.province?.code ?? 'zz')).toEqual(groups.map((g) => g.province?.code ?? 'zz').sort());
  });

  it('says where a body is when its name does not (市教育局 → its city), and nothing when it does', () => {
    const entry = (name: string) => archive.byAuthority.get(name);
    const named = entry('梁山县小路口镇人民政府');
    expect(named && authorityPlace(archive, named)).toBeNull();
    const nameless = [...archive.byAuthority.values()].find((e) => {
      const chain = archive.nodeOf.get(e.reports[0]?.slug ?? '')?.chain ?? [];
      return chain.length > 1 && !e.name.includes((chain.at(-1) ?? '').replace(/(市|县|区|镇|乡|街道)$/, ''));
    });
    if (nameless) {
      const chain = archive.nodeOf.get(nameless.reports[0]?.slug ?? '')?.chain ?? [];
      expect(authorityPlace(archive, nameless)).toBe(chain.slice(1).join(''));
    }
    const made = { name: '市教育局', slug: 'x', reports: [bySlug('2023-liangshanxian-renminzhengfu')] };
    expect(authorityPlace(archive, made)).toBe('济宁市梁山县');
  });
});

describe('authorityIndexPages', () => {
  const groups = authoritiesByProvince(archive);
  const bodyNames = (pages: ReturnType<typeof authorityIndexPages>['pages']) =>
    pages.map((p) => p.groups.flatMap((g) => g.items.map((b) => b.name)));

  it('lists every body once, in order, at most size a page, when the index is not split', () => {
    for (const size of [1, 2, 3, 7, 1000]) {
      const { pages, starts } = authorityIndexPages(groups, false, size);
      const names = bodyNames(pages);
      for (const page of names) expect(page.length).toBeLessThanOrEqual(size);
      expect(names.flat()).toEqual(groups.flatMap((g) => g.bodies.map((b) => b.name)));
      expect(pages.every((p) => p.provinces.length === 0)).toBe(true);
      // Each group begins on the page its start says, and is not marked as going on there.
      for (const [i] of groups.entries()) {
        const page = pages[(starts[i] as number) - 1];
        expect(page?.groups.find((g) => g.key === i)?.continued, `group ${i} at size ${size}`).toBe(false);
      }
    }
  });

  it('split: the provinces on the first page only, then the bodies no province holds, paged', () => {
    const { pages, starts } = authorityIndexPages(groups, true, 1);
    expect(pages[0]?.provinces.map((p) => p.province.name)).toEqual(
      groups.flatMap((g) => (g.province ? [g.province.name] : [])),
    );
    expect(pages[0]?.provinces.map((p) => p.bodies)).toEqual(
      groups.filter((g) => g.province).map((g) => g.bodies.length),
    );
    expect(pages.slice(1).every((p) => p.provinces.length === 0)).toBe(true);
    const unplaced = groups.find((g) => g.province === null)?.bodies.map((b) => b.name) ?? [];
    expect(bodyNames(pages).flat()).toEqual(unplaced);
    expect(pages.length).toBe(Math.max(1, unplaced.length));
    expect(starts.filter((s) => s !== undefined).length).toBe(unplaced.length > 0 ? 1 : 0);
  });

  it('reserves the page segment: no body is given the slug "p"', () => {
    const made = buildArchive([{ ...bySlug('2023-liangshanxian-renminzhengfu'), authority: 'P' }]);
    expect([...made.byAuthority.values()].map((a) => a.slug)).not.toContain('p');
  });
});

describe('citation', () => {
  it('follows GB/T 7714 for electronic documents and ends with the permalink', () => {
    const r = bySlug('2023-liangshanxian-renminzhengfu');
    const cited = citation(r, 'https://x.gov.cn/reports/2023-liangshanxian-renminzhengfu/');
    const number = r.docNumber ? `: ${r.docNumber}` : '';
    expect(cited).toBe(
      `梁山县人民政府. ${r.title}${number}[EB/OL]. (${r.published}). https://x.gov.cn/reports/2023-liangshanxian-renminzhengfu/.`,
    );
    // No placeholder printed as if it were part of the reference.
    expect(cited).not.toContain('引用日期');
    // The 文号, where the report has one, as other title information.
    expect(citation({ ...r, docNumber: '梁政发〔2024〕3号' }, 'https://x/')).toContain(
      `${r.title}: 梁政发〔2024〕3号[EB/OL]`,
    );
  });
});

describe('addresses of namesakes (names that romanise alike)', () => {
  const town = (slug: string, township: string, added: string, year = 2024): Report =>
    makeReport(slug, {
      year,
      added,
      authority: `${township}人民政府`,
      region: { province: '河南省', city: '信阳市', county: '光山县', township, code: null },
    });

  it('keep the body and the region the archive had first at the plain address when a later one comes', () => {
    const first = town('2023-a', '城关镇', '2024-03-01', 2023);
    const before = buildArchive([first]);
    const slugBefore = before.byAuthority.get('城关镇人民政府')?.slug;
    const pathBefore = before.nodeOf.get('2023-a')?.path;
    // The namesake's report is newer (it comes first in the archive's order), but it arrived later.
    const after = buildArchive([first, town('2024-b', '成关镇', '2025-03-01')]);
    expect(after.byAuthority.get('城关镇人民政府')?.slug).toBe(slugBefore);
    expect(after.nodeOf.get('2023-a')?.path).toBe(pathBefore);
    expect(after.byAuthority.get('成关镇人民政府')?.slug).toBe(`${slugBefore}-2`);
    expect(after.nodeOf.get('2024-b')?.path).toBe(`${pathBefore?.replace(/\/$/, '')}-2/`);
  });

  it('never change for bodies already there as later ones are added (property)', () => {
    const names = ['城关镇', '成关镇', '程关镇', '城管镇'];
    fc.assert(
      fc.property(fc.shuffledSubarray(names, { minLength: 1 }), fc.integer({ min: 1, max: 3 }), (order, keep) => {
        // Each later body's report is of a later year: it comes first in the archive's newest-first order.
        const reports = order.map((name, i) => town(`${2020 + i}-t${i}`, name, `2024-0${i + 1}-01`, 2020 + i));
        const early = buildArchive(reports.slice(0, keep));
        const late = buildArchive(reports);
        for (const [name, entry] of early.byAuthority) expect(late.byAuthority.get(name)?.slug).toBe(entry.slug);
      }),
    );
  });
});
