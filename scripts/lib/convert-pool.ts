/**
 * Converts uploads on every core: the ingest's conversions (HTML, Word and PDF parsing, extraction)
 * are independent and CPU-bound, and one Node process uses one core. Jobs go to child processes
 * (scripts/lib/convert-worker.ts, each its own Node with tsx's loader) one at a time, so a slow PDF does not
 * hold up the rest; results come back in the jobs' order. Small batches — a rebuild after one upload,
 * the tests' samples — are converted in this process: starting a worker would cost more than it saves.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Converted, convertSource, type SourceInput } from '../../src/lib/convert.ts';
import { UnusableUpload } from '../../src/lib/formats/index.ts';
import { SidecarError } from '../../src/lib/overrides.ts';

export type Conversion = { ok: true; result: Converted } | { ok: false; error: Error };

/**
 * One upload to convert. Its bytes are read only when it is converted: a national batch does not fit
 * in memory at once.
 */
export interface ConversionJob {
  path: string;
  load(): Promise<SourceInput>;
}

/** What a worker sends back: the result, or the error's kind, message and hint to rebuild it. */
export type WorkerReply =
  | { id: number; ok: true; result: Converted }
  | { id: number; ok: false; error: { name: string; message: string; hint?: string } };

export interface PoolOptions {
  /** Worker processes (default GONGKAI_INGEST_WORKERS, else the number of cores, at most 4). */
  workers?: number;
  /** Fewer jobs than this are converted in this process (default 200). */
  parallelFrom?: number;
  onDone?: (path: string) => void;
}

const THIS_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(THIS_DIR, '../..');

/** Rebuilds the error a worker reported, with its class, so that the ingest gives the same hint. */
export function reviveError(error: { name: string; message: string; hint?: string }): Error {
  if (error.name === 'UnusableUpload') return new UnusableUpload(error.message, error.hint ?? '');
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

function defaultWorkers(): number {
  const fromEnv = Number.parseInt(process.env.GONGKAI_INGEST_WORKERS ?? '', 10);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : Math.min(4, availableParallelism());
}

export async function convertAll(inputs: readonly ConversionJob[], options: PoolOptions = {}): Promise<Conversion[]> {
  const workers = Math.min(options.workers ?? defaultWorkers(), inputs.length);
  const out: Conversion[] = new Array(inputs.length);
  if (workers <= 1 || inputs.length < (options.parallelFrom ?? 200)) {
    for (const [i, job] of inputs.entries()) {
      out[i] = await convertHere(job);
      options.onDone?.(job.path);
    }
    return out;
  }
  let next = 0;
  const children: ChildProcess[] = [];
  const lane = () =>
    new Promise<void>((done, fail) => {
      // tsx as a loader in the worker's own Node (not tsx's command, which relays messages as JSON).
      const child = spawn(
        process.execPath,
        [
          // A larger young generation: parsing PDFs and scanning bodies allocate short-lived objects by the
          // million, and the default one made a worker spend about a tenth of its time collecting them
          // (2,000 mixed uploads: 10.9 → 9.9 s, same peak memory).
          '--max-semi-space-size=32',
          '--import',
          pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href,
          join(THIS_DIR, 'convert-worker.ts'),
        ],
        {
          cwd: ROOT,
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
          // Structured clone rather than JSON: the bytes go as bytes, and results keep every value as is.
          serialization: 'advanced',
        },
      );
      children.push(child);
      let current = -1;
      const send = async (): Promise<void> => {
        if (next >= inputs.length) {
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
      };
      child.on('message', (reply: WorkerReply) => {
        const job = inputs[reply.id] as ConversionJob;
        out[reply.id] = reply.ok ? { ok: true, result: reply.result } : { ok: false, error: reviveError(reply.error) };
        options.onDone?.(job.path);
        void send();
      });
      child.on('error', fail);
      child.on('exit', (code, signal) => {
        if (code === 0 && next >= inputs.length && (current < 0 || out[current])) done();
        else
          fail(new Error(`conversion worker stopped (${signal ?? `exit ${code}`}) at ${inputs[current]?.path ?? '?'}`));
      });
      void send();
    });
  try {
    await Promise.all(Array.from({ length: workers }, lane));
  } catch (error) {
    for (const child of children) child.kill();
    throw error;
  }
  return out;
}
