/**
 * The benchmark's figures (for scripts/bench.ts): the file bench-results/bench-N.json, which
 * scripts/BENCHMARKS.md cites, and the table printed at the end — printed from the figures written,
 * so that the two cannot differ.
 */

import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname } from 'node:path';
import type { AnchorResult } from './anchor.ts';
import type { IngestAccuracy } from './ingest-accuracy.ts';
import type { BuildResult, StageResult } from './measure-stage.ts';
import type { ComparePageSizes, ListPageSizes, ReportPageSizes } from './site-sizes.ts';

export const round = (x: number, digits = 1) => Number(x.toFixed(digits));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** The machine, and its load when the benchmark starts (on a shared machine the figures depend on it). */
export function machineAtStart() {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAverageAtStart: loadavg().map((x) => round(x, 2)),
  };
}

export interface QueryTiming {
  query: string;
  /** Enter → the first results on the page (the newest shards searched). */
  firstMs: number;
  /** Enter → the first page of results complete. */
  pageMs: number;
  firstKB: number;
  /** Enter → the count announced (the shards the page counts at once). */
  ms: number;
  kb: number;
  /** Enter → the whole archive counted (the rest asked for, if the page counted only part of it). */
  allMs: number;
  allKB: number;
  results: number;
}

/** Search in the browser: skipped (and why), or the search page's size and each query's timings. */
export type BrowserTimings = { skipped: true; reason?: string } | { searchPageKB: number; queries: QueryTiming[] };

/** What the benchmark measured, step by step (scripts/bench.ts). */
export interface Measured {
  machine: ReturnType<typeof machineAtStart>;
  options: { reports: number; seed: number; incremental: boolean; series: boolean };
  corpus: { uploads: number; unusable: number; formats: Record<string, number>; generateSeconds: number };
  ingestAccuracy: IngestAccuracy;
  /** The stage-by-stage runs (null with --build-only). */
  ingest: StageResult | null;
  astro: StageResult | null;
  search: StageResult | null;
  textReportsPerSecondOneCore: number | null;
  site: {
    reportsWritten: number;
    pages: number;
    distBytes: number;
    bundleBytes: number;
    searchBundleFiles: number;
    reportPage: ReportPageSizes | null;
    comparePages: ComparePageSizes;
    listPages: ListPageSizes;
  };
  browser: BrowserTimings;
  fullCommand: BuildResult | null;
  rebuild: (BuildResult & { added: string | null }) | null;
  /** The build once more after the rebuild, nothing changed (null with --skip-rebuild). */
  unchanged: StageResult | null;
  /** The bare Astro + Pagefind site over the same reports (anchor.ts), null with --skip-anchor. */
  anchor: AnchorResult | null;
}

