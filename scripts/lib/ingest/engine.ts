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
import { type Converted, convertSource, sha256, type TextFromElsewhere } from '../../../src/lib/convert.ts';
import { decodeText } from '../../../src/lib/decode.ts';
import { formatOf, NeedsRecognition, UnusableUpload, UPLOAD_TYPES_HINT } from '../../../src/lib/formats/index.ts';
import { groupBy } from '../../../src/lib/group.ts';
import { SidecarError } from '../../../src/lib/overrides.ts';
import { type Report, reportSchema } from '../../../src/lib/report.ts';
import { reportFilePath, serializeReportFile } from '../../../src/lib/report-file.ts';
import type { ShardScope } from '../../../src/lib/shards.ts';
import { proposeSlug } from '../../../src/lib/urls.ts';
import { fixInSidecar } from '../../../src/lib/warnings.ts';
import { CONFIG_DEFAULTS, type GongkaiConfig } from '../../../src/site.config.ts';
import { writeAtomic } from '../shared/atomic-files.ts';
import { fileInside } from '../shared/contained-path.ts';
import type { FileMessage } from '../shared/file-message.ts';
import { defaultLedgerPath } from '../shared/ledger-path.ts';
import { PROJECT_ROOT } from '../shared/project-root.ts';
import { type Conversion, convertAll } from './convert-pool.ts';
import { findOcrEngine, type OcrSettings, type Recognition, recognizeAll } from './recognize.ts';
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
  /** OCR of scans and photos (scripts/lib/ingest/recognize.ts; default: src/site.config.ts's). */
  ocr?: OcrSettings;
  /** Where recognised pages are kept between runs (default: the ocr/ folder of the default cache); null: nowhere. */
  ocrCacheDir?: string | null;
  /** After each page recognised: pages done, pages known so far, the upload. */
  onRecognizedPage?: (done: number, total: number, path: string) => void;
  /** Where the conversion's code is read from for its version (default: the project; tests pass an edited copy). */
  codeSource?: ModuleSource;
  /**
   * One shard's part of content/sources (src/lib/shards.ts; npm run build -- --shard): only its folder is
   * walked, and the reports folder holds that shard's reports only. Default: the whole of content/sources.
   */
  scope?: ShardScope;
}

/** What a command's ingest takes from the configuration (the caller adds what it does with the run). */
export function ingestOptionsOf(
  config: GongkaiConfig,
): Pick<
  IngestOptions,
  | 'sources'
  | 'reports'
  | 'today'
  | 'workers'
  | 'convertSeconds'
  | 'convertMemoryMb'
  | 'cacheDir'
  | 'ocr'
  | 'ocrCacheDir'
  | 'onRecognizedPage'
> {
  return {
    sources: config.paths.sources,
    reports: config.paths.reports,
    ...(config.today ? { today: config.today } : {}),
    workers: config.ingest.workers,
    convertSeconds: config.ingest.convertSeconds,
    convertMemoryMb: config.ingest.convertMemoryMb,
    cacheDir: config.cache.ingest,
    ocr: config.ocr,
    ocrCacheDir: config.cache.ocr,
    onRecognizedPage: printRecognitionProgress,
  };
}

/**
 * OCR's progress, for every command that ingests: OCR takes seconds a page, a silent minute looks hung.
 * On a terminal one line rewritten; in a log every tenth page and the last.
 */
