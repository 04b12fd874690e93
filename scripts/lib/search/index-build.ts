/**
 * Builds the search index (dist/pagefind/) with Pagefind's Node API from content/reports — the same
 * reports the pages were rendered from — in pre-segmented form (src/lib/search/tokens.ts), split into
 * shards by year (src/lib/search/shards.ts).
 *
 * Each shard is indexed on its own (memory is bounded by the largest shard, not the archive), by up to
 * `workers` processes at once, into a cache folder named by a hash of its input: a rebuild re-indexes
 * only the shards whose reports changed. The shards are then merged into one bundle directory, each
 * under its own Pagefind "language" (its id), so they share Pagefind's runtime and WebAssembly; the
 * list of shards is written beside them (gongkai-shards.json).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { projectSource } from '../../../src/collection/project-code.ts';
import { listReportFiles, parseReportText } from '../../../src/collection/report-files.ts';
import { codeFingerprint, type ModuleSource } from '../../../src/lib/code-fingerprint.ts';
import type { Report } from '../../../src/lib/report.ts';
import { planShards, SHARD_MANIFEST, type ShardEntry, type ShardManifest } from '../../../src/lib/search/shards.ts';
import type { GongkaiConfig } from '../../../src/site.config.ts';
import { linkOrCopy } from '../shared/hard-link.ts';
import { PROJECT_ROOT } from '../shared/project-root.ts';

/** The start of each shard's facet table's name, in filter/ (see shard-worker.ts). */
export const FACET_FILE_PREFIX = 'gongkai-facets.';

export interface SearchIndexStats {
  records: number;
  shards: number;
  /** Shards indexed in this run (the others came unchanged from the cache). */
  built: number;
  seconds: number;
}

export interface SearchIndexOptions {
  reports: string;
  outDir: string;
  base: string;
  /** Where built shards are kept between builds (the cache's search/ folder). */
  cacheDir: string;
  /** Reports per shard at most (GONGKAI_SEARCH_SHARD_SIZE): Pagefind holds about 1 MB per report while it indexes a shard, and the first results of a query cost one shard. */
  shardSize: number;
  /** Indexing processes at once (GONGKAI_SEARCH_WORKERS); peak memory is about workers × shard size × 1.2 MB. */
  workers: number;
  /** Where the indexing code is read from for the cache key (default: the project; tests pass an edited copy). */
  codeSource?: ModuleSource;
  /** Put before every search shard's id: an archive shard's own (src/lib/shards.ts searchShardPrefix). */
  idPrefix?: string;
}

/** The index build of the configured site. */
export function searchIndexOptionsOf(config: GongkaiConfig): SearchIndexOptions {
  return {
    reports: config.paths.reports,
    outDir: config.paths.outDir,
    base: config.site.base,
    cacheDir: config.cache.search,
    shardSize: config.search.shardSize,
    workers: config.search.workers,
  };
}

/** A shard job for scripts/lib/search/shard-worker.ts. */
export interface ShardJob {
  id: string;
  files: string[];
  base: string;
  /** The finished shard's folder (written atomically: built beside it, then renamed). */
  out: string;
}

const THIS_DIR = dirname(fileURLToPath(import.meta.url));
/**
 * The code that makes a shard's bytes: the worker and every module it imports, and the packages
 * (Pagefind's version among them). A change to any of it re-indexes every shard.
 */
const INDEXING_ENTRIES = ['scripts/lib/search/shard-worker.ts'];

/**
 * A worker process (its own Pagefind service) that indexes the shard jobs sent to it one at a time:
 * kept between jobs, so that a build of many shards does not start Node, tsx and Pagefind once per shard.
 */
class ShardWorker {
  private readonly child: ChildProcess;
  private current: { done: () => void; fail: (error: Error) => void } | undefined;
  private exited = false;