/** The figures as written, from what was measured; the machine's load is read again now, at the end. */
export function benchFigures(m: Measured) {
  const { ingest, astro, search, site, browser } = m;
  const stages = [ingest, astro, search].filter((x): x is StageResult => x !== null);
  const queries = 'queries' in browser ? browser.queries : [];
  return {
    measuredAt: new Date().toISOString(),
    machine: { ...m.machine, loadAverageAtEnd: loadavg().map((x) => round(x, 2)) },
    options: m.options,
    corpus: { ...m.corpus, reportsWritten: site.reportsWritten },
    ingestAccuracy: m.ingestAccuracy,
    full: {
      ingest,
      ingestReportsPerSecond: ingest ? Math.round(m.options.reports / ingest.seconds) : null,
      textReportsPerSecondOneCore: m.textReportsPerSecondOneCore,
      astro,
      astroPagesPerSecond: astro ? Math.round(site.pages / astro.seconds) : null,
      search,
      totalSeconds: round(stages.reduce((sum, x) => sum + x.seconds, 0)),
      totalCpuSeconds: round(stages.reduce((sum, x) => sum + x.cpuSeconds, 0)),
      peakMB: Math.max(0, ...stages.map((x) => x.peakMB)),
    },
    sizes: {
      pages: site.pages,
      distMB: round(site.distBytes / 2 ** 20),
      searchBundleMB: round(site.bundleBytes / 2 ** 20),
      searchBundleFiles: site.searchBundleFiles,
      reportPageGzipKB: site.reportPage?.gzipKB ?? null,
      reportPageScripts: site.reportPage?.scripts ?? null,
      comparePages: site.comparePages,
      listPages: site.listPages,
    },
    browser: {
      ...browser,
      ...(queries.length
        ? {
            medianFirstMs: median(queries.map((q) => q.firstMs)),
            maxFirstMs: Math.max(...queries.map((q) => q.firstMs)),
            medianFirstKB: median(queries.map((q) => q.firstKB)),
            maxFirstKB: Math.max(...queries.map((q) => q.firstKB)),
            medianMs: median(queries.map((q) => q.ms)),
            maxMs: Math.max(...queries.map((q) => q.ms)),
            medianFirstQueryKB: median(queries.map((q) => q.kb)),
            maxFirstQueryKB: Math.max(...queries.map((q) => q.kb)),
            medianAllMs: median(queries.map((q) => q.allMs)),
            maxAllKB: Math.max(...queries.map((q) => q.allKB)),
          }
        : {}),
    },
    /** `npm run build` from the uploads alone: what the targets are about. */
    fullBuildCommand: m.fullCommand,
    rebuildAfterOneUpload: m.rebuild,
    rebuildNothingChanged: m.unchanged,
    anchor: m.anchor ? { ...m.anchor, ...anchorRatios(m) } : null,
  };
}

/**
 * Issue 28's targets as ratios to the anchor: the full build (`npm run build` when it ran, else the stages
 * one after the other) and its peak; the rebuild after one upload.
 */
function anchorRatios(m: Measured) {
  const anchor = m.anchor as AnchorResult;
  const stages = [m.ingest, m.astro, m.search].filter((x): x is StageResult => x !== null);
  const full =
    m.fullCommand ??
    (stages.length
      ? { seconds: stages.reduce((a, x) => a + x.seconds, 0), peakMB: Math.max(...stages.map((x) => x.peakMB)) }
      : null);
  return {
    fullBuildFrom: m.fullCommand ? 'npm run build' : 'stage by stage',
    fullBuildToAnchor: full ? round(full.seconds / anchor.seconds, 3) : null,
    peakToAnchor: full ? round(full.peakMB / anchor.peakMB, 3) : null,
    rebuildToFullBuild: full && m.rebuild ? round(m.rebuild.seconds / full.seconds, 3) : null,
    unchangedToFullBuild: full && m.unchanged ? round(m.unchanged.seconds / full.seconds, 3) : null,
  };
}

export type BenchFigures = ReturnType<typeof benchFigures>;

