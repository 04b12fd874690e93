/** Key figures as CSV (src/lib/figure-views.ts figureRows): one row per figure, with the report's permalink and the clause. */
import { getArchive } from '../collection/reports.ts';
import { csvTable } from '../lib/catalog.ts';
import { FIGURE_COLUMNS, FIGURE_HEADERS_ZH, figureRows } from '../lib/figure-views.ts';
import { reportPermalink } from '../lib/urls.ts';
import { readSiteConfig } from '../site.config.ts';

export async function GET() {
  const config = readSiteConfig();
  const archive = await getArchive();
  const rows = figureRows(archive.reports, (slug) => reportPermalink(config, slug));
  return new Response(csvTable(FIGURE_COLUMNS, FIGURE_HEADERS_ZH, rows), {
    headers: { 'content-type': 'text/csv; charset=utf-8' },
  });
}