function printRecognitionProgress(done: number, total: number, path: string): void {
  const line = `文字识别 ${done}/${total} 页（${path}）`;
  if (process.stdout.isTTY) process.stdout.write(`\r${line}\u001b[K${done === total ? '\n' : ''}`);
  else if (done % 10 === 0 || done === total) console.log(line);
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
  /** The OCR engine's id (recognize.ts) when the text was recognised: under another engine it is recognised again. */
  ocr?: string;
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
 * A transcript: the text of the upload of the same name, typed or corrected by the webmaster (报告.ocr.txt
 * beside 报告.pdf). It is not an upload of its own, and it takes precedence over what OCR reads.
 */
const TRANSCRIPT = /\.ocr\.txt$/i;

export function transcriptPathOf(path: string): string {
  return path.replace(/\.[^./]+$/, '.ocr.txt');
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
export function listSources(root: string, scope: ShardScope = { folder: '', deep: true }): SourceListing {
  const listing: SourceListing = { files: [], refused: [], hidden: [] };
  const start = scope.folder ? join(root, scope.folder) : root;
  const visit = (dir: string) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && dir === start) return;
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
      // A shard that is not deep owns the files of its folder, not its subfolders (other shards' own).
      if (entry.isDirectory()) {
        if (scope.deep || dir !== start) visit(full);
      } else if (entry.isFile()) listing.files.push(path);
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
  visit(start);
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

/**
 * One run, in four steps (below) over the state they share (IngestRun). They run in this order because
 * each needs what the one before settled: duplicates need every upload's text, slugs need to know which
 * upload of a text is published, and nothing is written before every report has its slug.
 */
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
  const listing = listSources(options.sources, options.scope);
  const all = listing.files;
  const sidecars = new Set(all.filter((p) => SIDECAR.test(p) || TRANSCRIPT.test(p)));
  const uploads = all.filter((p) => !sidecars.has(p));
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

  const owned = new Set(uploads.flatMap((u) => [sidecarPathOf(u), transcriptPathOf(u)]));
  for (const orphan of sidecars) {
    if (!owned.has(orphan))
      summary.warnings.push({
        path: orphan,
        message: TRANSCRIPT.test(orphan) ? '文字稿（.ocr.txt）没有对应的报告文件' : '旁注文件没有对应的报告文件',
        hint: TRANSCRIPT.test(orphan)
          ? '文字稿的文件名应与报告同名，如 报告.pdf + 报告.ocr.txt'
          : '旁注文件名应与报告同名，如 报告.txt + 报告.meta.yaml',
      });
  }

  const run: IngestRun = {
    options,
    converter,
    today,
    previous,
    next,
    uploads,
    sidecars,
    summary,
    converted: new Map(),
    recognisedBy: new Map(),
  };
  await convertNewOrChanged(run, hashes, listing.refused);
  await publishDuplicatesOnce(run);
  assignPermanentSlugs(run);
  const wanted = writeReports(run);
  countUnchangedAndRemoved(run);

  if (!options.dryRun) {
    removeReportsNotWanted(options.reports, wanted);
    const newLedger = stableJson({ version: 1, sources: next } satisfies Ledger);
    if (newLedger !== ledgerText) writeAtomic(ledgerPath, newLedger);
    await hashes.save();
  }
  return summary;
}

/** What the steps of one run share. */
interface IngestRun {
  options: IngestOptions;
  /** converterVersion(): an upload the ledger records under another version is converted again. */
  converter: string;
  /** The day recorded as `added` for an upload seen for the first time. */
  today: string;
  /** The ledger's entries as the last run left them, and as this run leaves them (filled step by step). */
  previous: Record<string, LedgerEntry>;
  next: Record<string, LedgerEntry>;
  /** The uploads (sidecars apart), sorted, and the sidecars beside them. */
  uploads: string[];
  sidecars: Set<string>;
  /** The uploads converted in this run: the reports step 4 writes. */
  converted: Map<string, Converted>;
  /** The uploads whose text OCR recognised in this run, with the engine's id (for the ledger). */
  recognisedBy: Map<string, string>;
  summary: IngestSummary;
}

/** An upload to convert, with what the ledger records of it once converted. */
interface ConversionTask {
  path: string;
  sidecarText: string | null;
  /** The webmaster's transcript of the upload's text (报告.ocr.txt), when there is one. */
  transcript: string | null;
  hash: string;
  sidecarHash: string | null;
  /** Bytes: a large upload is converted in a bounded worker even in a small batch (convert-pool.ts). */
  size: number;
}

/** Step 1. Convert what is new or changed (on every core: convert-pool.ts); keep the rest as the ledger has it. */
async function convertNewOrChanged(run: IngestRun, hashes: UploadHashes, refused: FileMessage[]): Promise<void> {
  const { options, uploads, summary } = run;
  let done = 0;
  const progress = (path: string) => options.onProgress?.(done++, uploads.length, path);
  const jobs = uploadsToConvert(run, hashes, progress);
  const conversions = await convertAll(
    jobs.map(({ path, sidecarText, transcript, size }) => ({
      path,
      size,
      load: async () => ({
        path,
        bytes: await readFile(join(options.sources, path)),
        sidecar: sidecarText,
        text: transcriptInput(path, transcript),
      }),
    })),
    {
      onDone: (path) => progress(path),
      ...(options.workers ? { workers: options.workers } : {}),
      ...(options.parallelFrom ? { parallelFrom: options.parallelFrom } : {}),
      ...(options.convertSeconds ? { seconds: options.convertSeconds } : {}),
      ...(options.convertMemoryMb ? { memoryMb: options.convertMemoryMb } : {}),
    },
  );
  await recognizeWhereNeeded(run, jobs, conversions);
  recordConversions(run, jobs, conversions);
  // Failures in upload order, after the entries that could not even be read (listSources).
  const order = new Map(uploads.map((path, i) => [path, i]));
  summary.failed.sort((a, b) => (order.get(a.path) ?? 0) - (order.get(b.path) ?? 0));
  summary.failed.unshift(...refused);
  options.onProgress?.(uploads.length, uploads.length, '');
}

/**
 * The uploads to convert, in upload order; every other upload is settled here. A type no reader knows
 * fails; one that cannot be read fails and keeps the report it had; one whose bytes, sidecar and
 * converter are as the ledger has them, its report still there, is kept as it is.
 * Bytes are read again when converted (convert-pool.ts): a large batch is not held in memory. An upload
 * that changes in between is converted as it now is, and its new hash makes the next run convert it again.
 */
function uploadsToConvert(run: IngestRun, hashes: UploadHashes, progress: (path: string) => void): ConversionTask[] {
  const { options, previous, next, summary } = run;
  const jobs: ConversionTask[] = [];
  for (const path of run.uploads) {
    if (!formatOf(path)) {
      progress(path);
      summary.failed.push({ path, message: '不支持的文件类型', hint: UPLOAD_TYPES_HINT });
      continue;
    }
    let hash: string;
    let size: number;
    let sidecarText: string | null;
    let transcript: string | null;
    try {
      ({ hash, size } = uploadHash(hashes, join(options.sources, path)));
      sidecarText = sidecarTextOf(run, path);
      transcript = transcriptOf(run, path);
    } catch (error) {
      progress(path);
      summary.failed.push({ path, message: `无法读取：${(error as Error).message}`, hint: '请检查文件权限' });
      if (previous[path]) next[path] = previous[path];
      continue;
    }
    // A transcript is part of what the report is made from, as the sidecar is: changing it converts again.
    const sidecarHash =
      transcript !== null
        ? sha256(`${sidecarText ?? ''}\u0000${transcript}`)
        : sidecarText === null
          ? null
          : sha256(sidecarText);
    const known = previous[path];
    if (known && isUpToDate(run, known, hash, sidecarHash)) {
      progress(path);
      next[path] = known;
      continue;
    }
    jobs.push({ path, sidecarText, transcript, hash, sidecarHash, size });
  }
  return jobs;
}

/** An upload's SHA-256 and size. One whose size, times and inode are as when it was last hashed is not read again. */
function uploadHash(hashes: UploadHashes, full: string): { hash: string; size: number } {
  const identity = statSync(full);
  const remembered = hashes.lookup(full, identity);
  if (remembered) return { hash: remembered, size: identity.size };
  const hashedMs = Date.now();
  const hash = sha256(readFileSync(full));
  hashes.remember(full, identity, hash, hashedMs);
  return { hash, size: identity.size };
}

/** The text of an upload's sidecar, or null when it has none. */
function transcriptOf(run: IngestRun, upload: string): string | null {
  const path = transcriptPathOf(upload);
  return run.sidecars.has(path) ? readSidecar(join(run.options.sources, path)) : null;
}

function transcriptInput(upload: string, transcript: string | null): TextFromElsewhere | null {
  return transcript === null ? null : { from: 'transcript', path: transcriptPathOf(upload), text: transcript };
}

/**
 * The uploads whose text is in their pictures (scans, photos, a PDF with a garbage text layer): recognised
 * by OCR (recognize.ts: every core, cached by the upload's hash), then converted again with that text.
 * Conversions of recognised text are quick: they run here, not in the pool.
 */
async function recognizeWhereNeeded(run: IngestRun, jobs: ConversionTask[], conversions: Conversion[]): Promise<void> {
  const needing = jobs.flatMap((job, i) => {
    const conversion = conversions[i] as Conversion;
    return !conversion.ok && conversion.error instanceof NeedsRecognition
      ? [{ job, i, kind: conversion.error.kind }]
      : [];
  });
  if (needing.length === 0) return;
  const recognitions = await recognize(
    run,
    needing.map(({ job, kind }) => ({ path: job.path, hash: job.hash, kind })),
  );
  for (const [k, { job, i }] of needing.entries()) {
    conversions[i] = await convertRecognized(run, job.path, job.sidecarText, recognitions[k] as Recognition);
  }
}

function recognize(
  run: IngestRun,
  uploads: { path: string; hash: string; kind: 'pdf' | 'image' }[],
): Promise<Recognition[]> {
  const { options } = run;
  return recognizeAll(
    uploads.map(({ path, hash, kind }) => ({
      path,
      kind,
      sha256: hash,
      load: async () => readFile(join(options.sources, path)),
    })),
    {
      settings: options.ocr ?? CONFIG_DEFAULTS.ocr,
      cacheDir: options.ocrCacheDir === undefined ? CONFIG_DEFAULTS.cache.ocr : options.ocrCacheDir,
      ...(options.onRecognizedPage ? { onPage: options.onRecognizedPage } : {}),
    },
  );
}

async function convertRecognized(
  run: IngestRun,
  path: string,
  sidecarText: string | null,
  recognition: Recognition,
): Promise<Conversion> {
  if (!recognition.ok) return { ok: false, error: recognition.error };
  try {
    const bytes = readFileSync(join(run.options.sources, path));
    const { engine } = recognition;
    const text = { from: 'ocr', text: recognition.text, engine: engine.version, model: engine.model } as const;
    const result = await convertSource({ path, bytes, sidecar: sidecarText, text });
    run.recognisedBy.set(path, engine.id);
    return { ok: true, result };
  } catch (error) {
    return { ok: false, error: error as Error };
  }
}

function sidecarTextOf(run: IngestRun, upload: string): string | null {
  const sidecarPath = sidecarPathOf(upload);
  return run.sidecars.has(sidecarPath) ? readSidecar(join(run.options.sources, sidecarPath)) : null;
}

/**
 * Whether the ledger's entry still stands for the upload: the same bytes, sidecar and converter, and its
 * report still in place (a copy has none: step 2).
 */
function isUpToDate(run: IngestRun, known: LedgerEntry, hash: string, sidecarHash: string | null): boolean {
  const outputIntact = known.output ? existsSync(join(run.options.reports, known.output)) : known.duplicateOf != null;
  return (
    outputIntact &&
    known.sha256 === hash &&
    known.sidecar === sidecarHash &&
    known.converter === run.converter &&
    (known.ocr === undefined || recognisedByTodaysEngine(run, known.ocr))
  );
}

/**
 * Whether a recognised upload's engine is the machine's now: a new Tesseract or model recognises the scan
 * again (its cache is keyed by the engine too). With no engine at hand the report stays as it was made.
 */
function recognisedByTodaysEngine(run: IngestRun, engineId: string): boolean {
  const check = findOcrEngine((run.options.ocr ?? CONFIG_DEFAULTS.ocr).languages);
  return !check.ok || check.engine.id === engineId;
}

/**
 * The conversions into the ledger and the summary, in upload order whichever finished first: the
 * summary and the ledger do not depend on timing.
 */
function recordConversions(run: IngestRun, jobs: ConversionTask[], conversions: Conversion[]): void {
  const { previous, next, summary } = run;
  for (const [i, { path, hash, sidecarHash }] of jobs.entries()) {
    const known = previous[path];
    const conversion = conversions[i] as Conversion;
    if (conversion.ok) {
      const result = conversion.result;
      run.converted.set(path, result);
      next[path] = {
        sha256: hash,
        sidecar: sidecarHash,
        converter: run.converter,
        added: known?.added ?? run.today,
        slug: result.slug ?? known?.slug ?? '',
        textHash: result.textHash,
        output: known?.output ?? null,
        duplicateOf: null,
        duplicates: [],
        warnings: result.fields.warnings,
        ...(run.recognisedBy.has(path) ? { ocr: run.recognisedBy.get(path) as string } : {}),
      };
      (known ? summary.updated : summary.added).push(path);
    } else {
      const error = conversion.error;
      summary.failed.push({ path, message: error.message, hint: conversionHint(error, path) });
      // A failed update keeps the report as it was published; a failed new upload publishes nothing.
      if (known) next[path] = known;
    }
  }
}

/** A report's warning as the summary prints it: with the sidecar line that settles it (src/lib/warnings.ts). */
function warningOf(path: string, message: string, unchanged?: true): FileMessage {
  const hint = fixInSidecar(message, sidecarPathOf(path));
  return { path, message, ...(hint ? { hint } : {}), ...(unchanged ? { unchanged } : {}) };
}

/** What the webmaster can do about an upload that failed to convert. */
function conversionHint(error: Error, path: string): string {
  return error instanceof UnusableUpload
    ? error.hint
    : error instanceof SidecarError
      ? `请修改 ${sidecarPathOf(path)}（格式见 README「旁注文件」）`
      : '请检查文件内容；若问题持续，请报告此错误';
}

/** Step 2. The same text uploaded twice is published once: the upload seen first (then by path) stands. */
async function publishDuplicatesOnce(run: IngestRun): Promise<void> {
  const { next, summary } = run;
  for (const paths of uploadsByText(next).values()) {
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
      if (!run.converted.has(primary)) run.converted.set(primary, await convertAgain(run, primary));
    }
    for (const copy of copies) {
      next[copy] = { ...(next[copy] as LedgerEntry), duplicateOf: primary, duplicates: [] };
      summary.duplicates.push({ path: copy, message: `与 ${primary} 内容相同，只发布一次` });
    }
  }
}

