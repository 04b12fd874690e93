/**
 * The content loader of the reports collection: each report's frontmatter, validated by the
 * collection's schema, keyed by its slug — and nothing else.
 *
 * Why not Astro's glob() loader: for Markdown it either renders every body with Astro's own Markdown
 * processor and keeps the HTML (and the body) in the content store — which the site never uses, since
 * bodies are rendered with markdown-it (src/lib/render.ts), and which at 100,000 reports no longer fits
 * in one string ("Invalid string length") — or, with deferRender, makes every report a module for Vite to
 * bundle, which at 100,000 reports took Astro past 23 GB. Here the store holds the metadata only; a page
 * reads a body from its file when it needs it (src/collection/reports.ts).
 */
import { readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Loader } from 'astro/loaders';
import { REPORT_FILE_EXTENSION, ReportFileError, reportFileFields } from '../lib/report-file.ts';
import { projectCodeFingerprint } from './project-code.ts';
import { listReportFiles } from './report-files.ts';

/** The modules that turn a report file into a store entry, from the project root where Astro runs. */
const PARSING_ENTRIES = ['src/collection/loader.ts', 'src/content.config.ts'];

export function reportsLoader(options: { base: string }): Loader {
  const base = resolve(options.base);
  return {
    name: 'gongkai-reports',
    load: async ({ store, parseData, generateDigest, watcher, logger }) => {
      // Which entry each file holds, to remove it when the file goes.
      const idOfFile = new Map<string, string>();
      // The store Astro kept from the previous build: an entry whose file has the same digest is kept as
      // it is, unparsed — at 10,000 reports, parsing and validating every frontmatter again was most of
      // a rebuild's content sync. The digest covers the file and the code that turns it into an entry (every
      // module the loader and the collection's schema import: Astro clears the store itself when
      // content.config.ts changes, but not when what it imports does).
      const code = projectCodeFingerprint(PARSING_ENTRIES).hash;
      const previous = new Map<string, { id: string; digest: string }>();
      for (const [id, entry] of store.entries())
        if (entry.filePath) previous.set(entry.filePath, { id, digest: String(entry.digest ?? '') });

      const sync = async (file: string): Promise<string | null> => {
        const raw = readFileSync(file, 'utf8');
        const shown = relative(process.cwd(), file).split(sep).join('/');
        const digest = generateDigest(`${code}\n${raw}`);
        const kept = previous.get(shown);
        if (kept && kept.digest === digest && !idOfFile.has(file)) {
          idOfFile.set(file, kept.id);
          return kept.id;
        }
        let fields: Record<string, unknown>;
        try {
          fields = reportFileFields(raw);
        } catch (error) {
          throw error instanceof ReportFileError ? new Error(`${shown}: ${error.message}`) : error;
        }
        const id = String(fields.slug ?? '');
        if (!id) throw new Error(`${shown}: no slug in the frontmatter`);
        const before = idOfFile.get(file) ?? kept?.id;
        if (before && before !== id) store.delete(before);
        const data = await parseData({ id, data: fields, filePath: shown });
        // The digest covers the whole file: a page that reads the body sees a changed body as a change.
        store.set({ id, data, digest, filePath: shown });
        idOfFile.set(file, id);
        return id;
      };

      const files = listReportFiles(base).map((file) => join(base, file));
      const ids = new Set<string>();
      for (const file of files) {
        const id = await sync(file);
        if (id) ids.add(id);
      }
      for (const id of store.keys()) if (!ids.has(id)) store.delete(id);

      if (!watcher) return;
      const ours = (file: string) => file.startsWith(base + sep) && file.endsWith(REPORT_FILE_EXTENSION);
      watcher.add(base);
      const onChange = (file: string) => {
        if (!ours(file)) return;
        sync(file).catch((error: unknown) => logger.error((error as Error).message));
      };
      watcher.on('add', onChange);
      watcher.on('change', onChange);
      watcher.on('unlink', (file: string) => {
        const id = idOfFile.get(file);
        if (!id) return;
        store.delete(id);
        idOfFile.delete(file);
      });
    },
  };
}
