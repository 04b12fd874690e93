/**
 * Builds the search index (dist/pagefind/) with Pagefind's Node API from content/reports — the same
 * reports the pages were rendered from — in pre-segmented form (src/lib/search/).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as pagefind from 'pagefind';
import { parse } from 'yaml';
import { type Report, reportSchema } from '../../src/lib/report.ts';
import { searchDocument } from '../../src/lib/search/record.ts';
import { reportPath, withBase } from '../../src/lib/urls.ts';

export async function markdownFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await markdownFiles(path)));
    else if (entry.name.endsWith('.md')) out.push(path);
  }
  return out.sort();
}

export async function readReportFile(path: string): Promise<{ report: Report; body: string }> {
  const raw = await readFile(path, 'utf8');
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(raw);
  if (!m) throw new Error(`${path}: no frontmatter`);
  return { report: reportSchema.parse(parse(m[1] ?? '')), body: m[2] ?? '' };
}

export interface SearchIndexStats {
  records: number;
  seconds: number;
}

export async function buildSearchIndex(options: {
  reports: string;
  outDir: string;
  base: string;
}): Promise<SearchIndexStats> {
  const started = performance.now();
  const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en', writePlayground: false });
  if (!index) throw new Error(`pagefind: ${errors.join('; ')}`);
  let records = 0;
  for (const file of await markdownFiles(options.reports)) {
    const { report, body } = await readReportFile(file);
    const url = withBase(options.base, reportPath(report.slug));
    const added = await index.addHTMLFile({ url, content: searchDocument(report, body, url) });
    if (added.errors.length) throw new Error(`pagefind (${file}): ${added.errors.join('; ')}`);
    records++;
  }
  const written = await index.writeFiles({ outputPath: resolve(options.outDir, 'pagefind') });
  if (written.errors.length) throw new Error(`pagefind: ${written.errors.join('; ')}`);
  await pagefind.close();
  return { records, seconds: (performance.now() - started) / 1000 };
}
