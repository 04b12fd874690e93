/**
 * The site's one read of the content collection. Pages ask this module for the archive (grouped
 * once by src/lib/archive.ts) instead of querying the collection themselves.
 */
import { getCollection } from 'astro:content';
import { type Archive, buildArchive } from '../lib/archive.ts';
import type { Report } from '../lib/report.ts';

export interface ReportWithBody extends Report {
  body: string;
}

let cache: Promise<{ archive: Archive; bodies: Map<string, string> }> | undefined;

function load() {
  cache ??= getCollection('reports').then((entries) => {
    const bodies = new Map(entries.map((e) => [e.data.slug, e.body ?? '']));
    return { archive: buildArchive(entries.map((e) => e.data)), bodies };
  });
  return cache;
}

export async function getArchive(): Promise<Archive> {
  return (await load()).archive;
}

export async function getBody(slug: string): Promise<string> {
  return (await load()).bodies.get(slug) ?? '';
}

/** Newest first (see compareReports). */
export async function allReports(): Promise<Report[]> {
  return (await load()).archive.reports;
}
