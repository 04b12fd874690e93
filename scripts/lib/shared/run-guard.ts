/**
 * What every command that writes the archive (npm run build, npm run ingest, npm run dev's ingests) does
 * around its work, so that faults end with a sentence a webmaster can act on:
 *
 * - a lock: one run at a time per folder. Two builds at once overwrite each other's dist/, and the second
 *   failed with "Cannot find module …/dist/.prerender/…". The lock file is `build.lock` in the cache
 *   folder (GONGKAI_CACHE_DIR, src/site.config.ts → cachePathsOf): never committed nor published, on this
 *   machine's disk, and the cache is itself what two runs must not share (the search index keeps only its
 *   own run's shards in it). Created with the `wx` flag, it holds the pid, host name, start time and
 *   command of its owner; a lock whose owner no longer runs on this host (kill -9, a power cut) is taken
 *   over with a note. Released on exit, on error and on SIGINT/SIGTERM.
 * - once the lock is held, the temporary files (atomic-files.ts) a killed run left are removed — only
 *   names of the exact form the pipeline gives, only in the folders it writes, never in content/sources.
 * - a write that fails because the disk is full or a folder cannot be written ends the run with one
 *   sentence naming the folder and the remedy, exit code 1, no stack trace.
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { cachePathsOf, type GongkaiConfig, type PipelinePaths } from '../../../src/site.config.ts';
import { TEMPORARY_NAME, WriteFailure } from './atomic-files.ts';
import { defaultLedgerPath } from './ledger-path.ts';

/** The folders a run writes: the pipeline's paths, the ledger and the cache folder (its root). */
export interface GuardedPaths extends PipelinePaths {
  ledger: string;
  cacheDir: string;
}

export function guardedPaths(config: Pick<GongkaiConfig, 'paths' | 'cache'>): GuardedPaths {
  return { ...config.paths, ledger: defaultLedgerPath(config.paths.reports), cacheDir: config.cache.root };
}

/** Whether a process of this host runs under pid (EPERM: it does, under another user). */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface LockOwner {
  pid: number;
  hostname: string;
  started: string;
  command: string;
}

/** Another run holds the lock: message says which, and what to do. */
export class LockBusy extends Error {}

/** The locks this process holds: one it meets again is busy, not a stale lock under a reused pid. */
const heldHere = new Set<string>();

/** A lock file so young that its owner may still be writing its contents (it was created empty). */
const LOCK_BEING_WRITTEN_MS = 5000;

function inside(dir: string, path: string): boolean {
  const rel = relative(resolve(dir), resolve(path));
  return !rel.startsWith('..') && !isAbsolute(rel);
}

function shown(path: string): string {
  const rel = relative('.', path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : resolve(path);
}

/**
 * Takes the lock, or throws LockBusy. Returns the release, which removes the lock only while it is still
 * this process's (idempotent), and whether the lock of a dead run was taken over (note receives the
 * sentence that says so).
 */
export function acquireLock(
  file: string,
  command: string,
  note: (line: string) => void,
): { release: () => void; tookOver: boolean } {
  let tookOver = false;
  const mine: LockOwner = { pid: process.pid, hostname: hostname(), started: new Date().toISOString(), command };
  const text = `${JSON.stringify(mine)}\n`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      try {
        writeSync(fd, text);
      } catch (error) {
        // A full disk: no empty lock left behind to hold up the next run.
        closeSync(fd);
        rmSync(file, { force: true });
        throw error;
      }
      closeSync(fd);
      let held = true;
      heldHere.add(resolve(file));
      const release = () => {
        if (!held) return;
        held = false;
        heldHere.delete(resolve(file));
        try {
          if (readFileSync(file, 'utf8') === text) rmSync(file, { force: true });
        } catch {
          // Already gone.
        }
      };
      return { release, tookOver };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let owner: LockOwner | null = null;
    let ageMs = 0;
    try {
      ageMs = Date.now() - statSync(file).mtimeMs;
      owner = JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // released meanwhile: try again
      // Unreadable contents: a run killed between creating the file and writing it, if not just now.
      if (ageMs < LOCK_BEING_WRITTEN_MS) throw new LockBusy(busyMessage(null, file));
      note(`注意：锁文件 ${shown(file)} 内容无法识别（上一次运行可能在启动时被中断），已接管。`);
      rmSync(file, { force: true });
      tookOver = true;
      continue;
    }
    // Our own pid in a lock we have not taken: a killed run whose pid this process was given again
    // (a container's processes start from the same numbers).
    const stale =
      owner.hostname === hostname() &&
      (owner.pid === process.pid ? !heldHere.has(resolve(file)) : !processAlive(owner.pid));
    if (!stale) throw new LockBusy(busyMessage(owner, file));
    note(
      `注意：上一次运行（${owner.command}，进程 ${owner.pid}，开始于 ${when(owner.started)}）未正常结束，进程已不存在；已接管它留下的锁 ${shown(file)}。`,
    );
    rmSync(file, { force: true });
    tookOver = true;
  }
  throw new LockBusy(busyMessage(null, file));
}

