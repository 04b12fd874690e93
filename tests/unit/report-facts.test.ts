import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/lib/report.ts';
import {
  newestAddedFirst,
  newestDateFirst,
  newestYearFirst,
  regionChain,
  reportDate,
} from '../../src/lib/report-facts.ts';

type Ordered = Pick<Report, 'year' | 'published' | 'added' | 'slug'>;
const r = (slug: string, year: number | null, published: string | null, added: string): Ordered => ({
  slug,
  year,
  published,
  added,
});
const slugs = (list: Ordered[]) => list.map((x) => x.slug);

describe('reportDate', () => {
  it('is the publication date, else the day the archive first saw the report', () => {
    expect(reportDate({ published: '2025-03-01', added: '2026-01-02' })).toBe('2025-03-01');
    expect(reportDate({ published: null, added: '2026-01-02' })).toBe('2026-01-02');
  });
});

describe('regionChain', () => {
  it('names the levels from the province down, skipping empty and missing ones', () => {
    expect(regionChain({ province: '北京市', city: null, county: '海淀区', township: '中关村街道' })).toEqual([
      '北京市',
      '海淀区',
      '中关村街道',
    ]);
    expect(regionChain({ province: '山东省', county: '' })).toEqual(['山东省']);
    expect(regionChain({ province: null, city: null, county: null, township: null })).toEqual([]);
  });
});

describe('the three newest-first orders', () => {
  // Covers 2023, published late; covers 2024, published early; undated; and one added last without a date.
  const late2023 = r('a-late-2023', 2023, '2025-06-01', '2025-06-02');
  const early2024 = r('b-early-2024', 2024, '2025-01-10', '2025-01-11');
  const undated = r('c-undated', null, '2025-03-01', '2025-03-01');
  const addedLast = r('d-added-last', 2022, null, '2026-01-05');
  const all = [late2023, early2024, undated, addedLast];

  it('newestYearFirst: by the year covered (undated last), then by date', () => {
    expect(slugs([...all].sort(newestYearFirst))).toEqual(['b-early-2024', 'a-late-2023', 'd-added-last', 'c-undated']);
  });

  it('newestDateFirst: by reportDate alone', () => {
    expect(slugs([...all].sort(newestDateFirst))).toEqual(['d-added-last', 'a-late-2023', 'c-undated', 'b-early-2024']);
  });

  it('newestAddedFirst: by the day added alone', () => {
    const publishedLater = r('e-published-later', 2025, '2026-02-01', '2025-01-01');
    expect(slugs([...all, publishedLater].sort(newestAddedFirst))).toEqual([
      'd-added-last',
      'a-late-2023',
      'c-undated',
      'b-early-2024',
      'e-published-later',
    ]);
  });

  it('newestAddedFirst: within a day, the newest publication first, undated after dated, then the newest year', () => {
    const day = '2026-12-01';
    const batch = [
      r('x-2015-late', 2015, '2025-03-01', day),
      r('y-undated', 2025, null, day),
      r('z-2024', 2024, '2024-12-01', day),
    ];
    expect(slugs([...batch].sort(newestAddedFirst))).toEqual(['x-2015-late', 'z-2024', 'y-undated']);
  });

  it('breaks ties by slug, and each is a total order', () => {
    const date = fc
      .tuple(fc.integer({ min: 2020, max: 2022 }), fc.integer({ min: 1, max: 2 }))
      .map(([y, m]) => `${y}-0${m}-01`);
    const report = fc.record({
      slug: fc.stringMatching(/^[a-z]{1,3}$/),
      year: fc.option(fc.integer({ min: 2020, max: 2022 })),
      published: fc.option(date),
      added: date,
    });
    for (const order of [newestYearFirst, newestDateFirst, newestAddedFirst]) {
      fc.assert(
        fc.property(report, report, report, (a, b, c) => {
          expect(Math.sign(order(a, b)) + Math.sign(order(b, a))).toBe(0);
          if (order(a, b) <= 0 && order(b, c) <= 0) expect(order(a, c)).toBeLessThanOrEqual(0);
          if (order(a, b) === 0) expect(a.slug).toBe(b.slug);
        }),
      );
    }
    const same = (slug: string) => r(slug, 2024, '2025-01-01', '2025-01-01');
    for (const order of [newestYearFirst, newestDateFirst, newestAddedFirst])
      expect(slugs([same('b'), same('c'), same('a')].sort(order))).toEqual(['a', 'b', 'c']);
  });
});
