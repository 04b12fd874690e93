/**
 * A cache is missed when the code that made its bytes changes: the ingest converts every upload again
 * when a module of the conversion changes, and the search index re-indexes every shard when a module of
 * the index worker does — here with one module edited in an otherwise real copy of the project's code.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runIngest } from '../../scripts/lib/ingest/engine.ts';
import { planSearchIndex, startShardPool } from '../../scripts/lib/search/index-build.ts';
import { projectSource } from '../../src/collection/project-code.ts';
import type { ModuleSource } from '../../src/lib/code-fingerprint.ts';
import { treeHashes } from '../helpers/tree-hashes.ts';

const root = mkdtempSync(join(tmpdir(), 'gongkai-cache-keys-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const sources = join(root, 'sources');
const reports = join(root, 'reports');
cpSync('content/sources', sources, { recursive: true });

/** The project's code with one module edited (a comment added: the bytes it makes need not change). */
function editedProject(path: string): ModuleSource {
  const project = projectSource();
  return { ...project, read: (p) => (p === path ? `${project.read(p)}\n// edited\n` : project.read(p)) };
}

describe('cache keys follow the code', () => {
  it('the ingest converts every upload again after a change to extraction, and writes the same reports', async () => {
    const options = { sources, reports, today: '2026-01-01', cacheDir: null };
    const first = await runIngest(options);
    expect(first.added.length).toBeGreaterThan(0);
    const written = await treeHashes(reports);
    const again = await runIngest(options);
    expect([again.added.length, again.updated.length, again.unchanged]).toEqual([0, 0, first.total]);
    const afterEdit = await runIngest({ ...options, codeSource: editedProject('src/lib/extract.ts') });
    expect(afterEdit.updated.length).toBe(first.total);
    expect(await treeHashes(reports)).toEqual(written);
  });

  it('the search index re-indexes every shard after a change to a module its worker imports', async () => {
    const options = {
      reports,
      outDir: join(root, 'dist'),
      base: '/',
      cacheDir: join(root, 'cache'),
      shardSize: 2,
      workers: 1,
    };
    const plan = await planSearchIndex(options);
    expect(plan.jobs.length).toBeGreaterThan(1);
    await startShardPool(plan.missing, () => 1).done;
    expect((await planSearchIndex(options)).missing).toEqual([]);
    // facets.ts was once missing from the hand-kept list of the index's code.
    const edited = await planSearchIndex({ ...options, codeSource: editedProject('src/lib/search/facets.ts') });
    expect(edited.missing.length).toBe(plan.jobs.length);
  });
});
