/**
 * npm run bench -- --reports N [--seed S] [--skip-browser] [--skip-rebuild] [--build-only] [--no-incremental] [--keep] [--out FILE]
 *
 * Generates N realistic uploads (scripts/lib/bench/corpus-generator.ts) into a temporary folder and builds them
 * the way `npm run build` does, one stage per process so that each stage's wall time, CPU time and peak
 * memory are its own:
 *   ingest      tsx scripts/ingest.ts --quiet
 *   astro       astro build --silent
 *   search      tsx scripts/index-search.ts --with-downloads (downloads + search index)
 * Peak memory is the resident memory of the stage's whole process tree (Pagefind and index workers run
 * as children), sampled every 250 ms; CPU time comes from /usr/bin/time and counts every child waited
 * for — on a shared machine it is the steadier figure. Then it measures the sizes of dist/, of the search
 * bundle and of a report page (HTML + CSS, gzip), search in headless Chromium (latency from pressing
 * Enter to the first results and to the result count on /search/, bytes transferred for a first query in a fresh browser), and a
 * full build and a rebuild after one new upload with `tsx scripts/build.ts` — the webmaster's command — as
 * one process each (--build-only: that full build alone, without the stage-by-stage runs).
 * Writes bench-results/bench-N.json (or --out) and prints a table. The stages are called through the
 * project's commands and environment (GONGKAI_* in src/site.config.ts), not its internals, so that the
 * bench keeps working while the pipeline changes.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { parse as parseYaml } from 'yaml';
import { generateCorpus } from './lib/bench/corpus-generator.ts';
import { writeCorpus } from './lib/bench/corpus-writer.ts';
import { sampleTree } from './lib/bench/process-sampler.ts';
import { serveStatic } from './lib/site/static-server.ts';

export interface StageResult {
  seconds: number;
  /** User + system CPU seconds of the stage's whole process tree. */
  cpuSeconds: number;
  /** Peak resident memory of the stage's whole process tree, MB. */
  peakMB: number;
  exitCode: number | null;
  /** The stage's last output lines (its own summary). */
  tail: string;
}

