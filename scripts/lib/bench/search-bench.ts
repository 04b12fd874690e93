/**
 * Search measurements, for scripts/bench.ts and on their own:
 *
 *   npx tsx scripts/lib/bench/search-bench.ts --reports DIR [--site DIST] [--base /] [--repeat 3] [--out FILE.json]
 *
 * - index: builds the search index of the reports in DIR (content/reports form) into a temporary
 *   folder as its own process tree (scripts/index-search.ts): wall time and peak resident memory of the
 *   whole tree (Pagefind indexes in child processes), cold (empty shard cache), then again with the
 *   cache; the bundle's size on disk, its largest index chunk and its per-shard page tables;
 * - browser (with --site, a built site whose search index is current): for each query, in a fresh
 *   Chromium context (nothing cached), the search page is opened and left to load; then the query is
 *   typed and Enter pressed; measured: time and bytes to the first results on screen, to the count
 *   announced (the shards the page counts at once), and, where the page counted only part of the
 *   archive, to the whole count after "统计其余…" is pressed; then each other order's first page, opened
 *   from its URL: time, bytes and shards read. Each query is measured --repeat times (3), the median kept: on a
 *   shared machine single runs of the same query were seen to differ by a factor of two.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { serveStatic } from '../site/static-server.ts';
import { sampleTree } from './process-sampler.ts';

export const QUERY_MIX = [
  '法治',
  '公职律师',
  '"行政复议"',
  '八五普法',
  '"法治政府建设"',
  '政府',
  '行政执法',
  '乡镇',
  '行政執法',
];

export interface ProcessRun {
  seconds: number;
  /** CPU seconds of the whole tree (sampled: a process's last 200 ms may be missed). */
  cpuSeconds: number;
  peakMB: number;
  exitCode: number | null;
  stdout: string;
}

/** Runs a command; samples the memory of its process tree every 200 ms. */
export async function measureProcess(args: string[], env: NodeJS.ProcessEnv): Promise<ProcessRun> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  let peakKB = 0;
  const cpu = new Map<number, number>();
  const timer = setInterval(() => {
    if (!child.pid) return;
    peakKB = Math.max(peakKB, sampleTree(child.pid, cpu));
  }, 200);
  const exitCode: number | null = await new Promise((done) => child.on('close', (code) => done(code)));
  clearInterval(timer);
  const cpuSeconds = [...cpu.values()].reduce((a, b) => a + b, 0);
  return {
    seconds: (performance.now() - started) / 1000,
    cpuSeconds,
    peakMB: Math.round(peakKB / 1024),
    exitCode,
    stdout,
  };
}

async function sizeOf(path: string): Promise<number> {
  const s = await stat(path);
  if (!s.isDirectory()) return s.size;
  let total = 0;
  for (const name of await readdir(path)) total += await sizeOf(join(path, name));
  return total;
}

export interface IndexFigures {
  reports: number;
  shards: number;
  cold: { seconds: number; cpuSeconds: number; peakMB: number };
  cached: { seconds: number; cpuSeconds: number; peakMB: number };
  bundleMB: number;
  largestIndexChunkKB: number;
  pageTablesKB: number;
}

/** Builds the index of reportsDir twice (cold, then from the shard cache) into a temporary folder. */
export async function measureIndexBuild(reportsDir: string, env: NodeJS.ProcessEnv = {}): Promise<IndexFigures> {
  const root = await mkdtemp(join(tmpdir(), 'gongkai-search-bench-'));
  const runEnv = {
    ...process.env,
    ...env,
    GONGKAI_REPORTS_DIR: resolve(reportsDir),
    GONGKAI_OUT_DIR: join(root, 'dist'),
    GONGKAI_CACHE_DIR: join(root, 'cache'),
  };
  const args = [resolve('node_modules/tsx/dist/cli.mjs'), resolve('scripts/index-search.ts')];
  const cold = await measureProcess(args, runEnv);
  if (cold.exitCode !== 0) throw new Error(`index build failed (${cold.exitCode})`);
  const cached = await measureProcess(args, runEnv);
  const bundle = join(root, 'dist', 'pagefind');
  const chunks = await readdir(join(bundle, 'index'));
  let largest = 0;
  for (const c of chunks) largest = Math.max(largest, (await stat(join(bundle, 'index', c))).size);
  let tables = 0;
  for (const f of await readdir(bundle)) if (f.endsWith('.pf_meta')) tables += (await stat(join(bundle, f))).size;
  const counts = /(\d+) 份报告，(\d+) 个分片/.exec(cold.stdout);
  const figures: IndexFigures = {
    reports: Number(counts?.[1] ?? 0),
    shards: Number(counts?.[2] ?? 0),
    cold: { seconds: round(cold.seconds), cpuSeconds: round(cold.cpuSeconds), peakMB: cold.peakMB },
    cached: { seconds: round(cached.seconds), cpuSeconds: round(cached.cpuSeconds), peakMB: cached.peakMB },
    bundleMB: round((await sizeOf(bundle)) / 2 ** 20),
    largestIndexChunkKB: Math.round(largest / 1024),
    pageTablesKB: Math.round(tables / 1024),
  };
  await rm(root, { recursive: true, force: true });
  return figures;
}

