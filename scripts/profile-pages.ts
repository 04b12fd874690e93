/**
 * npm run profile-pages -- --dir <a kept bench folder> [--incremental] [--out FILE]: where the page render's CPU time
 * goes (issue 28).
 *
 * Runs Astro's build over the reports of a bench run kept with `npm run bench -- --keep` (its reports/, a fresh
 * dist/ and cache of its own, every page rendered: GONGKAI_INCREMENTAL=0) under Node's CPU profiler, then sums the
 * profiles by part — Astro, markdown-it, Vite/Rollup, the site's own bundled code, Node, the garbage collector —
 * and lists the functions that take the most (scripts/lib/bench/cpu-profile.ts). Writes the summary as JSON.
 * --incremental: Astro's incremental build over the bench folder's own dist/ and cache as its last build left them,
 * with nothing changed — the fixed cost a rebuild after one upload pays before it renders anything.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type CpuProfile, summarizeProfiles } from './lib/bench/cpu-profile.ts';
import { writeAtomic } from './lib/shared/atomic-files.ts';
import { readArgs } from './lib/shared/cli-args.ts';

const USAGE = `用法：npm run profile-pages -- --dir 目录 [--incremental] [--out 文件]
在 npm run bench -- --keep 留下的目录上，以 CPU 分析器运行 Astro 构建（渲染全部网页），按部分统计 CPU 时间。
  --dir          bench 留下的目录（含 reports/）
  --incremental  用该目录自己的 dist/ 与缓存做增量构建（无变化）：重建的固定开销
  --out          结果 JSON（默认 bench-results/profile-pages.json）`;

const values = readArgs(USAGE, { dir: { type: 'string' }, out: { type: 'string' }, incremental: { type: 'boolean' } });
const dir = values.dir ? resolve(values.dir) : '';
if (!dir || !existsSync(join(dir, 'reports'))) {
  console.error(`✗ 找不到 ${dir || '（未给出 --dir）'}/reports\n\n${USAGE}`);
  process.exit(2);
}
const work = mkdtempSync(join(tmpdir(), 'gongkai-profile-'));
const profiles = join(work, 'profiles');
const started = performance.now();
const run = spawnSync(
  process.execPath,
  ['--cpu-prof', '--cpu-prof-dir', profiles, resolve('node_modules/astro/bin/astro.mjs'), 'build', '--silent'],
  {
    stdio: 'inherit',
    env: {
      ...process.env,
      GONGKAI_SOURCES_DIR: join(dir, 'sources'),
      GONGKAI_REPORTS_DIR: join(dir, 'reports'),
      GONGKAI_OUT_DIR: join(values.incremental ? dir : work, 'dist'),
      GONGKAI_CACHE_DIR: join(values.incremental ? dir : work, 'cache'),
      GONGKAI_TODAY: '2026-01-01',
      GONGKAI_INCREMENTAL: values.incremental ? '1' : '0',
      ASTRO_TELEMETRY_DISABLED: '1',
    },
  },
);
const wall = (performance.now() - started) / 1000;
if (run.status !== 0) {
  console.error(`✗ Astro 构建失败（退出码 ${run.status}）`);
  process.exit(1);
}
const files = readdirSync(profiles).filter((f) => f.endsWith('.cpuprofile'));
const summary = summarizeProfiles(files.map((f) => JSON.parse(readFileSync(join(profiles, f), 'utf8')) as CpuProfile));
const reports = readdirSync(join(dir, 'reports'), { recursive: true }).filter((f) => String(f).endsWith('.md')).length;
const out = values.out ?? 'bench-results/profile-pages.json';
writeAtomic(
  out,
  `${JSON.stringify({ reports, wallSeconds: Math.round(wall * 10) / 10, profiles: files.length, ...summary }, null, 2)}\n`,
);
rmSync(work, { recursive: true, force: true });
console.log(
  `${reports} 份报告，Astro 构建 ${wall.toFixed(1)} 秒，采样 CPU ${summary.seconds} 秒（${files.length} 个线程的分析文件）：`,
);
for (const p of summary.parts) console.log(`  ${(p.share * 100).toFixed(1).padStart(5)} %  ${p.seconds} 秒  ${p.part}`);
console.log('最耗时的函数（自身时间）：');
for (const f of summary.functions.slice(0, 15))
  console.log(`  ${(f.share * 100).toFixed(1).padStart(5)} %  ${f.name}  ${f.file}  [${f.part}]`);
for (const [part, functions] of Object.entries(summary.withinParts)) {
  console.log(`${part} 之内：`);
  for (const f of functions.slice(0, 6))
    console.log(`  ${(f.share * 100).toFixed(1).padStart(5)} %  ${f.name}  ${f.file}`);
}
console.log('本站代码按文件：');
for (const f of summary.siteFiles) console.log(`  ${(f.share * 100).toFixed(1).padStart(5)} %  ${f.file}`);
console.log(`\n写入 ${out}`);
