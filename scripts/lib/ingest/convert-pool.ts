/**
 * Converts uploads on every core: the ingest's conversions (HTML, Word and PDF parsing, extraction)
 * are independent and CPU-bound, and one Node process uses one core. Jobs go to child processes
 * (scripts/lib/ingest/convert-worker.ts, each its own Node with tsx's loader) one at a time, so a slow PDF does not
 * hold up the rest; results come back in the jobs' order. Small batches — a rebuild after one upload,
 * the tests' samples — are converted in this process: starting a worker would cost more than it saves.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Converted, convertSource, type SourceInput } from '../../../src/lib/convert.ts';
import { NeedsRecognition, UnusableUpload } from '../../../src/lib/formats/index.ts';
import { SidecarError } from '../../../src/lib/overrides.ts';
import { CONFIG_DEFAULTS } from '../../../src/site.config.ts';
import { PROJECT_ROOT } from '../shared/project-root.ts';

export type Conversion = { ok: true; result: Converted } | { ok: false; error: Error };

/**
 * One upload to convert. Its bytes are read only when it is converted: a national batch does not fit
 * in memory at once.
 */
export interface ConversionJob {
  path: string;
  /** The upload's size in bytes, when known: a large one is converted in a bounded worker even in a small batch. */
  size?: number;
  load(): Promise<SourceInput>;
}

/**
 * In a small batch (converted in this process), uploads of this size or more go to a worker with the
 * pool's time and memory bounds all the same: a real report is a few hundred KB at most (a long PDF a few
 * MB, and worth the worker's second of start-up), while a hostile or broken file big enough to hang or
 * exhaust the process that runs the whole build is bigger still.
 */
export const GUARDED_FROM_BYTES = 1_000_000;

/** What a worker sends back: the result, or the error's kind, message and hint to rebuild it. */
export type WorkerReply =
  | { id: number; ok: true; result: Converted }
  | { id: number; ok: false; error: { name: string; message: string; hint?: string } };

export interface PoolOptions {
  /** Worker processes (default: src/site.config.ts's, the number of cores, at most 4). */
  workers?: number;
  /** Fewer jobs than this are converted in this process (default 200). */
  parallelFrom?: number;
  onDone?: (path: string) => void;
  /** Time limit per upload in a worker, seconds (default: src/site.config.ts's, 120). */
  seconds?: number;
  /** Heap limit of a worker, MB (default: src/site.config.ts's, 2048). */
  memoryMb?: number;
}

const THIS_DIR = dirname(fileURLToPath(import.meta.url));

/** Rebuilds the error a worker reported, with its class, so that the ingest gives the same hint. */
export function reviveError(error: { name: string; message: string; hint?: string }): Error {
  if (error.name === 'UnusableUpload') return new UnusableUpload(error.message, error.hint ?? '');
  if (error.name === 'NeedsRecognition')
    return new NeedsRecognition(error.message, /图片/.test(error.message) ? 'image' : 'pdf');
  if (error.name === 'SidecarError') return new SidecarError(error.message);
  const revived = new Error(error.message);
  revived.name = error.name;
  return revived;
}

async function convertHere(job: ConversionJob): Promise<Conversion> {
  try {
    return { ok: true, result: await convertSource(await job.load()) };
  } catch (error) {
    return { ok: false, error: error as Error };
  }
}

/**
 * Per-upload bounds in the pool: time (default 120 s) and the worker's V8 heap (default 2048 MB), set by
 * GONGKAI_CONVERT_SECONDS and GONGKAI_CONVERT_MEMORY_MB. A real report converts in well under a second and
 * a few hundred MB.
 */
function conversionLimits(options: PoolOptions): { seconds: number; memoryMb: number } {
  return {
    seconds: options.seconds ?? CONFIG_DEFAULTS.ingest.convertSeconds,
    memoryMb: options.memoryMb ?? CONFIG_DEFAULTS.ingest.convertMemoryMb,
  };
}

export async function convertAll(inputs: readonly ConversionJob[], options: PoolOptions = {}): Promise<Conversion[]> {
  const workers = Math.min(options.workers ?? CONFIG_DEFAULTS.ingest.workers, inputs.length);
  if (workers > 1 && inputs.length >= (options.parallelFrom ?? 200)) return convertInWorkers(inputs, workers, options);
  // A small batch here, but its large uploads in one bounded worker meanwhile (GUARDED_FROM_BYTES).
  const guarded = [...inputs.keys()].filter((i) => ((inputs[i] as ConversionJob).size ?? 0) >= GUARDED_FROM_BYTES);
  const inWorker = guarded.length
    ? convertInWorkers(
        guarded.map((i) => inputs[i] as ConversionJob),
        1,
        options,
      )
    : Promise.resolve([]);
  const out: Conversion[] = new Array(inputs.length);
  for (const [i, job] of inputs.entries()) {
    if (guarded.includes(i)) continue;
    out[i] = await convertHere(job);
    options.onDone?.(job.path);
  }
  for (const [k, result] of (await inWorker).entries()) out[guarded[k] as number] = result;
  return out;
}

