/**
 * Lists in pages (src/lib/pagination.ts, pagePlaceGroups in src/lib/archive.ts): every item on exactly one page,
 * in order, no page over the size; groups cut by a page break marked as going on; addresses stable; the pager
 * bounded whatever the number of pages.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildArchive, groupByPlace, pagePlaceGroups } from '../../src/lib/archive.ts';
import { listPagePath, pageGroups, pageOfIndex, pagerNumbers, pageSuffix, paginate } from '../../src/lib/pagination.ts';
import { makeReport } from '../helpers/make-report.ts';

describe('paginate and pageGroups', () => {
  it('put every item on one page, in order, no page over the size', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer(), { maxLength: 30 }), { maxLength: 12 }),
        fc.integer({ min: 1, max: 25 }),
        (lists, size) => {
          const groups = lists.map((items, i) => [`g${i}`, items] as const);
          const pages = pageGroups(groups, size);
          const flat = pages.flatMap((p) => p.flatMap((g) => g.items));
          expect(flat).toEqual(lists.flat());
          expect(pages.length).toBe(Math.max(1, Math.ceil(flat.length / size)));
          for (const [i, page] of pages.entries()) {
            const n = page.reduce((sum, g) => sum + g.items.length, 0);
            if (i < pages.length - 1) expect(n).toBe(size);
            else expect(n).toBeLessThanOrEqual(size);
            // Only the first group of a page can have begun on the page before.
            for (const [j, g] of page.entries()) if (j > 0) expect(g.continued).toBe(false);
          }
          const plain = paginate(lists.flat(), size);
          expect(plain.map((p) => p.items.length)).toEqual(
            pages.map((p) => p.reduce((sum, g) => sum + g.items.length, 0)),
          );
          for (const p of plain) expect(pageOfIndex(p.offset, size)).toBe(p.number);
        },
      ),
    );
  });

  it('refuse a page size that is no positive integer', () => {
    expect(() => paginate([1], 0)).toThrow(RangeError);
    expect(() => pageGroups([['a', [1]]], 1.5)).toThrow(RangeError);
  });

  it('keep the first page at the list address and put the others under p/', () => {
    expect(listPagePath('/years/2024/', 1)).toBe('/years/2024/');
    expect(listPagePath('/years/2024/', 3)).toBe('/years/2024/p/3/');
    expect(listPagePath('/regions/shandongsheng/', 2)).toBe('/regions/shandongsheng/p/2/');
    expect(pageSuffix(1)).toBe('');
    expect(pageSuffix(12)).toBe('p/12');
  });
});

describe('the pager', () => {
  it('shows the first, the last and the pages near the current one, at most nine entries', () => {
    expect(pagerNumbers(1, 1)).toEqual([1]);
    expect(pagerNumbers(1, 3)).toEqual([1, 2, 3]);
    expect(pagerNumbers(10, 40)).toEqual([1, null, 8, 9, 10, 11, 12, null, 40]);
    // A gap of one page shows that page, not an ellipsis.
    expect(pagerNumbers(4, 8)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 0, max: 5000 }), (count, c) => {
        const current = (c % count) + 1;
        const shown = pagerNumbers(current, count);
        expect(shown.length).toBeLessThanOrEqual(9);
        expect(shown).toContain(current);
        expect(shown[0]).toBe(1);
        expect(shown.at(-1)).toBe(count);
        const numbers = shown.filter((n): n is number => n !== null);
        expect([...numbers].sort((a, b) => a - b)).toEqual(numbers);
      }),
    );
  });
});

const report = (slug: string, province: string, city: string | null) =>
  makeReport(slug, {
    title: `${city ?? province}2024年度法治政府建设情况报告`,
    authority: `${city ?? province}人民政府`,
    region: { province, city, county: null, township: null, code: null },
    level: city ? 'city' : 'province',
  });

describe('a year page in pages', () => {
  it('cuts the provinces and cities where the page is full, says which go on, and where each province begins', () => {
    const reports = [
      report('a', '山东省', null),
      report('b', '山东省', '济宁市'),
      report('c', '山东省', '济宁市'),
      report('d', '山东省', '济南市'),
      report('e', '河南省', '郑州市'),
      report('f', '河南省', '郑州市'),
      report('g', '浙江省', '杭州市'),
    ];
    const archive = buildArchive(reports);
    const places = groupByPlace(archive, reports);
    const { pages, provinceStarts } = pagePlaceGroups(places, 3);
    expect(pages.map((p) => p.flatMap((province) => province.groups.flatMap((g) => g.reports)).length)).toEqual([
      3, 3, 1,
    ]);
    expect(
      pages
        .flat()
        .flatMap((p) => p.groups.flatMap((g) => g.reports.map((r) => r.slug)))
        .sort(),
    ).toEqual(reports.map((r) => r.slug).sort());
    const second = pages[1] ?? [];
    // 山东 goes on from page 1 with its whole count; its city too when the cut fell inside it.
    expect(second[0]?.continued).toBe(true);
    expect(second[0]?.count).toBe(4);
    expect(second.slice(1).every((p) => !p.continued)).toBe(true);
    expect(provinceStarts[0]).toBe(1);
    expect(provinceStarts.length).toBe(places.length);
    for (const [i, start] of provinceStarts.entries())
      expect(pages[start - 1]?.some((p) => p.index === i && !p.continued)).toBe(true);
  });
});
