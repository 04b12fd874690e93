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
  'originalUrl',
  'markdownUrl',
] as const;
export type CatalogColumn = (typeof CATALOG_COLUMNS)[number];

/** The header row a Chinese reader understands (reports.zh.csv): the same columns, in the same order. */
export const CATALOG_HEADERS_ZH: Record<CatalogColumn, string> = {
  title: '标题',
  authority: '发文机关',
  year: '报告年度',
  province: '省级',
  city: '地市',
  county: '县区',
  township: '乡镇街道',
  regionCode: '区划代码',
  level: '层级',
  docNumber: '文号',
  addressee: '主送',
  published: '发布日期',
  added: '收录日期',
  permalink: '报告网址',
  sourceFormat: '原件格式',
  sourceSha256: '原件SHA-256',
  originalUrl: '原件下载',
  markdownUrl: 'Markdown下载',
};

export function catalogRow(
  report: Report,
  permalink: string,
  /** The absolute addresses of the report's downloads (urls.ts downloadPaths), where they are published. */
  downloads?: { original: string; markdown: string },
): Record<CatalogColumn, string | number | null> {
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
    originalUrl: downloads?.original ?? null,
    markdownUrl: downloads?.markdown ?? null,
  };
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  // A cell starting with = + - @ would run as a formula in a spreadsheet (CSV injection).
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * RFC 4180 CSV in UTF-8 with a BOM, so that spreadsheet programs open the Chinese text correctly: the given
 * columns in order, under a header row of the given names (ids for programs, Chinese names for readers).
 */
export function csvTable<C extends string>(
  columns: readonly C[],
  header: Record<C, string> | null,
  rows: readonly Record<C, string | number | null>[],
): string {
  const lines = [
    columns.map((c) => (header ? header[c] : c)).join(','),
    ...rows.map((row) => columns.map((c) => csvCell(row[c] ?? null)).join(',')),
  ];
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

/** The catalog as CSV; the header row: the column ids (reports.csv), or their Chinese names (reports.zh.csv). */
export function toCsv(rows: Record<string, string | number | null>[], header: 'ids' | 'zh' = 'ids'): string {
  return csvTable(CATALOG_COLUMNS, header === 'zh' ? CATALOG_HEADERS_ZH : null, rows);
}