export async function writeFigures(out: string, figures: BenchFigures): Promise<void> {
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(figures, null, 2)}\n`);
}

/** The table of the figures (the stage-by-stage rows only when they were measured: not with --build-only). */
export function printFigures(results: BenchFigures, stageByStage: boolean): void {
  const { machine, full, ingestAccuracy: accuracy, sizes } = results;
  const row = (label: string, value: string) => console.log(`${label.padEnd(36)}${value}`);
  const fmt = (s: StageResult | null) =>
    s
      ? `${s.seconds} s wall, ${s.cpuSeconds} s CPU, ${s.peakMB} MB peak${s.exitCode ? ` (exit ${s.exitCode})` : ''}`
      : 'skipped';
  console.log(
    `\n基准测试：${results.options.reports} 份报告 — ${machine.cpus} 核，${machine.memoryGB} GB，负载 ${machine.loadAverageAtStart.join(' ')}`,
  );
  if (stageByStage) {
    const unusable = results.corpus.unusable;
    row(
      'ingest',
      `${fmt(full.ingest)} — ${full.ingestReportsPerSecond} reports/s${unusable ? `; ${unusable} unusable uploads (exit 1 expected)` : ''}`,
    );
    row(
      '  read as generated (all fields)',
      `${accuracy.allFieldsRight === null ? '?' : `${(accuracy.allFieldsRight * 100).toFixed(1)} %`} of ${accuracy.reports} reports`,
    );
    row('  text conversion, one core', `${full.textReportsPerSecondOneCore ?? '?'} reports/s`);
    row('astro build', `${fmt(full.astro)} — ${sizes.pages} pages, ${full.astroPagesPerSecond} pages/s`);
    row('search index (+ downloads)', fmt(full.search));
    row(
      'full build, stage by stage',
      `${full.totalSeconds} s wall, ${full.totalCpuSeconds} s CPU, ${full.peakMB} MB peak`,
    );
  }
  row('dist / search bundle', `${sizes.distMB} MB / ${sizes.searchBundleMB} MB`);
  row(
    'report page (HTML+CSS, gzip)',
    `${sizes.reportPageGzipKB ?? '?'} KB, ${sizes.reportPageScripts ?? '?'} script element(s)`,
  );
  const compare = sizes.comparePages;
  row('compare pages', `${compare.pages} pages, largest ${compare.largestKB} KB, ${compare.totalMB} MB in all`);
  const lists = sizes.listPages;
  row(
    'year / region / authority list pages',
    `largest ${lists.yearLargestKB} / ${lists.regionLargestKB} / ${lists.authorityLargestKB ?? '—'} KB, ${lists.pages} pages`,
  );
  const browser = results.browser;
  const queries = 'queries' in browser ? browser.queries : [];
  if (queries.length && 'searchPageKB' in browser) {
    row('search page load', `${browser.searchPageKB} KB`);
    for (const q of queries)
      row(
        `  ${q.query}`,
        `first result ${q.firstMs} ms, ${q.firstKB} KB; first page ${q.pageMs} ms; count ${q.ms} ms, ${q.kb} KB; whole count ${q.allMs} ms, ${q.allKB} KB; ${q.results} results`,
      );
    row(
      'first results: median / max',
      `${browser.medianFirstMs} / ${browser.maxFirstMs} ms, ${browser.medianFirstKB} / ${browser.maxFirstKB} KB`,
    );
    row('search latency median / max', `${browser.medianMs} / ${browser.maxMs} ms`);
    row('first-query transfer median / max', `${browser.medianFirstQueryKB} / ${browser.maxFirstQueryKB} KB`);
  }
  if (results.fullBuildCommand) {
    const b = results.fullBuildCommand.breakdown;
    row(
      'full build, npm run build',
      `${fmt(results.fullBuildCommand)}${b ? ` (ingest ${b.ingest}, astro ${b.astro}, search after astro ${b.search})` : ''}`,
    );
  }
  if (results.rebuildNothingChanged) row('rebuild, nothing changed', fmt(results.rebuildNothingChanged));
  if (results.anchor) {
    const a = results.anchor;
    row('anchor: bare Astro', fmt(a.astro));
    row('anchor: Pagefind CLI', fmt(a.pagefind));
    row(
      'full build ÷ anchor',
      `${a.fullBuildToAnchor ?? '?'} of the time (${a.fullBuildFrom}), ${a.peakToAnchor ?? '?'} of the peak`,
    );
    row(
      'rebuild ÷ full build',
      `after one upload ${a.rebuildToFullBuild ?? '?'}, nothing changed ${a.unchangedToFullBuild ?? '?'}`,
    );
  }
  if (results.rebuildAfterOneUpload) {
    const b = results.rebuildAfterOneUpload.breakdown;
    row(
      'rebuild after one upload',
      `${fmt(results.rebuildAfterOneUpload)}${b ? ` (ingest ${b.ingest}, astro ${b.astro}, search ${b.search})` : ''}`,
    );
  }
}
