/**
 * OCR, the I/O half (the pure half is src/lib/recognition.ts): scans and photos into text with
 * Tesseract and its Chinese models, pages rasterised by poppler's pdftoppm or decoded by sharp.
 *
 * - Nothing is fetched at run time: the engine and its models are the machine's (Debian's packages).
 * - Every core: pages of all uploads go through one queue, one Tesseract process per worker with
 *   OMP_THREAD_LIMIT=1 (Tesseract's own threads thrash on a small machine).
 * - Cached: the engine's output per page is kept under the upload's SHA-256 and the engine's identity
 *   (version, model files, rasterising settings), so a rebuild with unchanged scans runs no OCR at all;
 *   the paragraphs are rebuilt from that output each time (cheap, and it follows the code).
 * - Bounded: a page count and a pixel count per page, each refused with a message naming the limit; a
 *   PDF page larger than the pixel limit is rasterised at a lower resolution instead; every process has
 *   a time limit.
 * - A missing engine fails the uploads that need it, naming the install command; the rest goes on.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp, { type Metadata, type OutputInfo } from 'sharp';
import { UnusableUpload } from '../../../src/lib/formats/index.ts';
import { dropRed, parsePpm, parseTesseractTsv, pgm, recognizedText } from '../../../src/lib/recognition.ts';
import type { OcrSettings } from '../../../src/site.config.ts';
import { writeAtomic } from '../shared/atomic-files.ts';
import { findOcrEngine, type OcrEngine } from './ocr-engine.ts';

export type { OcrSettings };

export const OCR_INSTALL =
  'sudo apt-get install -y tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-chi-tra poppler-utils';

export { type EngineCheck, findOcrEngine, type OcrEngine } from './ocr-engine.ts';

/** What the ingest gets back for one upload. */
export type Recognition =
  | { ok: true; text: string; engine: OcrEngine; pages: number; cached: boolean }
  | { ok: false; error: UnusableUpload };

export interface RecognitionJob {
  path: string;
  kind: 'pdf' | 'image';
  sha256: string;
  load: () => Promise<Uint8Array>;
}

function execAsync(command: string, args: string[], seconds: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      {
        encoding: 'utf8',
        timeout: seconds * 1000,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, OMP_THREAD_LIMIT: '1' },
      },
      (error, stdout, stderr) => (error ? reject(Object.assign(error, { stderr })) : resolve(stdout)),
    );
  });
}

/** A page made ready: the greyscale image file the engine reads, and its resolution. */
interface PreparedPage {
  file: string;
  dpi: number;
}

/** The pages of one upload, each prepared when its turn comes (a 300-page PDF is not rasterised at once). */
interface Pages {
  count: number;
  prepare: (index: number) => Promise<PreparedPage>;
  dispose: () => void;
}

function refused(message: string, hint: string): UnusableUpload {
  return new UnusableUpload(message, hint);
}

async function pdfPages(bytes: Uint8Array, settings: OcrSettings): Promise<Pages> {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-ocr-'));
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  try {
    const input = join(dir, 'in.pdf');
    writeFileSync(input, bytes);
    const info = await execAsync('pdfinfo', [input], 30).catch((error: { stderr?: string }) => {
      throw refused(
        `无法读取 PDF 的页面：${(error.stderr ?? '').trim().split('\n')[0] ?? ''}`,
        '请确认文件是完整的 PDF',
      );
    });
    const count = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
    if (count === 0) throw refused('PDF 中没有页面', '请确认文件是完整的 PDF');
    if (count > settings.maxPages)
      throw refused(
        `PDF 有 ${count} 页，超过文字识别的上限 ${settings.maxPages} 页`,
        `请拆分后上传，或提供文字版本；确需识别时调高 GONGKAI_OCR_MAX_PAGES`,
      );
    const [w, h] = (/^Page size:\s+([\d.]+) x ([\d.]+)/m.exec(info)?.slice(1) ?? ['595', '842']).map(Number) as [
      number,
      number,
    ];
    // A poster-sized page at 300 dpi is hundreds of megapixels: its resolution is lowered to the limit.
    const pixelsAt = (dpi: number) => ((w * dpi) / 72) * ((h * dpi) / 72);
    const dpi = Math.max(
      72,
      Math.min(settings.dpi, Math.floor(settings.dpi * Math.sqrt(settings.maxPixels / pixelsAt(settings.dpi)))),
    );
    return {
      count,
      dispose,
      prepare: async (index) => {
        const root = join(dir, `p${index}`);
        const page = String(index + 1);
        await execAsync(
          'pdftoppm',
          ['-r', String(dpi), '-f', page, '-l', page, '-singlefile', input, root],
          settings.pageSeconds,
        );
        const image = parsePpm(readFileSync(`${root}.ppm`));
        rmSync(`${root}.ppm`, { force: true });
        const file = `${root}.pgm`;
        writeFileSync(file, pgm(dropRed(image.pixels, image.channels, image.width), image.width, image.height));
        return { file, dpi };
      },
    };
  } catch (error) {
    dispose();
    throw error;
  }
}

