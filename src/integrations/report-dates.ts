/**
 * The day each report's page first appeared (its `added`), for the sitemap's <lastmod>: read from the
 * frontmatter of content/reports (every report file holds `slug:` and `added:` lines), once, when the
 * sitemap is written. A report's page changes when its metadata is corrected, which no date records; the
 * day it was added is the one date that is true and never moves, so a rebuild writes the same sitemap.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function reportAddedDates(reportsDir: string): Map<string, string> {
  const dates = new Map<string, string>();
  let files: string[] = [];
  try {
    files = readdirSync(reportsDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md'));
  } catch {
    return dates;
  }
  for (const file of files) {
    const head = readFileSync(join(reportsDir, file), 'utf8').slice(0, 4000);
    const slug = /^slug:\s*"?([a-z0-9-]+)"?\s*$/m.exec(head)?.[1];
    const added = /^added:\s*"?(\d{4}-\d{2}-\d{2})"?\s*$/m.exec(head)?.[1];
    if (slug && added) dates.set(slug, added);
  }
  return dates;
}
