/**
 * The ingest converts large batches in worker processes (scripts/lib/ingest/convert-pool.ts). Whatever the
 * number of workers and whichever conversion finishes first, it must write exactly what a conversion
 * in one process writes — reports, ledger and the summary's messages, in the same order.
 */
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runIngest } from '../../scripts/lib/ingest/engine.ts';
import { makeScannedPdf } from '../helpers/make-uploads.ts';
import { treeHashes } from '../helpers/tree-hashes.ts';

it('writes the same reports, ledger and messages with worker processes as in one process', async () => {
  const root = await mkdtemp(join(tmpdir(), 'gongkai-parallel-'));
  const sources = join(root, 'sources');
  // The real dev reports (every format the samples come in), plus uploads that fail in different ways.
  await cp('tests/fixtures/dev', sources, { recursive: true, filter: (p) => !p.endsWith('.tsv') });
  await writeFile(join(sources, '扫描件.pdf'), await makeScannedPdf());
  await writeFile(join(sources, '空白.txt'), '');
  await writeFile(join(sources, '坏旁注.txt'), '某某县人民政府\n关于2023年法治政府建设情况的报告\n\n一、工作\n内容。');
  await writeFile(join(sources, '坏旁注.meta.yaml'), 'year: [不是年份');

  const runs = [];
  for (const [name, workers] of [
    ['one', 1],
    ['three', 3],
  ] as const) {
    const reports = join(root, name, 'reports');
    const summary = await runIngest({ sources, reports, today: '2026-01-10', workers, parallelFrom: 1 });
    runs.push({ summary: { ...summary, reportsDir: '' }, tree: await treeHashes(join(root, name)) });
  }
  const [one, three] = runs as [(typeof runs)[number], (typeof runs)[number]];
  expect(one.summary.added.length).toBeGreaterThan(30);
  expect(one.summary.failed.map((f) => f.path)).toEqual(['坏旁注.txt', '扫描件.pdf', '空白.txt'].sort());
  expect(three.summary).toEqual(one.summary);
  expect(three.tree).toEqual(one.tree);
}, 120_000);
