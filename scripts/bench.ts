/**
 * npm run bench -- --reports N [--seed S] [--skip-browser] [--skip-rebuild] [--skip-anchor] [--build-only] [--no-incremental] [--series] [--keep] [--out FILE]
 *
 * --series: the uploads are series of one body's reports over 2–10 consecutive years (the compare pages' load).
 * Generates N realistic uploads (scripts/lib/shared/corpus-generator.ts) into a temporary folder and builds them
 * the way `npm run build` does, one stage per process so that each stage's wall time, CPU time and peak
 * memory are its own:
 *   ingest      tsx scripts/ingest.ts --quiet
 *   astro       astro build --silent
 *   search      tsx scripts/index-search.ts --after-pages (compare pages, downloads, search index)
 * Peak memory is the resident memory of the stage's whole process tree (Pagefind and index workers run
 * as children), sampled every 250 ms; CPU time comes from /usr/bin/time and counts every child waited
 * for — on a shared machine it is the steadier figure. Then it measures the sizes of dist/, of the search
 * bundle and of a report page (HTML + CSS, gzip), search in headless Chromium (latency from pressing
 * Enter to the first results and to the result count on /search/, bytes transferred for a first query in a fresh browser), and a
 * full build and a rebuild after one new upload with `tsx scripts/build.ts` — the webmaster's command — as
 * one process each (--build-only: that full build alone, without the stage-by-stage runs). Last, the anchor the
 * speed targets are ratios of (scripts/lib/bench/anchor.ts; --skip-anchor leaves it out): the same reports as
 * a bare Astro content collection, then the Pagefind CLI over its output, in the same run.
 * Writes bench-results/bench-N.json (or --out) and prints a table. The stages are called through the
 * project's commands and environment (GONGKAI_* in src/site.config.ts), not its internals, so that the
 * bench keeps working while the pipeline changes.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { type AnchorResult, anchorResult, writeAnchorProject } from './lib/bench/anchor.ts';
import { writeCorpus } from './lib/bench/corpus-writer.ts';
import {
  type BrowserTimings,
  benchFigures,
  machineAtStart,
  printFigures,
  type QueryTiming,
  round,
  writeFigures,
} from './lib/bench/figures.ts';
import { ingestAccuracy } from './lib/bench/ingest-accuracy.ts';
import { type BuildResult, buildBreakdown, measureStage, type StageResult } from './lib/bench/measure-stage.ts';
import { comparePageSizes, countFiles, du, listPageSizes, reportPageSizes } from './lib/bench/site-sizes.ts';
import { readArgs } from './lib/shared/cli-args.ts';
import { type GeneratedFile, generateCorpus } from './lib/shared/corpus-generator.ts';
import { serveStatic } from './lib/site/static-server.ts';

const USAGE = `用法：npm run bench -- --reports N [--seed S] [--skip-browser] [--skip-rebuild] [--skip-anchor] [--build-only] [--no-incremental] [--series] [--keep] [--out FILE]
生成 N 份上传文件，按 npm run build 的方式逐阶段构建并测量时间、内存、体积与浏览器中的搜索，结果写入 bench-results/（或 --out）。`;
const values = readArgs(USAGE, {
  reports: { type: 'string', default: '1000' },
  seed: { type: 'string', default: '1' },
  'skip-browser': { type: 'boolean', default: false },
  'skip-rebuild': { type: 'boolean', default: false },
  'skip-anchor': { type: 'boolean', default: false },
  'build-only': { type: 'boolean', default: false },
  'no-incremental': { type: 'boolean', default: false },
  series: { type: 'boolean', default: false },
  keep: { type: 'boolean', default: false },
  out: { type: 'string' },
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
const PAGEFIND = resolve('node_modules/pagefind/lib/runner/bin.cjs');

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

/** Runs one stage in the benchmark's folder and environment (scripts/lib/bench/measure-stage.ts). */
const stage = (name: string, args: string[], allowedExit?: number[]): Promise<StageResult> =>
  measureStage(name, args, { env, workDir: root, allowedExit });

await main();

/**
 * The steps, in this order: each reads what the one before left in the temporary folder. The sizes and
 * the browser's search are measured on the stage-by-stage build, before the full build (which starts
 * from nothing) and the rebuild replace it.
 */