/** A lock's start time in this machine's local time, as a webmaster reads it. */
function when(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString('zh-CN', { hour12: false });
}

function busyMessage(owner: LockOwner | null, file: string): string {
  const remove = `若确认它已不在运行，删除锁文件 ${shown(file)} 后重试。`;
  if (!owner) return `另一个构建正在此文件夹中启动（锁文件 ${shown(file)}）；请等待它结束后再试。${remove}`;
  const who = `${owner.command}，进程 ${owner.pid}，开始于 ${when(owner.started)}`;
  return owner.hostname === hostname()
    ? `另一个构建（${who}）正在此文件夹中运行；请等待它结束后再试。${remove}`
    : `另一台计算机（${owner.hostname}）上的构建（${who}）正在使用此文件夹；请等待它结束后再试。${remove}`;
}

/**
 * Removes the temporary files of atomic writes left by runs that no longer exist: in the reports folder
 * (its year folders, where the ingest writes), beside the ledger (the ledger's only), at the top of dist/
 * (dist/_headers), in the cache's ingest/ folder (the upload hashes), and the search index's staging folder
 * (dist/pagefind.tmp-<pid>). Only names of the exact form atomic-files.ts gives; content/sources is never
 * looked at. A file whose pid is alive is kept: another run may be writing it (one with another cache
 * folder, so another lock, over the same reports). Returns how many were removed.
 *
 * dist/downloads/ (a folder per report: 0.4 s to walk at 20,000 reports) only with afterCrash (the lock
 * of a dead run was taken over): a write that fails removes its own temporary file, so only a killed run
 * leaves one, and every build's copyDownloads removes whatever in downloads/ belongs to no report anyway.
 */
export function removeStaleTemporaries(paths: GuardedPaths, options: { afterCrash: boolean }): number {
  let removed = 0;
  const sweep = (dir: string, depth: number, only?: (name: string) => boolean) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // No such folder yet.
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        const staging = dir === paths.outDir && /^pagefind\.tmp-(\d+)$/.exec(entry.name);
        if (staging && !processAlive(Number(staging[1]))) {
          rmSync(path, { recursive: true, force: true });
          removed++;
        } else if (depth > 0) sweep(path, depth - 1);
        continue;
      }
      const match = entry.isFile() ? TEMPORARY_NAME.exec(entry.name) : null;
      if (!match?.[1] || (only && !only(match[1]))) continue;
      const pid = Number(match[2]);
      if ((pid !== process.pid && processAlive(pid)) || inside(paths.sources, path)) continue;
      rmSync(path, { force: true });
      removed++;
    }
  };
  // A misconfiguration that puts an output inside content/sources must not make us delete an upload.
  const outside = (dir: string) => !inside(paths.sources, dir);
  if (outside(paths.reports)) sweep(paths.reports, 1);
  if (outside(paths.ledger)) sweep(dirname(paths.ledger), 0, (target) => target === basename(paths.ledger));
  if (outside(paths.outDir)) {
    sweep(paths.outDir, 0);
    if (options.afterCrash) sweep(join(paths.outDir, 'downloads'), Number.POSITIVE_INFINITY);
  }
  const uploadHashes = cachePathsOf(paths.cacheDir).ingest;
  if (outside(uploadHashes)) sweep(uploadHashes, 0);
  return removed;
}

const DISK_CODES: Record<string, 'full' | 'read-only' | 'denied'> = {
  ENOSPC: 'full',
  EDQUOT: 'full',
  EROFS: 'read-only',
  EACCES: 'denied',
  EPERM: 'denied',
};

/** The system's own words (Rust tools such as Astro's bundler: "No space left on device (os error 28)"). */
const DISK_WORDS: [RegExp, string][] = [
  [/no space left on device|disk quota exceeded/i, 'ENOSPC'],
  [/read-only file system/i, 'EROFS'],
  [/permission denied|operation not permitted/i, 'EACCES'],
];

/**
 * A disk error in another process's output: Node's "ENOSPC: no space left on device, open '/…'", or the
 * system's words with the file named on the line before ("Failed to write file in /…").
 */
