/**
 * npm run assemble — puts the shards (`npm run build -- --shard <id>`, each in GONGKAI_SHARDS_DIR/<folder>/)
 * together into one archive in dist/ (README → National scale).
 *
 * From the shards' manifests (src/lib/shards.ts) it renders what spans shards — the home page, the year,
 * region and authority lists, the national feeds, the catalog, figures and coverage data, the sitemap —
 * with the same Astro pages as a single build, over a collection of the reports' frontmatter alone. The
 * report pages, compare pages, downloads and search shards are the shards' own, put in place as they are
 * (hard links where the file system allows). It reads no upload and no report file: only manifests and
 * the shards' dist/ folders, which is what CI artifacts carry.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Archive, buildArchive } from '../src/lib/archive.ts';
import { hostHeadersFile } from '../src/lib/downloads.ts';
import { FRAME_PATH } from '../src/lib/page-frame.ts';
import type { Report } from '../src/lib/report.ts';
import { reportFilePath, serializeReportFile } from '../src/lib/report-file.ts';
import {
  type ArchiveShardManifest,
  assembleProblems,
  PROVIDED_PAGES_FILE,
  type ProvidedPagesFile,
  providedPages,
} from '../src/lib/shards.ts';
import { type GongkaiConfig, readConfigOrExit } from '../src/site.config.ts';
import { mergeSearchBundles } from './lib/search/index-build.ts';
import { writeAtomic } from './lib/shared/atomic-files.ts';
import { readArgs } from './lib/shared/cli-args.ts';
import { linkOrCopy } from './lib/shared/hard-link.ts';
import { diskFailure, guardedPaths, guardedRun } from './lib/shared/run-guard.ts';
import { astroFailure, runAstro } from './lib/site/astro.ts';
import { writeCompareSitemap } from './lib/site/compare-stage.ts';
import { ARCHIVE_SHARD_MANIFEST, shardSettings } from './lib/site/shard-build.ts';

/** The folders of a shard's dist/ that are its own in the assembled archive. */
const SHARD_OWNED = ['reports', 'compare', 'downloads'] as const;

interface BuiltShard {
  dir: string;
  manifest: ArchiveShardManifest;
}

/** Every shard built under dir (a folder with a manifest.json and a dist/), by folder name. */
function readShards(dir: string): { shards: BuiltShard[]; unreadable: string[] } {
  const shards: BuiltShard[] = [];
  const unreadable: string[] = [];
  const names = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
        .map((e) => e.name)
        .sort()
    : [];
  for (const name of names) {
    const file = join(dir, name, ARCHIVE_SHARD_MANIFEST);
    try {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as ArchiveShardManifest;
      if (manifest.version !== 1 || !Array.isArray(manifest.reports)) throw new Error('not a shard manifest');
      if (!existsSync(join(dir, name, 'dist'))) throw new Error('no dist/ beside it');
      shards.push({ dir: join(dir, name), manifest });
    } catch (error) {
      unreadable.push(`${file}：${(error as Error).message}`);
    }
  }
  return { shards, unreadable };
}

/** Hard links (copies where the file system has none) of every file under from, but a top folder named skip. */
async function linkTree(from: string, to: string, skip: string | null = null): Promise<void> {
  if (!existsSync(from)) return;
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    if (entry.name === skip) continue;
    const [a, b] = [join(from, entry.name), join(to, entry.name)];
    if (entry.isDirectory()) await linkTree(a, b);
    else {
      await rm(b, { force: true });
      await linkOrCopy(a, b);
    }
  }
}

/** The pages (their addresses, without the base) under a folder of a dist/, but a top folder named skip. */
function pagesUnder(dir: string, folder: string, skip: string | null): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => (f === 'index.html' || f.endsWith('/index.html')) && !(skip && f.startsWith(`${skip}/`)))
    .map((f) => `/${folder}${f.slice(0, -'index.html'.length)}`);
}

/** The assembled collection: each report's frontmatter, with a body only where a feed announces it. */
function writeCollection(dir: string, shards: readonly BuiltShard[]): void {
  rmSync(dir, { recursive: true, force: true });
  for (const { manifest } of shards)
    for (const report of manifest.reports)
      writeAtomic(
        join(dir, reportFilePath(report)),
        serializeReportFile(report, manifest.feedBodies[report.slug] ?? ''),
      );
}

/** A folder of a shard's dist/ the assembled site takes as it is (relative), but a top folder named skip. */
interface TakenFolder {
  from: string;
  folder: string;
  skip: string | null;
}

/**
 * The folders the assembled site takes from the shards: a province's region pages and feeds (its province-wide
 * authority list excepted: whether there is one depends on the whole archive), a body's page. Not coverage
 * pages: who is expected to report in which years depends on the whole archive's years.
 */
function takenFolders(shards: readonly BuiltShard[], provided: ReturnType<typeof providedPages>): TakenFolder[] {
  const dirOf = new Map(shards.map((s) => [s.manifest.shard, join(s.dir, 'dist')]));
  const taken: TakenFolder[] = [];
  for (const [path, shard] of provided.provinces)
    taken.push({ from: dirOf.get(shard) as string, folder: path.slice(1), skip: 'authorities' });
  for (const [slug, shard] of provided.authorities)
    taken.push({ from: dirOf.get(shard) as string, folder: `authorities/${slug}/`, skip: null });
  return taken;
}

