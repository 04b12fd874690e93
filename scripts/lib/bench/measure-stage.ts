/**
 * One stage of the build measured as its own process tree (for scripts/bench.ts): wall time, CPU time
 * and peak memory of the stage and of every child it starts (Pagefind, the index workers), and its last
 * output lines.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { round } from './figures.ts';
import { sampleTree } from './process-sampler.ts';

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

/** A run of the build command (scripts/build.ts), with the stage times its last line gives. */
export type BuildResult = StageResult & { breakdown: Record<string, number> | null };

export interface StageOptions {
  env: NodeJS.ProcessEnv;
  /** Where /usr/bin/time writes its figures (time-<name>.txt). */
  workDir: string;
  /** The exit codes that are not a failure (default: 0); any other is reported with the stage's last lines. */
  allowedExit?: number[] | undefined;
}

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** Runs one stage (node with `args`) as its own process tree; samples its memory every 250 ms. */
export async function measureStage(
  name: string,
  args: string[],
  { env, workDir, allowedExit = [0] }: StageOptions,
): Promise<StageResult> {
  const timeFile = join(workDir, `time-${name}.txt`);
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

/** build.ts ends with "用时：转换 X 秒，网页 Y 秒，对比页 C 秒（网页之后），索引 Z 秒（网页之后），下载文件 W 秒". */
export function buildBreakdown(tail: string): Record<string, number> | null {
  const m =
    /转换\s*([\d.]+)\s*秒[，,]\s*网页\s*([\d.]+)\s*秒[，,]\s*(?:对比页\s*([\d.]+)\s*秒（网页之后）[，,]\s*)?索引\s*([\d.]+)\s*秒/.exec(
      tail,
    );
  const downloads = /下载文件\s*([\d.]+)\s*秒/.exec(tail);
  return m
    ? {
        ingest: Number(m[1]),
        astro: Number(m[2]),
        ...(m[3] ? { compare: Number(m[3]) } : {}),
        search: Number(m[4]),
        ...(downloads ? { downloads: Number(downloads[1]) } : {}),
      }
    : null;
}
