/** Coverage data (src/lib/coverage.ts → coverageRows): one row per unit and year of every coverage page, Chinese header row. */
import { getCoverage } from '../collection/coverage.ts';
import { csvTable } from '../lib/catalog.ts';
import { COVERAGE_COLUMNS, COVERAGE_HEADERS_ZH, coverageRows } from '../lib/coverage.ts';
import { reportPermalink } from '../lib/urls.ts';
import { readSiteConfig } from '../site.config.ts';

export async function GET() {
  const config = readSiteConfig();
  const { views, rule } = await getCoverage();
  const rows = coverageRows(views, rule, (slug) => reportPermalink(config, slug));
  return new Response(csvTable(COVERAGE_COLUMNS, COVERAGE_HEADERS_ZH, rows), {
    headers: { 'content-type': 'text/csv; charset=utf-8' },
  });
}