/** The shards' own parts put in place after Astro: taken folders, report and compare pages, downloads, search. */
async function placeShardParts(config: GongkaiConfig, shards: readonly BuiltShard[], taken: readonly TakenFolder[]) {
  const out = config.paths.outDir;
  // Astro removed what it did not produce (the shards' pages of the last assemble among them): in again.
  for (const { from, folder, skip } of taken) await linkTree(join(from, folder), join(out, folder), skip);
  for (const folder of SHARD_OWNED) {
    const staging = join(out, `${folder}.tmp-${process.pid}`);
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true });
    for (const shard of shards) await linkTree(join(shard.dir, 'dist', folder), staging);
    await rm(join(out, folder), { recursive: true, force: true });
    await rename(staging, join(out, folder));
  }
  writeCompareSitemap(config.site, out, pagesUnder(join(out, 'compare'), 'compare/', null).sort());
  // The frame the compare pages are made in (src/lib/page-frame.ts) is the shards' business, not a page.
  await rm(join(out, FRAME_PATH), { recursive: true, force: true });
  await mergeSearchBundles(
    shards
      .filter((s) => s.manifest.search.shards.length > 0)
      .map((s) => ({ dir: join(s.dir, 'dist', 'pagefind'), shards: s.manifest.search.shards })),
    resolve(out, 'pagefind'),
  );
  writeAtomic(join(out, '_headers'), hostHeadersFile(config.site.base));
}

export async function assemble(config: GongkaiConfig, from: string): Promise<number> {
  const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
  const started = performance.now();
  const { shards, unreadable } = readShards(from);
  for (const problem of unreadable)
    console.error(`✗ 无法读取分片：${problem}\n    → 重新构建该分片（npm run build -- --shard <分片>）`);
  if (shards.length === 0) {
    console.error(
      `✗ ${resolve(from)} 中没有已构建的分片\n    → 先逐个构建分片：npm run build -- --shard <分片>（现有分片见 npm run shards）`,
    );
    return 2;
  }
  if (unreadable.length) return 1;
  const manifests = shards.map((s) => s.manifest);
  const settings = shardSettings(config.site);
  // The national archive of every shard's frontmatter, built once (at a million reports it takes a while).
  let national: Archive | undefined;
  const nationalOf = (all: Report[]) => {
    national ??= buildArchive(all);
    return national;
  };
  const problems = assembleProblems(manifests, settings, nationalOf);
  for (const p of problems) console.error(`✗ ${p.message}\n    → ${p.hint}`);
  if (problems.length) {
    console.error('未合成：dist/ 未改动。');
    return 1;
  }
  const reports = manifests.reduce((n, m) => n + m.reports.length, 0);
  const provided = providedPages(manifests, settings, nationalOf(manifests.flatMap((m) => m.reports)));
  const taken = takenFolders(shards, provided);
  const paths = taken.flatMap(({ from, folder, skip }) => pagesUnder(join(from, folder), folder, skip)).sort();
  const checked = seconds(started);
  console.log(
    `① ${shards.length} 个分片，${reports} 份报告：生成跨分片的网页（Astro）；` +
      `${provided.provinces.size} 个省级地区、${provided.authorities.size} 个发文机关的 ${paths.length} 个网页取自分片`,
  );
  let t = performance.now();
  const collection = join(config.cache.root, 'assembled-reports');
  writeCollection(collection, shards);
  const listed: ProvidedPagesFile = {
    provinces: [...provided.provinces.keys()],
    authorities: [...provided.authorities.keys()],
    paths,
  };
  writeAtomic(join(collection, PROVIDED_PAGES_FILE), JSON.stringify(listed));
  const written = seconds(t);
  // Astro renders every page but the report pages and those above, from the collection (astro.config.mjs).
  t = performance.now();
  Object.assign(process.env, { GONGKAI_REPORTS_DIR: collection, GONGKAI_REPORT_PAGES: '0' });
  const astro = await runAstro();
  if (astro.status !== 0) {
    const disk = diskFailure(new Error(astro.output), 'npm run assemble', guardedPaths(config));
    console.error(disk ? `✗ ${disk}` : astroFailure(astro.output, collection));
    return 1;
  }
  const rendered = seconds(t);
  console.log('② 放入各分片的报告页、对比页、下载文件与搜索索引');
  t = performance.now();
  await placeShardParts(config, shards, taken);
  console.log(
    `站点：${resolve(config.paths.outDir)}（网址 ${config.site.site}${config.site.base}），${shards.length} 个分片，${reports} 份报告。` +
      `用时 ${seconds(started)} 秒：读取与检查清单 ${checked} 秒，写出元数据集合 ${written} 秒，网页 ${rendered} 秒，放入分片的部分 ${seconds(t)} 秒。`,
  );
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = readArgs(
    `用法：npm run assemble [-- --from <文件夹>]
把各分片（npm run build -- --shard <分片>）合成一个完整的站点，写入 dist/。
只读取各分片的 manifest.json 与 dist/，不读取上传文件和报告正文；分片之间不一致时说明原因，dist/ 不变。
  --from <文件夹>  各分片所在的文件夹（默认 GONGKAI_SHARDS_DIR，即 dist-shards）`,
    { from: { type: 'string' } },
  );
  const config = readConfigOrExit();
  process.exitCode = await guardedRun('npm run assemble', guardedPaths(config), () =>
    assemble(config, args.from ?? config.shards.dir),
  );
}
