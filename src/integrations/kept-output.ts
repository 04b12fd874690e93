/**
 * An Astro integration for the incremental build, which keeps dist/ (see astro.config.mjs).
 * - enabled: after the build, removes the files no route produced any more (src/lib/stale-output.ts),
 *   and the folders left empty. Without it, the page of a removed report would stay online.
 * - disabled: forgets the incremental build's record at the start. A full build rewrites dist/ without
 *   recording what it rendered; a later incremental build must not then trust the older record, or a
 *   page whose data went back to what that record knew would be kept as this build rendered it.
 */
import { readdir, rm, rmdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { type OutputFile, staleOutputFiles } from '../lib/stale-output.ts';

/** The files under dir, relative and '/'-separated, without descending into the folders named in skip. */
async function listFiles(
  root: string,
  skip: readonly string[] = [],
  dir = root,
  out: string[] = [],
): Promise<string[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (dir !== root || !skip.includes(e.name)) await listFiles(root, skip, path, out);
    } else out.push(relative(root, path).split(sep).join('/'));
  }
  return out;
}

/** Removes the empty folders under dir (not dir itself); returns whether dir is now empty. */
async function removeEmptyFolders(dir: string, isRoot = true): Promise<boolean> {
  const entries = await readdir(dir, { withFileTypes: true });
  let empty = true;
  for (const e of entries) {
    if (e.isDirectory() && (await removeEmptyFolders(join(dir, e.name), false))) continue;
    empty = false;
  }
  if (empty && !isRoot) await rmdir(dir);
  return empty;
}

/** Astro's record of the previous incremental build (node_modules/astro/dist/core/build/incremental.js). */
const INCREMENTAL_RECORD = 'incremental-build.json';

export function keptOutput(options: { incremental: boolean; ownedElsewhere: string[] }): AstroIntegration {
  let startedMs = 0;
  let publicDir = '';
  let cacheDir = '';
  return {
    name: 'gongkai:kept-output',
    hooks: {
      'astro:config:done': ({ config }) => {
        publicDir = fileURLToPath(config.publicDir);
        cacheDir = fileURLToPath(config.cacheDir);
      },
      'astro:build:start': async () => {
        // File times have a coarser resolution than the clock on some file systems: a second's margin.
        startedMs = Date.now() - 1000;
        if (!options.incremental) await rm(join(cacheDir, INCREMENTAL_RECORD), { force: true });
      },
      'astro:build:done': async ({ dir, assets, logger }) => {
        if (!options.incremental) return;
        const outDir = fileURLToPath(dir);
        const produced = new Set<string>();
        for (const urls of assets.values())
          for (const url of urls) produced.add(relative(outDir, fileURLToPath(url)).split(sep).join('/'));
        const publicFiles = new Set(await listFiles(publicDir));
        // Only a file that no route produced can be stale: only those need their time read (a kept
        // dist/ of a large archive holds tens of thousands of files).
        const candidates: OutputFile[] = [];
        for (const path of await listFiles(outDir, options.ownedElsewhere)) {
          if (produced.has(path) || publicFiles.has(path)) continue;
          const time = await stat(join(outDir, path)).then(
            (s) => s.mtimeMs,
            () => null,
          );
          if (time !== null) candidates.push({ path, mtimeMs: time });
        }
        const stale = staleOutputFiles(candidates, {
          produced,
          publicFiles,
          ownedElsewhere: options.ownedElsewhere,
          startedMs,
        });
        for (const path of stale) await rm(join(outDir, path), { force: true });
        if (stale.length) {
          await removeEmptyFolders(outDir);
          logger.info(`removed ${stale.length} page(s) no longer produced`);
        }
      },
    },
  };
}
