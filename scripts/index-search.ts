/**
 * Builds only the search index (dist/pagefind/) from content/reports: the last stage of `npm run build`,
 * on its own for benchmarks and for rebuilding the index without rebuilding the pages.
 */
import { readConfigOrExit } from '../src/site.config.ts';
import {
  assembleSearchBundle,
  planSearchIndex,
  searchIndexOptionsOf,
  startShardPool,
} from './lib/search/index-build.ts';
import { copyDownloads } from './lib/site/downloads.ts';

const config = readConfigOrExit();
const paths = config.paths;
const plan = await planSearchIndex(searchIndexOptionsOf(config));
// Benchmarks run the stages one by one: the downloads, copied by `npm run build` after Astro, come along here.
if (process.argv.includes('--with-downloads')) await copyDownloads(plan.reports, paths.sources, paths.outDir);
await startShardPool(plan.missing, () => plan.workers).done;
const stats = await assembleSearchBundle(plan);
console.log(
  `搜索索引：${stats.records} 份报告，${stats.shards} 个分片（本次建立 ${stats.built} 个），${stats.seconds.toFixed(1)} 秒`,
);
