/**
 * npm run build — the whole pipeline: ingest, Astro build, search index. Everything lands in dist/.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import * as pagefind from 'pagefind';
import { readPipelinePaths } from '../src/site.config.ts';
import { ingestCommand } from './ingest.ts';

export async function buildSearchIndex(outDir: string): Promise<void> {
  const { index, errors } = await pagefind.createIndex({ forceLanguage: 'zh-cn' });
  if (!index) throw new Error(`pagefind: ${errors.join('; ')}`);
  const added = await index.addDirectory({ path: outDir });
  if (added.errors.length) throw new Error(`pagefind: ${added.errors.join('; ')}`);
  const written = await index.writeFiles({ outputPath: resolve(outDir, 'pagefind') });
  if (written.errors.length) throw new Error(`pagefind: ${written.errors.join('; ')}`);
  await pagefind.close();
}

export async function build(): Promise<number> {
  const paths = readPipelinePaths();
  const ingestCode = await ingestCommand(['--quiet']);
  if (ingestCode === 2) return 2;
  const astro = spawnSync(process.execPath, [resolve('node_modules/astro/bin/astro.mjs'), 'build'], {
    stdio: 'inherit',
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  if (astro.status !== 0) return 1;
  await buildSearchIndex(resolve(paths.outDir));
  console.log(`✓ 站点已生成：${resolve(paths.outDir)}`);
  return ingestCode;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await build();
}
