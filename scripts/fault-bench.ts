/**
 * npx tsx scripts/fault-bench.ts [--sources DIR | --reports N] [--trials T] [--kills K] [--seed S] [--out FILE]
 *
 * kill -9 of `npm run build` at seeded random points, then a re-run compared with a clean build: the
 * larger, slower version of tests/process/faults.test.ts (which kills the ingest only). Copies the uploads
 * (default content/sources; --reports N: N generated ones, scripts/lib/shared/corpus-generator.ts, some of them
 * unusable on purpose) into a temporary folder, builds them once cleanly, then T times: a fresh copy,
 * K builds killed after a random delay within the clean build's duration (SIGKILL to the build process
 * only, as the OOM killer or `kill -9 <pid>` do — not to its process group), and one build to the end.
 * Each re-run must exit as the clean build did and give dist/, content/reports and the ledger byte for byte as the clean build
 * did, leave no temporary file and no lock, and leave the uploads' sha256 unchanged. Reports how long a
 * killed build's child processes (Astro, the search index's workers) outlived it.
 * Writes a Markdown table to --out (default scripts/BENCHMARKS-faults.md); exit 1 if any trial differs.
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeCorpus } from './lib/bench/corpus-writer.ts';
import { generateCorpus, prng } from './lib/shared/corpus-generator.ts';

const { values } = parseArgs({
  options: {
    sources: { type: 'string', default: 'content/sources' },
    reports: { type: 'string' },
    trials: { type: 'string', default: '3' },
    kills: { type: 'string', default: '2' },
    seed: { type: 'string', default: '27' },
    out: { type: 'string', default: 'scripts/BENCHMARKS-faults.md' },
  },
});
const trials = Number(values.trials);
const kills = Number(values.kills);
const seed = Number(values.seed);
const root = await mkdtemp(join(tmpdir(), 'gongkai-fault-bench-'));
const TSX_LOADER = 'tsx';

const next = prng(seed);

function envOf(dir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GONGKAI_SOURCES_DIR: join(dir, 'sources'),
    GONGKAI_REPORTS_DIR: join(dir, 'content', 'reports'),
    GONGKAI_OUT_DIR: join(dir, 'dist'),
    GONGKAI_CACHE_DIR: join(dir, 'cache'),
    GONGKAI_TODAY: '2026-01-10',
    GONGKAI_SITE: 'https://fzbg.example.gov.cn',
    ASTRO_TELEMETRY_DISABLED: '1',
  };
}

/** Starts `npm run build`'s script as one Node process (no tsx wrapper: kill -9 reaches the build itself). */
function startBuild(dir: string) {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, 'scripts/build.ts'], {
    env: envOf(dir),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  const exit = new Promise<number | null>((done) => child.on('close', (status) => done(status)));
  return { child, exit, output: () => output };
}

async function sha256(path: string): Promise<string> {
  const { createHash } = await import('node:crypto');
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

/** Every file under a folder (relative path → sha256); missing folder: none. */
async function tree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const e of entries)
    if (e.isFile()) out[join(e.parentPath, e.name).slice(dir.length)] = await sha256(join(e.parentPath, e.name));
  return out;
}

/** What a build produces: the site, the reports and the ledger. */
async function output(dir: string): Promise<Record<string, string>> {
  return {
    ...prefixed('dist', await tree(join(dir, 'dist'))),
    ...prefixed('reports', await tree(join(dir, 'content', 'reports'))),
    ledger: await sha256(join(dir, 'content', 'ledger.json')).catch(() => 'missing'),
  };
}

function prefixed(prefix: string, files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [`${prefix}${k}`, v]));
}

function differences(a: Record<string, string>, b: Record<string, string>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => a[k] !== b[k]).sort();
}

/** Pids of processes (other than this one) whose environment names this folder: a build's children. */
async function processesOf(dir: string): Promise<number[]> {
  const marker = `GONGKAI_OUT_DIR=${join(dir, 'dist')}\0`;
  const pids: number[] = [];
  for (const name of await readdir('/proc').catch(() => [])) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    const environ = await readFile(`/proc/${name}/environ`, 'latin1').catch(() => '');
    if (environ.includes(marker)) pids.push(Number(name));
  }
  return pids;
}

/** Waits until no process works on the folder any more; how long that took (ms). */
async function outlived(dir: string, limitMs = 120_000): Promise<number> {
  const t = performance.now();
  while ((await processesOf(dir)).length > 0 && performance.now() - t < limitMs)
    await new Promise((done) => setTimeout(done, 50));
  return Math.round(performance.now() - t);
}

let uploads = resolve(values.sources);
if (values.reports) {
  uploads = join(root, 'generated');
  const options = { reports: Number(values.reports), seed };
  await writeCorpus(uploads, await generateCorpus(options), options, join(root, 'manifest.json'));
}
const described = values.reports ? `--reports ${values.reports}` : `--sources ${values.sources}`;

