/**
 * npm run build — the whole pipeline: ingest, Astro build, search index. Everything lands in dist/.
 * Ends with a short summary; an upload that failed is named with the reason and how to fix it, and
 * the rest of the archive is still built.
 */
import { join, resolve } from 'node:path';
import { inShard, shardIds } from '../src/lib/shard-rule.ts';
import { type GongkaiConfig, readConfigOrExit } from '../src/site.config.ts';
import type { IngestSummary } from './lib/ingest/engine.ts';
import { findOcrEngine } from './lib/ingest/ocr-engine.ts';
import { readArgs } from './lib/shared/cli-args.ts';
import { guardedPaths, guardedRun } from './lib/shared/run-guard.ts';
import { buildInputsDigest, clearStamp, readStamp, upToDate, writeStamp } from './lib/site/build-stamp.ts';

export interface BuildTimings {
  ingest: number;
  astro: number;
  search: number;
  compare: number;
  downloads: number;
  /** Telling whether anything changed since the last build (build-stamp.ts), and stamping this one. */
  check: number;
}

/**
 * shard: build one shard of the archive (README → National scale) — its uploads only, into its own folder
 * (configuration already points there: shardEnvironment), and its manifest for `npm run assemble`.
 */
export async function build(
  configuration: GongkaiConfig,
  argv: readonly string[] = process.argv,
  shard?: string,
): Promise<number> {
  const { paths, site: config } = configuration;
  const timings: BuildTimings = { ingest: 0, astro: 0, search: 0, compare: 0, downloads: 0, check: 0 };

  let t = performance.now();
  // --skip-ingest (or GONGKAI_SKIP_INGEST=1) builds the site from content/reports as it stands: for
  // archives whose Markdown is maintained directly, and for tests that build from fixture reports.
  const skipIngest = argv.includes('--skip-ingest') || configuration.skipIngest;
  const force = argv.includes('--force');
  // A shard's build reads its own uploads only (src/lib/shards.ts): another shard's do not make it stale.
  const reads =
    shard === undefined ? undefined : (upload: string) => inShard(upload, shard, configuration.shards.split);

  const stopped = skipIngest || force ? null : unchangedSinceStamp(configuration, reads, timings, t);
  if (stopped !== null) return stopped;
  // The stages are loaded only now: a build that stops above starts without them (the ingest's converters alone
  // take most of a second to load).
  const [
    { hostHeadersFile },
    { searchShardPrefix, shardScope },
    { ingestOptionsOf, runIngest },
    { printSummary },
    { assembleSearchBundle, planSearchIndex, searchIndexOptionsOf, startShardPool },
    { writeAtomic },
    { diskFailure },
    { astroFailure, runAstro },
    { compareStageOptionsOf, finishComparePages, startComparePages },
    { copyDownloads },
    { writeShardManifest },
  ] = await Promise.all([
    import('../src/lib/downloads.ts'),
    import('../src/lib/shard-rule.ts'),
    import('./lib/ingest/engine.ts'),
    import('./lib/ingest/summary.ts'),
    import('./lib/search/index-build.ts'),
    import('./lib/shared/atomic-files.ts'),
    import('./lib/shared/run-guard.ts'),
    import('./lib/site/astro.ts'),
    import('./lib/site/compare-stage.ts'),
    import('./lib/site/downloads.ts'),
    import('./lib/site/shard-build.ts'),
  ]);
  console.log(
    skipIngest ? '① 跳过转换，直接使用 content/reports' : '① 转换上传文件（content/sources → content/reports）',
  );
  const summary = skipIngest
    ? null
    : await runIngest({
        ...ingestOptionsOf(configuration),
        ...(shard === undefined ? {} : { scope: shardScope(shard, configuration.shards.split) }),
      });
  timings.ingest = (performance.now() - t) / 1000;

  // Nothing changed since the last build (the reports, the uploads, the configuration, the code, dist/ itself):
  // the site in dist/ is already the one these inputs make, and every later stage would rewrite the same bytes.
  t = performance.now();
  const inputs = buildInputsDigest(configuration, process.env, reads);
  const unchanged = !force && upToDate(configuration.cache.stamp, inputs, paths.outDir);
  if (!unchanged) clearStamp(configuration.cache.stamp);
  timings.check = (performance.now() - t) / 1000;
  if (unchanged) {
    console.log('② 报告、上传文件、设置与程序均与上次构建相同：网页、对比页、下载文件与搜索索引无需重建');
    console.log('');
    if (summary) printSummary(summary);
    console.log(
      `站点：${resolve(paths.outDir)}（网址 ${config.site}${config.base}）未变。${timingLine(timings)}（全部重建：npm run build -- --force）`,
    );
    return ingestFailures(summary);
  }

  // The search index is built from content/reports, like the pages, so it need not wait for them:
  // the reports are read for its plan while Astro starts, its shards are indexed while Astro renders —
  // one process beside Astro, two once Astro is done — and put together in dist/pagefind/ at the end
  // (a full build's Astro empties dist/ when it starts).
  t = performance.now();
  console.log('② 生成网页（Astro），同时建立全文搜索索引（Pagefind）');
  const astroDone = runAstro();
  // A report the index cannot read (a hand-edited file that breaks the schema) is Astro's to explain,
  // with the file and field: the index's own error waits until Astro has spoken.
  const planned = await planSearchIndex({
    ...searchIndexOptionsOf(configuration),
    ...(shard === undefined ? {} : { idPrefix: searchShardPrefix(shard) }),
  }).then(
    (plan) => ({ plan, error: null }),
    (error: unknown) => ({ plan: null, error: error as Error }),
  );
  let astroRunning = true;
  const shards = planned.plan
    ? startShardPool(planned.plan.missing, () =>
        astroRunning ? Math.max(1, (planned.plan?.workers ?? 1) - 1) : (planned.plan?.workers ?? 1),
      )
    : null;
  // The compare pages' alignments run beside Astro too, in one process while Astro renders (their pages are
  // written into Astro's page frame afterwards).
  const compare = planned.plan
    ? startComparePages(
        compareStageOptionsOf(configuration, planned.plan.reports, Math.max(1, planned.plan.workers - 1)),
      )
    : null;
  // Failures are reported after Astro's own messages; the pool must not reject unobserved meanwhile.
  const shardsBuilt = (shards?.done ?? Promise.resolve()).then(
    () => planned.error,
    (error: unknown) => error as Error,
  );
  const astro = await astroDone;
  astroRunning = false;
  shards?.wake();
  timings.astro = (performance.now() - t) / 1000;
  if (astro.status !== 0) {
    // Astro's own writes (the pages in dist/) on a full or read-only disk: the same sentence as ours.
    const disk = diskFailure(new Error(astro.output), 'npm run build', guardedPaths(configuration));
    console.error(disk ? `✗ ${disk}` : astroFailure(astro.output, paths.reports));
    await shardsBuilt;
    await compare?.done;
    return 1;
  }

  t = performance.now();
  const compared = compare ? await finishComparePages(compare) : null;
  timings.compare = (performance.now() - t) / 1000;

  t = performance.now();
  const downloads = planned.plan ? await copyDownloads(planned.plan.reports, paths.sources, paths.outDir) : null;
  // Headers for hosts that read a _headers file (Netlify, Cloudflare Pages): every download an attachment.
  writeAtomic(join(paths.outDir, '_headers'), hostHeadersFile(config.base));
  timings.downloads = (performance.now() - t) / 1000;

  const waited = performance.now();
  console.log('③ 完成全文搜索索引');
  const shardError = await shardsBuilt;
  if (shardError || !planned.plan) throw shardError ?? new Error('search index: no plan');
  const index = await assembleSearchBundle(planned.plan);
  if (shard !== undefined) await writeShardManifest(configuration, shard, planned.plan.reports);
  // The index's own time beyond the pages (it ran beside Astro until then).
  timings.search = (performance.now() - waited) / 1000;

  console.log('');
  if (summary) printSummary(summary);
  for (const failed of compared?.failed ?? []) console.log(`✗ 对比页 ${failed.path}：${failed.message}`);
  for (const refused of downloads?.refused ?? [])
    console.log(`✗ ${refused.path}：${refused.message}\n    → ${refused.hint}`);
  console.log(
    `站点：${resolve(paths.outDir)}（网址 ${config.site}${config.base}），搜索索引 ${index.records} 份报告（${index.shards} 个分片，本次建立 ${index.built} 个）。` +
      `逐年对比页 ${compared?.pages ?? 0} 个（本次重新对齐 ${compared?.aligned ?? 0} 对，写入 ${compared?.written ?? 0} 个）。` +
      timingLine(timings),
  );
  // Stamped only when nothing is left to retry: a compare page or a download that failed is tried again next time.
  // A failed upload is (the ingest runs every time), so it does not stop the stamp.
  if (!compared?.failed.length && !downloads?.refused.length) {
    t = performance.now();
    writeStamp(
      configuration.cache.stamp,
      inputs,
      paths.outDir,
      summary ? { failed: summary.failed, ocr: summary.failed.length ? ocrEngineOf(configuration) : '' } : null,
    );
    timings.check += (performance.now() - t) / 1000;
  }
  if (ingestFailures(summary)) return 1;
  if (compared && compared.failed.length > 0) {
    console.log(`注意：${compared.failed.length} 个逐年对比页未能生成（见上方 ✗ 行），下次构建会重试。`);
    return 1;
  }
  if (downloads && downloads.refused.length > 0) {
    console.log(`注意：${downloads.refused.length} 份报告的原件未发布（见上方 ✗ 行），其余已正常生成。`);
    return 1;
  }
  return 0;
}

