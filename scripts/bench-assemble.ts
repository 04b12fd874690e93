/**
 * npm run bench-assemble — the assemble step measured on a simulated national archive (issue 24): N
 * reports without bodies in per-province shard manifests (scripts/lib/bench/shard-simulation.ts), then
 * `npm run assemble` over them as its own process tree (wall time, CPU, peak memory of the tree), then
 * the assembled site's pages counted and sized. The figures go to a JSON file for BENCHMARKS.md.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CONFIG_DEFAULTS, readConfigOrExit } from '../src/site.config.ts';
import { measureStage } from './lib/bench/measure-stage.ts';
import { simulateShards } from './lib/bench/shard-simulation.ts';
import { writeAtomic } from './lib/shared/atomic-files.ts';
import { readArgs } from './lib/shared/cli-args.ts';

const args = readArgs(
  `用法：npm run bench-assemble -- --reports N [--years 8] [--seed 1] [--out FILE] [--keep]
生成 N 份（无正文）报告的分省分片清单，测量 npm run assemble 的用时与内存峰值，结果写入 FILE（默认 bench-results/assemble-N.json）。`,
  {
    reports: { type: 'string' },
    years: { type: 'string', default: '8' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
    keep: { type: 'boolean' },
  },
);
const reports = Number(args.reports);
if (!Number.isSafeInteger(reports) || reports < 1) {
  console.error('--reports 应为正整数');
  process.exit(2);
}
const config = readConfigOrExit();
const root = mkdtempSync(join(tmpdir(), 'gongkai-bench-assemble-'));
const out = resolve(args.out ?? `bench-results/assemble-${reports}.json`);

const t = performance.now();
const shards = simulateShards(join(root, 'shards'), {
  reports,
  years: Number(args.years),
  firstYear: 2018,
  seed: Number(args.seed),
  site: config.site,
});
const simulateSeconds = (performance.now() - t) / 1000;
const manifestBytes = shards.reduce((n, s) => n + statSync(join(root, 'shards', s.shard, 'manifest.json')).size, 0);
console.log(
  `${shards.length} 个分片，${reports} 份报告：清单 ${(manifestBytes / 2 ** 20).toFixed(1)} MB，${simulateSeconds.toFixed(1)} 秒`,
);

const env = {
  ...process.env,
  GONGKAI_OUT_DIR: join(root, 'dist'),
  GONGKAI_CACHE_DIR: join(root, 'cache'),
  GONGKAI_SHARDS_DIR: join(root, 'shards'),
};
const result = await measureStage('assemble', [resolve('node_modules/tsx/dist/cli.mjs'), 'scripts/assemble.ts'], {
  env,
  workDir: root,
  allowedExit: [0],
});

/** HTML pages of the assembled site, and the largest. */
function pages(dir: string): {
  count: number;
  largestKB: number;
  totalMB: number;
  files: number;
  byFolder: Record<string, number>;
} {
  const byFolder: Record<string, number> = {};
  let count = 0;
  let largest = 0;
  let total = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    files++;
    const size = statSync(join(entry.parentPath, entry.name)).size;
    total += size;
    if (entry.name.endsWith('.html')) {
      count++;
      const folder = entry.parentPath.slice(dir.length + 1).split('/')[0] || '(top)';
      byFolder[folder] = (byFolder[folder] ?? 0) + 1;
      largest = Math.max(largest, size);
    }
  }
  return {
    count,
    largestKB: Math.round(largest / 102.4) / 10,
    totalMB: Math.round(total / 104857.6) / 10,
    files,
    byFolder,
  };
}
const site = result.exitCode === 0 ? pages(join(root, 'dist')) : null;
const figures = {
  date: new Date().toISOString().slice(0, 10),
  machine: `${(await import('node:os')).cpus().length} cores, ${Math.round((await import('node:os')).totalmem() / 2 ** 30)} GB`,
  reports,
  shards: shards.length,
  largestShard: Math.max(...shards.map((s) => s.reports)),
  manifestMB: Math.round(manifestBytes / 104857.6) / 10,
  simulateSeconds: Math.round(simulateSeconds * 10) / 10,
  assemble: result,
  site,
  listPageSize: config.site.listPageSize ?? CONFIG_DEFAULTS.site.listPageSize,
};
writeAtomic(out, `${JSON.stringify(figures, null, 2)}\n`);
console.log(JSON.stringify(figures, null, 2));
if (!args.keep) rmSync(root, { recursive: true, force: true });
else console.log(`保留在 ${root}`);
