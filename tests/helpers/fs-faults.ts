/**
 * Faults injected into a command run by the tests: loaded before the command with
 * `node --import tsx --import ./tests/helpers/fs-faults.ts scripts/….ts`. The tests run as root, for
 * whom a chmod-ed folder is writable, and not every machine lets them mount a small file system: this
 * makes fs.writeFileSync and fs.copyFileSync fail as a full or read-only disk does, or writes slow, without
 * touching the pipeline.
 *
 *   GONGKAI_TEST_FS_FAULT=ENOSPC:/abs/folder   writes under the folder write half their bytes, then fail
 *                                                (EROFS, EACCES: fail before writing anything)
 *   GONGKAI_TEST_FS_DELAY_MS=200               every write waits this long after writing its bytes (a
 *                                                temporary file then exists for that long before its rename)
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { resolve, sep } from 'node:path';

const [code, folder] = (process.env.GONGKAI_TEST_FS_FAULT ?? '').split(/:(.*)/s);
const delayMs = Number(process.env.GONGKAI_TEST_FS_DELAY_MS ?? 0);
const messages: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
};
const original = fs.writeFileSync;

function faulty(file: fs.PathOrFileDescriptor): boolean {
  return Boolean(code && folder && typeof file === 'string' && resolve(file).startsWith(resolve(folder) + sep));
}

fs.writeFileSync = ((file: fs.PathOrFileDescriptor, data: string | NodeJS.ArrayBufferView, options?: unknown) => {
  if (faulty(file)) {
    // A full disk takes part of the bytes (the file exists, half written); a read-only one none.
    if (code === 'ENOSPC') original(file, typeof data === 'string' ? data.slice(0, data.length >> 1) : '');
    const error = new Error(
      `${code}: ${messages[code ?? ''] ?? 'error'}, ${code === 'ENOSPC' ? 'write' : `open '${file}'`}`,
    );
    throw Object.assign(error, {
      code,
      syscall: code === 'ENOSPC' ? 'write' : 'open',
      ...(code === 'ENOSPC' ? {} : { path: file }),
    });
  }
  original(file, data, options as fs.WriteFileOptions);
  if (delayMs > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, delayMs);
}) as typeof fs.writeFileSync;
const originalCopy = fs.copyFileSync;
fs.copyFileSync = ((from: fs.PathLike, to: fs.PathLike, mode?: number) => {
  if (faulty(to as fs.PathOrFileDescriptor)) {
    if (code === 'ENOSPC') original(to as string, '');
    throw Object.assign(new Error(`${code}: ${messages[code ?? ''] ?? 'error'}, copyfile '${from}' -> '${to}'`), {
      code,
      syscall: 'copyfile',
      path: from,
      dest: to,
    });
  }
  originalCopy(from, to, mode);
}) as typeof fs.copyFileSync;
syncBuiltinESMExports();