/**
 * Nothing changed since the last build (the uploads, the reports and the ledger, the configuration, the code, the
 * OCR engine, dist/ itself): even the ingest would find nothing to do — an upload that failed would fail again the
 * same way — so the build stops before it, names the failures stamped again, and gives its exit code; else null.
 */
function unchangedSinceStamp(
  configuration: GongkaiConfig,
  reads: ((upload: string) => boolean) | undefined,
  timings: BuildTimings,
  started: number,
): number | null {
  const { paths, site: config } = configuration;
  const stamp = readStamp(configuration.cache.stamp);
  if (!stamp?.failed) return null;
  if (stamp.failed.length > 0 && stamp.ocr !== ocrEngineOf(configuration)) return null;
  if (!upToDate(configuration.cache.stamp, buildInputsDigest(configuration, process.env, reads), paths.outDir))
    return null;
  timings.check = (performance.now() - started) / 1000;
  console.log('① 上传文件、报告、设置与程序均与上次构建相同：无需转换，网页、对比页、下载文件与搜索索引也无需重建');
  for (const f of stamp.failed) console.log(`✗ ${f.path}：${f.message}${f.hint ? `\n    → ${f.hint}` : ''}`);
  console.log(
    `站点：${resolve(paths.outDir)}（网址 ${config.site}${config.base}）未变。${timingLine(timings)}（全部重建：npm run build -- --force）`,
  );
  if (stamp.failed.length === 0) return 0;
  console.log(`注意：${stamp.failed.length} 个上传文件未能发布（见上方 ✗ 行），其余报告已正常生成。`);
  return 1;
}