const round = (n: number) => Math.round(n * 10) / 10;

export interface QueryFigures {
  query: string;
  /** Enter → the first result on screen (the page shows each result as it loads). */
  firstMs: number;
  firstKB: number;
  /** Enter → the first page of results (up to ten) complete. */
  pageMs: number;
  /** Enter → the count announced (the first shards; the whole archive if it has few). */
  completeMs: number;
  completeKB: number;
  /** Enter → the whole archive counted (the reader asked for the rest); equal to complete* if it had few shards. */
  allMs: number;
  allKB: number;
  results: number;
}

export interface BrowserFigures {
  /** The search page with Pagefind's runtime, before any query. */
  pageKB: number;
  queries: QueryFigures[];
  medianFirstMs: number;
  maxFirstKB: number;
  medianCompleteMs: number;
  maxCompleteKB: number;
  medianAllMs: number;
  maxAllKB: number;
}

/** Runs the query mix on a served site's search page (siteUrl ends with the base path and '/'). */
export async function measureQueries(
  browser: Browser,
  siteUrl: string,
  queries: readonly string[] = QUERY_MIX,
  /** Each query is measured this many times (a fresh browser context each); its figures are the medians. */
  repeat = 3,
): Promise<BrowserFigures> {
  const figures: QueryFigures[] = [];
  let pageKB = 0;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  for (const query of queries) {
    const runs: QueryFigures[] = [];
    for (let i = 0; i < Math.max(1, repeat); i++) {
      const measured = await measureQuery(browser, siteUrl, query);
      pageKB = measured.pageKB;
      runs.push(measured.figures);
    }
    const of = (key: 'firstMs' | 'firstKB' | 'pageMs' | 'completeMs' | 'completeKB' | 'allMs' | 'allKB') =>
      median(runs.map((r) => r[key]));
    figures.push({
      query,
      firstMs: of('firstMs'),
      firstKB: of('firstKB'),
      pageMs: of('pageMs'),
      completeMs: of('completeMs'),
      completeKB: of('completeKB'),
      allMs: of('allMs'),
      allKB: of('allKB'),
      results: runs[0]?.results ?? 0,
    });
  }
  return {
    pageKB,
    queries: figures,
    medianFirstMs: median(figures.map((f) => f.firstMs)),
    maxFirstKB: Math.max(...figures.map((f) => f.firstKB)),
    medianCompleteMs: median(figures.map((f) => f.completeMs)),
    maxCompleteKB: Math.max(...figures.map((f) => f.completeKB)),
    medianAllMs: median(figures.map((f) => f.allMs)),
    maxAllKB: Math.max(...figures.map((f) => f.allKB)),
  };
}

/**
 * A fresh browser context (nothing cached) with the search page loaded and left to settle, counting the
 * bytes of every request from then on — page and worker requests alike (Pagefind fetches its index from
 * a web worker) — and the shards whose index or fragments are read.
 */
async function meteredSearchPage(browser: Browser, siteUrl: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const meter = { bytes: 0, shards: new Set<string>() };
  context.on('requestfinished', (request) => {
    const shard = /\/(?:index|fragment)\/([a-z0-9]+)_[^/]*$/.exec(request.url())?.[1];
    if (shard) meter.shards.add(shard);
    // A request still being sized when the context closes is past the measurement: its rejection is not an error.
    request.sizes().then(
      (sizes) => {
        meter.bytes += sizes.responseBodySize + sizes.responseHeadersSize;
      },
      () => undefined,
    );
  });
  await page.goto(`${siteUrl}search/`);
  await page.waitForLoadState('networkidle');
  return { context, page, meter };
}