  constructor(onExit: (worker: ShardWorker, error?: Error) => void) {
    // tsx as a loader in the worker's own Node (tsx's command would be a second process in between).
    const loader = pathToFileURL(join(PROJECT_ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
    this.child = spawn(process.execPath, ['--import', loader, join(THIS_DIR, 'shard-worker.ts')], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      cwd: PROJECT_ROOT,
    });
    this.child.on('message', (message: { done?: string; error?: string }) => {
      const current = this.current;
      this.current = undefined;
      if (message.error !== undefined) current?.fail(new Error(message.error));
      else current?.done();
    });
    const ended = (error?: Error) => {
      if (this.exited) return;
      this.exited = true;
      const failure = error ?? (this.current ? new Error('search index worker exited during a shard') : undefined);
      this.current?.fail(failure as Error);
      this.current = undefined;
      onExit(this, failure);
    };
    this.child.on('error', ended);
    this.child.on('exit', (code) =>
      ended(code === 0 ? undefined : new Error(`search index worker exited with ${code}`)),
    );
  }

  run(job: ShardJob): Promise<void> {
    return new Promise((done, fail) => {
      this.current = { done, fail };
      this.child.send(job);
    });
  }

  /** Lets the worker close its Pagefind service and exit. */
  retire(): void {
    if (!this.exited && this.child.connected) this.child.disconnect();
  }
}

/** A running set of shard jobs whose number of worker processes may change while it runs. */
export interface ShardPool {
  /** Resolves when every job is written; rejects on the first failure. */
  done: Promise<void>;
  /** Call when slots() may have grown (e.g. the Astro build running beside it has finished). */
  wake(): void;
}

/**
 * Indexes shard jobs, largest first, with at most slots() worker processes at once, each taking one
 * job after another. slots() is read again whenever a job ends and on wake(): `npm run build` indexes
 * with one process while Astro renders the pages on the other core, and with two once Astro is done.
 */
export function startShardPool(jobs: readonly ShardJob[], slots: () => number): ShardPool {
  const queue = [...jobs].sort((a, b) => b.files.length - a.files.length);
  const idle: ShardWorker[] = [];
  const alive = new Set<ShardWorker>();
  let running = 0;
  let failed = false;
  let wake = () => {};
  const done = new Promise<void>((resolveAll, reject) => {
    // Done once every job is written and every worker has exited.
    const finishIfDone = () => {
      if (queue.length === 0 && running === 0 && alive.size === 0) resolveAll();
    };
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      for (const worker of alive) worker.retire();
      reject(error);
    };
    const onExit = (worker: ShardWorker, error?: Error) => {
      alive.delete(worker);
      const i = idle.indexOf(worker);
      if (i >= 0) idle.splice(i, 1);
      if (error) fail(error);
      else finishIfDone();
    };
    const pump = () => {
      if (failed) return;
      while (queue.length > 0 && running < Math.max(1, slots())) {
        const job = queue.shift() as ShardJob;
        let worker = idle.pop();
        if (!worker) {
          worker = new ShardWorker(onExit);
          alive.add(worker);
        }
        running++;
        const w = worker;
        w.run(job).then(
          () => {
            running--;
            idle.push(w);
            pump();
          },
          (error: Error) => fail(error),
        );
      }
      // Workers not needed now (no jobs left, or fewer slots) close; resolved once the last has exited.
      if (queue.length === 0 || running >= Math.max(1, slots())) for (const worker of idle.splice(0)) worker.retire();
      finishIfDone();
    };
    wake = pump;
    pump();
  });
  return { done, wake: () => wake() };
}

/** A report as the plan read it: its file, the hash of the file's bytes, and what the build needs of it. */
export interface PlannedReport {
  slug: string;
  year: number | null;
  /** The date results are sorted by (src/lib/search/fields.ts searchMeta): publication; '' when unknown. */
  date: string;
  file: string;
  sha: string;
  /** The whole frontmatter: the compare stage plans its pages from it (scripts/lib/site/compare-stage.ts). */
  report: Report;
}

/** What an index build will do: the shards, and which of them are not in the cache. */
export interface SearchIndexPlan {
  options: SearchIndexOptions;
  cacheDir: string;
  workers: number;
  records: number;
  shards: ReturnType<typeof planShards<PlannedReport>>;
  /** Every report read for the plan, in file order (the downloads are copied from this list too). */
  reports: PlannedReport[];
  jobs: ShardJob[];
  /** The jobs whose shard is not cached yet. */
  missing: ShardJob[];
  started: number;
}

/** Report files read at once while planning. */
const PLAN_READ_AHEAD = 64;

/** Plans the shards from the reports' frontmatter; each shard's cache key hashes its files' bytes. */
export async function planSearchIndex(options: SearchIndexOptions): Promise<SearchIndexPlan> {
  const started = performance.now();
  const cacheDir = resolve(options.cacheDir);
  const { shardSize, workers } = options;

  const items: PlannedReport[] = [];
  const files = listReportFiles(options.reports).map((file) => join(options.reports, file));
  // Files are read PLAN_READ_AHEAD at a time: read one by one, the plan spent most of its time waiting
  // for the disk (3 of 5.5 s at 10,000 reports), and nothing else runs while it plans.
  for (let i = 0; i < files.length; i += PLAN_READ_AHEAD) {
    const batch = files.slice(i, i + PLAN_READ_AHEAD);
    const raws = await Promise.all(batch.map((file) => readFile(file, 'utf8')));
    for (const [j, file] of batch.entries()) {
      const raw = raws[j] as string;
      const { report } = parseReportText(file, raw);
      items.push({
        slug: report.slug,
        year: report.year,
        date: report.published ?? '',
        file,
        sha: createHash('sha256').update(raw).digest('hex'),
        report,
      });
    }
  }
  const plan = planShards(items, shardSize).map((shard) => ({ ...shard, id: `${options.idPrefix ?? ''}${shard.id}` }));
  const code = codeFingerprint(INDEXING_ENTRIES, options.codeSource ?? projectSource(PROJECT_ROOT)).hash;
  const jobs: ShardJob[] = plan.map((shard) => {
    const h = createHash('sha256').update(code).update(options.base).update(shard.id);
    for (const m of shard.members) h.update(m.file).update(m.sha);
    return {
      id: shard.id,
      files: shard.members.map((m) => m.file),
      base: options.base,
      out: join(cacheDir, `${shard.id}-${h.digest('hex').slice(0, 16)}`),
    };
  });
  const missing = jobs.filter((j) => !existsSync(join(j.out, 'pagefind-entry.json')));
  await mkdir(cacheDir, { recursive: true });
  return {
    options,
    cacheDir,
    workers: Math.max(1, workers),
    records: items.length,
    shards: plan,
    reports: items,
    jobs,
    missing,
    started,
  };
}

