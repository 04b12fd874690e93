import { catalogRows } from '../collection/catalog.ts';
import { getArchive } from '../collection/reports.ts';
import { readSiteConfig } from '../site.config.ts';

export async function GET() {
  const config = readSiteConfig();
  const archive = await getArchive();
  const reports = catalogRows(archive.reports, config);
  return new Response(`${JSON.stringify({ name: config.name, count: reports.length, reports }, null, 1)}\n`, {
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}