/** One query in a fresh browser context: the search page loaded, the query typed, Enter pressed. */
async function measureQuery(
  browser: Browser,
  siteUrl: string,
  query: string,
): Promise<{ pageKB: number; figures: QueryFigures }> {
  const { context, page, meter } = await meteredSearchPage(browser, siteUrl);
  const before = meter.bytes;
  const pageKB = Math.round(before / 1024);
  await page.fill('#q', query);
  const started = await page.evaluate(() => performance.now());
  await page.press('#q', 'Enter');
  await page.waitForFunction(
    () =>
      document.querySelector('#search-results > li') !== null ||
      /没有/.test(document.getElementById('search-status')?.textContent ?? ''),
    null,
    { timeout: 300_000, polling: 'raf' },
  );
  const first = await page.evaluate(() => performance.now());
  await page.waitForFunction(
    () =>
      document.getElementById('search-results')?.getAttribute('aria-busy') === 'false' ||
      /没有/.test(document.getElementById('search-status')?.textContent ?? ''),
    null,
    { timeout: 300_000, polling: 'raf' },
  );
  const pageDone = await page.evaluate(() => performance.now());
  const firstBytes = meter.bytes;
  await page.waitForFunction(
    () => /找到|没有/.test(document.getElementById('search-status')?.textContent ?? ''),
    null,
    { timeout: 300_000, polling: 'raf' },
  );
  const complete = await page.evaluate(() => performance.now());
  await page.waitForLoadState('networkidle');
  const completeBytes = meter.bytes;
  // Counting the rest starts when the reader asks: timed from the click, added to the time to the first count.
  let restMs = 0;
  if (await page.isVisible('#count-all')) {
    const clicked = await page.evaluate(() => performance.now());
    await page.click('#count-all');
    await page.waitForFunction(() => document.getElementById('count-all')?.hidden === true, null, {
      timeout: 300_000,
      polling: 'raf',
    });
    restMs = (await page.evaluate(() => performance.now())) - clicked;
    await page.waitForLoadState('networkidle');
  }
  const figures: QueryFigures = {
    query,
    firstMs: Math.round(first - started),
    pageMs: Math.round(pageDone - started),
    firstKB: Math.round((firstBytes - before) / 1024),
    completeMs: Math.round(complete - started),
    completeKB: Math.round((completeBytes - before) / 1024),
    allMs: Math.round(complete - started + restMs),
    allKB: Math.round((meter.bytes - before) / 1024),
    results: Number(/找到 (\d+)/.exec((await page.textContent('#search-status')) ?? '')?.[1] ?? 0),
  };
  await context.close();
  return { pageKB, figures };
}

export interface SortPageFigures {
  sort: string;
  query: string;
  /** From opening the search URL to its first page of results complete (page load included). */
  pageMs: number;
  /** Bytes after the search page itself: the query's shards, chunks and fragments. */
  pageKB: number;
  /** Shards whose index or fragments the first page read. */
  shards: number;
}

/**
 * The first page of results in each order but the default, opened from its URL (as a shared link is)
 * in a fresh context whose search page has been loaded once: how many shards and bytes each order reads.
 */
export async function measureSortPages(
  browser: Browser,
  siteUrl: string,
  queries: readonly string[] = ['法治', '"行政复议"', '八五普法'],
  sorts: readonly string[] = ['published-desc', 'published-asc', 'relevance'],
): Promise<SortPageFigures[]> {
  const out: SortPageFigures[] = [];
  for (const sort of sorts)
    for (const query of queries) {
      const { context, page, meter } = await meteredSearchPage(browser, siteUrl);
      const before = meter.bytes;
      meter.shards.clear();
      const started = Date.now();
      await page.goto(`${siteUrl}search/?q=${encodeURIComponent(query)}&sort=${sort}`);
      await page.waitForFunction(
        () =>
          document.getElementById('search-results')?.getAttribute('aria-busy') === 'false' &&
          document.querySelector('#search-results > li') !== null,
        null,
        { timeout: 300_000 },
      );
      out.push({
        sort,
        query,
        pageMs: Date.now() - started,
        pageKB: Math.round((meter.bytes - before) / 1024),
        shards: meter.shards.size,
      });
      await context.close();
    }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      reports: { type: 'string' },
      site: { type: 'string' },
      base: { type: 'string', default: '/' },
      out: { type: 'string' },
      repeat: { type: 'string', default: '3' },
    },
  });
  const result: Record<string, unknown> = { date: new Date().toISOString() };
  if (values.reports) {
    result.index = await measureIndexBuild(values.reports);
    console.log('index', result.index);
  }
  if (values.site) {
    const { launchChromium } = await import('./chromium.ts');
    const server = await serveStatic({ root: values.site, base: values.base ?? '/' });
    const browser = await launchChromium();
    try {
      result.browser = await measureQueries(browser, server.url, QUERY_MIX, Number(values.repeat));
      console.table((result.browser as BrowserFigures).queries);
      const { queries: _q, ...summary } = result.browser as BrowserFigures;
      console.log(summary);
      result.sorts = await measureSortPages(browser, server.url);
      console.table(result.sorts);
    } finally {
      await browser.close();
      await server.close();
    }
  }
  if (values.out) await writeFile(values.out, `${JSON.stringify(result, null, 1)}\n`);
}
