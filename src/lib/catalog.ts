/**
 * The catalog: every report's metadata and permalink, for journalists to download (JSON and CSV).
 */
import type { Report } from './report.ts';

export const CATALOG_COLUMNS = [
  'title',
  'authority',
  'year',
  'province',
  'city',
  'county',
  'township',
  'regionCode',
  'level',
  'docNumber',
  'addressee',
  'published',
  'added',
  'permalink',
  'sourceFormat',
  'sourceSha256',
] as const;

export function catalogRow(
  report: Report,
  permalink: string,
): Record<(typeof CATALOG_COLUMNS)[number], string | number | null> {
  return {
    title: report.title,
    authority: report.authority,
    year: report.year,
    province: report.region.province,
    city: report.region.city,
    county: report.region.county,
    township: report.region.township,
    regionCode: report.region.code,
    level: report.level,
    docNumber: report.docNumber,
    addressee: report.addressee,
    published: report.published,
    added: report.added,
    permalink,
    sourceFormat: report.source.format,
    sourceSha256: report.source.sha256,
  };
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  // A cell starting with = + - @ would run as a formula in a spreadsheet (CSV injection).
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV in UTF-8 with a BOM, so that spreadsheet programs open the Chinese text correctly. */
export function toCsv(rows: Record<string, string | number | null>[]): string {
  const lines = [
    CATALOG_COLUMNS.join(','),
    ...rows.map((row) => CATALOG_COLUMNS.map((c) => csvCell(row[c] ?? null)).join(',')),
  ];
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
