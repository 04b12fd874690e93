/**
 * What a search must find, by plain substring search over the reports' own searchable text: for the recall
 * test (tests/e2e/search-recall.test.ts, 500 reports) and the benchmark at scale (search-accuracy.ts). Queries
 * are drawn BY RULE from the texts (spans of 2–6 word characters at seeded positions), never chosen.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { regionChain } from '../../../src/lib/report-facts.ts';
import { querySpellings, wordRuns } from '../../../src/lib/search/tokens.ts';
import { bodyBlocks } from '../search/document.ts';

/**
 * Per report URL ('/reports/<slug>/'): its searchable text as runs of normalised word characters separated by
 * \u0000, paragraphs by \u0000\u0001\u0000 (a phrase does not run on from one paragraph into the next).
 */
export type SearchTexts = Map<string, string>;

async function markdownFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await markdownFiles(p)));
    else if (p.endsWith('.md')) out.push(p);
  }
  return out.sort();
}

/** The searchable text of every report in a content/reports folder, and each one's slug and year. */
export async function searchTexts(
  reportsDir: string,
): Promise<{ texts: SearchTexts; placed: Map<string, { slug: string; year: number | null }> }> {
  const texts: SearchTexts = new Map();
  const placed = new Map<string, { slug: string; year: number | null }>();
  for (const file of await markdownFiles(reportsDir)) {
    const [, yaml = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(await readFile(file, 'utf8')) ?? [];
    const data = parse(yaml);
    const about = [data.authority, regionChain(data.region).join(''), data.docNumber].filter(Boolean).join(' ');
    const blocks = [data.title, about, ...bodyBlocks(body).map((b) => b.text)];
    texts.set(`/reports/${data.slug}/`, blocks.map((b) => wordRuns(b).join('\u0000')).join('\u0000\u0001\u0000'));
    placed.set(`/reports/${data.slug}/`, { slug: data.slug, year: data.year ?? null });
  }
  return { texts, placed };
}

/** A seeded pseudo-random generator (numbers in [0, 1)). */
export function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** A span of `length` word characters at a seeded position in a text, if the position allows one. */
export function spanOf(text: string, length: number, next: () => number): string | undefined {
  const start = Math.floor(next() * Math.max(1, text.length - length));
  const span = text.slice(start, start + length);
  return [...span].length === length && !span.includes('\u0000') ? span : undefined;
}

/** Seeded spans of 2–6 word characters drawn from the reports' own text. */
export function drawQueries(texts: SearchTexts, count: number, seed: number): string[] {
  const next = seeded(seed);
  const all = [...texts.values()];
  const queries = new Set<string>();
  while (queries.size < count) {
    const span = spanOf(all[Math.floor(next() * all.length)] ?? '', 2 + Math.floor(next() * 5), next);
    if (span) queries.add(span);
  }
  return [...queries];
}

/** Seeded pairs of such spans, both from one report (so that some reports contain both). */
export function drawPairs(texts: SearchTexts, count: number, seed: number): [string, string][] {
  const next = seeded(seed);
  const all = [...texts.values()];
  const pairs: [string, string][] = [];
  while (pairs.length < count) {
    const text = all[Math.floor(next() * all.length)] ?? '';
    const a = spanOf(text, 2 + Math.floor(next() * 5), next);
    const b = spanOf(text, 2 + Math.floor(next() * 5), next);
    if (a && b) pairs.push([a, b]);
  }
  return pairs;
}

/** Seeded sets of 3 or 4 such spans, all from one report. */
export function drawTermSets(texts: SearchTexts, count: number, seed: number): string[][] {
  const next = seeded(seed);
  const all = [...texts.values()];
  const sets: string[][] = [];
  for (let n = 0; sets.length < count && n < count * 10; n++) {
    const text = all[Math.floor(next() * all.length)] ?? '';
    const size = 3 + (n % 2);
    const terms: string[] = [];
    for (let tries = 0; terms.length < size && tries < 50; tries++) {
      const span = spanOf(text, 2 + Math.floor(next() * 5), next);
      if (span && !terms.includes(span)) terms.push(span);
    }
    if (terms.length === size) sets.push(terms);
  }
  return sets;
}

/** The reports that contain a query, in any of its spellings, sorted. */
export function expectedReports(texts: SearchTexts, query: string): string[] {
  const spellings = querySpellings(query);
  return [...texts.entries()]
    .filter(([, t]) => spellings.some((q) => t.includes(q)))
    .map(([url]) => url)
    .sort();
}
