/** A report's frontmatter for unit tests: a 2024 county government report of 梁山县, changed by overrides. */
import type { Report } from '../../src/lib/report.ts';

export function makeReport(slug: string, overrides: Partial<Report> = {}): Report {
  // A year given as null stays null (a report whose year is unknown): not ?? 2024.
  const year = 'year' in overrides ? (overrides.year ?? null) : 2024;
  return {
    title: `梁山县人民政府${year ?? ''}年度法治政府建设情况报告`,
    authority: '梁山县人民政府',
    year,
    region: { province: '山东省', city: '济宁市', county: '梁山县', township: null, code: '370832' },
    level: 'county',
    docNumber: null,
    addressee: null,
    published: year ? `${year + 1}-03-01` : null,
    added: '2026-01-01',
    source: { path: `${slug}.txt`, sha256: '0'.repeat(64), format: 'txt', encoding: 'utf-8' },
    slug,
    duplicates: [],
    warnings: [],
    figures: [],
    series: null,
    ...overrides,
  };
}
