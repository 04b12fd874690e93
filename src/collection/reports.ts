/**
 * The site's one read of the content collection. Pages ask this module for the archive (grouped
 * once by src/lib/archive.ts) instead of querying the collection themselves.
 *
 * The collection holds the reports' frontmatter only (src/content.config.ts); a report's body is read
 * from its Markdown file when a page asks for it, so that the build's memory does not grow with the
 * text of the whole archive.
 */

import { getCollection } from 'astro:content';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type Archive, buildArchive } from '../lib/archive.ts';

import type { Report } from '../lib/report.ts';
import { splitReportFile } from '../lib/report-file.ts';

let cache: Promise<{ archive: Archive; files: Map<string, string>; digests: Map<string, string> }> | undefined;

function load() {
  cache ??= getCollection('reports').then((entries) => {
    // filePath is relative to the project root, where Astro runs.
    const files = new Map(entries.map((e) => [e.data.slug, resolve(e.filePath ?? '')]));
    // The loader's digest of each whole file (src/collection/loader.ts), kept by Astro with the entry.
    const digests = new Map(entries.map((e) => [e.data.slug, String((e as { digest?: unknown }).digest ?? '')]));
    return { archive: buildArchive(entries.map((e) => e.data)), files, digests };
  });
  return cache;
}

export async function getArchive(): Promise<Archive> {
  return (await load()).archive;
}

/** The Markdown body of a report (without its frontmatter); empty for an unknown slug. */
export async function getBody(slug: string): Promise<string> {
  const file = (await load()).files.get(slug);
  if (!file) return '';
  const text = await readFile(file, 'utf8');
  return splitReportFile(text)?.body ?? text;
}

/**
 * A digest of a report's whole Markdown file (frontmatter and body), for cache keys: it changes whenever
 * the body does, without reading the body — at 10,000 reports the keys of the incremental build would
 * otherwise read every body again.
 */
export async function getBodyDigest(slug: string): Promise<string> {
  return (await load()).digests.get(slug) ?? '';
}

/** Newest first (see newestYearFirst in src/lib/report-facts.ts). */
export async function allReports(): Promise<Report[]> {
  return (await load()).archive.reports;
}
