/**
 * npm run measure-rebuild -- --reports N [--seed S] [--no-incremental] [--verify]
 *
 * The webmaster's common case, measured: a full build of N generated uploads, then one new upload
 * and `npm run build` again. Each build runs exactly as `npm run build` does (scripts/build.ts in its
 * own process); the stage times come from its summary line. Both builds run as the webmaster's do, with
 * the incremental build (Astro's experimental incremental build, pages keyed by src/lib/page-keys.ts);
 * with --no-incremental, with GONGKAI_INCREMENTAL=0 (every page rendered every time). With --verify the rebuilt site is compared file by file with a fresh full
 * build of the same uploads (it must be identical). Writes bench-results/rebuild-N[-incremental].json.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { cachePathsOf } from '../src/site.config.ts';
import { writeCorpus } from './lib/bench/corpus-writer.ts';
import { readArgs } from './lib/shared/cli-args.ts';
import { generateCorpus } from './lib/shared/corpus-generator.ts';

export interface BuildTiming {
  /** Wall time of the whole `npm run build` process, seconds. */
  total: number;
  /** CPU time (user + system) of the build and all its child processes: steadier than wall time on a busy machine. */
  cpu: number;
  ingest: number;
  astro: number;
  search: number;
}

export interface RebuildMeasurement {
  reports: number;
  incremental: boolean;
  full: BuildTiming;
  rebuild: BuildTiming;
  /** With verify: files that differ between the rebuilt site and a fresh full build (must be 0). */
  differingFiles?: string[];
  /** With incremental: pages with a cacheKey, and how many of them the rebuild rendered again (the rest were copied). */
  keyedPages?: { total: number; rendered: number };
  /** HTML pages and feeds in the site. */
  pages: number;
}

