import { getArchive } from '../collection/reports.ts';
import { catalogRow, toCsv } from '../lib/catalog.ts';
import { reportPath, withBase } from '../lib/urls.ts';
import { readSiteConfig } from '../site.config.ts';

export async function GET() {
  const config = readSiteConfig();
  const archive = await getArchive();
  const rows = archive.reports.map((r) =>
    catalogRow(r, new URL(withBase(config.base, reportPath(r.slug)), `${config.site}/`).href),
  );
  return new Response(toCsv(rows), { headers: { 'content-type': 'text/csv; charset=utf-8' } });
}
