/**
 * The content loader of the reports collection: each report's frontmatter, validated by the
 * collection's schema, keyed by its slug — and nothing else.
 *
 * Why not Astro's glob() loader: for Markdown it either renders every body with Astro's own Markdown
 * processor and keeps the HTML (and the body) in the content store — which the site never uses, since
 * bodies are rendered with markdown-it (src/lib/render.ts), and which at 100,000 reports no longer fits
 * in one string ("Invalid string length") — or, with deferRender, makes every report a module for Vite to
 * bundle, which at 100,000 reports took Astro past 23 GB. Here the store holds the metadata only; a page
 * reads a body from its file when it needs it (src/data/reports.ts).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { Loader } from 'astro/loaders';
import { parse } from 'yaml';
import { frontmatterOf } from '../lib/markdown.ts';

async function markdownFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const path = join(d, e.name);
      if (e.isDirectory()) await walk(path);
      else if (e.name.endsWith('.md')) out.push(path);
    }
  };
  await walk(dir);
  return out.sort();
}

export function reportsLoader(options: { base: string }): Loader {
  const base = resolve(options.base);
  return {
    name: 'gongkai-reports',
    load: async ({ store, parseData, generateDigest, watcher, logger }) => {
      // Which entry each file holds, to remove it when the file goes.
      const idOfFile = new Map<string, string>();

      const sync = async (file: string): Promise<string | null> => {
        const raw = await readFile(file, 'utf8');
        const yaml = frontmatterOf(raw);
        const shown = relative(process.cwd(), file).split(sep).join('/');
        if (yaml === null) throw new Error(`${shown}: no frontmatter (--- … ---) at the top of the file`);
        const fields = (parse(yaml) ?? {}) as Record<string, unknown>;
        const id = String(fields.slug ?? '');
        if (!id) throw new Error(`${shown}: no slug in the frontmatter`);
        const previous = idOfFile.get(file);
        if (previous && previous !== id) store.delete(previous);
        const data = await parseData({ id, data: fields, filePath: shown });
        // The digest covers the whole file: a page that reads the body sees a changed body as a change.
        store.set({ id, data, digest: generateDigest(raw), filePath: shown });
        idOfFile.set(file, id);
        return id;
      };

      const files = await markdownFiles(base);
      const ids = new Set<string>();
      for (const file of files) {
        const id = await sync(file);
        if (id) ids.add(id);
      }
      for (const id of store.keys()) if (!ids.has(id)) store.delete(id);

      if (!watcher) return;
      const ours = (file: string) => file.startsWith(base + sep) && file.endsWith('.md');
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
