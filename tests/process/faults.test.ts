/**
 * Faults (issue 27): stale temporary files removed at the start of a run, one run at a time per folder
 * (a stale lock taken over), a full or read-only disk named with the folder and what to do, and kill -9
 * at seeded random points followed by a re-run that gives what a clean run gives, byte for byte.
 *
 * The commands run as `npm run ingest` does, one Node process each (no tsx wrapper, so that kill -9
 * reaches the process that writes), over a copy of the sample uploads in a temporary folder.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeAtomic } from '../../scripts/lib/shared/atomic-files.ts';
import { prng } from '../../scripts/lib/shared/corpus-generator.ts';
import {
  acquireLock,
  diskFailure,
  type GuardedPaths,
  LockBusy,
  removeStaleTemporaries,
} from '../../scripts/lib/shared/run-guard.ts';
import { treeHashes } from '../helpers/tree-hashes.ts';

const SAMPLES = resolve('content/sources');
const FAULTS = resolve('tests/helpers/fs-faults.ts');
const scratch = mkdtempSync(join(tmpdir(), 'gongkai-faults-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let folders = 0;
/** A folder with a copy of the sample uploads, laid out as the pipeline's paths. */
function archive(): GuardedPaths & { root: string } {
  const root = join(scratch, `a${folders++}`);
  cpSync(SAMPLES, join(root, 'sources'), { recursive: true });
  return {
    root,
    sources: join(root, 'sources'),
    reports: join(root, 'reports'),
    ledger: join(root, 'ledger.json'),
    outDir: join(root, 'dist'),
    cacheDir: join(root, 'cache'),
  };
}

function envOf(a: GuardedPaths, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GONGKAI_SOURCES_DIR: a.sources,
    GONGKAI_REPORTS_DIR: a.reports,
    GONGKAI_OUT_DIR: a.outDir,
    GONGKAI_CACHE_DIR: a.cacheDir,
    GONGKAI_TODAY: '2026-01-10',
    ...extra,
  };
}

const ARGS = ['--import', 'tsx', '--import', FAULTS, 'scripts/ingest.ts', '--quiet'];

function ingest(a: GuardedPaths, extra: Record<string, string> = {}) {
  return spawnSync(process.execPath, ARGS, { env: envOf(a, extra), encoding: 'utf8' });
}

function start(
  a: GuardedPaths,
  extra: Record<string, string> = {},
): { child: ChildProcess; exit: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, ARGS, { env: envOf(a, extra), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk));
  const exit = new Promise<number | null>((done) => child.on('close', (status) => done(status)));
  return { child, exit, output: () => output };
}

/** Waits until a started run holds its lock (and fails if it ended first). */
async function held(lock: string, run: { exit: Promise<number | null>; output: () => string }): Promise<void> {
  let ended = false;
  void run.exit.then(() => (ended = true));
  while (!existsSync(lock)) {
    if (ended) throw new Error(`the run ended before taking the lock:\n${run.output()}`);
    await new Promise((next) => setTimeout(next, 20));
  }
}

/** A pid that no process has: one that just ended. */
function deadPid(): number {
  const pid = spawnSync(process.execPath, ['-e', '']).pid;
  if (!pid) throw new Error('no pid');
  return pid;
}

function allFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String) : [];
}

function sha256Tree(dir: string): Promise<Record<string, string>> {
  return treeHashes(dir);
}

/** What a run leaves that must be byte-identical: the reports and the ledger. */
async function output(a: GuardedPaths): Promise<Record<string, string>> {
  return {
    ...(await sha256Tree(a.reports)),
    ledger: createHash('sha256').update(readFileSync(a.ledger)).digest('hex'),
  };
}

