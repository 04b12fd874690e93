/**
 * npm run bench -- --reports N [--seed S] [--skip-browser] [--keep]
 *
 * Generates N realistic uploads into a temporary folder, then measures each stage of the build as
 * its own process (wall time and peak memory): ingest, Astro, search index; the size of dist/, of the
 * search bundle and of a report page; search latency and bytes transferred in headless Chromium;
 * and a rebuild after one new upload. Writes bench-results/bench-N.json and prints a table.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { writeCorpus } from './generate-corpus.ts';
import { generateCorpus } from './lib/corpus-generator.ts';
import { serveStatic } from './lib/static-server.ts';

interface StageResult {
  seconds: number;
  peakMB: number | null;
  exitCode: number | null;
}

const { values } = parseArgs({
  options: {
    reports: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    'skip-browser': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const N = Number(values.reports);
const root = await mkdtemp(join(tmpdir(), `gongkai-bench-${N}-`));
const env = {
  ...process.env,
  GONGKAI_SOURCES_DIR: join(root, 'sources'),
  GONGKAI_REPORTS_DIR: join(root, 'reports'),
  GONGKAI_OUT_DIR: join(root, 'dist'),
  GONGKAI_CACHE_DIR: join(root, 'cache'),
  GONGKAI_TODAY: '2026-01-01',
  ASTRO_TELEMETRY_DISABLED: '1',
};
const TSX = resolve('node_modules/tsx/dist/cli.mjs');
const ASTRO = resolve('node_modules/astro/bin/astro.mjs');

/** Resident memory of a process and all its descendants (Pagefind indexes in a child process of its own), in KB. */
function treeRssKB(root: number): number {
  const ps = spawnSync('ps', ['-e', '-o', 'pid=,ppid=,rss='], { encoding: 'utf8' });
  const rows = (ps.stdout ?? '')
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number) as [number, number, number]);
  const tree = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of rows) if (tree.has(ppid) && !tree.has(pid)) grew = tree.add(pid) !== undefined;
  }
  return rows.filter(([pid]) => tree.has(pid)).reduce((sum, [, , rss]) => sum + rss, 0);
}

/** Runs one stage as its own process; samples the memory of its whole process tree every 200 ms. */
async function stage(name: string, args: string[]): Promise<StageResult> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr = `${stderr}${d}`.slice(-4000);
  });
  let peakKB = 0;
  const timer = setInterval(() => {
    if (child.pid) peakKB = Math.max(peakKB, treeRssKB(child.pid));
  }, 200);
  const exitCode: number | null = await new Promise((done) => child.on('close', (code) => done(code)));
  clearInterval(timer);
  const seconds = (performance.now() - started) / 1000;
  if (exitCode !== 0) console.error(`[${name}] exit ${exitCode}\n${stderr.slice(-1500)}`);
  return { seconds, peakMB: Math.round(peakKB / 1024), exitCode };
}

function du(path: string): number {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.size;
  return readdirSync(path).reduce((sum, name) => sum + du(join(path, name)), 0);
}

async function build(): Promise<{ ingest: StageResult; astro: StageResult; search: StageResult; total: number }> {
  const ingest = await stage('ingest', [TSX, 'scripts/ingest.ts', '--quiet']);
  const astro = await stage('astro', [ASTRO, 'build', '--silent']);
  const search = await stage('search', [TSX, 'scripts/index-search.ts', '--with-downloads']);
  return { ingest, astro, search, total: ingest.seconds + astro.seconds + search.seconds };
}

console.log(`生成 ${N} 份报告……（${root}）`);
let t = performance.now();
const corpus = await generateCorpus({ reports: N + 1, seed: Number(values.seed) });
const extra = corpus.pop();
await writeCorpus(join(root, 'sources'), corpus);
const generateSeconds = (performance.now() - t) / 1000;
const textReports = corpus.filter((f) => f.truth?.format.startsWith('txt')).length;