async function imagePages(bytes: Uint8Array, settings: OcrSettings): Promise<Pages> {
  const options = { limitInputPixels: settings.maxPixels, failOn: 'error' as const };
  let meta: Metadata;
  try {
    // The header only: the pixel limit is checked here with a message, then enforced by the decoder.
    meta = await sharp(bytes, { failOn: 'error' }).metadata();
  } catch (error) {
    throw refused(`图片无法读取：${(error as Error).message}`, '请确认文件是完整的 JPG、PNG 或 TIFF 图片');
  }
  const pixels = (meta.width ?? 0) * (meta.height ?? 0);
  if (pixels > settings.maxPixels)
    throw refused(
      `图片过大（${meta.width}×${meta.height} 像素），超过文字识别的上限 ${Math.round(settings.maxPixels / 1e6)} 百万像素`,
      '请以 300 dpi 重新扫描或缩小后上传；确需识别时调高 GONGKAI_OCR_MAX_PIXELS',
    );
  const count = meta.pages ?? 1;
  if (count > settings.maxPages)
    throw refused(`图片有 ${count} 页，超过文字识别的上限 ${settings.maxPages} 页`, '请拆分后上传');
  // The resolution the image says it has; a photo says nothing useful (72), and is taken as an A4 page.
  const density =
    meta.density && meta.density >= 100 && meta.density <= 1200
      ? meta.density
      : Math.round((meta.width ?? 2480) / 8.27);
  // Scanned finer than the engine reads best, it is scaled down to that resolution (as a PDF page is rasterised at it).
  const scale = density > settings.dpi * 1.2 ? settings.dpi / density : 1;
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-ocr-'));
  return {
    count,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
    prepare: async (index) => {
      let decoded: { data: Buffer; info: OutputInfo };
      try {
        // rotate(): a photo's EXIF orientation applied, as every viewer shows it.
        let image = sharp(bytes, { ...options, page: index }).rotate();
        if (scale < 1) image = image.resize({ width: Math.round((meta.autoOrient?.width ?? meta.width ?? 0) * scale) });
        decoded = await image.toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
      } catch (error) {
        throw refused(`图片无法解码：${(error as Error).message}`, '请确认文件是完整的 JPG、PNG 或 TIFF 图片');
      }
      const { data, info } = decoded;
      const file = join(dir, `p${index}.pgm`);
      writeFileSync(file, pgm(dropRed(data, info.channels, info.width), info.width, info.height));
      return { file, dpi: Math.round(Math.max(70, Math.min(1200, density * scale))) };
    },
  };
}

async function recognizePage(page: PreparedPage, settings: OcrSettings): Promise<string> {
  try {
    return await execAsync(
      'tesseract',
      [page.file, 'stdout', '-l', settings.languages, '--psm', '1', '--dpi', String(page.dpi), 'tsv'],
      settings.pageSeconds,
    );
  } catch (error) {
    const e = error as { killed?: boolean; stderr?: string; message: string };
    if (e.killed)
      throw refused(`文字识别超时（一页超过 ${settings.pageSeconds} 秒）`, '请以 300 dpi 重新扫描，或提供文字版本');
    throw refused(
      `文字识别失败：${(e.stderr ?? e.message).trim().split('\n').pop()}`,
      '请确认扫描件完整，或提供文字版本',
    );
  } finally {
    rmSync(page.file, { force: true });
  }
}

interface CacheEntry {
  engine: OcrEngine;
  /** Tesseract's TSV, one per page. */
  pages: string[];
}

function cacheFile(cacheDir: string, sha256: string, engine: OcrEngine): string {
  return join(cacheDir, `${sha256}.${engine.id}.json`);
}