describe('stale temporary files', () => {
  it("removes the pipeline's temporary files of dead processes, in its own folders only", () => {
    const a = archive();
    const dead = deadPid();
    const alive = process.ppid;
    const plant = (path: string) => {
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, 'half');
    };
    const removed = [
      join(a.reports, '2021', `x.md.${dead}.k2j4.tmp`),
      join(a.reports, `y.md.${dead}.0.tmp`),
      join(a.root, `ledger.json.${dead}.abc.tmp`),
      join(a.outDir, 'downloads', 'slug', `original.pdf.${dead}.zz9.tmp`),
      join(a.outDir, `_headers.${dead}.q.tmp`),
      join(a.cacheDir, 'ingest', `upload-hashes-0123.json.${dead}.w.tmp`),
      join(a.reports, `z.md.${process.pid}.own.tmp`),
    ];
    const kept = [
      join(a.sources, `报告.txt.${dead}.abc.tmp`), // content/sources is never touched
      join(a.root, `other.json.${dead}.abc.tmp`), // beside the ledger: only the ledger's
      join(a.reports, `live.md.${alive}.abc.tmp`), // a live process may still rename it
      join(a.reports, 'notes.tmp'),
      join(a.reports, `x.md.${dead}.tmp`),
      join(a.reports, `x.md.${dead}.ABC.tmp`),
      join(a.outDir, 'pages', `p.html.${dead}.a.tmp`), // not a folder this pipeline writes
      join(a.cacheDir, 'search', `s.json.${dead}.a.tmp`), // the upload hashes' folder only
      join(a.reports, 'a', 'b', `c.md.${dead}.a.tmp`), // reports are written at <year>/<slug>.md only
    ];
    for (const path of [...removed, ...kept]) plant(path);
    mkdirSync(join(a.outDir, `pagefind.tmp-${dead}`, 'fragment'), { recursive: true });
    const before = spawnSync('sha256sum', ['-b', ...allFiles(a.sources).map((f) => join(a.sources, f))]).stdout;

    // dist/downloads/ only after a crash (a build's copyDownloads removes what belongs to no report anyway).
    const download = removed.find((p) => p.includes('downloads')) as string;
    expect(removeStaleTemporaries(a, { afterCrash: false })).toBe(removed.length); // -1 download, +1 staging
    expect(existsSync(download)).toBe(true);
    expect(removeStaleTemporaries(a, { afterCrash: true })).toBe(1);
    for (const path of removed) expect(existsSync(path), path).toBe(false);
    for (const path of kept) expect(existsSync(path), path).toBe(true);
    expect(existsSync(join(a.outDir, `pagefind.tmp-${dead}`))).toBe(false);
    const after = spawnSync('sha256sum', ['-b', ...allFiles(a.sources).map((f) => join(a.sources, f))]).stdout;
    expect(after.toString()).toBe(before.toString());
  });

  it('a write that fails removes its temporary file and names the file', () => {
    const dir = join(scratch, 'failing-write');
    mkdirSync(join(dir, 'target'), { recursive: true }); // a folder where the file should go: rename fails
    expect(() => writeAtomic(join(dir, 'target'), 'x')).toThrow(/writing .*target/);
    expect(readdirSync(dir)).toEqual(['target']);
  });
});

