/**
 * The shard rule (README → National scale): which shard an upload belongs to, and a shard's names on disk and
 * in the search index. Apart from what a shard hands the assemble step (shards.ts), so that a build can tell
 * which uploads it reads without loading the archive's code. Pure.
 *
 * A shard is a folder of content/sources — by province by default, because webmasters and CI matrices
 * already think in provinces: the first folder of an upload's path names its shard, and a folder named
 * in GONGKAI_SHARD_SPLIT is split once more by its subfolders (a very large province by city: not by year, since
 * a body's years must stay in one shard, src/lib/shards.ts assembleProblems). The rule
 * reads the path only, so a shard's build never reads another shard's uploads.
 */
import { fnv1a } from './search/shards.ts';

/** The shard of the uploads that sit directly in content/sources, in no folder. */
export const TOP_LEVEL_SHARD = '.';

/** The shard an upload (its path under content/sources, '/'-separated) belongs to. */
export function shardOfUpload(path: string, split: readonly string[]): string {
  const parts = path.split('/');
  if (parts.length === 1) return TOP_LEVEL_SHARD;
  const first = parts[0] as string;
  // A split folder's own files (not in a subfolder) stay the folder's shard.
  return split.includes(first) && parts.length > 2 ? `${first}/${parts[1]}` : first;
}

/** Every shard of these uploads, sorted. */
export function shardIds(uploads: readonly string[], split: readonly string[]): string[] {
  return [...new Set(uploads.map((path) => shardOfUpload(path, split)))].sort();
}

/**
 * What a shard's ingest walks: a folder of content/sources ('' for the top level), and whether its
 * subfolders are part of it (not for the top level, nor for a split folder, whose subfolders are shards).
 */
export interface ShardScope {
  folder: string;
  deep: boolean;
}

export function shardScope(id: string, split: readonly string[]): ShardScope {
  if (id === TOP_LEVEL_SHARD) return { folder: '', deep: false };
  return { folder: id, deep: !split.includes(id) };
}

/** Whether an upload path lies in a shard's scope (the same rule as shardOfUpload, asked the other way). */
export function inShard(path: string, id: string, split: readonly string[]): boolean {
  return shardOfUpload(path, split) === id;
}

/**
 * A shard's name on disk and as a CI artifact: the id with '/' as '~' (artifact names take no '/'), and
 * the top level as '_top'. Folder names starting with '.' or '_' are not uploads' shards (listSources
 * hides dot-folders), so no shard id maps onto '_top'.
 */
export function shardFolderName(id: string): string {
  return id === TOP_LEVEL_SHARD ? '_top' : id.replaceAll('/', '~');
}

/**
 * The prefix of a shard's search-shard ids (Pagefind languages: lower-case letters and digits): the
 * assembled index holds every shard's search shards in one bundle, so their ids must not meet.
 */
export function searchShardPrefix(id: string): string {
  return `k${fnv1a(id).toString(36)}`;
}
