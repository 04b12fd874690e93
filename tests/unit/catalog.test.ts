import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATALOG_COLUMNS, catalogRow, toCsv } from '../../src/lib/catalog.ts';
import { parseCsv } from '../helpers/csv.ts';
import { fixtureArchive } from '../helpers/fixture-archive.ts';

const reports = fixtureArchive().map((f) => f.report);

describe('the catalog', () => {
  it('has one row per report with every column', () => {
    const rows = reports.map((r) => catalogRow(r, `https://x/${r.slug}/`));
    for (const row of rows) expect(Object.keys(row)).toEqual([...CATALOG_COLUMNS]);
    const [header, ...body] = parseCsv(toCsv(rows).slice(1));
    expect(header).toEqual([...CATALOG_COLUMNS]);
    expect(body).toHaveLength(reports.length);
  });

  it('starts the CSV with a BOM and ends every line with CRLF', () => {
    const csv = toCsv([catalogRow(reports[0] as never, 'https://x/')]);
    expect(csv.startsWith('\ufeff')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toHaveLength(3);
  });

  it('round-trips any text through the CSV, quoting commas, quotes and line breaks', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (title, authority) => {
        const row = { ...catalogRow(reports[0] as never, 'https://x/'), title, authority };
        const [, parsed] = parseCsv(toCsv([row]).slice(1));
        const cell = (name: string) => parsed?.[CATALOG_COLUMNS.indexOf(name as never)];
        // Formula-looking cells are defused with a leading apostrophe (CSV injection); all else is verbatim.
        const defused = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
        expect(cell('title')).toBe(defused(title));
        expect(cell('authority')).toBe(defused(authority));
      }),
    );
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    const row = { ...catalogRow(reports[0] as never, 'https://x/'), title: '=HYPERLINK("http://evil")' };
    expect(parseCsv(toCsv([row]).slice(1))[1]?.[0]).toBe(`'=HYPERLINK("http://evil")`);
  });
});
