/**
 * The archive in shards (README → National scale): what a shard hands the assemble step (its manifest), and
 * what the assemble step checks before it puts the shards together — and which pages it may take from them as
 * they are. The shard rule itself (which shard an upload belongs to) is src/lib/shard-rule.ts, re-exported here.
 * Pure: the CLI (scripts/build.ts --shard, scripts/assemble.ts) does the I/O.
 */
import type { Archive, RegionNode } from './archive.ts';
import { authorityPageKey, pageKey, regionPageKey } from './page-keys.ts';
import { reportPageView } from './page-views.ts';
import type { Report } from './report.ts';
import type { ShardManifest as SearchShardManifest } from './search/shards.ts';
import { TOP_LEVEL_SHARD } from './shard-rule.ts';

export * from './shard-rule.ts';

/** Written by a shard build beside its dist/, read by the assemble step instead of the shard's reports. */
export interface ArchiveShardManifest {
  version: 1;
  shard: string;
  /** The settings the shard was built with that its pages depend on (site, base, name, page sizes…). */
  settings: string;
  /** Every report of the shard: its frontmatter, no body. */
  reports: Report[];
  /** Per report: the key of what its page took from the shard's archive (reportViewKey). */
  views: Record<string, string>;
  /**
   * The Markdown bodies of the reports some feed of the shard announces (the site's, a year's, a
   * region's). A national feed's newest reports are among the newest of some shard, so these are all the
   * bodies the assembled feeds can need — bounded by the number of feeds, not of reports.
   */
  feedBodies: Record<string, string>;
  /** The shard's search bundle manifest (dist/pagefind/gongkai-shards.json). */
  search: SearchShardManifest;
  /** The keys of the region pages (by path) and authority pages (by slug) the shard rendered (shardPageKeys). */
  pages: ShardPageKeys;
}

export interface ShardPageKeys {
  regions: Record<string, string>;
  authorities: Record<string, string>;
}

/**
 * The keys of an archive's region and authority pages (src/lib/page-keys.ts: everything such a page shows).
 * Where a shard's key is the national archive's, the shard's page is the national page: the assemble step
 * takes it as it is instead of rendering it again (providedPages).
 */
export function shardPageKeys(settings: unknown, archive: Archive): ShardPageKeys {
  const regions: Record<string, string> = {};
  for (const node of archive.regions)
    if (node.chain.length > 0) regions[node.path] = regionPageKey(settings, archive, node);
  const authorities: Record<string, string> = {};
  for (const a of archive.byAuthority.values())
    authorities[a.slug] = authorityPageKey(settings, archive, a.name, a.slug, a.reports);
  return { regions, authorities };
}

/** The pages the assemble step takes from a shard rather than rendering them: by shard, the subtrees. */
export interface ProvidedPages {
  /** Province region paths ('/regions/shandongsheng/'): its region pages and feeds below it. */
  provinces: Map<string, string>;
  /** Authority slugs: its page /authorities/<slug>/. */
  authorities: Map<string, string>;
}

/**
 * Which provinces and authorities one shard alone holds, with every page below them as the national
 * archive would render it (the keys agree): their pages are the shard's. A province split across shards,
 * or whose pages differ, is rendered by the assemble step like the national lists.
 */
export function providedPages(
  manifests: readonly ArchiveShardManifest[],
  settings: string,
  archive: Archive,
): ProvidedPages {
  const shardOf = new Map<string, ArchiveShardManifest>();
  for (const m of manifests) for (const r of m.reports) shardOf.set(r.slug, m);
  const only = (reports: readonly Report[]) => {
    const shards = new Set(reports.map((r) => shardOf.get(r.slug)));
    return shards.size === 1 ? ([...shards][0] ?? null) : null;
  };
  const subtree = (node: RegionNode): RegionNode[] => [node, ...node.ordered.flatMap(subtree)];
  const provinces = new Map<string, string>();
  for (const province of archive.root.ordered) {
    const m = only(province.all);
    if (m && subtree(province).every((n) => m.pages.regions[n.path] === regionPageKey(settings, archive, n)))
      provinces.set(province.path, m.shard);
  }
  const authorities = new Map<string, string>();
  for (const a of archive.byAuthority.values()) {
    const m = only(a.reports);
    if (m && m.pages.authorities[a.slug] === authorityPageKey(settings, archive, a.name, a.slug, a.reports))
      authorities.set(a.slug, m.shard);
  }
  return { provinces, authorities };
}

/**
 * The file in the assembled collection's folder that tells its pages which ones the shards provide (read
 * by src/collection/provided.ts; not a report file, so the collection's loader passes it by).
 */
export const PROVIDED_PAGES_FILE = 'shard-pages.json';

export interface ProvidedPagesFile {
  provinces: string[];
  authorities: string[];
  /** The provided pages' addresses (without the base), for the sitemap. */
  paths: string[];
}

/**
 * What a report's page takes from the whole archive besides its own text (src/lib/page-views.ts: its
 * region trail, neighbours, related reports, body page, compare pages) and the settings, as one key: the
 * page a shard rendered is the page the assembled archive would render exactly when the keys agree.
 */
