/**
 * The pages the shards provide to `npm run assemble` (src/lib/shards.ts providedPages): read from the
 * assembled collection's folder, where the assemble step writes them before Astro runs. In any other build
 * nothing is provided and every page is rendered.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROVIDED_PAGES_FILE, type ProvidedPagesFile } from '../lib/shards.ts';
import { readPipelinePaths, reportPagesRendered } from '../site.config.ts';

let provided: { provinces: string[]; authorities: Set<string>; paths: string[] } | undefined;

function load() {
  if (provided) return provided;
  let file: ProvidedPagesFile = { provinces: [], authorities: [], paths: [] };
  if (!reportPagesRendered())
    file = JSON.parse(
      readFileSync(join(readPipelinePaths().reports, PROVIDED_PAGES_FILE), 'utf8'),
    ) as ProvidedPagesFile;
  provided = { provinces: file.provinces, authorities: new Set(file.authorities), paths: file.paths };
  return provided;
}

/** Whether a region path ('/regions/a/b/') lies in a province whose region pages a shard provides. */
export function regionProvided(path: string): boolean {
  return load().provinces.some((province) => path.startsWith(province));
}

/** Whether an authority's page is a shard's. */
export function authorityProvided(slug: string): boolean {
  return load().authorities.has(slug);
}

/** The provided pages' addresses (without the base), for the sitemap. */
export function providedPaths(): string[] {
  return load().paths;
}
