/**
 * What a stage that owns a folder of dist/ removes after it wrote this build's files there (the downloads, the
 * compare pages): dist/ is kept between builds, and a file no report or pair makes any more must not stay online.
 */
import { readdirSync, rmdirSync, rmSync } from 'node:fs';
import { join, sep } from 'node:path';

/**
 * Removes the files under root that are not in expected (absolute paths), then the folders below root that this
 * left empty, deepest first (root itself is kept). Returns how many files were removed.
 */
export function removeUnexpectedFiles(root: string, expected: ReadonlySet<string>): number {
  let entries: import('node:fs').Dirent[] = [];
  try {
    entries = readdirSync(root, { withFileTypes: true, recursive: true });
  } catch {
    // No folder: nothing to remove.
    return 0;
  }
  let removed = 0;
  for (const entry of entries) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile() && !expected.has(path)) {
      rmSync(path, { force: true });
      removed++;
    }
  }
  if (removed === 0) return 0;
  const dirs = entries
    .filter((e) => e.isDirectory())
    .map((e) => join(e.parentPath, e.name))
    .sort((a, b) => b.split(sep).length - a.split(sep).length);
  for (const dir of dirs) {
    try {
      rmdirSync(dir);
    } catch {
      // Not empty: still in use.
    }
  }
  return removed;
}
