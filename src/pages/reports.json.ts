import { getArchive } from '../collection/reports.ts';
import { catalogRow } from '../lib/catalog.ts';
import { reportPermalink } from '../lib/urls.ts';
import { readSiteConfig } from '../site.config.ts';

export async function GET() {
  const config = readSiteConfig();
  const archive = await getArchive();
  const reports = archive.reports.map((r) => catalogRow(r, reportPermalink(config, r.slug)));
  return new Response(`${JSON.stringify({ name: config.name, count: reports.length, reports }, null, 1)}\n`, {
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}