export function reportViewKey(settings: unknown, archive: Archive, report: Report): string {
  return pageKey(settings, reportPageView(archive, report));
}

/**
 * A shard's manifest from its archive (buildArchive of its reports), the bodies of the reports its feeds
 * announce (feedAnnounced) and its search bundle's manifest.
 */
export function shardManifest(
  shard: string,
  settings: string,
  archive: Archive,
  feedBodies: Record<string, string>,
  search: SearchShardManifest,
): ArchiveShardManifest {
  const views: Record<string, string> = {};
  for (const report of archive.reports) views[report.slug] = reportViewKey(settings, archive, report);
  return {
    version: 1,
    shard,
    settings,
    reports: archive.reports,
    views,
    feedBodies,
    search,
    pages: shardPageKeys(settings, archive),
  };
}

/** The reports any feed of an archive announces (the site's, each year's, each region's). */
export function feedAnnounced(
  archive: Archive,
  select: (reports: readonly Report[]) => readonly Report[],
): Set<string> {
  const slugs = new Set<string>();
  const add = (reports: readonly Report[]) => {
    for (const report of select(reports)) slugs.add(report.slug);
  };
  add(archive.reports);
  for (const reports of archive.byYear.values()) add(reports);
  for (const node of archive.regions) if (node.chain.length > 0) add(node.all);
  return slugs;
}

/** One reason the shards cannot be assembled, and what to do. */
export interface AssembleProblem {
  message: string;
  hint: string;
}

/** How many reports a problem names before it says "and n more". */
const NAMED = 5;

function named(items: readonly string[]): string {
  const shown = items.slice(0, NAMED).join('、');
  return items.length > NAMED ? `${shown} 等 ${items.length} 项` : shown;
}

/**
 * Why these shards cannot make one archive, if they cannot: empty when they can. The national archive
 * is built from every shard's reports (buildArchive, given by the caller), and each report's page, which
 * its shard rendered, must be the page that archive gives it — same slug nowhere else, same region and
 * authority addresses, same neighbours and related reports.
 */
export function assembleProblems(
  manifests: readonly ArchiveShardManifest[],
  settings: string,
  national: (reports: Report[]) => Archive,
): AssembleProblem[] {
  const problems: AssembleProblem[] = [];
  const rebuild = (shards: Iterable<string>) =>
    [...shards].map((id) => `npm run build -- --shard ${id === TOP_LEVEL_SHARD ? "'.'" : id}`).join('；');

  const ids = new Map<string, number>();
  for (const m of manifests) ids.set(m.shard, (ids.get(m.shard) ?? 0) + 1);
  const twice = [...ids].filter(([, n]) => n > 1).map(([id]) => id);
  if (twice.length)
    problems.push({
      message: `分片 ${named(twice)} 出现了不止一次`,
      hint: '每个分片只保留一份构建结果（GONGKAI_SHARDS_DIR 下每个分片一个文件夹）',
    });

  const otherSettings = manifests.filter((m) => m.settings !== settings).map((m) => m.shard);
  if (otherSettings.length)
    problems.push({
      message: `分片 ${named(otherSettings)} 是用不同的站点设置（GONGKAI_SITE、GONGKAI_BASE、站名、每页条数等）构建的`,
      hint: `用与本次相同的 GONGKAI_* 设置重新构建这些分片：${rebuild(otherSettings)}`,
    });

  const shardOf = new Map<string, string>();
  const collided = new Map<string, Set<string>>();
  for (const m of manifests)
    for (const report of m.reports) {
      const first = shardOf.get(report.slug);
      if (first === undefined) shardOf.set(report.slug, m.shard);
      else collided.set(report.slug, (collided.get(report.slug) ?? new Set([first])).add(m.shard));
    }
  if (collided.size)
    problems.push({
      message: `报告地址在不止一个分片中出现：${named([...collided].map(([slug, shards]) => `${slug}（${[...shards].join('、')}）`))}`,
      hint: '同一份报告只应放在一个分片的文件夹里；若是两份不同的报告，在其中一份的 .meta.yaml 旁注文件中设 slug 为另一个地址',
    });
  if (problems.length) return problems;

  const archive = national(manifests.flatMap((m) => m.reports));
  const stale = new Map<string, string[]>();
  for (const m of manifests)
    for (const report of m.reports)
      if (m.views[report.slug] !== reportViewKey(settings, archive, report))
        stale.set(m.shard, [...(stale.get(m.shard) ?? []), report.slug]);
  for (const [shard, slugs] of stale)
    problems.push({
      message: `分片 ${shard} 的 ${slugs.length} 个报告页与全国归档不一致（地区或发文机关的地址、上下篇、同地区同年度的报告或逐年对比页取决于其他分片的报告）：${named(slugs)}`,
      hint:
        '一个地区或发文机关的各年度报告须在同一分片中：不要按年份拆分该地区的文件夹（GONGKAI_SHARD_SPLIT），' +
        `或把这些报告的上传文件移到与其同地区报告相同的分片文件夹中，然后重新构建：${rebuild([shard])}`,
    });
  return problems;
}
