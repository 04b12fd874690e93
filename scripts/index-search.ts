/**
 * Builds only the search index (dist/pagefind/) from content/reports: the last stage of `npm run build`,
 * on its own for benchmarks and for rebuilding the index without rebuilding the pages. With --after-pages,
 * also the other stages `npm run build` runs after Astro (the compare pages, the downloads), for the
 * benchmark's stage-by-stage build.
 */
import { readConfigOrExit } from '../src/site.config.ts';
import {
  assembleSearchBundle,
  planSearchIndex,
  searchIndexOptionsOf,
  startShardPool,
} from './lib/search/index-build.ts';
import { compareStageOptionsOf, finishComparePages, startComparePages } from './lib/site/compare-stage.ts';
import { copyDownloads } from './lib/site/downloads.ts';

const config = readConfigOrExit();
const paths = config.paths;
const plan = await planSearchIndex(searchIndexOptionsOf(config));
// Benchmarks run the stages one by one: what `npm run build` does after Astro comes along here.
const afterPages = process.argv.includes('--after-pages');
const compare = afterPages ? startComparePages(compareStageOptionsOf(config, plan.reports, plan.workers)) : null;
if (afterPages) await copyDownloads(plan.reports, paths.sources, paths.outDir);
const shards = startShardPool(plan.missing, () => plan.workers).done;
if (compare) {
  const t = performance.now();
  const compared = await finishComparePages(compare);
  console.log(
    `逐年对比页：${compared.pages} 个（对齐 ${compared.aligned} 对，写入 ${compared.written} 个），${((performance.now() - t) / 1000).toFixed(1)} 秒`,
  );
}
await shards;
const stats = await assembleSearchBundle(plan);
console.log(
  `搜索索引：${stats.records} 份报告，${stats.shards} 个分片（本次建立 ${stats.built} 个），${stats.seconds.toFixed(1)} 秒`,
);
