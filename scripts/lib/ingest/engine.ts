/**
 * The ingest's I/O: walk content/sources, convert what is new or changed, remove what was removed,
 * keep the ledger (content/ledger.json) of what the archive has seen. All conversion is in src/lib.
 *
 * Guarantees: sources are only ever read; every write is atomic (temporary file + rename); a run over
 * unchanged sources writes nothing, so re-running gives byte-identical output; one bad upload never
 * stops the batch.
 *
 * The file system is used synchronously here (except to feed the conversion processes), for the reason
 * given in atomic-files.ts: the ingest has nothing to do while it waits.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { projectCodeFingerprint } from '../../../src/collection/project-code.ts';
import { listReportFiles } from '../../../src/collection/report-files.ts';
import { codeFingerprint, type ModuleSource } from '../../../src/lib/code-fingerprint.ts';
import { type Converted, convertSource, sha256 } from '../../../src/lib/convert.ts';
import { decodeText } from '../../../src/lib/decode.ts';
import { formatOf, UnusableUpload } from '../../../src/lib/formats/index.ts';
import { groupBy } from '../../../src/lib/group.ts';
import { SidecarError } from '../../../src/lib/overrides.ts';
import { type Report, reportSchema } from '../../../src/lib/report.ts';
import { reportFilePath, serializeReportFile } from '../../../src/lib/report-file.ts';
import { proposeSlug } from '../../../src/lib/urls.ts';
import { CONFIG_DEFAULTS, type GongkaiConfig } from '../../../src/site.config.ts';
import { writeAtomic } from '../shared/atomic-files.ts';
import { fileInside } from '../shared/contained-path.ts';
import type { FileMessage } from '../shared/file-message.ts';
import { defaultLedgerPath } from '../shared/ledger-path.ts';
import { PROJECT_ROOT } from '../shared/project-root.ts';
import { type Conversion, convertAll } from './convert-pool.ts';
import { UploadHashes } from './upload-hashes.ts';

export interface IngestOptions {
  sources: string;
  reports: string;
  /** Defaults to ledger.json beside the reports folder. */
  ledger?: string;
  /** YYYY-MM-DD for sources seen for the first time. */
  today?: string;
  /** Check only: convert in memory, write nothing. */
  dryRun?: boolean;
  onProgress?: (done: number, total: number, path: string) => void;
  /** Conversion processes (scripts/lib/ingest/convert-pool.ts; default: src/site.config.ts's). */
  workers?: number;
  /** Batches smaller than this are converted in this process (default 200). */
  parallelFrom?: number;
  /** Time limit of one upload's conversion in a worker process, seconds (default: src/site.config.ts's). */
  convertSeconds?: number;
  /** Heap limit of a worker process, MB (default: src/site.config.ts's). */
  convertMemoryMb?: number;
  /**
   * Where the uploads' hashes are remembered between runs (scripts/lib/ingest/upload-hashes.ts; default:
   * the ingest/ folder of src/site.config.ts's default cache); null: read and hash every upload.
   */
  cacheDir?: string | null;
  /** Where the conversion's code is read from for its version (default: the project; tests pass an edited copy). */
  codeSource?: ModuleSource;
}

/** What a command's ingest takes from the configuration (the caller adds what it does with the run). */
export function ingestOptionsOf(
  config: GongkaiConfig,
): Pick<
  IngestOptions,
  'sources' | 'reports' | 'today' | 'workers' | 'convertSeconds' | 'convertMemoryMb' | 'cacheDir'
> {
  return {
    sources: config.paths.sources,
    reports: config.paths.reports,
    ...(config.today ? { today: config.today } : {}),
    workers: config.ingest.workers,
    convertSeconds: config.ingest.convertSeconds,
    convertMemoryMb: config.ingest.convertMemoryMb,
    cacheDir: config.cache.ingest,
  };
}

export interface IngestSummary {
  total: number;
  added: string[];
  updated: string[];
  unchanged: number;
  removed: string[];
  failed: FileMessage[];
  warnings: FileMessage[];
  duplicates: FileMessage[];
  reportsDir: string;
}

interface LedgerEntry {
  sha256: string;
  sidecar: string | null;
  converter: string;
  added: string;
  slug: string;
  textHash: string;
  output: string | null;
  duplicateOf: string | null;
  duplicates: string[];
  warnings: string[];
}