/**
 * Merges the built shards into one bundle directory (dist/pagefind/), replacing the previous one as a
 * whole, and keeps only this build's shards in the cache.
 */
export async function assembleSearchBundle(planned: SearchIndexPlan): Promise<SearchIndexStats> {
  const { options, cacheDir, jobs, missing, started } = planned;
  const parts = await Promise.all(
    planned.shards.map(async ({ id, years, count, perYear, dates }, i) => {
      const job = jobs[i] as ShardJob;
      const facets = (await readdir(join(job.out, 'filter')).catch(() => [])).find((n) =>
        n.startsWith(FACET_FILE_PREFIX),
      );
      const entry: ShardEntry = {
        id,
        years,
        count,
        ...(perYear ? { perYear } : {}),
        ...(dates ? { dates } : {}),
        ...(facets ? { facets: `filter/${facets}` } : {}),
      };
      return { dir: job.out, shards: [entry] };
    }),
  );
  await mergeSearchBundles(parts, resolve(options.outDir, 'pagefind'));

  // Keep only the shards of this build in the cache.
  const keep = new Set(jobs.map((j) => j.out));
  for (const name of await readdir(cacheDir)) {
    const path = join(cacheDir, name);
    if (!keep.has(path)) await rm(path, { recursive: true, force: true });
  }
  return {
    records: planned.records,
    shards: jobs.length,
    built: missing.length,
    seconds: (performance.now() - started) / 1000,
  };
}

/** A Pagefind bundle directory and the search shards (its languages) it holds. */
export interface SearchBundlePart {
  dir: string;
  shards: ShardEntry[];
}

/**
 * Writes one bundle directory at target from several (each shard's, or each archive shard's whole
 * bundle: `npm run assemble`), replacing what was there as a whole: every part's languages in one
 * pagefind-entry.json (Pagefind's runtime and WebAssembly once), and the shards' list (gongkai-shards.json)
 * newest years first, undated last, as the search page reads it.
 */
export async function mergeSearchBundles(parts: readonly SearchBundlePart[], target: string): Promise<void> {
  const staging = `${target}.tmp-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const languages: Record<string, unknown> = {};
  let entry: { version?: string; include_characters?: string[] } = {};
  for (const [i, part] of parts.entries()) {
    const partEntry = JSON.parse(await readFile(join(part.dir, 'pagefind-entry.json'), 'utf8'));
    Object.assign(languages, partEntry.languages);
    entry = partEntry;
    for (const name of await readdir(part.dir, { withFileTypes: true })) {
      const from = join(part.dir, name.name);
      if (name.isDirectory()) {
        await mkdir(join(staging, name.name), { recursive: true });
        for (const f of await readdir(from)) await linkOrCopy(join(from, f), join(staging, name.name, f));
      } else if (name.name.endsWith('.pf_meta')) await linkOrCopy(from, join(staging, name.name));
      else if (i === 0 && /^(pagefind\.js|pagefind-worker\.js|wasm\.unknown\.pagefind)$/.test(name.name))
        await copyFile(from, join(staging, name.name));
    }
  }
  const entryJson = JSON.stringify({
    version: entry.version,
    languages,
    include_characters: entry.include_characters ?? [],
  });
  if (parts.length > 0) await writeFile(join(staging, 'pagefind-entry.json'), entryJson);
  const newest = (shard: ShardEntry) => shard.years[0] ?? Number.NEGATIVE_INFINITY;
  const manifest: ShardManifest = {
    version: 2,
    tag: createHash('sha256').update(entryJson).digest('hex').slice(0, 12),
    // Stable: a single build's own order (planShards) is kept within a year.
    shards: parts.flatMap((part) => part.shards).sort((a, b) => newest(b) - newest(a)),
  };
  await writeFile(join(staging, SHARD_MANIFEST), JSON.stringify(manifest));
  await rm(target, { recursive: true, force: true });
  await rename(staging, target);
}
