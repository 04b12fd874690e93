/**
 * The one rule for an upload's path as reports and the ledger record it (`source.path`, `duplicates`):
 * relative to content/sources, forward slashes, and unable to name anything outside that folder.
 *
 * The path is data from a file anyone can edit (a report maintained by hand with --skip-ingest, a ledger
 * from another machine): `../../etc/passwd` there must not make the build read and publish a file from
 * outside the archive. This check is lexical; the build also resolves symbolic links before it reads
 * (scripts/lib/shared/contained-path.ts).
 */
export function isContainedPath(path: string): boolean {
  if (path === '' || path.startsWith('/') || path.includes('\\')) return false;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a control character has no place in a path
  if (/[\u0000-\u001f\u007f]/.test(path) || /^[A-Za-z]:/.test(path)) return false;
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

/** The folders an upload lies in, from the top ('山东省/枣庄市/报告.txt' → ['山东省', '枣庄市']): names that may name its region. */
export function uploadFolders(path: string): string[] {
  return path.split('/').slice(0, -1);
}

export const CONTAINED_PATH_MESSAGE =
  '应为 content/sources 之内的相对路径（用“/”分隔，不以“/”开头，不含“..”或“.”），出于安全不读取其他位置的文件';
