/**
 * The sha256 of each upload, remembered by file identity between runs, so that a rebuild does not read
 * every upload again to learn that it did not change (at 100,000 uploads that is 2 GB read per build).
 *
 * The rule is git's index: a remembered hash stands for a file whose size, modification time, status
 * change time and inode are those seen when it was hashed — and only if the file had not been
 * touched in the last seconds before it was hashed ("racy": a write within the file system's time
 * resolution could leave every one of those unchanged). ctime cannot be set back by tools (cp -p,
 * touch -d set mtime only), so a replaced file is always seen as changed.
 *
 * Kept in the cache folder (GONGKAI_CACHE_DIR, its ingest/ subfolder), not in the ledger: the ledger is
 * committed and cloned, and file times belong to one machine. Losing the file costs one full read, nothing else.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeAtomic } from '../shared/atomic-files.ts';

export interface FileIdentity {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

export interface RememberedHash extends FileIdentity {
  sha256: string;
  /** When the hash was taken (ms since the epoch). */
  hashedMs: number;
}

/** Seconds of "racy" window: a file changed this shortly before it was hashed is hashed again. */
export const RACY_MS = 2000;

/** The remembered hash, if it still stands for the file as it is now. */
export function trustedHash(remembered: RememberedHash | undefined, now: FileIdentity): string | null {
  if (!remembered) return null;
  const same =
    remembered.size === now.size &&
    remembered.mtimeMs === now.mtimeMs &&
    remembered.ctimeMs === now.ctimeMs &&
    remembered.ino === now.ino;
  const settled = Math.max(now.mtimeMs, now.ctimeMs) < remembered.hashedMs - RACY_MS;
  return same && settled ? remembered.sha256 : null;
}

export class UploadHashes {
  private readonly next: Record<string, RememberedHash> = {};
  private constructor(
    private readonly file: string | null,
    private readonly previous: Record<string, RememberedHash>,
    private readonly text: string | null,
  ) {}

  /** Loads the remembered hashes of one sources folder; file null: remember nothing (a dry run). */
  static async load(sources: string, cacheDir: string | null): Promise<UploadHashes> {
    if (cacheDir === null) return new UploadHashes(null, {}, null);
    const id = createHash('sha256').update(resolve(sources)).digest('hex').slice(0, 12);
    const file = join(cacheDir, `upload-hashes-${id}.json`);
    const text = await readFile(file, 'utf8').catch(() => null);
    let previous: Record<string, RememberedHash> = {};
    try {
      if (text) previous = JSON.parse(text) as Record<string, RememberedHash>;
    } catch {
      // A damaged cache is a cold cache.
    }
    return new UploadHashes(file, previous, text);
  }

  lookup(path: string, now: FileIdentity): string | null {
    const hash = trustedHash(this.previous[path], now);
    if (hash) this.next[path] = this.previous[path] as RememberedHash;
    return hash;
  }

  remember(path: string, now: FileIdentity, sha256: string, hashedMs: number): void {
    this.next[path] = {
      size: now.size,
      mtimeMs: now.mtimeMs,
      ctimeMs: now.ctimeMs,
      ino: now.ino,
      sha256,
      hashedMs,
    };
  }

  /** Writes the hashes of this run's uploads (only those), atomically, if they changed. */
  async save(): Promise<void> {
    if (!this.file) return;
    const text = JSON.stringify(this.next);
    if (text === this.text) return;
    writeAtomic(this.file, text);
  }
}
