import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildFacetTable, countFacets, type FacetPage } from '../../src/lib/search/facets.ts';

const pages: FacetPage[] = [
  { id: 'y2024_a1', filters: { year: ['2024'], province: ['湖南省'], level: ['county'] } },
  { id: 'y2024_b2', filters: { year: ['2024'], province: ['山东省'], level: ['county'] } },
  { id: 'y2024_c3', filters: { year: ['2024'], province: ['湖南省'], level: ['city'], county: [] } },
];

describe('facet tables', () => {
  it('count the filter values of the given pages only', () => {
    const table = buildFacetTable(pages);
    expect(countFacets(table, ['y2024_a1', 'y2024_c3'])).toEqual({
      year: { '2024': 2 },
      province: { 湖南省: 2 },
      level: { county: 1, city: 1 },
    });
    expect(countFacets(table, [])).toEqual({});
    expect(countFacets(table, ['unknown'])).toEqual({});
  });

  it('are the same bytes whatever order the pages come in', () => {
    const filterValues = fc.dictionary(
      fc.constantFrom('year', 'province', 'city', 'authority'),
      fc.array(fc.string({ minLength: 1, maxLength: 4 }), { maxLength: 2 }),
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ id: fc.string({ minLength: 1, maxLength: 6 }), filters: filterValues }), {
          selector: (p) => p.id,
          maxLength: 20,
        }),
        (list) => {
          const table = buildFacetTable(list);
          expect(JSON.stringify(buildFacetTable([...list].reverse()))).toBe(JSON.stringify(table));
          // Counting every page gives each value's number of pages.
          const counts = countFacets(
            table,
            list.map((p) => p.id),
          );
          for (const page of list)
            for (const [filter, values] of Object.entries(page.filters))
              for (const value of new Set(values))
                expect(counts[filter]?.[value]).toBe(list.filter((p) => p.filters[filter]?.includes(value)).length);
        },
      ),
    );
  });
});