interface Ledger {
  version: 1;
  sources: Record<string, LedgerEntry>;
}

const SIDECAR = /\.meta\.ya?ml$/i;

export function sidecarPathOf(path: string): string {
  return path.replace(/\.[^./]+$/, '.meta.yaml');
}

/**
 * What the file system keeps beside uploads and no webmaster put there: passed over without a word.
 * Any other name starting with a dot is named in the summary (it may be a report someone hid by mistake).
 */
const SYSTEM_FILES = /^(\.DS_Store|\.gitkeep|\.gitignore|\.git|\.svn|\._.*|Thumbs\.db|desktop\.ini)$/i;

export interface SourceListing {
  /** Uploads and sidecars to read, relative and '/'-separated, sorted. */
  files: string[];
  /** Entries that are not read, each with why (a symbolic link leading outside, a name not in UTF-8). */
  refused: FileMessage[];
  /** Hidden entries (a name starting with a dot), not read. */
  hidden: FileMessage[];
}

/**
 * The uploads under content/sources. Nothing outside the folder is read: a symbolic link is followed
 * only when it ends at a file inside the folder (scripts/lib/shared/contained-path.ts); a link to a folder, to a
 * place outside, a loop or a dangling link is refused with a message. Nothing is passed over in silence
 * but the system files above.
 */
export function listSources(root: string): SourceListing {
  const listing: SourceListing = { files: [], refused: [], hidden: [] };
  const visit = (dir: string) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && dir === root) return;
      throw error;
    }
    for (const entry of entries) {
      if (SYSTEM_FILES.test(entry.name)) continue;
      const full = join(dir, entry.name);
      const path = relative(root, full).split(sep).join('/');
      if (entry.name.includes('\uFFFD')) {
        // readdir decodes names as UTF-8: a name in GBK (from an old zip tool) cannot even be opened again.
        listing.refused.push({
          path,
          message: '文件名不是有效的 UTF-8 编码（常见于在 GBK 系统上打包的压缩文件），无法读取',
          hint: '请把文件（或文件夹）重命名后重新放入 content/sources',
        });
        continue;
      }
      if (entry.name.startsWith('.')) {
        listing.hidden.push({
          path,
          message: `隐藏${entry.isDirectory() ? '文件夹' : '文件'}（名称以“.”开头），未发布`,
          hint: '若要发布，请去掉名称开头的“.”',
        });
        continue;
      }
      if (entry.isDirectory()) visit(full);
      else if (entry.isFile()) listing.files.push(path);
      else if (entry.isSymbolicLink()) {
        const target = fileInside(root, path);
        if (target.ok) listing.files.push(path);
        else
          listing.refused.push({
            path,
            message: `符号链接未跟随：${target.reason === 'not-a-file' ? `「${path}」指向文件夹或特殊文件` : target.message}`,
            hint: '请把报告文件本身（而不是链接）放进 content/sources',
          });
      } else listing.refused.push({ path, message: '不是普通文件（设备、管道或套接字），未读取', hint: '请删除它' });
    }
  };
  visit(root);
  const byPath = (a: { path: string } | string, b: { path: string } | string) => {
    const [x, y] = [typeof a === 'string' ? a : a.path, typeof b === 'string' ? b : b.path];
    return x < y ? -1 : x > y ? 1 : 0;
  };
  listing.files.sort(byPath);
  listing.refused.sort(byPath);
  listing.hidden.sort(byPath);
  return listing;
}

/**
 * A sidecar's text, decoded like an upload (UTF-8 with or without BOM, GB18030/GBK, UTF-16): a sidecar
 * written in Notepad on a Chinese Windows is GBK. Bytes no decoding makes sense of come back with
 * U+FFFD, which parseSidecar refuses with a message.
 */
function readSidecar(path: string): string {
  return decodeText(readFileSync(path)).text;
}

