/**
 * npm run build — the whole pipeline: ingest, Astro build, search index. Everything lands in dist/.
 * Ends with a short summary; an upload that failed is named with the reason and how to fix it, and
 * the rest of the archive is still built.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hostHeadersFile, packageOriginal } from '../src/lib/downloads.ts';
import type { Report } from '../src/lib/report.ts';
import { downloadPaths } from '../src/lib/urls.ts';
import { readPipelinePaths, readSiteConfig } from '../src/site.config.ts';
import { printSummary } from './ingest.ts';
import { copyAtomic, writeAtomic } from './lib/atomic-files.ts';
import { fileInside } from './lib/contained-path.ts';
import { type FileMessage, runIngest } from './lib/ingest-engine.ts';
import { diskFailure, guardedPaths, guardedRun } from './lib/run-guard.ts';
import { assembleSearchBundle, planSearchIndex, startShardPool } from './lib/search-index.ts';

export interface BuildTimings {
  ingest: number;
  astro: number;
  search: number;
  downloads: number;
}

/**
 * Downloads: each report's original upload, byte for byte, and its Markdown, at the addresses the
 * report page links (downloadPaths). Copied here rather than rendered by Astro: a national archive
 * has hundreds of thousands of them, and a copy is all they need.
 *
 * Nothing served can run: an upload of a type a browser renders as a page (a saved web page with its
 * scripts) is published inside a ZIP (src/lib/downloads.ts). Nothing from outside content/sources is
 * published: each report's source path is resolved, symbolic links and all, and a report whose path
 * leads elsewhere (a hand-edited report, a link to /etc/passwd) gets no download and a message.
 *
 * When dist/ is kept between builds (the incremental build), a copy made after its file was last
 * changed is left as it is, and what belongs to no report any more is removed: a rebuild after one
 * upload copies one report's files, not the archive's.
 */
export async function copyDownloads(
  reports: readonly { file: string; report: Pick<Report, 'slug' | 'source'> }[],
  sourcesDir: string,
  outDir: string,
): Promise<{ copied: number; kept: number; removed: number; refused: FileMessage[] }> {
  // Synchronous calls (see scripts/lib/atomic-files.ts), with a pause for the event loop every few
  // hundred reports: the search index's processes report to this one meanwhile.
  const counts = { copied: 0, kept: 0, removed: 0, refused: [] as FileMessage[] };
  const expected = new Set<string>();
  const made = new Set<string>();
  const place = (from: string, to: string, write: () => void) => {
    expected.add(to);
    if (isWrittenAfter(to, from)) {
      counts.kept++;
      return;
    }
    const dir = dirname(to);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    write();
    counts.copied++;
  };
  for (const [i, { file, report }] of reports.entries()) {
    const targets = downloadPaths(report);
    const source = fileInside(sourcesDir, report.source.path);
    if (source.ok) {
      const to = join(outDir, targets.original);
      place(source.path, to, () =>
        targets.packaged
          ? writeAtomic(to, packageOriginal(report.source.path, readFileSync(source.path)))
          : copyAtomic(source.path, to),
      );
    } else {
      counts.refused.push({
        path: relative('.', file),
        message: `原件未发布：${source.message}`,
        hint: '报告的 source.path 应是 content/sources 中的文件；请改正该报告，或删除它由 npm run build 重新生成',
      });
    }
    place(file, join(outDir, targets.markdown), () => copyAtomic(file, join(outDir, targets.markdown)));
    if (i % 256 === 255) await new Promise((next) => setImmediate(next));
  }
  const root = join(outDir, 'downloads');
  let entries: import('node:fs').Dirent[] = [];
  try {
    entries = readdirSync(root, { withFileTypes: true, recursive: true });
  } catch {
    // No downloads folder: nothing to remove.
  }
  for (const entry of entries) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile() && !expected.has(path)) {
      rmSync(path, { force: true });
      counts.removed++;
    }
  }
  if (counts.removed) {
    for (const entry of readdirSync(root, { withFileTypes: true }))
      if (entry.isDirectory())
        try {
          rmdirSync(join(root, entry.name));
        } catch {
          // Not empty: still in use.
        }
  }
  return counts;
}

/**
 * Whether target was written from source after source was last changed: written after source's last
 * modification and its last status change (ctime, which no tool sets back — a file replaced by an older
 * one with `cp -p` has an old mtime but a new ctime). A download is only ever written by this step.
 */
function isWrittenAfter(target: string, source: string): boolean {
  const t = statSync(target, { throwIfNoEntry: false });
  if (!t) return false;
  const s = statSync(source);
  return t.mtimeMs >= Math.max(s.mtimeMs, s.ctimeMs);
}

/**
 * What to tell the webmaster when Astro fails: the file it names, and how to fix it. A generated
 * report that does not match the schema means it was edited by hand (or an older converter wrote it).
 */