/** The ledger's uploads by the hash of their text, in ledger order. */
function uploadsByText(entries: Record<string, LedgerEntry>): Map<string, string[]> {
  return groupBy(Object.keys(entries), (path) => (entries[path] as LedgerEntry).textHash);
}

/** An upload kept as it was, converted again here (in this process): its report changes although it did not. */
async function convertAgain(run: IngestRun, path: string): Promise<Converted> {
  const bytes = readFileSync(join(run.options.sources, path));
  const sidecarText = sidecarTextOf(run, path);
  try {
    return await convertSource({
      path,
      bytes,
      sidecar: sidecarText,
      text: transcriptInput(path, transcriptOf(run, path)),
    });
  } catch (error) {
    // A scan converted before: its recognition is in the OCR cache (or is made again).
    if (!(error instanceof NeedsRecognition)) throw error;
    const [recognition] = await recognize(run, [{ path, hash: sha256(bytes), kind: error.kind }]);
    const conversion = await convertRecognized(run, path, sidecarText, recognition as Recognition);
    if (!conversion.ok) throw conversion.error;
    return conversion.result;
  }
}

/** Which upload holds each slug. */
type SlugHolders = Map<string, string>;

/**
 * Step 3. Permanent slugs, one upload one report: a report keeps the slug it first got; a sidecar may set
 * one, but never one another report holds — the newcomer is refused, naming the holder, and nothing is
 * overwritten. Holders first (reports kept as they were, then converted reports keeping their own
 * slug), then sidecar slugs in path order, then new slugs proposed from the metadata.
 */