// Conversion throughput on one core, text uploads only, in this process (no process start-up, no disk).
const { convertSource } = await import('../src/lib/convert.ts');
const { toFrontmatterMarkdown } = await import('../src/lib/markdown.ts');
const texts = corpus.filter((f) => f.truth?.format === 'txt');
await convertSource({ path: 'warm/up.txt', bytes: texts[0]?.bytes ?? new Uint8Array() });
t = performance.now();
for (const f of texts) {
  const c = await convertSource({ path: f.path, bytes: f.bytes });
  toFrontmatterMarkdown({ ...c.fields, added: '2026-01-01', slug: 'x', duplicates: [] }, c.body);
}
const textReportsPerSecond = Math.round(texts.length / ((performance.now() - t) / 1000));

console.log('完整构建……');
const full = await build();
const dist = join(root, 'dist');
// Sizes of the full build, before the rebuild below touches dist/.
const distBytes = du(dist);
const bundleBytes = du(join(dist, 'pagefind'));
const reportDirs = existsSync(join(dist, 'reports')) ? readdirSync(join(dist, 'reports')) : [];
const pages = (function count(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce(
    (n, e) => n + (e.isDirectory() ? count(join(dir, e.name)) : e.name.endsWith('.html') ? 1 : 0),
    0,
  );
})(dist);

