import { getArchive } from '../collection/reports.ts';
import { catalogRow, toCsv } from '../lib/catalog.ts';
import { reportPermalink } from '../lib/urls.ts';
import { readSiteConfig } from '../site.config.ts';

export async function GET() {
  const config = readSiteConfig();
  const archive = await getArchive();
  const rows = archive.reports.map((r) => catalogRow(r, reportPermalink(config, r.slug)));
  return new Response(toCsv(rows), { headers: { 'content-type': 'text/csv; charset=utf-8' } });
}