function runBuild(env: NodeJS.ProcessEnv): BuildTiming {
  const started = performance.now();
  // bash's `times` prints the CPU time of the finished children (the build, Astro, Pagefind).
  const script = `"$0" "$1" scripts/build.ts; status=$?; times >&2; exit $status`;
  const result = spawnSync('bash', ['-c', script, process.execPath, resolve('node_modules/tsx/dist/cli.mjs')], {
    env,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const total = (performance.now() - started) / 1000;
  const seconds = (t: string) => {
    const [, min, sec] = /(\d+)m([\d.]+)s/.exec(t) ?? [];
    return Number(min) * 60 + Number(sec);
  };
  const children = result.stderr.trim().split('\n').at(-1)?.trim().split(/\s+/) ?? [];
  const cpu = seconds(children[0] ?? '') + seconds(children[1] ?? '');
  // Generated corpora contain a few unusable uploads on purpose: exit code 1 is expected then.
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`build failed (${result.status}):\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
  }
  const m = /用时：转换 ([\d.]+) 秒，网页 ([\d.]+) 秒，索引 ([\d.]+) 秒/.exec(result.stdout);
  if (!m)
    throw new Error(
      `no timing line in the build output:\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`,
    );
  return { total, cpu, ingest: Number(m[1]), astro: Number(m[2]), search: Number(m[3]) };
}

/** cacheKey of every keyed page in Astro's incremental manifest (in the cache folder's astro/), by route and path. */
function cacheKeys(cacheDir: string): Map<string, string> {
  const keys = new Map<string, string>();
  try {
    const manifest = JSON.parse(readFileSync(join(cachePathsOf(cacheDir).astro, 'incremental-build.json'), 'utf8')) as {
      routes: Record<string, { paths: Record<string, { cacheKey: string }> }>;
    };
    for (const [route, entry] of Object.entries(manifest.routes)) {
      for (const [path, { cacheKey }] of Object.entries(entry.paths)) keys.set(`${route} ${path}`, cacheKey);
    }
  } catch {
    // no manifest: not an incremental build
  }
  return keys;
}

function digests(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

export async function measureRebuild(options: {
  reports: number;
  seed?: number;
  incremental?: boolean;
  verify?: boolean;
}): Promise<RebuildMeasurement> {
  const root = await mkdtemp(join(tmpdir(), `gongkai-rebuild-${options.reports}-`));
  try {
    const corpus = await generateCorpus({ reports: options.reports + 1, seed: options.seed ?? 1 });
    const extra = corpus.pop();
    if (!extra) throw new Error('empty corpus');
    await writeCorpus(join(root, 'sources'), corpus);
    const site = (name: string): NodeJS.ProcessEnv => ({
      ...process.env,
      GONGKAI_SOURCES_DIR: join(root, 'sources'),
      GONGKAI_REPORTS_DIR: join(root, name, 'reports'),
      GONGKAI_OUT_DIR: join(root, name, 'dist'),
      GONGKAI_CACHE_DIR: join(root, name, 'cache'),
      GONGKAI_TODAY: '2026-01-01',
      GONGKAI_INCREMENTAL: options.incremental ? '1' : '0',
      ASTRO_TELEMETRY_DISABLED: '1',
    });
    const full = runBuild(site('a'));
    const keysBefore = cacheKeys(join(root, 'a', 'cache'));
    await writeCorpus(join(root, 'sources'), [extra]);
    const rebuild = runBuild(site('a'));
    const keysAfter = cacheKeys(join(root, 'a', 'cache'));
    const pages = [...digests(join(root, 'a', 'dist')).keys()].filter((f) => /\.(html|xml)$/.test(f)).length;
    const measurement: RebuildMeasurement = {
      reports: options.reports,
      incremental: !!options.incremental,
      full,
      rebuild,
      pages,
      ...(options.incremental
        ? {
            keyedPages: {
              total: keysAfter.size,
              rendered: [...keysAfter].filter(([path, key]) => keysBefore.get(path) !== key).length,
            },
          }
        : {}),
    };
    if (options.verify) {
      runBuild({ ...site('b'), GONGKAI_INCREMENTAL: '0' });
      const a = digests(join(root, 'a', 'dist'));
      const b = digests(join(root, 'b', 'dist'));
      const names = new Set([...a.keys(), ...b.keys()]);
      measurement.differingFiles = [...names].filter((n) => a.get(n) !== b.get(n)).sort();
    }
    return measurement;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const values = readArgs(
    `用法：npm run measure-rebuild -- [--reports N] [--seed S] [--no-incremental] [--verify]
测量新增一份上传后重新构建所需的时间，结果写入 bench-results/。`,
    {
      reports: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '1' },
      'no-incremental': { type: 'boolean', default: false },
      verify: { type: 'boolean', default: false },
    },
  );
  const result = await measureRebuild({
    reports: Number(values.reports),
    seed: Number(values.seed),
    incremental: !values['no-incremental'],
    verify: values.verify,
  });
  await mkdir('bench-results', { recursive: true });
  const file = `bench-results/rebuild-${result.reports}${result.incremental ? '-incremental' : ''}.json`;
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  const row = (t: BuildTiming) =>
    `${t.total.toFixed(1)} s (ingest ${t.ingest.toFixed(1)}, astro ${t.astro.toFixed(1)}, search ${t.search.toFixed(1)}); CPU ${t.cpu.toFixed(1)} s`;
  console.log(`${result.reports} reports${result.incremental ? ', incremental' : ''}, ${result.pages} pages and feeds`);
  if (result.keyedPages) {
    console.log(`  keyed pages rendered again: ${result.keyedPages.rendered} of ${result.keyedPages.total}`);
  }
  console.log(`  full build                    ${row(result.full)}`);
  console.log(`  rebuild after one new upload  ${row(result.rebuild)}`);
  if (result.differingFiles) {
    console.log(`  files differing from a fresh full build: ${result.differingFiles.length}`);
    for (const f of result.differingFiles.slice(0, 20)) console.log(`    ${f}`);
  }
  console.log(`→ ${file}`);
}