/** The OCR engine this machine has, as the stamp records it: a failure stamped with another engine is tried again. */
function ocrEngineOf(configuration: GongkaiConfig): string {
  return JSON.stringify(findOcrEngine(configuration.ocr.languages));
}

function timingLine(timings: BuildTimings): string {
  const s = (n: number) => n.toFixed(1);
  return (
    `用时：转换 ${s(timings.ingest)} 秒，网页 ${s(timings.astro)} 秒，对比页 ${s(timings.compare)} 秒（网页之后），` +
    `索引 ${s(timings.search)} 秒（网页之后），下载文件 ${s(timings.downloads)} 秒，检查有无变化 ${s(timings.check)} 秒。`
  );
}

/** 1 when an upload failed (named above by the summary), the rest of the archive published; else 0. */
function ingestFailures(summary: IngestSummary | null): number {
  if (!summary || summary.failed.length === 0) return 0;
  console.log(`注意：${summary.failed.length} 个上传文件未能发布（见上方 ✗ 行），其余报告已正常生成。`);
  return 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // --help, or an option it does not know, stops here (exit 0 / 2): a build never runs on ignored options.
  const args = readArgs(
    `用法：npm run build [-- --skip-ingest] [-- --force] [-- --shard <分片>]
转换 content/sources/ 中的上传文件，生成网页、搜索索引、订阅与下载文件到 dist/。
报告、上传文件、设置与程序都与上次构建相同、dist/ 也未被改动时，只转换检查，不重建网页。
  --skip-ingest  不转换，直接用 content/reports/ 中的 Markdown 构建（也可设 GONGKAI_SKIP_INGEST=1）
  --force        即使没有变化也运行以后的各阶段（网页仍只渲染有变化的；要渲染每一页，设 GONGKAI_INCREMENTAL=0）
  --shard <分片> 只构建一个分片：content/sources 下一个文件夹（如 shandong；顶层的文件为分片 .），
                 写入 GONGKAI_SHARDS_DIR（默认 dist-shards）下它自己的文件夹，供 npm run assemble 合成全站；
                 现有分片见 npm run shards
有上传文件转换失败时退出码为 1，其余报告照常发布；设置项（GONGKAI_*）有误时退出码为 2，什么也不写。`,
    { 'skip-ingest': { type: 'boolean' }, force: { type: 'boolean' }, shard: { type: 'string' } },
  );
  // A wrong GONGKAI_* value stops the build here, before the lock is taken or anything is written.
  // (Read from a copy first: readConfig keeps what it read of process.env itself, which a shard changes.)
  const given = readConfigOrExit({ ...process.env });
  if (args.shard !== undefined) {
    const { listSources } = await import('./lib/ingest/engine.ts');
    const shards = shardIds(listSources(given.paths.sources).files, given.shards.split);
    if (!shards.includes(args.shard)) {
      console.error(
        `✗ 没有分片「${args.shard}」：content/sources 中没有属于它的上传文件。现有分片：${shards.join('、') || '（无）'}`,
      );
      console.error('    → 分片是 content/sources 下的第一层文件夹名（顶层的文件为分片 .）；见 npm run shards');
      process.exit(2);
    }
    // Every stage, Astro's child process too, reads where to write from these variables.
    const { shardEnvironment } = await import('./lib/site/shard-build.ts');
    Object.assign(process.env, shardEnvironment(given, args.shard));
  }
  const built = readConfigOrExit();
  // One build at a time in a folder, stale temporary files removed first, a full or read-only disk named.
  process.exitCode = await guardedRun('npm run build', guardedPaths(built), () =>
    build(built, process.argv, args.shard),
  );
}
