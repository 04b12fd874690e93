/** Key figures as JSON: the same rows as figures.csv, keyed by the column ids, with the indicators' labels and units. */
import { getArchive } from '../collection/reports.ts';
import { figureRows } from '../lib/figure-views.ts';
import { INDICATORS } from '../lib/indicators.ts';
import { reportPermalink } from '../lib/urls.ts';
import { readSiteConfig } from '../site.config.ts';

export async function GET() {
  const config = readSiteConfig();
  const archive = await getArchive();
  const rows = figureRows(archive.reports, (slug) => reportPermalink(config, slug));
  return new Response(`${JSON.stringify({ indicators: INDICATORS, rows })}\n`, {
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}
