/** Sizes of a built site, for scripts/bench.ts: bytes on disk, files counted, a report page as a phone downloads it. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { round } from './figures.ts';

/** Bytes of a file, or of every file under a folder (0 when it is not there). */
export function du(path: string): number {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.size;
  return readdirSync(path).reduce((sum, name) => sum + du(join(path, name)), 0);
}

/** The files under a folder whose name ends with `ext` ('' for every file). */
export function countFiles(dir: string, ext: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { withFileTypes: true }).reduce(
    (n, e) => n + (e.isDirectory() ? countFiles(join(dir, e.name), ext) : e.name.endsWith(ext) ? 1 : 0),
    0,
  );
}

export interface ReportPageSizes {
  /** The median of the pages sampled, KB. */
  gzipKB: number;
  /** The most script elements on a page sampled (JSON-LD apart). */
  scripts: number;
  sampled: number;
}

/** A report page: its HTML and the CSS it links, gzip-compressed (what a phone downloads), median of five. */
export function reportPageSizes(dist: string): ReportPageSizes | null {
  const dir = join(dist, 'reports');
  if (!existsSync(dir)) return null;
  const slugs = readdirSync(dir).filter((s) => existsSync(join(dir, s, 'index.html')));
  const picks = [0.1, 0.3, 0.5, 0.7, 0.9].map((q) => slugs[Math.floor(q * slugs.length)]).filter(Boolean);
  const sizes = picks.map((slug) => {
    const html = readFileSync(join(dir, slug as string, 'index.html'), 'utf8');
    const css = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((m) => {
      const file = join(dist, (m[1] ?? '').replace(/^\//, ''));
      return existsSync(file) ? gzipSync(readFileSync(file)).length : 0;
    });
    const scripts = [...html.matchAll(/<script(?![^>]*type="application\/ld\+json")[^>]*>/g)].length;
    return { bytes: gzipSync(html).length + css.reduce((a, b) => a + b, 0), scripts };
  });
  if (!sizes.length) return null;
  const sorted = sizes.map((s) => s.bytes).sort((a, b) => a - b);
  return {
    gzipKB: round((sorted[Math.floor(sorted.length / 2)] ?? 0) / 1024),
    scripts: Math.max(...sizes.map((s) => s.scripts)),
    sampled: sizes.length,
  };
}

export interface ComparePageSizes {
  pages: number;
  /** The largest compare page's HTML, KB (the bound: 200 KB). */
  largestKB: number;
  totalMB: number;
}

/** The year-over-year compare pages (dist/compare/<a>/<b>/index.html): how many, the largest, all together. */
export function comparePageSizes(dist: string): ComparePageSizes {
  const dir = join(dist, 'compare');
  let pages = 0;
  let largest = 0;
  let total = 0;
  if (existsSync(dir))
    for (const a of readdirSync(dir))
      for (const b of existsSync(join(dir, a)) && statSync(join(dir, a)).isDirectory()
        ? readdirSync(join(dir, a))
        : []) {
        const file = join(dir, a, b, 'index.html');
        if (!existsSync(file)) continue;
        const size = statSync(file).size;
        pages++;
        total += size;
        largest = Math.max(largest, size);
      }
  return { pages, largestKB: round(largest / 1024), totalMB: round(total / 2 ** 20) };
}

export interface ListPageSizes {
  /** The largest year page (any of its pages), HTML KB; the bound: 200 KB. */
  yearLargestKB: number;
  /** The largest region page (any of its pages), HTML KB. */
  regionLargestKB: number;
  /** The largest page of the authority index or of a province's bodies, HTML KB. */
  authorityLargestKB: number;
  /** How many pages the year, region and authority lists take in all. */
  pages: number;
}

/** The year, region and authority list pages (feeds' pages apart): the largest of each kind. */
export function listPageSizes(dist: string): ListPageSizes {
  let pages = 0;
  /** The largest index.html under root (itself included when withRoot), skipping folders skip names. */
  const largest = (root: string, skip: (name: string) => boolean, withRoot = false): number => {
    let max = 0;
    const rootFile = join(root, 'index.html');
    if (withRoot && existsSync(rootFile)) {
      pages++;
      max = statSync(rootFile).size;
    }
    const walk = (dir: string) => {
      if (!existsSync(dir)) return;
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (!e.isDirectory()) continue;
        if (skip(e.name)) continue;
        const file = join(dir, e.name, 'index.html');
        if (existsSync(file)) {
          pages++;
          max = Math.max(max, statSync(file).size);
        }
        walk(join(dir, e.name));
      }
    };
    walk(root);
    return round(max / 1024);
  };
  const lists = (name: string) => name === 'rss' || name === 'authorities';
  const yearLargestKB = largest(join(dist, 'years'), lists);
  const regionLargestKB = largest(join(dist, 'regions'), lists);
  // The index and its later pages (/authorities/p/n/), not the bodies' own pages; each province's bodies.
  const provinces = existsSync(join(dist, 'regions'))
    ? readdirSync(join(dist, 'regions'), { withFileTypes: true }).filter((e) => e.isDirectory())
    : [];
  const authorityLargestKB = Math.max(
    largest(join(dist, 'authorities'), (name) => name !== 'p', true),
    ...provinces.map((e) => largest(join(dist, 'regions', e.name, 'authorities'), () => false, true)),
  );
  return { yearLargestKB, regionLargestKB, authorityLargestKB, pages };
}