async function main(): Promise<void> {
  const machine = machineAtStart();
  const { corpus, extra, generateSeconds, formats } = await generateUploads();
  const textReportsPerSecondOneCore = await textConversionRate(corpus);

  log('完整构建：转换……');
  // The ingest (and the build) exit 1 when an upload could not be published: the unusable ones are meant to be refused.
  const unusable = corpus.filter((f) => f.unusable).length;
  const expectedExit = unusable ? [0, 1] : [0];
  // --build-only (for the largest corpora): no stage-by-stage runs, only `npm run build` as a whole.
  const buildOnly = values['build-only'];
  let fullCommand = buildOnly ? await fullBuildCommand(expectedExit) : null;
  const { ingest, astro, search } = buildOnly
    ? { ingest: null, astro: null, search: null }
    : await buildStageByStage(expectedExit);
  const accuracy = ingestAccuracy(join(root, 'reports'), corpus);
  const dist = join(root, 'dist');
  const sizes = siteSizes(dist);

  let browser: BrowserTimings = { skipped: true };
  if (!values['skip-browser'] && (search ?? fullCommand)?.exitCode === 0) browser = await searchInBrowser(dist);
  if (!values['skip-rebuild'] && !buildOnly) fullCommand = await fullBuildCommand(expectedExit);
  const rebuild = !values['skip-rebuild'] && extra ? await rebuildAfterOneUpload(extra, expectedExit) : null;
  // And once more with nothing changed: what a rebuild costs when there is nothing to do.
  const unchanged = rebuild ? await stage('rebuild-unchanged', [TSX, 'scripts/build.ts'], expectedExit) : null;
  const anchor = values['skip-anchor'] ? null : await bareAnchor();

  const figures = benchFigures({
    machine,
    options: { reports: N, seed: Number(values.seed), incremental: !values['no-incremental'], series: values.series },
    corpus: { uploads: corpus.length, unusable, formats, generateSeconds },
    ingestAccuracy: accuracy,
    ingest,
    astro,
    search,
    textReportsPerSecondOneCore,
    // The bundle's files are counted last, as they always were: after the full build and the rebuild.
    site: { ...sizes, searchBundleFiles: countFiles(join(dist, 'pagefind'), '') },
    browser,
    fullCommand,
    rebuild,
    unchanged,
    anchor,
  });
  const out = values.out ?? `bench-results/bench-${N}.json`;
  await writeFigures(out, figures);
  printFigures(figures, !buildOnly);
  console.log(`\n写入 ${out}`);
  if (!values.keep) await rm(root, { recursive: true, force: true });
  else console.log(`保留临时目录 ${root}`);
}

/**
 * N realistic uploads (and one more, kept back for the rebuild) into the temporary sources folder;
 * how long that took, and how many of each format (or kind of unusable upload) there are.
 */
async function generateUploads(): Promise<{
  corpus: GeneratedFile[];
  extra: GeneratedFile | undefined;
  generateSeconds: number;
  formats: Record<string, number>;
}> {
  log(`生成 ${N} 份报告……（${root}）`);
  const t = performance.now();
  const series = values.series;
  const corpus = await generateCorpus({ reports: N + 1, seed: Number(values.seed), series });
  const extra = corpus.pop();
  await writeCorpus(join(root, 'sources'), corpus, { reports: N, seed: Number(values.seed), series });
  const generateSeconds = round((performance.now() - t) / 1000);
  const formats: Record<string, number> = {};
  for (const f of corpus) {
    const key = f.truth?.format ?? `unusable:${f.unusable}`;
    formats[key] = (formats[key] ?? 0) + 1;
  }
  return { corpus, extra, generateSeconds, formats };
}

/**
 * Conversion throughput of UTF-8 text uploads on one core, in this process (no start-up, no disk):
 * the ingest issue's target. Skipped if the conversion's interface changed.
 */
