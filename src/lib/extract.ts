/**
 * Text of one report → its metadata and Markdown body. Pure. The contract between the
 * container formats (which turn bytes into text plus whatever metadata the container holds)
 * and the metadata extraction.
 *
 * This is the first, minimal version; structure.ts / metadata.ts / region.ts deepen it.
 */
import type { Level, Region } from './report.ts';

/** Metadata a container carries beside the text: an HTML page's own fields or chrome, docx properties. */
export interface PageMetadata {
  title?: string | null;
  /** YYYY-MM-DD */
  published?: string | null;
  /** 来源 */
  source?: string | null;
  /** 文号 */
  docNumber?: string | null;
  /** 发文机关 / publisher */
  authority?: string | null;
  /** 索引号 */
  indexNo?: string | null;
  /** The page's own URL when the upload names it (canonical link, og:url, a saved-from comment). */
  url?: string | null;
}

export interface ExtractionClues {
  /** Path of the upload relative to content/sources, forward slashes: folder names may name regions. */
  path: string;
  page?: PageMetadata;
}

export interface Extraction {
  title: string | null;
  authority: string | null;
  year: number | null;
  region: Region;
  level: Level | null;
  docNumber: string | null;
  addressee: string | null;
  published: string | null;
  /** The report as Markdown: headings (##…), paragraphs; the title block and page chrome removed. */
  body: string;
  warnings: string[];
}

export const EMPTY_REGION: Region = { province: null, city: null, county: null, township: null, code: null };

export function extractReport(text: string, clues: ExtractionClues): Extraction {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const titleIndex = lines.findIndex((l) => /报告$/.test(l));
  const title = titleIndex >= 0 ? lines.slice(0, titleIndex + 1).join('') : (clues.page?.title ?? null);
  const year = Number(/(20\d\d)\s*年/.exec(title ?? '')?.[1]) || null;
  return {
    title,
    authority: clues.page?.authority ?? null,
    year,
    region: { ...EMPTY_REGION },
    level: null,
    docNumber: clues.page?.docNumber ?? null,
    addressee: null,
    published: clues.page?.published ?? null,
    body: lines.slice(titleIndex + 1).join('\n\n'),
    warnings: [],
  };
}
