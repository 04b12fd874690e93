/**
 * The site stage's downloads: each report's original upload and its Markdown, copied into dist/downloads/.
 */
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { packageOriginal } from '../../../src/lib/downloads.ts';
import type { Report } from '../../../src/lib/report.ts';
import { downloadPaths } from '../../../src/lib/urls.ts';
import { copyAtomic, writeAtomic } from '../shared/atomic-files.ts';
import { fileInside } from '../shared/contained-path.ts';
import type { FileMessage } from '../shared/file-message.ts';
import { removeUnexpectedFiles } from '../shared/unexpected-files.ts';

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
  // Synchronous calls (see scripts/lib/shared/atomic-files.ts), with a pause for the event loop every few
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
  counts.removed = removeUnexpectedFiles(join(outDir, 'downloads'), expected);
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
