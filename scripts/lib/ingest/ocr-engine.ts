/**
 * Which OCR engine this machine has (Tesseract with the language models asked for, and poppler's pdftoppm), and
 * what is missing: apart from the recognition itself (recognize.ts, which loads sharp), so that a build that only
 * needs to know the engine — to tell whether a stamped failure would fail again (scripts/lib/site/build-stamp.ts) —
 * starts quickly.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface OcrEngine {
  /** `tesseract 5.3.0`. */
  version: string;
  /** The models used, each with its size and hash prefix: `chi_sim (2469156 B, 3c1e…)`. */
  model: string;
  /** What the cache is keyed by: engine, models, and how pages are prepared. */
  id: string;
}

export type EngineCheck = { ok: true; engine: OcrEngine } | { ok: false; missing: string };

function run(command: string, args: string[]): string | null {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; code?: string };
    // `pdftoppm -v` prints its version on stderr and may exit non-zero: present all the same.
    if (e.code === 'ENOENT' || e.code === 'ETIMEDOUT') return null;
    return `${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
}

/** How pages are prepared for the engine: part of the cache key (a change here recognises every scan again). */
const PREPARATION = 'pdftoppm-ppm dropRed(110,50) pgm psm1 tsv';

let engineCache: { key: string; check: EngineCheck } | undefined;

/** The machine's OCR engine with the models asked for, or what is missing. Asked once per process and PATH. */
export function findOcrEngine(languages: string): EngineCheck {
  const key = `${languages}\n${process.env.PATH ?? ''}`;
  if (engineCache?.key === key) return engineCache.check;
  const check = ((): EngineCheck => {
    const version = run('tesseract', ['--version'])?.split('\n')[0]?.trim();
    if (!version?.startsWith('tesseract')) return { ok: false, missing: '文字识别引擎 tesseract' };
    const listing = run('tesseract', ['--list-langs']) ?? '';
    const dir = /"([^"]+)"/.exec(listing)?.[1];
    const installed = new Set(listing.split('\n').map((line) => line.trim()));
    const models: string[] = [];
    for (const language of languages.split('+')) {
      if (!installed.has(language) || !dir) return { ok: false, missing: `tesseract 的语言模型 ${language}` };
      const file = join(dir, `${language}.traineddata`);
      const bytes = readFileSync(file);
      models.push(
        `${language} (${statSync(file).size} B, ${createHash('sha256').update(bytes).digest('hex').slice(0, 12)})`,
      );
    }
    if (run('pdftoppm', ['-v']) === null) return { ok: false, missing: 'PDF 栅格化工具 pdftoppm（poppler-utils）' };
    const model = models.join(' + ');
    const id = createHash('sha256').update(`${version}\n${model}\n${PREPARATION}`).digest('hex').slice(0, 16);
    return { ok: true, engine: { version, model, id } };
  })();
  engineCache = { key, check };
  return check;
}