function readIfExists(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function stableJson(value: unknown): string {
  return `${JSON.stringify(
    value,
    (_key, v) =>
      v && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
        : v,
    2,
  )}\n`;
}

/**
 * The converter's version as the ledger records it: a fingerprint of every module the conversion imports
 * and of the packages it uses (src/lib/code-fingerprint.ts). Any change to how an upload becomes a report
 * converts every upload again on the next run; nobody has to remember to bump a number.
 */
export function converterVersion(source?: ModuleSource): string {
  const entries = ['src/lib/convert.ts'];
  return source ? codeFingerprint(entries, source).hash : projectCodeFingerprint(entries, PROJECT_ROOT).hash;
}

export async function runIngest(options: IngestOptions): Promise<IngestSummary> {
  const converter = converterVersion(options.codeSource);
  const ledgerPath = options.ledger ?? defaultLedgerPath(options.reports);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const ledgerText = readIfExists(ledgerPath);
  const ledger: Ledger = ledgerText ? (JSON.parse(ledgerText) as Ledger) : { version: 1, sources: {} };
  const previous = ledger.sources;
  const next: Record<string, LedgerEntry> = {};

  const hashes = await UploadHashes.load(
    options.sources,
    options.cacheDir === undefined ? CONFIG_DEFAULTS.cache.ingest : options.cacheDir,
  );
  const listing = listSources(options.sources);
  const all = listing.files;
  const sidecars = new Set(all.filter((p) => SIDECAR.test(p)));
  const uploads = all.filter((p) => !SIDECAR.test(p));
  const summary: IngestSummary = {
    total: uploads.length + listing.refused.length,
    added: [],
    updated: [],
    unchanged: 0,
    removed: [],
    failed: [],
    warnings: [],
    duplicates: [],
    reportsDir: options.reports,
  };
  summary.warnings.push(...listing.hidden);

  for (const orphan of sidecars) {
    const owner = uploads.find((u) => sidecarPathOf(u) === orphan);
    if (!owner)
      summary.warnings.push({
        path: orphan,
        message: '旁注文件没有对应的报告文件',
        hint: '旁注文件名应与报告同名，如 报告.txt + 报告.meta.yaml',
      });
  }

  // 1. Convert what is new or changed (on every core: convert-pool.ts); keep the rest as the ledger has it.
  const converted = new Map<string, Converted>();
  let done = 0;
  // Bytes are read again when converted (convert-pool.ts): a large batch is not held in memory. An upload
  // that changes in between is converted as it now is, and its new hash makes the next run convert it again.
  const jobs: {
    path: string;
    sidecarText: string | null;
    hash: string;
    sidecarHash: string | null;
    size: number;
  }[] = [];
  for (const path of uploads) {
    if (!formatOf(path)) {
      options.onProgress?.(done++, uploads.length, path);
      summary.failed.push({ path, message: '不支持的文件类型', hint: '请上传 .txt、.md、.html、.docx 或 .pdf 文件' });
      continue;
    }
    let hash: string;
    let sidecarText: string | null;
    let size: number;
    try {
      // An upload whose size, times and inode are as when it was last hashed is not read again.
      const full = join(options.sources, path);
      const identity = statSync(full);
      size = identity.size;
      const remembered = hashes.lookup(full, identity);
      if (remembered) hash = remembered;
      else {
        const hashedMs = Date.now();
        hash = sha256(readFileSync(full));
        hashes.remember(full, identity, hash, hashedMs);
      }
      sidecarText = sidecars.has(sidecarPathOf(path)) ? readSidecar(join(options.sources, sidecarPathOf(path))) : null;
    } catch (error) {
      options.onProgress?.(done++, uploads.length, path);
      summary.failed.push({ path, message: `无法读取：${(error as Error).message}`, hint: '请检查文件权限' });
      if (previous[path]) next[path] = previous[path];
      continue;
    }
    const sidecarHash = sidecarText === null ? null : sha256(sidecarText);
    const known = previous[path];
    const outputIntact = known?.output ? existsSync(join(options.reports, known.output)) : known?.duplicateOf != null;
    if (
      known &&
      outputIntact &&
      known.sha256 === hash &&
      known.sidecar === sidecarHash &&
      known.converter === converter
    ) {
      options.onProgress?.(done++, uploads.length, path);
      next[path] = known;
      continue;
    }
    jobs.push({ path, sidecarText, hash, sidecarHash, size });
  }
  const conversions = await convertAll(
    jobs.map(({ path, sidecarText, size }) => ({
      path,
      size,
      load: async () => ({ path, bytes: await readFile(join(options.sources, path)), sidecar: sidecarText }),
    })),
    {
      onDone: (path) => options.onProgress?.(done++, uploads.length, path),
      ...(options.workers ? { workers: options.workers } : {}),
      ...(options.parallelFrom ? { parallelFrom: options.parallelFrom } : {}),
      ...(options.convertSeconds ? { seconds: options.convertSeconds } : {}),
      ...(options.convertMemoryMb ? { memoryMb: options.convertMemoryMb } : {}),
    },
  );
  // In upload order, whichever finished first: the summary and the ledger do not depend on timing.
  for (const [i, { path, hash, sidecarHash }] of jobs.entries()) {
    const known = previous[path];
    const conversion = conversions[i] as Conversion;
    if (conversion.ok) {
      const result = conversion.result;
      converted.set(path, result);
      next[path] = {
        sha256: hash,
        sidecar: sidecarHash,
        converter,
        added: known?.added ?? today,
        slug: result.slug ?? known?.slug ?? '',
        textHash: result.textHash,
        output: known?.output ?? null,
        duplicateOf: null,
        duplicates: [],
        warnings: result.fields.warnings,
      };
      (known ? summary.updated : summary.added).push(path);
    } else {
      const error = conversion.error;
      const hint =
        error instanceof UnusableUpload
          ? error.hint
          : error instanceof SidecarError
            ? `请修改 ${sidecarPathOf(path)}（格式见 README「旁注文件」）`
            : '请检查文件内容；若问题持续，请报告此错误';
      summary.failed.push({ path, message: error.message, hint });
      // A failed update keeps the report as it was published; a failed new upload publishes nothing.
      if (known) next[path] = known;
    }
  }
  const order = new Map(uploads.map((path, i) => [path, i]));
  summary.failed.sort((a, b) => (order.get(a.path) ?? 0) - (order.get(b.path) ?? 0));
  summary.failed.unshift(...listing.refused);
  options.onProgress?.(uploads.length, uploads.length, '');

  // 2. The same text uploaded twice is published once: the upload seen first (then by path) stands.
  const groups = groupBy(Object.keys(next), (path) => (next[path] as LedgerEntry).textHash);
  for (const paths of groups.values()) {
    paths.sort((a, b) => {
      const ea = next[a] as LedgerEntry;
      const eb = next[b] as LedgerEntry;
      return ea.added !== eb.added ? (ea.added < eb.added ? -1 : 1) : a < b ? -1 : 1;
    });
    const [primary, ...copies] = paths as [string, ...string[]];
    const entry = next[primary] as LedgerEntry;
    const sameDuplicates = JSON.stringify(entry.duplicates) === JSON.stringify(copies);
    if (!sameDuplicates || entry.duplicateOf !== null) {
      next[primary] = { ...entry, duplicates: copies, duplicateOf: null };
      // The primary's frontmatter lists its copies: convert it again if it was kept as it was.
      if (!converted.has(primary)) {
        const bytes = readFileSync(join(options.sources, primary));
        const sidecarPath = sidecarPathOf(primary);
        const sidecarText = sidecars.has(sidecarPath) ? readSidecar(join(options.sources, sidecarPath)) : null;
        converted.set(primary, await convertSource({ path: primary, bytes, sidecar: sidecarText }));
      }
    }
    for (const copy of copies) {
      next[copy] = { ...(next[copy] as LedgerEntry), duplicateOf: primary, duplicates: [] };
      summary.duplicates.push({ path: copy, message: `与 ${primary} 内容相同，只发布一次` });
    }
  }

  // 3. Permanent slugs, one upload one report: a report keeps the slug it first got; a sidecar may set
  //    one, but never one another report holds — the newcomer is refused, naming the holder, and nothing is
  //    overwritten. Holders first (reports kept as they were, then converted reports keeping their own
  //    slug), then sidecar slugs in path order, then new slugs proposed from the metadata.
  const holder = new Map<string, string>();
  const refuse = (path: string, slug: string, other: string) => {
    converted.delete(path);
    summary.added = summary.added.filter((p) => p !== path);
    summary.updated = summary.updated.filter((p) => p !== path);
    summary.failed.push({
      path,
      message: `旁注文件指定的 slug「${slug}」已被 ${other} 的报告使用，本文件未发布（一份上传只对应一份报告）`,
      hint: `请在 ${sidecarPathOf(path)} 中换一个 slug，或删除其中的 slug 一行`,
    });
    // A refused update keeps the report as it was published; a refused new upload publishes nothing
    // (and, not being in the ledger, is converted and named again on every run until it is fixed).
    const known = previous[path];
    if (known && holder.get(known.slug) === undefined && known.output) {
      next[path] = known;
      holder.set(known.slug, path);
    } else delete next[path];
  };
  for (const [path, entry] of Object.entries(next))
    if (entry.slug && !converted.has(path) && !entry.duplicateOf) holder.set(entry.slug, path);
  const convertedPaths = [...converted.keys()].sort();
  for (const path of convertedPaths) {
    const entry = next[path] as LedgerEntry;
    const wanted = (converted.get(path) as Converted).slug;
    if (entry.slug && (wanted === null || wanted === entry.slug) && !holder.has(entry.slug))
      holder.set(entry.slug, path);
  }
  for (const path of convertedPaths) {
    const entry = next[path] as LedgerEntry;
    const wanted = (converted.get(path) as Converted).slug;
    if (wanted === null) continue;
    const other = holder.get(wanted);
    if (other !== undefined && other !== path) {
      refuse(path, wanted, other);
      continue;
    }
    if (entry.slug && holder.get(entry.slug) === path && entry.slug !== wanted) holder.delete(entry.slug);
    entry.slug = wanted;
    holder.set(wanted, path);
  }
  for (const path of convertedPaths) {
    const entry = next[path];
    if (!entry || !converted.has(path) || holder.get(entry.slug) === path) continue;
    const base = proposeSlug((converted.get(path) as Converted).fields);
    let slug = base;
    for (let n = 2; holder.has(slug); n++) slug = `${base}-${n}`;
    entry.slug = slug;
    holder.set(slug, path);
  }

  // 4. Write what changed; remove reports whose source is gone or is a duplicate.
  const wanted = new Set<string>();
  for (const [path, entry] of Object.entries(next)) {
    if (entry.duplicateOf) {
      entry.output = null;
      continue;
    }
    const result = converted.get(path);
    if (!result) {
      if (entry.output) wanted.add(entry.output);
      for (const message of entry.warnings) summary.warnings.push({ path, message, unchanged: true });
      continue;
    }
    const parsed = reportSchema.safeParse({
      ...result.fields,
      added: entry.added,
      slug: entry.slug,
      duplicates: entry.duplicates,
    });
    if (!parsed.success) {
      // Cannot happen for what the converters and the sidecar schema let through; if it does, it is this
      // upload's failure, named, and the batch goes on.
      summary.added = summary.added.filter((p) => p !== path);
      summary.updated = summary.updated.filter((p) => p !== path);
      summary.failed.push({
        path,
        message: `生成的元数据不合规：${parsed.error.issues.map((i) => `${i.path.join('.')}：${i.message}`).join('；')}`,
        hint: '请报告此错误，并附上该文件',
      });
      const known = previous[path];
      if (known?.output) {
        next[path] = known;
        wanted.add(known.output);
      } else delete next[path];
      continue;
    }
    const report: Report = parsed.data;
    const output = reportFilePath(report);
    const markdown = serializeReportFile(report, result.body);
    if (!options.dryRun) {
      const target = join(options.reports, output);
      if (readIfExists(target) !== markdown) writeAtomic(target, markdown);
    }
    entry.output = output;
    entry.warnings = report.warnings;
    wanted.add(output);
    for (const message of report.warnings) summary.warnings.push({ path, message });
  }
  summary.unchanged =
    uploads.length -
    summary.added.length -
    summary.updated.length -
    summary.failed.filter((f) => uploads.includes(f.path)).length;
  for (const path of Object.keys(previous)) if (!next[path]) summary.removed.push(path);

  if (!options.dryRun) {
    for (const file of listReportFiles(options.reports)) {
      if (!wanted.has(file)) rmSync(join(options.reports, file), { force: true });
    }
    const newLedger = stableJson({ version: 1, sources: next } satisfies Ledger);
    if (newLedger !== ledgerText) writeAtomic(ledgerPath, newLedger);
    await hashes.save();
  }
  return summary;
}
