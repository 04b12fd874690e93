/**
 * Downloads: the original upload exactly as uploaded (byte for byte), and the report's Markdown.
 * An edge of the site: it reads the upload from content/sources at build time.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { APIRoute } from 'astro';
import { getArchive, getBody } from '../../../data/reports.ts';
import { toFrontmatterMarkdown } from '../../../lib/markdown.ts';
import type { Report } from '../../../lib/report.ts';
import { downloadPaths } from '../../../lib/urls.ts';
import { readPipelinePaths } from '../../../site.config.ts';

export async function getStaticPaths() {
  const archive = await getArchive();
  return archive.reports.flatMap((report) => {
    const paths = downloadPaths(report);
    return [
      {
        params: { slug: report.slug, file: paths.original.split('/').pop() },
        props: { report, kind: 'original' as const },
      },
      {
        params: { slug: report.slug, file: paths.markdown.split('/').pop() },
        props: { report, kind: 'markdown' as const },
      },
    ];
  });
}

export const GET: APIRoute<{ report: Report; kind: 'original' | 'markdown' }> = async ({ props }) => {
  const { report, kind } = props;
  if (kind === 'markdown') {
    return new Response(toFrontmatterMarkdown(report, await getBody(report.slug)), {
      headers: { 'content-type': 'text/markdown; charset=utf-8' },
    });
  }
  const bytes = await readFile(join(readPipelinePaths().sources, report.source.path));
  return new Response(new Uint8Array(bytes));
};