describe('the lock', () => {
  const file = () => join(mkdtempSync(join(scratch, 'lock-')), 'build.lock');
  const notes: string[] = [];
  const note = (line: string) => notes.push(line);

  it('is held by one run at a time and released', () => {
    const lock = file();
    const { release, tookOver } = acquireLock(lock, 'npm run build', note);
    expect(tookOver).toBe(false);
    expect(JSON.parse(readFileSync(lock, 'utf8'))).toMatchObject({ pid: process.pid, hostname: hostname() });
    expect(() => acquireLock(lock, 'npm run ingest', note)).toThrow(LockBusy);
    release();
    expect(existsSync(lock)).toBe(false);
    acquireLock(lock, 'npm run ingest', note).release();
    release(); // twice: nothing (and not another run's lock)
  });

  it('names the other run and says what to do', () => {
    const lock = file();
    writeFileSync(
      lock,
      JSON.stringify({
        pid: process.ppid,
        hostname: hostname(),
        started: '2026-01-10T02:00:00Z',
        command: 'npm run build',
      }),
    );
    expect(() => acquireLock(lock, 'npm run build', note)).toThrow(
      new RegExp(
        `另一个构建（npm run build，进程 ${process.ppid}，开始于 .+）正在此文件夹中运行；请等待它结束后再试。若确认它已不在运行，删除锁文件 .*build\\.lock 后重试。`,
      ),
    );
    writeFileSync(
      lock,
      JSON.stringify({ pid: 1, hostname: 'other-host', started: '2026-01-10T02:00:00Z', command: 'npm run build' }),
    );
    expect(() => acquireLock(lock, 'npm run build', note)).toThrow(/另一台计算机（other-host）上的构建/);
  });

  it('takes over a stale lock with a note', () => {
    const lock = file();
    const dead = deadPid();
    writeFileSync(
      lock,
      JSON.stringify({ pid: dead, hostname: hostname(), started: '2026-01-10T02:00:00Z', command: 'npm run build' }),
    );
    notes.length = 0;
    const { release, tookOver } = acquireLock(lock, 'npm run ingest', note);
    expect(tookOver).toBe(true);
    expect(notes.join('\n')).toMatch(
      new RegExp(`上一次运行（npm run build，进程 ${dead}，.*）未正常结束，进程已不存在；已接管`),
    );
    expect(JSON.parse(readFileSync(lock, 'utf8')).pid).toBe(process.pid);
    release();
    // A lock this process's pid holds but did not take: a killed run whose pid came round again.
    writeFileSync(
      lock,
      JSON.stringify({ pid: process.pid, hostname: hostname(), started: 'x', command: 'npm run build' }),
    );
    acquireLock(lock, 'npm run build', note).release();
    // An empty lock (killed between creating and writing it): busy while young, taken over when old.
    writeFileSync(lock, '');
    expect(() => acquireLock(lock, 'npm run build', note)).toThrow(LockBusy);
    utimesSync(lock, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    acquireLock(lock, 'npm run build', note).release();
    expect(existsSync(lock)).toBe(false);
  });
});

describe('disk errors', () => {
  const paths: GuardedPaths = {
    sources: 'content/sources',
    reports: '/srv/a/reports',
    ledger: '/srv/a/ledger.json',
    outDir: '/srv/a/dist',
    cacheDir: '/srv/a/cache',
  };
  const errno = (code: string, path?: string) =>
    Object.assign(new Error(`${code}: x`), { code, ...(path ? { path } : {}) });

  it('names the folder and the remedy', () => {
    expect(diskFailure(errno('ENOSPC', '/srv/a/dist/downloads/s/original.pdf'), 'npm run build', paths)).toBe(
      '磁盘已满：无法写入 /srv/a/dist/downloads/s；请释放空间后重新运行 npm run build。',
    );
    expect(diskFailure(errno('EACCES', '/srv/a/reports/2021/x.md.1.a.tmp'), 'npm run ingest', paths)).toMatch(
      /^没有写入权限：无法写入 \/srv\/a\/reports\/2021；请检查该文件夹的权限/,
    );
    expect(diskFailure(errno('EROFS', '/srv/a/ledger.json'), 'npm run ingest', paths)).toMatch(
      /^文件夹所在的磁盘是只读的：无法写入 \/srv\/a；/,
    );
    expect(diskFailure(errno('EACCES', 'content/sources/a.pdf'), 'npm run build', paths)).toMatch(/^没有读取权限/);
    // From another process (the search index's), as text.
    expect(
      diskFailure(
        new Error("s2021: ENOSPC: no space left on device, open '/srv/a/cache/search/s/x'"),
        'npm run build',
        paths,
      ),
    ).toMatch(/^磁盘已满：无法写入 \/srv\/a\/cache\/search\/s；/);
    // Astro's bundler (Rust), in the build's output.
    const rolldown =
      '[UNHANDLEABLE_ERROR] Something went wrong inside rolldown\nFailed to write file in /srv/a/dist/.prerender/chunks/x.mjs\n\nCaused by:\n    No space left on device (os error 28)\n';
    expect(diskFailure(new Error(rolldown), 'npm run build', paths)).toBe(
      '磁盘已满：无法写入 /srv/a/dist/.prerender/chunks；请释放空间后重新运行 npm run build。',
    );
    expect(diskFailure(new Error('something else'), 'npm run build', paths)).toBeNull();
    expect(diskFailure(errno('ENOENT', '/srv/a/x'), 'npm run build', paths)).toBeNull();
  });
});

describe('the commands under faults', { timeout: 120_000 }, () => {
  it('a full disk: one sentence, exit 1, no stack, no temporary file', () => {
    const a = archive();
    const run = ingest(a, { GONGKAI_TEST_FS_FAULT: `ENOSPC:${a.reports}` });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^✗ 磁盘已满：无法写入 .*reports.*；请释放空间后重新运行 npm run ingest。\n$/);
    expect(run.stderr).not.toMatch(/\bat /);
    expect(allFiles(a.root).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(join(a.cacheDir, 'build.lock'))).toBe(false);
  });

  it('a folder it may not write: one sentence naming it', () => {
    const a = archive();
    const run = ingest(a, { GONGKAI_TEST_FS_FAULT: `EACCES:${a.root}` });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^✗ 没有写入权限：无法写入 .*；请检查该文件夹的权限（运行 npm run ingest 的用户须能写入它）后重新运行。\n$/,
    );
  });

  it('the build: a full disk while the downloads are copied, named (after Astro and the index have run)', () => {
    const a = archive();
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--import', FAULTS, 'scripts/build.ts'], {
      env: envOf(a, { GONGKAI_TEST_FS_FAULT: `ENOSPC:${join(a.outDir, 'downloads')}`, ASTRO_TELEMETRY_DISABLED: '1' }),
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /✗ 磁盘已满：无法写入 .*dist\/downloads\/[^/]+；请释放空间后重新运行 npm run build。\n$/,
    );
    expect(run.stderr).not.toMatch(/\bat /);
    expect(allFiles(a.root).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(join(a.cacheDir, 'build.lock'))).toBe(false);
  });

  it('a second run while one runs: refused, naming the first; the first goes on', async () => {
    const a = archive();
    // The first run's writes are slowed so that it still runs when the second starts.
    const first = start(a, { GONGKAI_TEST_FS_DELAY_MS: '800' });
    const lock = join(a.cacheDir, 'build.lock');
    await held(lock, first);
    const second = ingest(a);
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(`✗ 另一个构建（npm run ingest，进程 ${first.child.pid}，开始于`);
    expect(second.stderr).not.toMatch(/\bat /);
    expect(await first.exit).toBe(0);
    expect(existsSync(lock)).toBe(false);
  });

  it('SIGTERM releases the lock', async () => {
    const a = archive();
    const run = start(a, { GONGKAI_TEST_FS_DELAY_MS: '1500' });
    const lock = join(a.cacheDir, 'build.lock');
    await held(lock, run);
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(143);
    expect(existsSync(lock)).toBe(false);
  });

  it('after kill -9 at random points, a re-run gives what a clean run gives, byte for byte', async () => {
    const seed = Number(process.env.GONGKAI_FAULT_SEED ?? 27);
    const next = prng(seed);
    // Each write waits after writing its bytes, so that a kill often falls between a temporary file's
    // write and its rename; the bytes are those of a normal run.
    const slow = { GONGKAI_TEST_FS_DELAY_MS: '150' };
    const clean = archive();
    const t = performance.now();
    expect(ingest(clean, slow).status).toBe(0);
    const duration = performance.now() - t;
    const expected = await output(clean);

    const crashed = archive();
    const sources = await sha256Tree(crashed.sources);
    const kills: number[] = [];
    for (let i = 0; i < 3; i++) {
      const run = start(crashed, slow);
      const after = Math.round(next() * duration);
      kills.push(after);
      await new Promise((done) => setTimeout(done, after));
      run.child.kill('SIGKILL');
      await run.exit;
    }
    // And once where it matters most, whatever the seed: while a temporary file waits for its rename.
    const run = start(crashed, slow);
    let ended = false;
    void run.exit.then(() => (ended = true));
    while (!ended && !allFiles(crashed.root).some((f) => f.endsWith('.tmp')))
      await new Promise((done) => setTimeout(done, 5));
    run.child.kill('SIGKILL');
    await run.exit;
    expect(allFiles(crashed.root).filter((f) => f.endsWith('.tmp')).length).toBeGreaterThan(0);
    const rerun = ingest(crashed);
    expect(rerun.status, `seed ${seed}, kills after ${kills.join(', ')} ms: ${rerun.stderr}`).toBe(0);
    expect(await output(crashed), `seed ${seed}, kills after ${kills.join(', ')} ms`).toEqual(expected);
    expect(allFiles(crashed.root).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(join(crashed.cacheDir, 'build.lock'))).toBe(false);
    expect(await sha256Tree(crashed.sources)).toEqual(sources);
    expect(statSync(crashed.sources).isDirectory()).toBe(true);
  });
});

