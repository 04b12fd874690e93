/**
 * npm run shards — the shards of content/sources (README → National scale), one per line, or with --json
 * as the list a CI matrix takes: [{ "id": "shandong", "folder": "shandong" }, …]. Reads folder and file
 * names only.
 */
import { shardFolderName, shardIds } from '../src/lib/shards.ts';
import { readConfigOrExit } from '../src/site.config.ts';
import { listSources } from './lib/ingest/engine.ts';
import { readArgs } from './lib/shared/cli-args.ts';

const args = readArgs(
  `用法：npm run shards [-- --json]
列出 content/sources 中的分片（第一层文件夹；GONGKAI_SHARD_SPLIT 中的文件夹再按其子文件夹分；顶层的文件为分片 .）。
  --json  输出 JSON 数组 [{"id":…,"folder":…}]，供 CI 的矩阵任务使用（id 传给 npm run build -- --shard，folder 为其在 GONGKAI_SHARDS_DIR 中的文件夹名）`,
  { json: { type: 'boolean' } },
);
const config = readConfigOrExit();
const ids = shardIds(listSources(config.paths.sources).files, config.shards.split);
if (args.json) console.log(JSON.stringify(ids.map((id) => ({ id, folder: shardFolderName(id) }))));
else for (const id of ids) console.log(id);
