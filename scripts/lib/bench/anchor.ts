/**
 * The anchor of issue 28's targets: the site a webmaster would try first with the same reports — a bare
 * Astro content collection rendering each report's Markdown (Astro's own Markdown, a minimal layout, one
 * page a report and an index), then the Pagefind CLI over its output. Built in the benchmark's run, from the
 * Markdown Gongkai's ingest wrote, so that both are measured on the same machine at the same time: the
 * figures are ratios first (absolute times differ between machines).
 *
 * Nothing of it is shipped: it is written into the benchmark's temporary folder, with the project's
 * node_modules linked in (the same Astro and Pagefind versions).
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { round } from './figures.ts';
import type { StageResult } from './measure-stage.ts';

export interface AnchorResult {
  astro: StageResult;
  pagefind: StageResult;
  seconds: number;
  cpuSeconds: number;
  /** The larger of the two stages' peaks (they run one after the other). */
  peakMB: number;
}

const CONFIG = `// The bare anchor (scripts/lib/bench/anchor.ts): Astro's defaults.
// Its cache in its own folder, not in the node_modules it links to (the project's).
export default { output: 'static', cacheDir: './.astro-cache' };
`;

const COLLECTION = (reports: string) => `import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
// Every report's Markdown as Gongkai's ingest wrote it; the frontmatter taken as it is (no schema).
export const collections = {
  reports: defineCollection({ loader: glob({ pattern: '**/*.md', base: ${JSON.stringify(reports)} }) }),
};
`;

const REPORT_PAGE = `---
import { getCollection, render } from 'astro:content';
export async function getStaticPaths() {
  const reports = await getCollection('reports');
  return reports.map((entry) => ({ params: { slug: entry.id }, props: { entry } }));
}
const { entry } = Astro.props;
const { Content } = await render(entry);
const title = String(entry.data.title ?? entry.id);
---
<html lang="zh-CN">
  <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width" /><title>{title}</title></head>
  <body><main data-pagefind-body><h1>{title}</h1><Content /></main></body>
</html>
`;

const INDEX_PAGE = `---
import { getCollection } from 'astro:content';
const reports = await getCollection('reports');
---
<html lang="zh-CN">
  <head><meta charset="utf-8" /><title>报告</title></head>
  <body><ul>{reports.map((r) => <li><a href={\`/reports/\${r.id}/\`}>{String(r.data.title ?? r.id)}</a></li>)}</ul></body>
</html>
`;

/** Writes the anchor project into `dir`, reading its reports from `reports`. */
export async function writeAnchorProject(dir: string, reports: string): Promise<void> {
  await mkdir(join(dir, 'src/pages/reports'), { recursive: true });
  await symlink(resolve('node_modules'), join(dir, 'node_modules'), 'dir');
  await writeFile(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'gongkai-bench-anchor', private: true, type: 'module' })}\n`,
  );
  await writeFile(join(dir, 'astro.config.mjs'), CONFIG);
  await writeFile(join(dir, 'src/content.config.ts'), COLLECTION(resolve(reports)));
  await writeFile(join(dir, 'src/pages/reports/[...slug].astro'), REPORT_PAGE);
  await writeFile(join(dir, 'src/pages/index.astro'), INDEX_PAGE);
}

/** Both stages as one: times and CPU add up, the peak is the larger one. */
export function anchorResult(astro: StageResult, pagefind: StageResult): AnchorResult {
  return {
    astro,
    pagefind,
    seconds: round(astro.seconds + pagefind.seconds),
    cpuSeconds: round(astro.cpuSeconds + pagefind.cpuSeconds),
    peakMB: Math.max(astro.peakMB, pagefind.peakMB),
  };
}
