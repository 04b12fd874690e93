/**
 * The compare pages (issue 21), made outside Astro: one per consecutive pair of every series, a third more pages
 * than all the others together, each of which cost Astro's one thread as much as any page (scripts/BENCHMARKS.md,
 * "Year over year").
 *
 * Two steps. While Astro renders, the pairs whose compare page is not cached are aligned in worker processes and
 * each page's parts written to the cache (cache/compare/fragments/<key>.json), keyed by the two reports' files,
 * the authority page they are listed under, the base and the code that makes them. After Astro, the parts are
 * put into the page frame Astro rendered (src/lib/page-frame.ts) and written to dist/compare/; a page whose key
 * and frame are those of the page already there is left as it is (the incremental build keeps dist/), a page
 * no pair makes any more is removed, and the compare pages get their own sitemap, listed in the sitemap index.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { projectSource } from '../../../src/collection/project-code.ts';
import { buildArchive } from '../../../src/lib/archive.ts';
import { codeFingerprint } from '../../../src/lib/code-fingerprint.ts';
import { type ComparePage, comparePage } from '../../../src/lib/compare-page.ts';
import { escapeHtml } from '../../../src/lib/escape.ts';
import { FRAME_PATH, fillFrame, prepareFrame } from '../../../src/lib/page-frame.ts';
import type { Report } from '../../../src/lib/report.ts';
import { splitReportFile } from '../../../src/lib/report-file.ts';
import { absoluteUrl } from '../../../src/lib/urls.ts';
import type { GongkaiConfig, SiteConfig } from '../../../src/site.config.ts';
import { writeAtomic } from '../shared/atomic-files.ts';
import { PROJECT_ROOT } from '../shared/project-root.ts';
import { removeUnexpectedFiles } from '../shared/unexpected-files.ts';

/** One pair to align: the two reports, their files, where its parts go. */
export interface CompareJob {
  earlier: Report;
  later: Report;
  earlierFile: string;
  laterFile: string;
  authority: { name: string; slug: string } | null;
  base: string;
  /** The cache file of the page's parts (a ComparePage as JSON). */
  fragment: string;
}

/** Aligns one pair and writes its page's parts to the cache. */
export function makeFragment(job: CompareJob): void {
  const body = (file: string) => {
    const text = readFileSync(file, 'utf8');
    return splitReportFile(text)?.body ?? text;
  };
  const page = comparePage({
    earlier: job.earlier,
    later: job.later,
    bodyA: body(job.earlierFile),
    bodyB: body(job.laterFile),
    authority: job.authority,
    base: job.base,
  });
  writeAtomic(job.fragment, JSON.stringify(page));
}

export interface CompareStageOptions {
  /** Every report of the archive with its file and the hash of the file's bytes. */
  reports: readonly { file: string; sha: string; report: Report }[];
  site: Pick<SiteConfig, 'site' | 'base'>;
  outDir: string;
  /** The stage's cache folder (cache/compare). */
  cacheDir: string;
  /** Worker processes for the alignments. */
  workers: number;
}

/** The stage's options from the configuration and the reports the search index's plan read. */
export function compareStageOptionsOf(
  configuration: GongkaiConfig,
  reports: CompareStageOptions['reports'],
  workers: number,
): CompareStageOptions {
  return {
    reports,
    site: configuration.site,
    outDir: configuration.paths.outDir,
    cacheDir: configuration.cache.compare,
    workers,
  };
}

interface PlannedPage {
  /** The page's address without the base. */
  path: string;
  key: string;
  fragment: string;
}

export interface ComparePlan {
  options: CompareStageOptions;
  pages: PlannedPage[];
  /** How many pairs were aligned in this build (the others' parts were cached). */
  aligned: number;
  /** Resolves when every missing page's parts are in the cache; the pairs that failed, with the reason. */
  done: Promise<{ path: string; message: string }[]>;
}

const THIS_DIR = dirname(fileURLToPath(import.meta.url));
/** The code that makes a page's parts: the worker and every module it imports. */
const COMPARE_ENTRIES = ['scripts/lib/site/compare-worker.ts'];
/** Fewer pairs to align than this are aligned in this process: starting a worker costs about a second. */
const IN_PROCESS_BELOW = 64;