async function copyOf(name: string): Promise<string> {
  const dir = join(root, name);
  await cp(uploads, join(dir, 'sources'), { recursive: true });
  return dir;
}

console.log(`clean build (${described}) …`);
const clean = await copyOf('clean');
const t = performance.now();
const cleanRun = startBuild(clean);
// A generated corpus has unusable uploads: the build then ends with 1, and so must the re-run.
const cleanStatus = await cleanRun.exit;
if (cleanStatus !== 0 && cleanStatus !== 1) throw new Error(`clean build failed:\n${cleanRun.output()}`);
const duration = performance.now() - t;
const expected = await output(clean);

interface Trial {
  killsMs: number[];
  outlivedMs: number[];
  leftovers: number;
  status: number | null;
  differing: string[];
  tmpAfter: number;
  lockAfter: boolean;
  sourcesKept: boolean;
}
const results: Trial[] = [];
for (let i = 0; i < trials; i++) {
  const dir = await copyOf(`trial-${i}`);
  const sourcesBefore = await tree(join(dir, 'sources'));
  const trial: Trial = {
    killsMs: [],
    outlivedMs: [],
    leftovers: 0,
    status: null,
    differing: [],
    tmpAfter: 0,
    lockAfter: false,
    sourcesKept: false,
  };
  for (let k = 0; k < kills; k++) {
    const run = startBuild(dir);
    const after = Math.round(next() * duration);
    trial.killsMs.push(after);
    await new Promise((done) => setTimeout(done, after));
    run.child.kill('SIGKILL');
    await run.exit;
    trial.outlivedMs.push(await outlived(dir));
  }
  const all = async () => Object.keys(await tree(dir));
  trial.leftovers = (await all()).filter((f) => /\.\d+\.[0-9a-z]*\.tmp$|pagefind\.tmp-\d+\//.test(f)).length;
  const rerun = startBuild(dir);
  trial.status = await rerun.exit;
  trial.differing = differences(expected, await output(dir));
  const files = await all();
  trial.tmpAfter = files.filter((f) => /\.tmp$|\.tmp-\d+\//.test(f)).length;
  trial.lockAfter = files.some((f) => f.endsWith('/cache/build.lock'));
  trial.sourcesKept = differences(sourcesBefore, await tree(join(dir, 'sources'))).length === 0;
  results.push(trial);
  const ok = trial.status === cleanStatus && trial.differing.length === 0 && !trial.tmpAfter && !trial.lockAfter;
  console.log(
    `trial ${i + 1}/${trials}: kills after ${trial.killsMs.join(', ')} ms → ${ok ? 'identical' : 'DIFFERENT'}`,
  );
  if (!ok) console.log(rerun.output().slice(-2000), trial.differing.slice(0, 20));
}

const failed = results.filter(
  (r) => r.status !== cleanStatus || r.differing.length || r.tmpAfter || r.lockAfter || !r.sourcesKept,
);
const lines = [
  '# Faults: kill -9 of the build, then a re-run',
  '',
  `\`npx tsx scripts/fault-bench.ts ${described} --trials ${trials} --kills ${kills} --seed ${seed}\`, ` +
    `${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, Node ${process.version}. Clean build ${(duration / 1000).toFixed(1)} s (exit ${cleanStatus}), ` +
    `${Object.keys(expected).length} files compared (dist/, content/reports, ledger). Each trial: ${kills} builds killed ` +
    '(SIGKILL to the build process) after a seeded random delay within the clean build’s duration, then one build to the end.',
  '',
  '| trial | killed after (ms) | children outlived the kill (ms) | temporary files left by the kills | re-run exit | files differing from the clean build | temporary files / lock after | sources unchanged |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ...results.map(
    (r, i) =>
      `| ${i + 1} | ${r.killsMs.join(', ')} | ${r.outlivedMs.join(', ')} | ${r.leftovers} | ${r.status} | ${r.differing.length ? r.differing.slice(0, 5).join(', ') : 'none'} | ${r.tmpAfter} / ${r.lockAfter ? 'left' : 'none'} | ${r.sourcesKept ? 'yes' : 'NO'} |`,
  ),
  '',
  failed.length
    ? `**${failed.length} of ${trials} trials differ.**`
    : `All ${trials} re-runs byte-identical to the clean build.`,
  '',
  'Most kills land outside the short moment between a temporary file’s write and its rename; that moment is hit on ' +
    'purpose, for the ingest, by tests/process/faults.test.ts.',
  '',
];
await writeFile(values.out, lines.join('\n'));
console.log(lines.join('\n'));
await rm(root, { recursive: true, force: true });
process.exitCode = failed.length ? 1 : 0;