function assignPermanentSlugs(run: IngestRun): void {
  const holders: SlugHolders = new Map();
  holdKeptSlugs(run, holders);
  const convertedPaths = [...run.converted.keys()].sort();
  holdOwnSlugs(run, holders, convertedPaths);
  applySidecarSlugs(run, holders, convertedPaths);
  proposeNewSlugs(run, holders, convertedPaths);
}

/** The reports kept as they were hold their slugs (a copy publishes nothing and holds none). */
function holdKeptSlugs(run: IngestRun, holders: SlugHolders): void {
  for (const [path, entry] of Object.entries(run.next))
    if (entry.slug && !run.converted.has(path) && !entry.duplicateOf) holders.set(entry.slug, path);
}

/** Then each converted report that keeps the slug it had (its sidecar names none, or the same), if still free. */
function holdOwnSlugs(run: IngestRun, holders: SlugHolders, convertedPaths: string[]): void {
  for (const path of convertedPaths) {
    const entry = run.next[path] as LedgerEntry;
    const wanted = (run.converted.get(path) as Converted).slug;
    if (entry.slug && (wanted === null || wanted === entry.slug) && !holders.has(entry.slug))
      holders.set(entry.slug, path);
  }
}

/** Then the slugs sidecars set, in path order: one held by another report is refused; a slug left behind is freed. */
function applySidecarSlugs(run: IngestRun, holders: SlugHolders, convertedPaths: string[]): void {
  for (const path of convertedPaths) {
    const entry = run.next[path] as LedgerEntry;
    const wanted = (run.converted.get(path) as Converted).slug;
    if (wanted === null) continue;
    const other = holders.get(wanted);
    if (other !== undefined && other !== path) {
      refuseSlug(run, holders, path, wanted, other);
      continue;
    }
    if (entry.slug && holders.get(entry.slug) === path && entry.slug !== wanted) holders.delete(entry.slug);
    entry.slug = wanted;
    holders.set(wanted, path);
  }
}

