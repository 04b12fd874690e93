/**
 * npm run build — the whole pipeline: ingest, Astro build, search index. Everything lands in dist/.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { readPipelinePaths, readSiteConfig } from '../src/site.config.ts';
import { ingestCommand } from './ingest.ts';
import { buildSearchIndex } from './lib/search-index.ts';

export async function build(): Promise<number> {
  const paths = readPipelinePaths();
  const ingestCode = await ingestCommand(['--quiet']);
  if (ingestCode === 2) return 2;
  const astro = spawnSync(process.execPath, [resolve('node_modules/astro/bin/astro.mjs'), 'build'], {
    stdio: 'inherit',
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  if (astro.status !== 0) return 1;
  await buildSearchIndex({ reports: paths.reports, outDir: paths.outDir, base: readSiteConfig().base });
  console.log(`✓ 站点已生成：${resolve(paths.outDir)}`);
  return ingestCode;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await build();
}