/** A small file system of its own, where this machine lets the tests mount one (root, not in every sandbox). */
function mountSmall(): string | null {
  const at = join(scratch, 'small-disk');
  mkdirSync(at, { recursive: true });
  return spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', at]).status === 0 ? at : null;
}
const small = process.platform === 'linux' ? mountSmall() : null;
afterAll(() => {
  if (small) spawnSync('umount', [small]);
});

describe.skipIf(!small)('a real full or read-only disk (tmpfs)', { timeout: 60_000 }, () => {
  it('full: the folder named, no temporary file left', () => {
    const disk = small as string;
    const a = { ...archive(), reports: join(disk, 'reports') };
    // Fill it: the write stops at the size of the file system.
    spawnSync('sh', ['-c', `head -c 1000000 /dev/zero > ${join(disk, 'filler')}`]);
    const run = ingest(a);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^✗ 磁盘已满：无法写入 .*small-disk\/reports\/\d{4}；请释放空间后重新运行 npm run ingest。\n$/,
    );
    expect(allFiles(disk).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    rmSync(join(disk, 'filler'));
  });

  it('read-only: the folder named (not the ENOENT a recursive mkdir gives)', () => {
    const disk = small as string;
    expect(spawnSync('mount', ['-o', 'remount,ro', disk]).status).toBe(0);
    try {
      const a = { ...archive(), reports: join(disk, 'archive', 'reports') };
      const run = ingest(a);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/^✗ 文件夹所在的磁盘是只读的：无法写入 .*small-disk；请把它挂载为可写/);
    } finally {
      spawnSync('mount', ['-o', 'remount,rw', disk]);
    }
  });
});
