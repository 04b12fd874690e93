/**
 * Coverage data as JSON: the same rows as coverage.csv, as arrays under `columns` (the ids), with the rule they
 * were measured by. Arrays, not one object per row: at 10,000 reports the rows number 400,000 and keyed objects
 * made the file 137 MB.
 */
import { getCoverage } from '../collection/coverage.ts';
import { COVERAGE_COLUMNS, coverageRows, deadlineOf } from '../lib/coverage.ts';
import { reportPermalink } from '../lib/urls.ts';
import { readSiteConfig } from '../site.config.ts';

export async function GET() {
  const config = readSiteConfig();
  const { views, rule, years } = await getCoverage();
  const rows = coverageRows(views, rule, (slug) => reportPermalink(config, slug));
  const body = {
    rule: {
      deadline: `次年 ${rule.deadline.month} 月 ${rule.deadline.day} 日（含）`,
      example: years[0] !== undefined ? { year: years[0], deadline: deadlineOf(years[0], rule) } : null,
      expectTownships: rule.expectTownships,
      divisions: '2023 年统计用区划代码（截至 2023-06-30）',
      note: '「本库未收录」（missing）只表示本库没有这份报告，不表示该单位未公开。',
    },
    columns: COVERAGE_COLUMNS,
    rows: rows.map((row) => COVERAGE_COLUMNS.map((c) => row[c])),
  };
  return new Response(`${JSON.stringify(body)}\n`, { headers: { 'content-type': 'application/json; charset=utf-8' } });
}