export function astroFailure(output: string, reportsDir: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: Astro colours its messages
  const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
  const file = /Location:\s*\n?\s*(\S+?)(?::\d+:\d+)?\s*$/m.exec(plain)?.[1];
  const lines = [`✗ 网页生成失败${file ? `：${file}` : ''}（原因见上方 Astro 的错误信息）`];
  if (file && resolve(file).startsWith(resolve(reportsDir))) {
    lines.push(
      `    → 这是由上传文件生成的报告，不应直接修改：删除它即可由 npm run build 重新生成；要更正元数据，请写在上传文件旁的 .meta.yaml 旁注文件中；`,
      `      若直接维护 Markdown（--skip-ingest），请按 README「The Markdown schema」改正上面指出的字段。`,
    );
  } else {
    lines.push('    → 请按上方信息修改所指文件；若是刚修改过的网站代码，先运行 npm run check 查看详细问题。');
  }
  return lines.join('\n');
}

/** Runs `astro build` as a child process, passing its output through; resolves with its status and output. */
function runAstro(): Promise<{ status: number | null; output: string }> {
  return new Promise((done) => {
    // Astro ends with this build even when the build is killed (scripts/lib/exit-with-parent.mjs).
    const watchdog = pathToFileURL(resolve('scripts/lib/exit-with-parent.mjs')).href;
    const astro = resolve('node_modules/astro/bin/astro.mjs');
    const child = spawn(process.execPath, ['--import', watchdog, astro, 'build', '--silent'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      output += chunk.toString('utf8');
    });
    child.on('error', (error) => done({ status: null, output: `${output}\n${error.message}` }));
    child.on('close', (status) => done({ status, output }));
  });
}

export async function build(): Promise<number> {
  const paths = readPipelinePaths();
  const config = readSiteConfig();
  const timings: BuildTimings = { ingest: 0, astro: 0, search: 0, downloads: 0 };

  let t = performance.now();
  // --skip-ingest (or GONGKAI_SKIP_INGEST=1) builds the site from content/reports as it stands: for
  // archives whose Markdown is maintained directly, and for tests that build from fixture reports.
  const skipIngest = process.argv.includes('--skip-ingest') || process.env.GONGKAI_SKIP_INGEST === '1';
  console.log(
    skipIngest ? '① 跳过转换，直接使用 content/reports' : '① 转换上传文件（content/sources → content/reports）',
  );
  const summary = skipIngest
    ? null
    : await runIngest({
        sources: paths.sources,
        reports: paths.reports,
        ...(process.env.GONGKAI_TODAY ? { today: process.env.GONGKAI_TODAY } : {}),
      });
  timings.ingest = (performance.now() - t) / 1000;

  // The search index is built from content/reports, like the pages, so it need not wait for them:
  // the reports are read for its plan while Astro starts, its shards are indexed while Astro renders —
  // one process beside Astro, two once Astro is done — and put together in dist/pagefind/ at the end
  // (a full build's Astro empties dist/ when it starts).
  t = performance.now();
  console.log('② 生成网页（Astro），同时建立全文搜索索引（Pagefind）');
  const astroDone = runAstro();
  // A report the index cannot read (a hand-edited file that breaks the schema) is Astro's to explain,
  // with the file and field: the index's own error waits until Astro has spoken.
  const planned = await planSearchIndex({ reports: paths.reports, outDir: paths.outDir, base: config.base }).then(
    (plan) => ({ plan, error: null }),
    (error: unknown) => ({ plan: null, error: error as Error }),
  );
  let astroRunning = true;
  const shards = planned.plan
    ? startShardPool(planned.plan.missing, () =>
        astroRunning ? Math.max(1, (planned.plan?.workers ?? 1) - 1) : (planned.plan?.workers ?? 1),
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
    const disk = diskFailure(new Error(astro.output), 'npm run build', guardedPaths(paths));
    console.error(disk ? `✗ ${disk}` : astroFailure(astro.output, paths.reports));
    await shardsBuilt;
    return 1;
  }

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
  // The index's own time beyond the pages (it ran beside Astro until then).
  timings.search = (performance.now() - waited) / 1000;

  console.log('');
  if (summary) printSummary(summary);
  for (const refused of downloads?.refused ?? [])
    console.log(`✗ ${refused.path}：${refused.message}\n    → ${refused.hint}`);
  console.log(
    `站点：${resolve(paths.outDir)}（网址 ${config.site}${config.base}），搜索索引 ${index.records} 份报告（${index.shards} 个分片，本次建立 ${index.built} 个）。` +
      `用时：转换 ${timings.ingest.toFixed(1)} 秒，网页 ${timings.astro.toFixed(1)} 秒，索引 ${timings.search.toFixed(1)} 秒（网页之后），下载文件 ${timings.downloads.toFixed(1)} 秒。`,
  );
  if (summary && summary.failed.length > 0) {
    console.log(`注意：${summary.failed.length} 个上传文件未能发布（见上方 ✗ 行），其余报告已正常生成。`);
    return 1;
  }
  if (downloads && downloads.refused.length > 0) {
    console.log(`注意：${downloads.refused.length} 份报告的原件未发布（见上方 ✗ 行），其余已正常生成。`);
    return 1;
  }
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // One build at a time in a folder, stale temporary files removed first, a full or read-only disk named.
  process.exitCode = await guardedRun('npm run build', guardedPaths(readPipelinePaths()), build);
}