const hash = (...parts: string[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex').slice(0, 24);
};

/** Plans the compare pages and starts aligning the pairs whose page is not cached. */
export function startComparePages(options: CompareStageOptions): ComparePlan {
  const fragments = join(options.cacheDir, 'fragments');
  mkdirSync(fragments, { recursive: true });
  const code = codeFingerprint(COMPARE_ENTRIES, projectSource(PROJECT_ROOT)).hash;
  const byReport = new Map(options.reports.map((r) => [r.report, r]));
  const archive = buildArchive(options.reports.map((r) => r.report));
  const pages: PlannedPage[] = [];
  const missing: CompareJob[] = [];
  for (const { earlier, later } of archive.series.pairs) {
    const a = byReport.get(earlier);
    const b = byReport.get(later);
    if (!a || !b) continue;
    const listed = later.authority ? archive.byAuthority.get(later.authority) : undefined;
    const authority = listed ? { name: listed.name, slug: listed.slug } : null;
    const key = hash(code, options.site.base, a.sha, b.sha, JSON.stringify(authority));
    const fragment = join(fragments, `${key}.json`);
    pages.push({ path: `/compare/${earlier.slug}/${later.slug}/`, key, fragment });
    if (!existsSync(fragment))
      missing.push({
        earlier,
        later,
        earlierFile: a.file,
        laterFile: b.file,
        authority,
        base: options.site.base,
        fragment,
      });
  }
  const done =
    missing.length < IN_PROCESS_BELOW
      ? Promise.resolve(makeFragments(missing))
      : alignInWorkers(missing, options.workers);
  return { options, pages, aligned: missing.length, done };
}

/** Aligns the pairs one after the other (in this process or in a worker); the ones that failed, with the reason. */
export function makeFragments(jobs: readonly CompareJob[]): { path: string; message: string }[] {
  const failed: { path: string; message: string }[] = [];
  for (const job of jobs) {
    try {
      makeFragment(job);
    } catch (error) {
      failed.push({ path: job.fragment, message: (error as Error).message });
    }
  }
  return failed;
}

/** The jobs dealt round-robin to the workers, each its own Node with tsx's loader. */
async function alignInWorkers(jobs: CompareJob[], workers: number): Promise<{ path: string; message: string }[]> {
  const loader = pathToFileURL(join(PROJECT_ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
  const count = Math.max(1, Math.min(workers, Math.ceil(jobs.length / IN_PROCESS_BELOW)));
  const runs = Array.from({ length: count }, (_, w) => {
    const share = jobs.filter((_, i) => i % count === w);
    return new Promise<{ path: string; message: string }[]>((resolve) => {
      const child = spawn(process.execPath, ['--import', loader, join(THIS_DIR, 'compare-worker.ts')], {
        cwd: PROJECT_ROOT,
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        serialization: 'advanced',
      });
      let answer: { path: string; message: string }[] | null = null;
      child.on('message', (m: { failed: { path: string; message: string }[] }) => {
        answer = m.failed;
      });
      // A worker that dies (out of memory, killed) fails its pairs, not the build: their pages are missing
      // and named, and the next build aligns them again.
      const ended = (why: string) =>
        resolve(
          answer ?? share.filter((j) => !existsSync(j.fragment)).map((j) => ({ path: j.fragment, message: why })),
        );
      child.on('exit', (code, signal) => ended(`对比进程退出（${signal ?? code}）`));
      child.on('error', (error) => ended(error.message));
      child.send({ jobs: share });
    });
  });
  return (await Promise.all(runs)).flat();
}

export interface CompareStageResult {
  pages: number;
  written: number;
  kept: number;
  removed: number;
  aligned: number;
  failed: { path: string; message: string }[];
}

/** The record of what the last run wrote into dist/compare/: the frame's hash and each page's key. */
interface WrittenRecord {
  frame: string;
  pages: Record<string, string>;
}

/**
 * After Astro: each compare page in the frame, written to dist/compare/ unless the page there is already this
 * one; stale pages removed; the frame removed from dist/; the compare sitemap written and listed.
 */
export async function finishComparePages(plan: ComparePlan): Promise<CompareStageResult> {
  const { options, pages } = plan;
  const failures = await plan.done;
  const failed = new Set(failures.map((f) => f.path));
  const pageOfFragment = new Map(pages.map((p) => [p.fragment, p.path]));
  const frameFile = join(options.outDir, FRAME_PATH, 'index.html');
  const frameText = readFileSync(frameFile, 'utf8');
  const frame = prepareFrame(frameText, absoluteUrl(options.site, FRAME_PATH));
  const frameHash = hash(frameText);
  const recordFile = join(options.cacheDir, 'written.json');
  let record: WrittenRecord = { frame: '', pages: {} };
  try {
    record = JSON.parse(readFileSync(recordFile, 'utf8')) as WrittenRecord;
  } catch {
    // No record: every page is written.
  }
  const next: WrittenRecord = { frame: frameHash, pages: {} };
  const result: CompareStageResult = {
    pages: 0,
    written: 0,
    kept: 0,
    removed: 0,
    aligned: plan.aligned,
    // Named by the page's address: the fragment's file name means nothing to a webmaster.
    failed: failures.map((f) => ({ ...f, path: pageOfFragment.get(f.path) ?? f.path })),
  };
  const expected = new Set<string>();
  const listed: string[] = [];
  for (const [i, page] of pages.entries()) {
    if (failed.has(page.fragment)) continue;
    const target = join(options.outDir, page.path, 'index.html');
    expected.add(target);
    listed.push(page.path);
    next.pages[page.path] = page.key;
    result.pages++;
    if (record.frame === frameHash && record.pages[page.path] === page.key && existsSync(target)) {
      result.kept++;
      continue;
    }
    const parts = JSON.parse(readFileSync(page.fragment, 'utf8')) as ComparePage;
    writeAtomic(
      target,
      fillFrame(frame, {
        canonical: absoluteUrl(options.site, page.path),
        title: parts.title,
        description: parts.description,
        crumbs: parts.crumbs,
        main: parts.html,
      }),
    );
    result.written++;
    // A pause for the event loop now and then: the search index's processes report to this one meanwhile.
    if (i % 256 === 255) await new Promise((resume) => setImmediate(resume));
  }
  result.removed = removeUnexpectedFiles(join(options.outDir, 'compare'), expected);
  try {
    rmdirSync(join(options.outDir, 'compare'));
  } catch {
    // Compare pages left, or none ever made.
  }
  rmSync(dirname(frameFile), { recursive: true, force: true });
  writeCompareSitemap(options.site, options.outDir, listed);
  writeAtomic(recordFile, JSON.stringify(next));
  // Only this build's parts are kept in the cache.
  const kept = new Set(pages.map((p) => p.fragment));
  const fragments = join(options.cacheDir, 'fragments');
  for (const name of readdirSync(fragments)) {
    const path = join(fragments, name);
    if (!kept.has(path)) rmSync(path, { force: true });
  }
  return result;
}

/** The file name of the compare pages' sitemap, beside @astrojs/sitemap's sitemap-0.xml. */
export const COMPARE_SITEMAP = 'sitemap-compare.xml';
/** A sitemap file holds at most 50,000 addresses (sitemaps.org): more compare pages take more files. */
const SITEMAP_LIMIT = 50_000;

/**
 * The compare pages' sitemap files, and their entries in @astrojs/sitemap's index (rewritten by Astro on every
 * build, so added again every build).
 */
export function writeCompareSitemap(site: CompareStageOptions['site'], outDir: string, paths: readonly string[]): void {
  const options = { site, outDir };
  const files: string[] = [];
  for (let i = 0; i === 0 || i < paths.length; i += SITEMAP_LIMIT) {
    const name = i === 0 ? COMPARE_SITEMAP : COMPARE_SITEMAP.replace('.xml', `-${i / SITEMAP_LIMIT}.xml`);
    const urls = paths
      .slice(i, i + SITEMAP_LIMIT)
      .map((p) => `<url><loc>${escapeHtml(absoluteUrl(options.site, p))}</loc></url>`)
      .join('');
    writeAtomic(
      join(options.outDir, name),
      `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls}</urlset>`,
    );
    files.push(name);
  }
  // Sitemap files of compare pages there are no longer enough of.
  for (const name of readdirSync(options.outDir))
    if (/^sitemap-compare(-\d+)?\.xml$/.test(name) && !files.includes(name)) rmSync(join(options.outDir, name));
  const indexFile = join(options.outDir, 'sitemap-index.xml');
  if (!existsSync(indexFile)) return;
  const index = readFileSync(indexFile, 'utf8').replace(
    /<sitemap><loc>[^<]*sitemap-compare[^<]*<\/loc><\/sitemap>/g,
    '',
  );
  const entries = files.map((f) => `<sitemap><loc>${escapeHtml(absoluteUrl(options.site, `/${f}`))}</loc></sitemap>`);
  writeAtomic(indexFile, index.replace('</sitemapindex>', `${entries.join('')}</sitemapindex>`));
}