/** An upload's recognition as the cache holds it, or null (no cache, or recognised by another engine). */
export function cachedRecognition(cacheDir: string | null, sha256: string, engine: OcrEngine): Recognition | null {
  if (!cacheDir) return null;
  try {
    const entry = JSON.parse(readFileSync(cacheFile(cacheDir, sha256, engine), 'utf8')) as CacheEntry;
    return {
      ok: true,
      text: recognizedText(entry.pages.map(parseTesseractTsv)),
      engine,
      pages: entry.pages.length,
      cached: true,
    };
  } catch {
    return null;
  }
}

export interface RecognizeOptions {
  settings: OcrSettings;
  /** Where recognised pages are kept between runs; null: nowhere. */
  cacheDir: string | null;
  /** After each page: pages done, pages known so far, the upload. */
  onPage?: (done: number, total: number, path: string) => void;
}

/**
 * Every job's text, the pages of all of them in one queue of `settings.workers` engine processes. The
 * result is in job order; one upload's failure (a corrupt page, a limit) is that upload's alone.
 */
export async function recognizeAll(jobs: readonly RecognitionJob[], options: RecognizeOptions): Promise<Recognition[]> {
  const { settings } = options;
  const check = findOcrEngine(settings.languages);
  if (!check.ok) {
    const error = refused(
      `需要文字识别（OCR），但本机没有安装${check.missing}`,
      `安装命令：${OCR_INSTALL}；或在旁边放一个同名的 .ocr.txt 文本文件作为它的文字`,
    );
    return jobs.map(() => ({ ok: false, error }));
  }
  const { engine } = check;
  const results: (Recognition | undefined)[] = jobs.map(
    (job) => cachedRecognition(options.cacheDir, job.sha256, engine) ?? undefined,
  );
  let done = 0;
  let total = 0;
  // Uploads are opened one after another as the queue needs pages; each upload's pages go to any free worker.
  const pending = jobs.map((job, i) => ({ job, i })).filter(({ i }) => !results[i]);
  type Open = {
    i: number;
    job: RecognitionJob;
    pages: Pages;
    tsv: (string | undefined)[];
    next: number;
    left: number;
    failed: UnusableUpload | null;
  };
  const open: Open[] = [];
  let cursor = 0;
  const finish = (entry: Open) => {
    entry.pages.dispose();
    if (entry.failed) {
      results[entry.i] = { ok: false, error: entry.failed };
      return;
    }
    const pages = entry.tsv as string[];
    if (options.cacheDir) {
      mkdirSync(options.cacheDir, { recursive: true });
      writeAtomic(
        cacheFile(options.cacheDir, entry.job.sha256, engine),
        JSON.stringify({ engine, pages } satisfies CacheEntry),
      );
    }
    results[entry.i] = {
      ok: true,
      text: recognizedText(pages.map(parseTesseractTsv)),
      engine,
      pages: pages.length,
      cached: false,
    };
  };
  /** The next page to recognise: of an upload already open, else of the next upload, opened now. */
  const nextPage = async (): Promise<{ entry: Open; index: number } | null> => {
    for (;;) {
      const current = open.find((entry) => !entry.failed && entry.next < entry.pages.count);
      if (current) return { entry: current, index: current.next++ };
      if (cursor >= pending.length) return null;
      const { job, i } = pending[cursor++] as { job: RecognitionJob; i: number };
      try {
        const bytes = await job.load();
        const pages = job.kind === 'pdf' ? await pdfPages(bytes, settings) : await imagePages(bytes, settings);
        total += pages.count;
        open.push({ i, job, pages, tsv: new Array(pages.count), next: 0, left: pages.count, failed: null });
      } catch (error) {
        results[i] = {
          ok: false,
          error:
            error instanceof UnusableUpload
              ? error
              : refused(`无法准备文字识别：${(error as Error).message}`, '请检查文件是否完整'),
        };
      }
    }
  };
  const worker = async () => {
    for (let task = await nextPage(); task; task = await nextPage()) {
      const { entry, index } = task;
      try {
        if (!entry.failed) entry.tsv[index] = await recognizePage(await entry.pages.prepare(index), settings);
      } catch (error) {
        entry.failed ??=
          error instanceof UnusableUpload
            ? error
            : refused(`文字识别失败：${(error as Error).message}`, '请检查文件是否完整');
        // The pages not yet handed out are not recognised: the upload has failed already.
        entry.left -= entry.pages.count - entry.next;
        entry.next = entry.pages.count;
      }
      done++;
      options.onPage?.(done, total, entry.job.path);
      if (--entry.left <= 0) {
        open.splice(open.indexOf(entry), 1);
        finish(entry);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, settings.workers) }, worker));
  return results.map((result) => result ?? { ok: false, error: refused('文字识别未完成', '请重新运行') });
}
