/**
 * A rebuild with nothing changed does next to nothing (issue 28): after a build, a stamp records a digest of
 * everything the site is made from and a digest of what it wrote; the next build whose inputs and output are
 * both as stamped skips the pages, the compare pages, the downloads and the search index, whose work would
 * only rewrite the same bytes (Astro's incremental build alone spent ~28 s at 10,000 reports to render nothing).
 *
 * The inputs: the reports (every file's name, size, modification time and inode: the ingest replaces a file it
 * changes, an editor's save changes its time; the Markdown carries each upload's sha256), the uploads' names, sizes
 * and times (their downloads are copied from them),
 * the configuration with the day it is built on (coverage counts a report overdue by the date), the project's
 * code, assets and locked packages (src/, public/, scripts/, astro.config.mjs, package-lock.json, tsconfig.json)
 * and the Node version and NODE_ENV of the run. The output: every file's path, size and modification time,
 * so that a file deleted, added or edited in dist/ is noticed and the site built again.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { GongkaiConfig } from '../../../src/site.config.ts';
import { writeAtomic } from '../shared/atomic-files.ts';
import type { FileMessage } from '../shared/file-message.ts';
import { defaultLedgerPath } from '../shared/ledger-path.ts';
import { PROJECT_ROOT } from '../shared/project-root.ts';

export interface BuildStamp {
  version: 1;
  inputs: string;
  output: string;
  /**
   * The uploads that failed in the stamped build, with their messages (absent in stamps of older builds), and the
   * OCR engine the build found: a next build with the same inputs and the same engine skips the ingest too — the
   * same upload, converted by the same code and tools, fails the same way — and names the failures again.
   */
  failed?: FileMessage[];
  ocr?: string;
}

/** The project's files that make the site, besides the reports and the uploads. */
const CODE_ROOTS = ['src', 'public', 'scripts', 'astro.config.mjs', 'package-lock.json', 'tsconfig.json'];

/**
 * Every file under root (itself when it is a file), with its path relative to root ('/'-separated), sorted. A walk
 * of one listing per folder: at 10,000 reports dist/ holds ~77,000 files, and this reads them in ~0.75 s where
 * readdirSync's recursive option took twice that and an asynchronous walk three times.
 */
function filesUnder(root: string): { path: string; full: string }[] {
  if (!existsSync(root)) return [];
  if (statSync(root).isFile()) return [{ path: '', full: root }];
  const out: { path: string; full: string }[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full, `${prefix}${e.name}/`);
      else if (e.isFile()) out.push({ path: `${prefix}${e.name}`, full });
    }
  };
  walk(root, '');
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** A digest of everything the built site is made from (see the module's comment). */
export function buildInputsDigest(
  configuration: GongkaiConfig,
  env: NodeJS.ProcessEnv = process.env,
  /** The uploads this build reads (a shard's: src/lib/shards.ts inShard); default: every one. */
  reads: (upload: string) => boolean = () => true,
): string {
  const hash = createHash('sha256');
  const today = configuration.today ?? new Date().toISOString().slice(0, 10);
  hash.update(JSON.stringify({ configuration, today, node: process.version, nodeEnv: env.NODE_ENV ?? null }));
  for (const { path, full } of filesUnder(configuration.paths.reports)) {
    const s = statSync(full);
    hash.update(`\0report ${path} ${s.size} ${s.mtimeMs} ${s.ino}`);
  }
  for (const { path, full } of filesUnder(configuration.paths.sources)) {
    if (!reads(path)) continue;
    const s = statSync(full);
    hash.update(`\0upload ${path} ${s.size} ${s.mtimeMs}`);
  }
  // The ingest's ledger (which upload became which report): a build that skips the ingest must find it as left.
  const ledger = defaultLedgerPath(configuration.paths.reports);
  if (existsSync(ledger)) {
    const s = statSync(ledger);
    hash.update(`\0ledger ${s.size} ${s.mtimeMs} ${s.ino}`);
  }
  for (const root of CODE_ROOTS)
    for (const { path, full } of filesUnder(join(PROJECT_ROOT, root)))
      hash.update(`\0code ${root}/${path}\0`).update(readFileSync(full));
  return hash.digest('hex');
}

/** A digest of what a build wrote: every file of outDir by path, size and modification time. */
export function outputDigest(outDir: string): string {
  const hash = createHash('sha256');
  for (const { path, full } of filesUnder(outDir)) {
    const s = statSync(full);
    hash.update(`${path}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

export function readStamp(file: string): BuildStamp | null {
  try {
    const stamp = JSON.parse(readFileSync(file, 'utf8')) as BuildStamp;
    return stamp.version === 1 ? stamp : null;
  } catch {
    return null;
  }
}

/**
 * Whether the site in outDir is the one these inputs make, as the last build stamped it. dist/ is walked only when
 * the inputs are as stamped: a build after a change need not read its 77,000 files first.
 */
export function upToDate(file: string, inputs: string, outDir: string): boolean {
  const stamp = readStamp(file);
  return stamp !== null && stamp.inputs === inputs && existsSync(outDir) && stamp.output === outputDigest(outDir);
}

export function writeStamp(
  file: string,
  inputs: string,
  outDir: string,
  ingest: { failed: FileMessage[]; ocr: string } | null,
): void {
  const output = outputDigest(outDir);
  const stamp: BuildStamp = { version: 1, inputs, output, ...(ingest ?? {}) };
  writeAtomic(file, `${JSON.stringify(stamp)}\n`);
}

/** Before a build that changes dist/: the stamp no longer describes it, whatever happens next. */
export function clearStamp(file: string): void {
  rmSync(file, { force: true });
}
