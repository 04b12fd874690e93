/**
 * The worker pool's per-upload bounds: an upload whose worker runs past the time limit, or dies out of
 * memory, is that upload's failure, with a message; the uploads around it are converted all the same.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { convertAll } from '../../scripts/lib/ingest/convert-pool.ts';

const report = readFileSync('content/sources/000_fa3c1ac41b8e6c63.txt');
const job = (path: string, bytes: Uint8Array) => ({ path, load: async () => ({ path, bytes, sidecar: null }) });
// 140 MB of report text: about ten seconds to convert, past a limit of four (a real report: well under one,
// and a fresh worker's first conversion, which loads the gazetteer, about one).
const long = Buffer.from('推进法治政府建设，各项工作取得新成效。\n'.repeat(2_400_000));

describe('the conversion pool', () => {
  it('fails an upload that runs past the time limit, and converts the others', async () => {
    const results = await convertAll([job('a.txt', report), job('slow.txt', long), job('b.txt', report)], {
      workers: 2,
      parallelFrom: 1,
      seconds: 4,
    });
    expect(results.map((r) => (r.ok ? 'ok' : r.error.message))).toEqual(['ok', expect.any(String), 'ok']);
    const failed = results[1] as { ok: false; error: Error & { hint?: string } };
    expect(failed.error.message).toMatch(/转换超过 4 秒/);
    expect(failed.error.hint).toMatch(/拆分/);
  }, 60_000);

  it('fails an upload whose worker dies out of memory, and converts the others', async () => {
    // 220 MB of text (whole characters) in a worker allowed 192 MB of heap (a real report needs well under 100).
    const huge = Buffer.alloc(22 * 10_000_000, '法治政府建设。\n');
    const results = await convertAll([job('a.txt', report), job('huge.txt', huge), job('b.txt', report)], {
      workers: 2,
      parallelFrom: 1,
      memoryMb: 192,
    });
    expect(results.map((r) => (r.ok ? 'ok' : r.error.message))).toEqual(['ok', expect.any(String), 'ok']);
    expect((results[1] as { ok: false; error: Error }).error.message).toMatch(/转换进程异常退出/);
  }, 60_000);

  it('bounds a large upload in a small batch too (converted in a worker of its own), the rest in this process', async () => {
    const huge = Buffer.alloc(22 * 10_000_000, '法治政府建设。\n');
    const sized = (path: string, bytes: Uint8Array) => ({ ...job(path, bytes), size: bytes.length });
    const results = await convertAll([sized('a.txt', report), sized('huge.txt', huge), sized('b.txt', report)], {
      memoryMb: 192,
    });
    expect(results.map((r) => (r.ok ? 'ok' : r.error.message))).toEqual(['ok', expect.any(String), 'ok']);
    expect((results[1] as { ok: false; error: Error }).error.message).toMatch(/转换进程异常退出/);
  }, 60_000);
});
