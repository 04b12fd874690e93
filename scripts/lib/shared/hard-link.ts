/**
 * A file put in a second place without copying its bytes where the file system allows (a hard link: the
 * search shards from the cache, the shards' pages into the assembled site), copied where it does not
 * (another file system, a file system without links).
 */
import { copyFile, link } from 'node:fs/promises';

export async function linkOrCopy(from: string, to: string): Promise<void> {
  await link(from, to).catch(() => copyFile(from, to));
}
