/**
 * `npm run build -- --shard <id>`'s part (README → National scale): where a shard is built, and the
 * manifest it leaves for `npm run assemble` (src/lib/shards.ts ArchiveShardManifest).
 *
 * A shard is built like the whole archive, by the same stages, from its own uploads only and into its
 * own folder (GONGKAI_SHARDS_DIR/<folder>/: reports/, ledger.json, dist/, cache/): the cache is its own
 * too, so that a CI runner restores exactly one shard's state, and two shards build side by side here.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildArchive } from '../../../src/lib/archive.ts';
import { feedSelection } from '../../../src/lib/feed.ts';
import type { Report } from '../../../src/lib/report.ts';
import { splitReportFile } from '../../../src/lib/report-file.ts';
import { SHARD_MANIFEST, type ShardManifest } from '../../../src/lib/search/shards.ts';
import { type ArchiveShardManifest, feedAnnounced, shardFolderName, shardManifest } from '../../../src/lib/shards.ts';
import type { GongkaiConfig, SiteConfig } from '../../../src/site.config.ts';
import { writeAtomic } from '../shared/atomic-files.ts';

/** The manifest's file name in a shard's folder. */
export const ARCHIVE_SHARD_MANIFEST = 'manifest.json';

/** A shard's folder under GONGKAI_SHARDS_DIR. */
export function shardRoot(config: Pick<GongkaiConfig, 'shards'>, id: string): string {
  return join(config.shards.dir, shardFolderName(id));
}

/** The variables that point a build at one shard's folder (read by every stage, Astro's too). */
export function shardEnvironment(config: Pick<GongkaiConfig, 'shards'>, id: string): Record<string, string> {
  const root = shardRoot(config, id);
  return {
    GONGKAI_REPORTS_DIR: join(root, 'reports'),
    GONGKAI_OUT_DIR: join(root, 'dist'),
    GONGKAI_CACHE_DIR: join(root, 'cache'),
  };
}

/** What a report page depends on of the settings: shards built with other values cannot be assembled. */
export function shardSettings(site: SiteConfig): string {
  return JSON.stringify(site);
}

/** Writes the shard's manifest from the reports its build read, after its search index is in dist/pagefind/. */
export async function writeShardManifest(
  config: GongkaiConfig,
  id: string,
  /** The reports as the search index's plan read them: each one's frontmatter and its file. */
  planned: readonly { slug: string; file: string; report: Report }[],
): Promise<ArchiveShardManifest> {
  const reports = planned.map((p) => p.report);
  const archive = buildArchive(reports);
  const settings = shardSettings(config.site);
  const announced = feedAnnounced(archive, (list) => feedSelection(list, config.site.feedLimit));
  const feedBodies: Record<string, string> = {};
  for (const p of planned) {
    if (!announced.has(p.slug)) continue;
    const text = await readFile(p.file, 'utf8');
    feedBodies[p.slug] = splitReportFile(text)?.body ?? text;
  }
  const search = JSON.parse(
    await readFile(join(config.paths.outDir, 'pagefind', SHARD_MANIFEST), 'utf8').catch(
      () => '{"version":2,"shards":[]}',
    ),
  ) as ShardManifest;
  const manifest = shardManifest(id, settings, archive, feedBodies, search);
  writeAtomic(join(shardRoot(config, id), ARCHIVE_SHARD_MANIFEST), `${JSON.stringify(manifest)}\n`);
  return manifest;
}