/** Converts the jobs in worker processes, at most `workers` at once, one job per worker at a time. */
async function convertInWorkers(
  inputs: readonly ConversionJob[],
  workers: number,
  options: PoolOptions,
): Promise<Conversion[]> {
  const out: Conversion[] = new Array(inputs.length);
  let next = 0;
  const children = new Set<ChildProcess>();
  const limits = conversionLimits(options);
  const startWorker = () =>
    // tsx as a loader in the worker's own Node (not tsx's command, which relays messages as JSON).
    spawn(
      process.execPath,
      [
        // A larger young generation: parsing PDFs and scanning bodies allocate short-lived objects by the
        // million, and the default one made a worker spend about a tenth of its time collecting them
        // (2,000 mixed uploads: 10.9 → 9.9 s, same peak memory).
        '--max-semi-space-size=32',
        // One upload's memory bound: past it the worker dies, and that upload alone fails.
        `--max-old-space-size=${limits.memoryMb}`,
        '--import',
        pathToFileURL(join(PROJECT_ROOT, 'node_modules/tsx/dist/loader.mjs')).href,
        join(THIS_DIR, 'convert-worker.ts'),
      ],
      {
        cwd: PROJECT_ROOT,
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        // Structured clone rather than JSON: the bytes go as bytes, and results keep every value as is.
        serialization: 'advanced',
      },
    );
  /**
   * One worker, fed one job at a time until the jobs run out or it dies. A worker that dies (out of
   * memory, a crash in a library) or runs past the time limit fails the upload it was converting, with a
   * message; the lane then starts a new worker for the rest.
   */
  const serve = (child: ChildProcess) =>
    new Promise<void>((done) => {
      children.add(child);
      let current = -1;
      let timer: NodeJS.Timeout | undefined;
      let timedOut = false;
      const send = async (): Promise<void> => {
        if (next >= inputs.length) {
          current = -1;
          // Told to exit: a worker whose channel is merely closed may still have timers or handles.
          child.send({ stop: true });
          return;
        }
        current = next++;
        const job = inputs[current] as ConversionJob;
        let input: SourceInput;
        try {
          input = await job.load();
        } catch (error) {
          out[current] = { ok: false, error: error as Error };
          options.onDone?.(job.path);
          return send();
        }
        child.send({ id: current, input });
        timer = setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, limits.seconds * 1000);
      };
      child.on('message', (reply: WorkerReply | { ready: true }) => {
        if ('ready' in reply) {
          void send();
          return;
        }
        clearTimeout(timer);
        const job = inputs[reply.id] as ConversionJob;
        out[reply.id] = reply.ok ? { ok: true, result: reply.result } : { ok: false, error: reviveError(reply.error) };
        options.onDone?.(job.path);
        void send();
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        children.delete(child);
        if (current >= 0 && !out[current]) {
          out[current] = {
            ok: false,
            error: timedOut
              ? new UnusableUpload(
                  `转换超过 ${limits.seconds} 秒仍未完成，已停止`,
                  '文件可能过大或结构异常：请拆分，或另存为 .docx/.txt 后重新上传',
                )
              : new UnusableUpload(
                  `转换进程异常退出（${signal ?? `退出码 ${code}`}${code === 134 || signal === 'SIGABRT' ? '，内存不足' : ''}）`,
                  `文件可能过大或结构异常（单个文件的内存上限 ${limits.memoryMb} MB）：请拆分，或另存为 .docx/.txt 后重新上传`,
                ),
          };
          options.onDone?.((inputs[current] as ConversionJob).path);
        }
        done();
      });
      child.on('error', () => {
        // A worker that cannot even start: its exit follows, and the lane decides.
      });
    });
  const lane = async () => {
    let starts = 0;
    while (next < inputs.length) {
      // A worker that dies before taking a single job would loop for ever: give up after a few.
      const before = next;
      await serve(startWorker());
      if (next === before && ++starts > 3) throw new Error('conversion workers cannot start');
    }
  };
  try {
    await Promise.all(Array.from({ length: workers }, lane));
  } catch (error) {
    for (const child of children) child.kill();
    throw error;
  }
  return out;
}