/** A sidecar's slug that another report holds: this upload is not published, and the holder is named. */
function refuseSlug(run: IngestRun, holders: SlugHolders, path: string, slug: string, other: string): void {
  run.converted.delete(path);
  withdraw(run.summary, path);
  run.summary.failed.push({
    path,
    message: `旁注文件指定的 slug「${slug}」已被 ${other} 的报告使用，本文件未发布（一份上传只对应一份报告）`,
    hint: `请在 ${sidecarPathOf(path)} 中换一个 slug，或删除其中的 slug 一行`,
  });
  // A refused update keeps the report as it was published; a refused new upload publishes nothing
  // (and, not being in the ledger, is converted and named again on every run until it is fixed).
  const known = run.previous[path];
  if (known && holders.get(known.slug) === undefined && known.output) {
    run.next[path] = known;
    holders.set(known.slug, path);
  } else delete run.next[path];
}

/** Last, a slug proposed from the metadata for every converted report still without one (-2, -3… when taken). */
function proposeNewSlugs(run: IngestRun, holders: SlugHolders, convertedPaths: string[]): void {
  for (const path of convertedPaths) {
    const entry = run.next[path];
    if (!entry || !run.converted.has(path) || holders.get(entry.slug) === path) continue;
    const base = proposeSlug((run.converted.get(path) as Converted).fields);
    let slug = base;
    for (let n = 2; holders.has(slug); n++) slug = `${base}-${n}`;
    entry.slug = slug;
    holders.set(slug, path);
  }
}

