import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fnv1a, planShards, reportsInScope } from '../../src/lib/search/shards.ts';

const report = (slug: string, year: number | null) => ({ slug, year });

describe('search shards', () => {
  it('a small archive is one shard of all its years, newest first; undated apart', () => {
    const shards = planShards([report('a', 2021), report('b', null), report('c', 2024), report('d', 2021)], 10);
    expect(shards.map((s) => [s.id, s.years, s.count])).toEqual([
      ['y2021to2024', [2024, 2021], 3],
      ['undated', [], 1],
    ]);
  });

  it('says how many of its reports a year filter looks at, a shard of several years year by year', () => {
    const items = [
      ...Array.from({ length: 3 }, (_, i) => report(`a${i}`, 2015)),
      ...Array.from({ length: 2 }, (_, i) => report(`b${i}`, 2016)),
      ...Array.from({ length: 9 }, (_, i) => report(`c${i}`, 2017)),
    ];
    const [a, b, packed] = planShards(items, 6);
    expect(packed?.perYear).toEqual({ '2015': 3, '2016': 2 });
    expect(a?.perYear).toBeUndefined();
    expect(reportsInScope(packed as NonNullable<typeof packed>, [])).toBe(5);
    expect(reportsInScope(packed as NonNullable<typeof packed>, ['2016'])).toBe(2);
    expect(reportsInScope(packed as NonNullable<typeof packed>, ['2016', '2015'])).toBe(5);
    expect(reportsInScope(packed as NonNullable<typeof packed>, ['2017'])).toBe(0);
    expect(reportsInScope(b as NonNullable<typeof b>, ['2017'])).toBe(b?.count);
    expect(reportsInScope(b as NonNullable<typeof b>, ['2016'])).toBe(0);
  });

  it('gives each shard the range of its reports’ publication dates', () => {
    const dated = (slug: string, year: number, date?: string) => (date ? { slug, year, date } : { slug, year });
    const [late, early] = planShards(
      [dated('a', 2020, '2021-03-01'), dated('b', 2020, '2021-01-15'), dated('c', 2019, '2020-02-01')],
      2,
    );
    expect(late?.dates).toEqual(['2021-01-15', '2021-03-01']);
    expect(early?.dates).toEqual(['2020-02-01', '2020-02-01']);
    // An undated report sorts after every date in both directions: the range is the dated reports'; a shard
    // of undated reports only has none (the search page may then have to read it before the undated results).
    expect(planShards([dated('a', 2020, '2021-03-01'), dated('b', 2020)], 5)[0]?.dates).toEqual([
      '2021-03-01',
      '2021-03-01',
    ]);
    expect(planShards([dated('a', 2020), dated('b', 2020)], 5)[0]?.dates).toBeUndefined();
  });

  it('packs consecutive years from the oldest up and splits a year larger than a shard', () => {
    const items = [
      ...Array.from({ length: 3 }, (_, i) => report(`a${i}`, 2015)),
      ...Array.from({ length: 3 }, (_, i) => report(`b${i}`, 2016)),
      ...Array.from({ length: 9 }, (_, i) => report(`c${i}`, 2017)),
      ...Array.from({ length: 2 }, (_, i) => report(`d${i}`, 2018)),
    ];
    const shards = planShards(items, 6);
    expect(shards.map((s) => [s.id, s.years])).toEqual([
      ['y2018', [2018]],
      ['y2017b0of2', [2017]],
      ['y2017b1of2', [2017]],
      ['y2015to2016', [2016, 2015]],
    ]);
  });

  it('every report in exactly one shard; new reports of the newest year leave older shards alone', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 300 }),
        fc.integer({ min: 1, max: 50 }),
        (slugs, max) => {
          const items = slugs.map((s, i) => report(s, i % 7 === 0 ? null : 2015 + (i % 4)));
          const shards = planShards(items, max);
          const placed = shards.flatMap((s) => s.members.map((m) => m.slug)).sort();
          expect(placed).toEqual([...slugs].sort());
          for (const s of shards) {
            expect(s.id).toMatch(/^[a-z0-9]+$/);
            // Packed years stay within the size; a split year's buckets are as even as the slug hash.
            if (!/b\d+of\d+$/.test(s.id)) expect(s.count).toBeLessThanOrEqual(max);
            const expected: (number | string)[] = s.years.length ? s.years : ['undated'];
            expect(new Set(s.members.map((m) => m.year ?? 'undated'))).toEqual(new Set(expected));
          }
          const newest = Math.max(...items.flatMap((i) => (i.year === null ? [] : [i.year])), 2015);
          const more = planShards([...items, report('\u0000new', newest)], max);
          const older = (list: typeof shards) => list.filter((s) => !s.years.includes(newest)).map((s) => s.members);
          for (const shard of older(shards)) expect(older(more)).toContainEqual(shard);
        },
      ),
    );
  });

  it('hashes slugs stably', () => {
    expect(fnv1a('2024-liangshanxian-renminzhengfu')).toBe(fnv1a('2024-liangshanxian-renminzhengfu'));
    expect(fnv1a('a')).not.toBe(fnv1a('b'));
  });
});
