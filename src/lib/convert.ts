/**
 * One upload → one report (metadata + Markdown body). Pure: the caller reads the bytes (and the
 * sidecar) and writes the result. Steps: container → text → extraction → overrides.
 */
import { createHash } from 'node:crypto';
import { type Extraction, extractReport } from './extract.ts';
import { extractFigures, sectionOfText } from './figures.ts';
import { formatOf, readContainer, UnusableUpload, UPLOAD_TYPES_HINT } from './formats/index.ts';
import { gazetteer } from './gazetteer.ts';
import { applyFigureOverrides, applyOverrides, parseSidecar, type Sidecar } from './overrides.ts';
import { mendPlaceNames } from './recognition.ts';
import type { Report } from './report.ts';
import { regionChain } from './report-facts.ts';
import { readable, removeUnreadable } from './text-hygiene.ts';
import { noticeOnly, textWarning } from './warnings.ts';

export interface SourceInput {
  /** Path relative to content/sources, forward slashes. */
  path: string;
  bytes: Uint8Array;
  /** The sidecar's YAML text, when there is one. */
  sidecar?: string | null;
  /**
   * The upload's text from elsewhere than its bytes, for an upload whose text is in its pictures: the
   * webmaster's transcript (报告.ocr.txt beside 报告.pdf, which takes precedence), or what the ingest's
   * OCR recognised. The bytes still give the hash and the download.
   */
  text?: TextFromElsewhere | null;
}

export type TextFromElsewhere =
  | { from: 'transcript'; path: string; text: string }
  | { from: 'ocr'; text: string; engine: string; model: string };

/** Where the text came from, as the report's `source` records it. */
function provenance(text: TextFromElsewhere | null | undefined): Partial<Report['source']> {
  if (!text) return {};
  return text.from === 'transcript'
    ? { transcript: text.path }
    : { ocr: true, ocrEngine: text.engine, ocrModel: text.model };
}

/** A converted report before the archive gives it its permanent slug and `added` date. */
export interface Converted {
  fields: Omit<Report, 'slug' | 'added' | 'duplicates'>;
  body: string;
  /** The sidecar's own slug, when the webmaster set one. */
  slug: string | null;
  /** Hash of the report's own text (title, 文号, body) without whitespace: the same report in two encodings or names has one. */
  textHash: string;
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A division's full name (蓝山县), for mending what OCR misread of one (recognition.ts). */
function isPlaceName(name: string): boolean {
  return gazetteer().byName(name).length > 0;
}

export async function convertSource(input: SourceInput): Promise<Converted> {
  const format = formatOf(input.path);
  if (!format) throw new UnusableUpload('不支持的文件类型', UPLOAD_TYPES_HINT);
  const sidecar: Sidecar | null = input.sidecar ? parseSidecar(input.sidecar) : null;
  const container = input.text
    ? {
        text: input.text.from === 'ocr' ? mendPlaceNames(input.text.text, isPlaceName) : input.text.text,
        encoding: null,
      }
    : await readContainer(format, input.bytes);
  // Control characters and non-characters go before anything reads the text (an ESC inside the title
  // hid the title from the extraction, and made every feed ill-formed).
  const { text, removed } = removeUnreadable(container.text);
  if (text.replace(/\s/g, '').length === 0)
    throw input.text?.from === 'ocr'
      ? new UnusableUpload(
          '文字识别（OCR）没有识别出文字：扫描件可能是空白页，或图像质量太差',
          '请以 300 dpi 重新扫描后上传，或在旁边放一个同名的 .ocr.txt 文字稿',
        )
      : new UnusableUpload('文件中没有文字', '请检查上传的文件是否完整');
  const raw = extractReport(text, { path: input.path, ...(container.page ? { page: container.page } : {}) });
  const extracted: Extraction = applyOverrides(raw, input.path, sidecar);
  if (input.text?.from === 'ocr')
    extracted.warnings.push(textWarning(`文字由 OCR 从图片识别（${input.text.engine}），可能有错字，请对照原件核对`));
  if (removed > 0)
    extracted.warnings.push(noticeOnly(`已删除 ${removed} 个无法显示的控制字符或非字符（如 U+001B、U+FFFF）`));
  // What a sidecar sets is cleaned too (YAML's "\e" is an ESC).
  for (const key of ['title', 'authority', 'docNumber', 'addressee'] as const) {
    const value = extracted[key];
    if (typeof value === 'string') extracted[key] = readable(value) || null;
  }
  const { body, title, ...rest } = extracted;
  const fallbackTitle =
    input.path
      .split('/')
      .pop()
      ?.replace(/\.[^.]+$/, '') ?? input.path;
  // Figures are read once the metadata is final: whose figure a clause states depends on the report's
  // year, place and issuer, a sidecar's corrections included.
  const figures = applyFigureOverrides(
    extractFigures(body, {
      year: rest.year,
      place: regionChain(rest.region).at(-1) ?? null,
      level: rest.level,
      authority: rest.authority,
    }),
    sidecar?.figures,
    (clause) => sectionOfText(body, clause),
  );
  return {
    fields: {
      ...rest,
      figures,
      series: sidecar?.series ?? null,
      title: title ?? (readable(fallbackTitle) || '未命名报告'),
      source: {
        path: input.path,
        sha256: sha256(input.bytes),
        format,
        encoding: container.encoding,
        ...provenance(input.text),
      },
    },
    body,
    slug: sidecar?.slug ?? null,
    textHash: sha256(`${raw.title ?? ''}\n${raw.docNumber ?? ''}\n${body}`.replace(/\s+/g, '')),
  };
}
