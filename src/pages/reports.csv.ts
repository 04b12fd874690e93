import { catalogRows } from '../collection/catalog.ts';
import { getArchive } from '../collection/reports.ts';
import { toCsv } from '../lib/catalog.ts';
import { readSiteConfig } from '../site.config.ts';

export async function GET() {
  const config = readSiteConfig();
  const archive = await getArchive();
  const rows = catalogRows(archive.reports, config);
  return new Response(toCsv(rows), { headers: { 'content-type': 'text/csv; charset=utf-8' } });
}
