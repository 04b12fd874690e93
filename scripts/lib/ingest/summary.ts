/** The ingest's summary as the webmaster reads it: one line per failure, copy and warning, then the counts. */
import type { IngestSummary } from './engine.ts';

export function printSummary(
  summary: IngestSummary,
  options: { quiet?: boolean; log?: (line: string) => void } = {},
): void {
  const log = options.log ?? ((line: string) => console.log(line));
  if (!options.quiet) {
    for (const f of summary.failed) log(`✗ ${f.path}：${f.message}${f.hint ? `\n    → ${f.hint}` : ''}`);
    for (const d of summary.duplicates) log(`≡ ${d.path}：${d.message}`);
    for (const w of summary.warnings)
      if (!w.unchanged) log(`! ${w.path}：${w.message}${w.hint ? `\n    → ${w.hint}` : ''}`);
  }
  const withWarnings = new Set(summary.warnings.map((w) => w.path)).size;
  log(
    `报告 ${summary.total} 份：新增 ${summary.added.length}，更新 ${summary.updated.length}，未变 ${summary.unchanged}，` +
      `删除 ${summary.removed.length}，失败 ${summary.failed.length}，重复 ${summary.duplicates.length}，` +
      `有警告 ${withWarnings}（共 ${summary.warnings.length} 条）`,
  );
}
