/**
 * The project's code as the caches fingerprint it (src/lib/code-fingerprint.ts): modules read from the
 * project folder, package versions from node_modules. Read synchronously and once per process per
 * entry list: a fingerprint is asked for once per build stage.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CodeFingerprint, codeFingerprint, type ModuleSource } from '../lib/code-fingerprint.ts';

const readOrNull = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
};

/** The modules and packages of the project at root (default: where the command runs, the project folder). */
export function projectSource(root = process.cwd()): ModuleSource {
  return {
    read: (path) => readOrNull(join(root, path)),
    packageVersion: (name) => {
      const text = readOrNull(join(root, 'node_modules', name, 'package.json'));
      return text === null ? null : String((JSON.parse(text) as { version?: unknown }).version ?? '');
    },
  };
}

const memo = new Map<string, CodeFingerprint>();

/** The fingerprint of the code reachable from entries (project-relative paths), computed once. */
export function projectCodeFingerprint(entries: readonly string[], root = process.cwd()): CodeFingerprint {
  const key = `${root}\u0000${entries.join('\u0000')}`;
  let fingerprint = memo.get(key);
  if (!fingerprint) {
    fingerprint = codeFingerprint(entries, projectSource(root));
    memo.set(key, fingerprint);
  }
  return fingerprint;
}
