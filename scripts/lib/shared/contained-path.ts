/**
 * Reading only what lies inside a folder. A path recorded in a report or the ledger is checked lexically
 * by the schema (src/lib/source-path.ts); here the file system has its say: a symbolic link inside
 * content/sources may point anywhere (a sync tool's link, or an attacker's to /etc/passwd), so the path is
 * resolved, links and all, and refused unless it ends inside the folder.
 */
import { realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { isContainedPath } from '../../../src/lib/source-path.ts';

export type Containment =
  | { ok: true; path: string }
  | { ok: false; reason: 'outside' | 'unresolvable' | 'not-a-file'; message: string };

/** The real location of root/rel when it is a regular file inside root (after every symbolic link). */
export function fileInside(root: string, rel: string): Containment {
  if (!isContainedPath(rel))
    return { ok: false, reason: 'outside', message: `路径「${rel}」指向 content/sources 之外，出于安全不读取` };
  let realRoot: string;
  let real: string;
  try {
    realRoot = realpathSync(root);
    real = realpathSync(join(root, rel));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      ok: false,
      reason: 'unresolvable',
      message:
        code === 'ELOOP'
          ? `「${rel}」是循环的符号链接`
          : code === 'ENOENT'
            ? `「${rel}」不存在（或是目标已不存在的符号链接）`
            : `无法读取「${rel}」：${(error as Error).message}`,
    };
  }
  if (!isInside(realRoot, real))
    return {
      ok: false,
      reason: 'outside',
      message: `「${rel}」是指向 content/sources 之外（${real}）的符号链接，出于安全不读取`,
    };
  if (!statSync(real).isFile()) return { ok: false, reason: 'not-a-file', message: `「${rel}」不是普通文件` };
  return { ok: true, path: real };
}

/** Whether path (already real) is root itself's descendant. */
export function isInside(realRoot: string, realPath: string): boolean {
  const rel = relative(realRoot, realPath);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep);
}