/** An upload counted as added or updated that is not published after all (it is named among the failures). */
function withdraw(summary: IngestSummary, path: string): void {
  summary.added = summary.added.filter((p) => p !== path);
  summary.updated = summary.updated.filter((p) => p !== path);
}

/**
 * Step 4. Write what changed (the reports converted in this run); returns the report files the archive
 * keeps — a copy keeps none — so that the rest can be removed.
 */
function writeReports(run: IngestRun): Set<string> {
  const wanted = new Set<string>();
  for (const [path, entry] of Object.entries(run.next)) {
    if (entry.duplicateOf) {
      entry.output = null;
      continue;
    }
    const result = run.converted.get(path);
    if (!result) {
      if (entry.output) wanted.add(entry.output);
      for (const message of entry.warnings) run.summary.warnings.push(warningOf(path, message, true));
      continue;
    }
    const output = writeReport(run, path, entry, result);
    if (output !== null) wanted.add(output);
  }
  return wanted;
}

/**
 * One converted upload's report file, checked by the report schema; written unless this is a dry run or
 * the file already holds exactly this. Returns the file the upload keeps: its new one, or when the
 * check fails the one it had (null if none).
 */
function writeReport(run: IngestRun, path: string, entry: LedgerEntry, result: Converted): string | null {
  const { options, summary } = run;
  const parsed = reportSchema.safeParse({
    ...result.fields,
    added: entry.added,
    slug: entry.slug,
    duplicates: entry.duplicates,
  });
  if (!parsed.success) {
    // Cannot happen for what the converters and the sidecar schema let through; if it does, it is this
    // upload's failure, named, and the batch goes on.
    withdraw(summary, path);
    summary.failed.push({
      path,
      message: `生成的元数据不合规：${parsed.error.issues.map((i) => `${i.path.join('.')}：${i.message}`).join('；')}`,
      hint: '请报告此错误，并附上该文件',
    });
    const known = run.previous[path];
    if (known?.output) {
      run.next[path] = known;
      return known.output;
    }
    delete run.next[path];
    return null;
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
  for (const message of report.warnings) summary.warnings.push(warningOf(path, message));
  return output;
}

/** The summary's last figures: the uploads neither added, updated nor failed; the uploads gone since the last run. */
function countUnchangedAndRemoved(run: IngestRun): void {
  const { uploads, summary } = run;
  summary.unchanged =
    uploads.length -
    summary.added.length -
    summary.updated.length -
    summary.failed.filter((f) => uploads.includes(f.path)).length;
  for (const path of Object.keys(run.previous)) if (!run.next[path]) summary.removed.push(path);
}

/** Removes every report file the archive no longer keeps: its upload is gone, failed for good, or is a copy. */
function removeReportsNotWanted(reportsDir: string, wanted: Set<string>): void {
  for (const file of listReportFiles(reportsDir)) {
    if (!wanted.has(file)) rmSync(join(reportsDir, file), { force: true });
  }
}