async function textConversionRate(corpus: GeneratedFile[]): Promise<number | null> {
  let textReportsPerSecondOneCore: number | null = null;
  try {
    const { convertSource } = await import('../src/lib/convert.ts');
    const texts = corpus.filter((f) => f.truth?.format === 'txt');
    if (texts[0]) await convertSource({ path: 'warm/up.txt', bytes: texts[0].bytes });
    const t = performance.now();
    for (const f of texts) await convertSource({ path: f.path, bytes: f.bytes });
    if (texts.length) textReportsPerSecondOneCore = Math.round(texts.length / ((performance.now() - t) / 1000));
  } catch (error) {
    console.error(`(conversion throughput not measured: ${(error as Error).message})`);
  }
  return textReportsPerSecondOneCore;
}

/** The build one stage per process, so that each stage's wall time, CPU time and peak memory are its own. */
async function buildStageByStage(
  expectedExit: number[],
): Promise<{ ingest: StageResult; astro: StageResult; search: StageResult }> {
  const ingest = await stage('ingest', [TSX, 'scripts/ingest.ts', '--quiet'], expectedExit);
  log(`完整构建：网页（Astro）…… [ingest ${ingest.seconds} s]`);
  const astro = await stage('astro', [ASTRO, 'build', '--silent']);
  log(`完整构建：搜索索引…… [astro ${astro.seconds} s]`);
  const search = await stage('search', [TSX, 'scripts/index-search.ts', '--after-pages']);
  return { ingest, astro, search };
}

/** The report files written, the pages, and the sizes of the site and of its search bundle. */
function siteSizes(dist: string) {
  return {
    reportsWritten: countFiles(join(root, 'reports'), '.md'),
    pages: countFiles(dist, '.html'),
    distBytes: du(dist),
    bundleBytes: du(join(dist, 'pagefind')),
    reportPage: reportPageSizes(dist),
    comparePages: comparePageSizes(dist),
    listPages: listPageSizes(dist),
  };
}

/** Search in the browser, measured; a failure (no Chromium) is reported and skips it. */
async function searchInBrowser(dist: string): Promise<BrowserTimings> {
  log('浏览器中搜索……');
  try {
    return await measureSearch(dist);
  } catch (error) {
    console.error(`(search in Chromium not measured: ${(error as Error).message})`);
    return { skipped: true, reason: (error as Error).message.split('\n')[0] ?? '' };
  }
}

/** Search in headless Chromium: each query in a fresh context (nothing cached), as a first query. */
async function measureSearch(dist: string): Promise<{ searchPageKB: number; queries: QueryTiming[] }> {
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
async function fullBuildCommand(expectedExit: number[]): Promise<BuildResult> {
  log('完整构建（tsx scripts/build.ts，从零开始）……');
  for (const dir of ['reports', 'ledger.json', 'dist', 'cache'])
    await rm(join(root, dir), { recursive: true, force: true });
  const result = await stage('build', [TSX, 'scripts/build.ts'], expectedExit);
  return { ...result, breakdown: buildBreakdown(result.tail) };
}

/**
 * The bare Astro + Pagefind site over the same reports (scripts/lib/bench/anchor.ts), each stage as its own
 * process tree like Gongkai's. It reads the Markdown the last build wrote (the rebuild's one extra report
 * included, when there was one: a difference of one report in 10,000).
 */
async function bareAnchor(): Promise<AnchorResult> {
  const dir = join(root, 'anchor');
  await writeAnchorProject(dir, join(root, 'reports'));
  log('对照：Astro 内容集合 + Pagefind 命令行（同一批报告）……');
  const astro = await stage('anchor-astro', [ASTRO, 'build', '--root', dir, '--silent']);
  const pagefind = await stage('anchor-pagefind', [PAGEFIND, '--site', join(dir, 'dist')]);
  return anchorResult(astro, pagefind);
}

/** One new upload (the one kept back) and `npm run build` again: the webmaster's common case. */
async function rebuildAfterOneUpload(
  extra: GeneratedFile,
  expectedExit: number[],
): Promise<BuildResult & { added: string }> {
  log('新增一份报告后重建（tsx scripts/build.ts）……');
  const added = join('new', extra.path.split('/').pop() ?? 'new.txt');
  await mkdir(dirname(join(root, 'sources', added)), { recursive: true });
  await writeFile(join(root, 'sources', added), extra.bytes);
  const result = await stage('rebuild', [TSX, 'scripts/build.ts'], expectedExit);
  return { ...result, added, breakdown: buildBreakdown(result.tail) };
}
