/**
 * A tiny run of the benchmark (12 generated reports, no browser): every stage runs through the
 * project's real commands and the figures file holds what scripts/BENCHMARKS.md cites. The figures
 * themselves are not asserted — speed is measured by `npm run bench`, not by timed tests.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';

it('npm run bench runs every stage and writes its figures', async () => {
  const out = join(await mkdtemp(join(tmpdir(), 'gongkai-bench-smoke-')), 'bench.json');
  const run = spawnSync(
    process.execPath,
    [resolve('node_modules/tsx/dist/cli.mjs'), 'scripts/bench.ts', '--reports', '12', '--skip-browser', '--out', out],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  const figures = JSON.parse(await readFile(out, 'utf8'));
  for (const stage of [figures.full.ingest, figures.full.astro, figures.full.search, figures.rebuildAfterOneUpload]) {
    expect(stage.exitCode).toBe(0);
    expect(stage.seconds).toBeGreaterThan(0);
    expect(stage.peakMB).toBeGreaterThan(0);
  }
  expect(figures.corpus.uploads).toBe(12);
  expect(figures.corpus.reportsWritten).toBeGreaterThan(0);
  expect(figures.sizes.pages).toBeGreaterThan(figures.corpus.reportsWritten);
  expect(figures.sizes.searchBundleMB).toBeGreaterThan(0);
  expect(figures.sizes.reportPageGzipKB).toBeGreaterThan(0);
  expect(figures.rebuildAfterOneUpload.breakdown).not.toBeNull();
  expect(run.stdout).toContain('rebuild after one upload');
  // The bare Astro + Pagefind anchor over the same reports, and the ratios the speed targets are.
  expect(figures.anchor.astro.exitCode).toBe(0);
  expect(figures.anchor.pagefind.exitCode).toBe(0);
  expect(figures.anchor.fullBuildToAnchor).toBeGreaterThan(0);
  expect(figures.anchor.unchangedToFullBuild).toBeGreaterThan(0);
  expect(figures.rebuildNothingChanged.exitCode).toBe(0);
  expect(run.stdout).toContain('full build ÷ anchor');
}, 240_000);