// A report page: its HTML and the CSS it links, gzip-compressed (what a phone downloads).
const samplePage = readFileSync(
  join(dist, 'reports', reportDirs[Math.floor(reportDirs.length / 2)] ?? '', 'index.html'),
  'utf8',
);
const css = [...samplePage.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) =>
  readFileSync(join(dist, (m[1] ?? '').replace(/^\//, ''))),
);
const pageGzip = gzipSync(samplePage).length + css.reduce((n, c) => n + gzipSync(c).length, 0);
const pageScripts = [...samplePage.matchAll(/<script(?![^>]*type="application\/ld\+json")[^>]*>/g)].length;

let browser: Record<string, unknown> = { skipped: true };
if (!values['skip-browser']) {
  const { launchChromium } = await import('../tests/helpers/browser.ts');
  const server = await serveStatic({ root: dist, base: '/' });
  const chromium = await launchChromium();
  const queries = ['法治', '公职律师', '"行政复议"', '八五普法', '"法治政府建设"', '政府', '行政执法', '乡镇'];
  const timings: { query: string; ms: number; kb: number; pageKB: number; results: number }[] = [];
  for (const [i, query] of queries.entries()) {
    // Each query in a fresh context: nothing cached, so that bytes are those of a first query.
    const context = await chromium.newContext();
    const page = await context.newPage();
    let bytes = 0;
    // Page and worker requests alike (Pagefind fetches its index from a worker).
    page.on('requestfinished', (request) => {
      void request.sizes().then((sizes) => {
        bytes += sizes.responseBodySize + sizes.responseHeadersSize;
      });
    });
    await page.goto(`${server.url}search/`);
    await page.waitForLoadState('networkidle');
    const before = bytes;
    const started = await page.evaluate(() => performance.now());
    await page.fill('#q', query);
    await page.press('#q', 'Enter');
    await page.waitForFunction(
      () => /找到|没有/.test(document.getElementById('search-status')?.textContent ?? ''),
      null,
      { timeout: 120_000 },
    );
    const ended = await page.evaluate(() => performance.now());
    await page.waitForLoadState('networkidle');
    const results = Number(/找到 (\d+)/.exec((await page.textContent('#search-status')) ?? '')?.[1] ?? 0);
    timings.push({
      query,
      ms: Math.round(ended - started),
      kb: Math.round((bytes - before) / 1024),
      pageKB: Math.round(before / 1024),
      results,
    });
    if (i === 0) browser.searchPageKB = Math.round(before / 1024);
    await context.close();
  }
  await chromium.close();
  await server.close();
  browser = {
    searchPageKB: browser.searchPageKB,
    queries: timings,
    medianMs: timings.map((x) => x.ms).sort((a, b) => a - b)[Math.floor(timings.length / 2)],
    maxFirstQueryKB: Math.max(...timings.map((x) => x.kb)),
  };
}

console.log('新增一份报告后重建……');
if (extra) {
  await mkdir(join(root, 'sources', 'new'), { recursive: true });
  await writeFile(join(root, 'sources', 'new', extra.path.split('/').pop() ?? 'new.txt'), extra.bytes);
}
t = performance.now();
const rebuild = await build();

const results = {
  measuredAt: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  reports: N,
  textReports,
  generateSeconds: Number(generateSeconds.toFixed(1)),
  full: {
    ingest: full.ingest,
    ingestReportsPerSecond: Math.round(N / full.ingest.seconds),
    conversionTextReportsPerSecondOneCore: textReportsPerSecond,
    astro: full.astro,
    astroPagesPerSecond: Math.round(pages / full.astro.seconds),
    search: full.search,
    totalSeconds: Number(full.total.toFixed(1)),
    peakMB: Math.max(...[full.ingest, full.astro, full.search].map((s) => s.peakMB ?? 0)),
  },
  sizes: {
    pages,
    distMB: Number((distBytes / 2 ** 20).toFixed(1)),
    searchBundleMB: Number((bundleBytes / 2 ** 20).toFixed(1)),
    reportPageGzipKB: Number((pageGzip / 1024).toFixed(1)),
    reportPageScripts: pageScripts,
  },
  browser,
  rebuildAfterOneUpload: {
    ingest: rebuild.ingest,
    astro: rebuild.astro,
    search: rebuild.search,
    totalSeconds: Number(rebuild.total.toFixed(1)),
  },
};
await mkdir('bench-results', { recursive: true });
const out = `bench-results/bench-${N}.json`;
await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);

const row = (label: string, value: string) => console.log(`${label.padEnd(34)}${value}`);
const fmt = (s: StageResult) =>
  `${s.seconds.toFixed(1)} s, ${s.peakMB ?? '?'} MB peak${s.exitCode ? ` (exit ${s.exitCode})` : ''}`;
console.log(`\n基准测试：${N} 份报告（${results.machine.cpus} 核，${results.machine.memoryGB} GB）`);
row('ingest', `${fmt(full.ingest)} — ${results.full.ingestReportsPerSecond} reports/s`);
row('conversion, text only, one core', `${textReportsPerSecond} reports/s`);
row('astro build', `${fmt(full.astro)} — ${pages} pages, ${results.full.astroPagesPerSecond} pages/s`);
row('search index', fmt(full.search));
row('full build', `${results.full.totalSeconds} s, ${results.full.peakMB} MB peak`);
row('dist / search bundle', `${results.sizes.distMB} MB / ${results.sizes.searchBundleMB} MB`);
row('report page (HTML+CSS, gzip)', `${results.sizes.reportPageGzipKB} KB, ${pageScripts} script element(s)`);
if (!values['skip-browser']) {
  const b = browser as {
    medianMs: number;
    maxFirstQueryKB: number;
    queries: { query: string; ms: number; kb: number; results: number }[];
  };
  for (const q of b.queries) row(`  search ${q.query}`, `${q.ms} ms, ${q.kb} KB, ${q.results} results`);
  row('search latency (median)', `${b.medianMs} ms`);
  row('first-query transfer (max)', `${b.maxFirstQueryKB} KB`);
}
row(
  'rebuild after one upload',
  `${results.rebuildAfterOneUpload.totalSeconds} s (ingest ${rebuild.ingest.seconds.toFixed(1)}, astro ${rebuild.astro.seconds.toFixed(1)}, search ${rebuild.search.seconds.toFixed(1)})`,
);
console.log(`\n写入 ${out}`);
if (!values.keep) await rm(root, { recursive: true, force: true });
else await cp(out, join(root, 'bench.json'));