function diskErrorInText(text: string): { code: string; path: string | undefined } | null {
  const node = /\b(ENOSPC|EDQUOT|EROFS|EACCES|EPERM)\b[^'\n]*(?:'([^']+)')?/.exec(text);
  if (node?.[1]) return { code: node[1], path: node[2] };
  for (const [words, code] of DISK_WORDS) {
    const at = text.search(words);
    if (at < 0) continue;
    const before = [...text.slice(Math.max(0, at - 400), at).matchAll(/(?:^|[\s'"(])(\/[^\s'"()]+)/g)];
    return { code, path: before.at(-1)?.[1] };
  }
  return null;
}

/**
 * The sentence for a write that failed for want of space or permission, or null for any other error
 * (a bug keeps its stack). Errors from other processes (the search index's) arrive as text only: their
 * code and path are read from Node's message ("ENOSPC: no space left on device, open '…'").
 */
export function diskFailure(error: unknown, command: string, paths: GuardedPaths): string | null {
  let code: string | undefined;
  let path: string | undefined;
  if (error instanceof WriteFailure) {
    code = error.code;
    path = error.path;
  } else if (error && typeof error === 'object' && 'code' in error) {
    code = String((error as NodeJS.ErrnoException).code);
    path = (error as NodeJS.ErrnoException).path;
  }
  const cause = error instanceof WriteFailure ? error.cause : (error as NodeJS.ErrnoException | null);
  if (code === 'ENOENT' && cause?.syscall === 'mkdir' && cause.path) {
    // A recursive mkdir says ENOENT whatever stopped it (a read-only disk does): ask the disk again.
    const real = mkdirFailure(cause.path);
    if (real) ({ code, path } = real);
  }
  if (!code || !DISK_CODES[code]) {
    const found = diskErrorInText(error instanceof Error ? error.message : String(error));
    if (!found) return null;
    ({ code, path } = found);
  }
  const kind = DISK_CODES[code ?? ''];
  if (!kind) return null;
  const folder = path ? shown(dirname(path)) : null;
  const where = folder ? `无法写入 ${folder}` : '写入文件失败';
  if (path && kind === 'denied' && inside(paths.sources, path))
    return `没有读取权限：无法读取 ${shown(path)}；请检查 ${shown(paths.sources)} 中文件的权限后重新运行 ${command}。`;
  if (kind === 'full') return `磁盘已满：${where}；请释放空间后重新运行 ${command}。`;
  if (kind === 'read-only')
    return `文件夹所在的磁盘是只读的：${where}；请把它挂载为可写（或用 GONGKAI_REPORTS_DIR、GONGKAI_OUT_DIR、GONGKAI_CACHE_DIR 改用可写的文件夹）后重新运行 ${command}。`;
  return `没有写入权限：${where}；请检查该文件夹的权限（运行 ${command} 的用户须能写入它）后重新运行。`;
}

/** Why a folder cannot be made: the error of making its first missing level, with that level's path. */
function mkdirFailure(path: string): { code: string; path: string } | null {
  let missing = resolve(path);
  while (dirname(missing) !== missing && !existsSync(dirname(missing))) missing = dirname(missing);
  try {
    mkdirSync(missing);
    rmdirSync(missing);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code ? { code, path: missing } : null;
  }
}

/**
 * Runs a command's work under the lock, after removing stale temporary files; a busy lock, a full disk
 * or a folder that cannot be written ends it with its sentence and exit code 1.
 */
export async function guardedRun(
  command: string,
  paths: GuardedPaths,
  work: () => Promise<number>,
  log: { info: (line: string) => void; error: (line: string) => void } = {
    info: (line) => console.log(line),
    error: (line) => console.error(line),
  },
): Promise<number> {
  let release: () => void;
  let afterCrash: boolean;
  try {
    mkdirSync(paths.cacheDir, { recursive: true });
    ({ release, tookOver: afterCrash } = acquireLock(cachePathsOf(paths.cacheDir).lock, command, log.info));
  } catch (error) {
    const message = error instanceof LockBusy ? error.message : diskFailure(error, command, paths);
    if (!message) throw error;
    log.error(`✗ ${message}`);
    return 1;
  }
  const onSignal = (signal: NodeJS.Signals) => {
    release();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', release);
  try {
    const removed = removeStaleTemporaries(paths, { afterCrash });
    if (removed > 0) log.info(`已删除上一次中断的运行留下的 ${removed} 个临时文件。`);
    return await work();
  } catch (error) {
    const message = diskFailure(error, command, paths);
    if (!message) throw error;
    log.error(`✗ ${message}`);
    return 1;
  } finally {
    release();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', release);
  }
}