const { values } = parseArgs({
  options: {
    reports: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    'skip-browser': { type: 'boolean', default: false },
    'skip-rebuild': { type: 'boolean', default: false },
    'build-only': { type: 'boolean', default: false },
    'no-incremental': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const N = Number(values.reports);
if (!Number.isInteger(N) || N < 1) {
  console.error('用法：npm run bench -- --reports N [--seed S] [--skip-browser] [--skip-rebuild] [--no-incremental]');
  process.exit(2);
}
const root = await mkdtemp(join(tmpdir(), `gongkai-bench-${N}-`));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  GONGKAI_SOURCES_DIR: join(root, 'sources'),
  GONGKAI_REPORTS_DIR: join(root, 'reports'),
  GONGKAI_OUT_DIR: join(root, 'dist'),
  GONGKAI_CACHE_DIR: join(root, 'cache'),
  GONGKAI_TODAY: '2026-01-01',
  ASTRO_TELEMETRY_DISABLED: '1',
  // The webmaster's default is the incremental build; --no-incremental renders every page every time.
  GONGKAI_INCREMENTAL: values['no-incremental'] ? '0' : '1',
};
const TSX = resolve('node_modules/tsx/dist/cli.mjs');
const ASTRO = resolve('node_modules/astro/bin/astro.mjs');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** Runs one stage as its own process tree; samples its memory every 250 ms. */
async function stage(name: string, args: string[], allowedExit: number[] = [0]): Promise<StageResult> {
  const timeFile = join(root, `time-${name}.txt`);
  const [cmd, argv] = TIME
    ? [TIME, ['-f', '%e %U %S %M', '-o', timeFile, process.execPath, ...args]]
    : [process.execPath, args];
  const started = performance.now();
  const child = spawn(cmd, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (d: Buffer) => {
    output = `${output}${d}`.slice(-8000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let peakKB = 0;
  const cpuByPid = new Map<number, number>();
  const timer = setInterval(() => {
    if (child.pid) peakKB = Math.max(peakKB, sampleTree(child.pid, cpuByPid));
  }, 250);
  const exitCode: number | null = await new Promise((done) => child.on('close', (code) => done(code)));
  clearInterval(timer);
  const seconds = (performance.now() - started) / 1000;
  // CPU: what /usr/bin/time counts (the stage and the children it waited for) or, if more, the sum of
  // every process of the tree as sampled (a service process that is killed rather than waited for).
  let cpuSeconds = [...cpuByPid.values()].reduce((a, b) => a + b, 0);
  if (TIME && existsSync(timeFile)) {
    const last = readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '';
    const [, user, sys] = last.split(' ').map(Number);
    if (Number.isFinite(user) && Number.isFinite(sys))
      cpuSeconds = Math.max(cpuSeconds, (user as number) + (sys as number));
  }
  const tail = output
    .split('\n')
    .filter((l) => l.trim() && !/^Warning: /.test(l))
    .slice(-6)
    .join('\n');
  if (!allowedExit.includes(exitCode ?? -1)) console.error(`[${name}] exit ${exitCode}\n${tail}`);
  return { seconds: round(seconds), cpuSeconds: round(cpuSeconds), peakMB: Math.round(peakKB / 1024), exitCode, tail };
}

const round = (x: number, digits = 1) => Number(x.toFixed(digits));

function du(path: string): number {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.size;
  return readdirSync(path).reduce((sum, name) => sum + du(join(path, name)), 0);
}

function countHtml(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { withFileTypes: true }).reduce(
    (n, e) => n + (e.isDirectory() ? countHtml(join(dir, e.name)) : e.name.endsWith('.html') ? 1 : 0),
    0,
  );
}

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  memoryGB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  loadAverageAtStart: loadavg().map((x) => round(x, 2)),
};

log(`生成 ${N} 份报告……（${root}）`);
let t = performance.now();
const corpus = await generateCorpus({ reports: N + 1, seed: Number(values.seed) });
const extra = corpus.pop();
await writeCorpus(join(root, 'sources'), corpus, { reports: N, seed: Number(values.seed) });
const generateSeconds = round((performance.now() - t) / 1000);
const formats: Record<string, number> = {};
for (const f of corpus) {
  const key = f.truth?.format ?? `unusable:${f.unusable}`;
  formats[key] = (formats[key] ?? 0) + 1;
}

// Conversion throughput of UTF-8 text uploads on one core, in this process (no start-up, no disk):
// the ingest issue's target. Skipped if the conversion's interface changed.
let textReportsPerSecondOneCore: number | null = null;
try {
  const { convertSource } = await import('../src/lib/convert.ts');
  const texts = corpus.filter((f) => f.truth?.format === 'txt');
  if (texts[0]) await convertSource({ path: 'warm/up.txt', bytes: texts[0].bytes });
  t = performance.now();
  for (const f of texts) await convertSource({ path: f.path, bytes: f.bytes });
  if (texts.length) textReportsPerSecondOneCore = Math.round(texts.length / ((performance.now() - t) / 1000));
} catch (error) {
  console.error(`(conversion throughput not measured: ${(error as Error).message})`);
}

log('完整构建：转换……');
// The ingest (and the build) exit 1 when an upload could not be published: the unusable ones are meant to be refused.
const unusable = corpus.filter((f) => f.unusable).length;
const expectedExit = unusable ? [0, 1] : [0];
// --build-only (for the largest corpora): no stage-by-stage runs, only `npm run build` as a whole.
const buildOnly = values['build-only'];
let ingest: StageResult | null = null;
let astro: StageResult | null = null;
let search: StageResult | null = null;
let fullCommand: (StageResult & { breakdown: Record<string, number> | null }) | null = null;
if (buildOnly) fullCommand = await fullBuildCommand();
else {
  ingest = await stage('ingest', [TSX, 'scripts/ingest.ts', '--quiet'], expectedExit);
  log(`完整构建：网页（Astro）…… [ingest ${ingest.seconds} s]`);
  astro = await stage('astro', [ASTRO, 'build', '--silent']);
  log(`完整构建：搜索索引…… [astro ${astro.seconds} s]`);
  search = await stage('search', [TSX, 'scripts/index-search.ts', '--with-downloads']);
}
const stages = [ingest, astro, search].filter((x): x is StageResult => x !== null);
const accuracy = ingestAccuracy(join(root, 'reports'));
const fullSeconds = round(stages.reduce((sum, x) => sum + x.seconds, 0));

const dist = join(root, 'dist');
const reportsWritten = countFiles(join(root, 'reports'), '.md');
const pages = countHtml(dist);
const distBytes = du(dist);
const bundleBytes = du(join(dist, 'pagefind'));

/**
 * How many generated reports the ingest read as the generator made them (the manifest's truth): the
 * ingest's accuracy on uploads it has never seen, per field. Mismatches are listed (the first few).
 */
function ingestAccuracy(reportsDir: string) {
  const truthByPath = new Map(corpus.filter((f) => f.truth).map((f) => [f.path, f.truth]));
  const fields = ['title', 'authority', 'year', 'region', 'docNumber', 'published'] as const;
  const right: Record<string, number> = Object.fromEntries(fields.map((f) => [f, 0]));
  const checked: Record<string, number> = Object.fromEntries(fields.map((f) => [f, 0]));
  const misses: string[] = [];
  let reports = 0;
  let allRight = 0;
  const walk = (dir: string): string[] =>
    existsSync(dir)
      ? readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
          e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : [],
        )
      : [];
  for (const file of walk(reportsDir)) {
    const yaml = /^---\n([\s\S]*?)\n---\n/.exec(readFileSync(file, 'utf8'))?.[1];
    if (!yaml) continue;
    const fm = parseYaml(yaml);
    const truth = truthByPath.get(fm.source?.path);
    if (!truth) continue;
    reports++;
    const got: Record<string, unknown> = {
      title: fm.title,
      authority: fm.authority,
      year: fm.year,
      region: fm.region?.code,
      docNumber: fm.docNumber ?? null,
      published: fm.published ?? null,
    };
    const want: Record<string, unknown> = {
      title: truth.title,
      authority: truth.authority,
      year: truth.year,
      region: truth.regionCode,
      docNumber: truth.docNumber,
      // Only a web page shows its publication date.
      published: truth.format === 'html' ? truth.date : undefined,
    };
    let ok = true;
    for (const f of fields) {
      if (want[f] === undefined) continue;
      checked[f] = (checked[f] ?? 0) + 1;
      if (got[f] === want[f]) right[f] = (right[f] ?? 0) + 1;
      else {
        ok = false;
        if (misses.length < 12)
          misses.push(`${fm.source.path}: ${f} ${JSON.stringify(got[f])} ≠ ${JSON.stringify(want[f])}`);
      }
    }
    if (ok) allRight++;
  }
  return {
    reports,
    allFieldsRight: reports ? round(allRight / reports, 3) : null,
    byField: Object.fromEntries(
      fields.map((f) => [f, checked[f] ? round((right[f] ?? 0) / (checked[f] ?? 1), 3) : null]),
    ),
    firstMismatches: misses,
  };
}

function countFiles(dir: string, ext: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { withFileTypes: true }).reduce(
    (n, e) => n + (e.isDirectory() ? countFiles(join(dir, e.name), ext) : e.name.endsWith(ext) ? 1 : 0),
    0,
  );
}

// A report page: its HTML and the CSS it links, gzip-compressed (what a phone downloads), median of five.
function reportPageSizes(): { gzipKB: number; scripts: number; sampled: number } | null {
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
const reportPage = reportPageSizes();

interface QueryTiming {
  query: string;
  /** Enter → the first results on the page (the newest shards searched). */
  firstMs: number;
  /** Enter → the first page of results complete. */
  pageMs: number;
  firstKB: number;
  /** Enter → the count announced (the shards the page counts at once). */
  ms: number;
  kb: number;
  /** Enter → the whole archive counted (the rest asked for, if the page counted only part of it). */
  allMs: number;
  allKB: number;
  results: number;
}
let browser: { skipped: true; reason?: string } | { searchPageKB: number; queries: QueryTiming[] } = {
  skipped: true,
};
if (!values['skip-browser'] && (search ?? fullCommand)?.exitCode === 0) {
  log('浏览器中搜索……');
  try {
    browser = await measureSearch();
  } catch (error) {
    browser = { skipped: true, reason: (error as Error).message.split('\n')[0] ?? '' };
    console.error(`(search in Chromium not measured: ${(error as Error).message})`);
  }
}

/** Search in headless Chromium: each query in a fresh context (nothing cached), as a first query. */
async function measureSearch(): Promise<{ searchPageKB: number; queries: QueryTiming[] }> {
  const { launchChromium } = await import('./lib/bench/chromium.ts');
  const { measureQueries } = await import('./lib/bench/search-bench.ts');
  const server = await serveStatic({ root: dist, base: '/' });
  const chromium = await launchChromium();
  const queries = [
    '法治',
    '公职律师',
    '"行政复议"',
    '八五普法',
    '"法治政府建设"',
    '政府',
    '行政执法',
    '乡镇',
    '依法行政',
  ];
  try {
    const figures = await measureQueries(chromium, server.url, queries);
    return {
      searchPageKB: figures.pageKB,
      queries: figures.queries.map((q) => ({
        query: q.query,
        firstMs: q.firstMs,
        firstKB: q.firstKB,
        pageMs: q.pageMs,
        ms: q.completeMs,
        kb: q.completeKB,
        allMs: q.allMs,
        allKB: q.allKB,
        results: q.results,
      })),
    };
  } finally {
    await chromium.close();
    await server.close();
  }
}

// The same full build as the webmaster runs it (`npm run build`: one command, the search index built
// beside Astro), from nothing but the uploads: reports, ledger, site and caches removed first.
async function fullBuildCommand(): Promise<StageResult & { breakdown: Record<string, number> | null }> {
  log('完整构建（tsx scripts/build.ts，从零开始）……');
  for (const dir of ['reports', 'ledger.json', 'dist', 'cache'])
    await rm(join(root, dir), { recursive: true, force: true });
  const result = await stage('build', [TSX, 'scripts/build.ts'], expectedExit);
  return { ...result, breakdown: buildBreakdown(result.tail) };
}
if (!values['skip-rebuild'] && !buildOnly) fullCommand = await fullBuildCommand();

/** build.ts ends with "用时：转换 X 秒，网页 Y 秒，索引 Z 秒（网页之后），下载文件 W 秒". */
function buildBreakdown(tail: string): Record<string, number> | null {
  const m = /转换\s*([\d.]+)\s*秒[，,]\s*网页\s*([\d.]+)\s*秒[，,]\s*索引\s*([\d.]+)\s*秒/.exec(tail);
  const downloads = /下载文件\s*([\d.]+)\s*秒/.exec(tail);
  return m
    ? {
        ingest: Number(m[1]),
        astro: Number(m[2]),
        search: Number(m[3]),
        ...(downloads ? { downloads: Number(downloads[1]) } : {}),
      }
    : null;
}

let rebuild: (StageResult & { breakdown: Record<string, number> | null; added: string | null }) | null = null;
if (!values['skip-rebuild'] && extra) {
  log('新增一份报告后重建（tsx scripts/build.ts）……');
  const added = join('new', extra.path.split('/').pop() ?? 'new.txt');
  await mkdir(dirname(join(root, 'sources', added)), { recursive: true });
  await writeFile(join(root, 'sources', added), extra.bytes);
  const result = await stage('rebuild', [TSX, 'scripts/build.ts'], expectedExit);
  rebuild = { ...result, added, breakdown: buildBreakdown(result.tail) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const queries = 'queries' in browser ? browser.queries : [];
const results = {
  measuredAt: new Date().toISOString(),
  machine: { ...machine, loadAverageAtEnd: loadavg().map((x) => round(x, 2)) },
  options: { reports: N, seed: Number(values.seed), incremental: !values['no-incremental'] },
  corpus: { uploads: corpus.length, unusable, formats, generateSeconds, reportsWritten },
  ingestAccuracy: accuracy,
  full: {
    ingest,
    ingestReportsPerSecond: ingest ? Math.round(N / ingest.seconds) : null,
    textReportsPerSecondOneCore,
    astro,
    astroPagesPerSecond: astro ? Math.round(pages / astro.seconds) : null,
    search,
    totalSeconds: fullSeconds,
    totalCpuSeconds: round(stages.reduce((sum, x) => sum + x.cpuSeconds, 0)),
    peakMB: Math.max(0, ...stages.map((x) => x.peakMB)),
  },
  sizes: {
    pages,
    distMB: round(distBytes / 2 ** 20),
    searchBundleMB: round(bundleBytes / 2 ** 20),
    searchBundleFiles: countFiles(join(dist, 'pagefind'), ''),
    reportPageGzipKB: reportPage?.gzipKB ?? null,
    reportPageScripts: reportPage?.scripts ?? null,
  },
  browser: {
    ...browser,
    ...(queries.length
      ? {
          medianFirstMs: median(queries.map((q) => q.firstMs)),
          maxFirstMs: Math.max(...queries.map((q) => q.firstMs)),
          medianFirstKB: median(queries.map((q) => q.firstKB)),
          maxFirstKB: Math.max(...queries.map((q) => q.firstKB)),
          medianMs: median(queries.map((q) => q.ms)),
          maxMs: Math.max(...queries.map((q) => q.ms)),
          medianFirstQueryKB: median(queries.map((q) => q.kb)),
          maxFirstQueryKB: Math.max(...queries.map((q) => q.kb)),
          medianAllMs: median(queries.map((q) => q.allMs)),
          maxAllKB: Math.max(...queries.map((q) => q.allKB)),
        }
      : {}),
  },
  /** `npm run build` from the uploads alone: what the targets are about. */
  fullBuildCommand: fullCommand,
  rebuildAfterOneUpload: rebuild,
};
const out = values.out ?? `bench-results/bench-${N}.json`;
await mkdir(dirname(out), { recursive: true });
await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);

const row = (label: string, value: string) => console.log(`${label.padEnd(36)}${value}`);
const fmt = (s: StageResult | null) =>
  s
    ? `${s.seconds} s wall, ${s.cpuSeconds} s CPU, ${s.peakMB} MB peak${s.exitCode ? ` (exit ${s.exitCode})` : ''}`
    : 'skipped';
console.log(
  `\n基准测试：${N} 份报告 — ${machine.cpus} 核，${machine.memoryGB} GB，负载 ${machine.loadAverageAtStart.join(' ')}`,
);
if (!buildOnly) {
  row(
    'ingest',
    `${fmt(ingest)} — ${results.full.ingestReportsPerSecond} reports/s${unusable ? `; ${unusable} unusable uploads (exit 1 expected)` : ''}`,
  );
  row(
    '  read as generated (all fields)',
    `${accuracy.allFieldsRight === null ? '?' : `${(accuracy.allFieldsRight * 100).toFixed(1)} %`} of ${accuracy.reports} reports`,
  );
  row('  text conversion, one core', `${textReportsPerSecondOneCore ?? '?'} reports/s`);
  row('astro build', `${fmt(astro)} — ${pages} pages, ${results.full.astroPagesPerSecond} pages/s`);
  row('search index (+ downloads)', fmt(search));
  row(
    'full build, stage by stage',
    `${fullSeconds} s wall, ${results.full.totalCpuSeconds} s CPU, ${results.full.peakMB} MB peak`,
  );
}
row('dist / search bundle', `${results.sizes.distMB} MB / ${results.sizes.searchBundleMB} MB`);
row('report page (HTML+CSS, gzip)', `${reportPage?.gzipKB ?? '?'} KB, ${reportPage?.scripts ?? '?'} script element(s)`);
if (queries.length && 'searchPageKB' in browser) {
  row('search page load', `${browser.searchPageKB} KB`);
  for (const q of queries)
    row(
      `  ${q.query}`,
      `first result ${q.firstMs} ms, ${q.firstKB} KB; first page ${q.pageMs} ms; count ${q.ms} ms, ${q.kb} KB; whole count ${q.allMs} ms, ${q.allKB} KB; ${q.results} results`,
    );
  row(
    'first results: median / max',
    `${results.browser.medianFirstMs} / ${results.browser.maxFirstMs} ms, ${results.browser.medianFirstKB} / ${results.browser.maxFirstKB} KB`,
  );
  row('search latency median / max', `${results.browser.medianMs} / ${results.browser.maxMs} ms`);
  row(
    'first-query transfer median / max',
    `${results.browser.medianFirstQueryKB} / ${results.browser.maxFirstQueryKB} KB`,
  );
}
if (fullCommand) {
  const b = fullCommand.breakdown;
  row(
    'full build, npm run build',
    `${fmt(fullCommand)}${b ? ` (ingest ${b.ingest}, astro ${b.astro}, search after astro ${b.search})` : ''}`,
  );
}
if (rebuild) {
  const b = rebuild.breakdown;
  row(
    'rebuild after one upload',
    `${fmt(rebuild)}${b ? ` (ingest ${b.ingest}, astro ${b.astro}, search ${b.search})` : ''}`,
  );
}
console.log(`\n写入 ${out}`);
if (!values.keep) await rm(root, { recursive: true, force: true });
else console.log(`保留临时目录 ${root}`);
