/**
 * The report file: `content/reports/<year|undated>/<slug>.md`, YAML frontmatter (the Report, src/lib/report.ts)
 * then the Markdown body. The one owner of that format — where a file goes, how it is written, how it is
 * read — for every stage that writes or reads one (the ingest, the content collection, the report pages,
 * the feeds, the search index and the downloads).
 *
 * Writing is deterministic: the same report always serialises to the same bytes (fixed key order, fixed
 * YAML style), so a re-run of the ingest changes nothing. Reading accepts what an editor may make of a
 * written file: CRLF line ends, a byte-order mark. It drops the characters no reader can take
 * (src/lib/text-hygiene.ts) from every field and the body: the ingest removes them with a warning, and a
 * file edited by hand (--skip-ingest) must not carry them into a page, a feed or the catalog either.
 */
import { parse, stringify } from 'yaml';
import { type Report, reportSchema } from './report.ts';
import { readable } from './text-hygiene.ts';

/** Report files end so; nothing else in content/reports is a report. */
export const REPORT_FILE_EXTENSION = '.md';

/** Where a report's file goes, relative to content/reports and '/'-separated: its year's folder, or undated/. */
export function reportFilePath(report: Pick<Report, 'year' | 'slug'>): string {
  return `${report.year ?? 'undated'}/${report.slug}${REPORT_FILE_EXTENSION}`;
}

const KEY_ORDER: (keyof Report)[] = [
  'title',
  'authority',
  'year',
  'region',
  'level',
  'docNumber',
  'addressee',
  'published',
  'added',
  'source',
  'slug',
  'duplicates',
  'warnings',
  'figures',
  'series',
];

const FIGURE_KEY_ORDER = ['indicator', 'value', 'unit', 'approx', 'text', 'section'] as const;

/** A report and its Markdown body as the file the ingest writes. */
export function serializeReportFile(report: Report, body: string): string {
  const ordered: Record<string, unknown> = {};
  for (const key of KEY_ORDER) ordered[key] = report[key];
  // Each figure's keys in one order too, whoever made the object (the extraction, a sidecar's correction).
  ordered.figures = (report.figures ?? []).map((f) => Object.fromEntries(FIGURE_KEY_ORDER.map((k) => [k, f[k]])));
  const yaml = stringify(ordered, { lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' });
  return `---\n${yaml}---\n\n${body.trimEnd()}\n`;
}

const FRONTMATTER = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/;

/** Why a file in content/reports is not a report file; the caller names the file. */
export class ReportFileError extends Error {
  constructor(
    message: string,
    /** The fields at fault, as `field.path: message`, when the frontmatter breaks the schema. */
    readonly issues: string[] = [],
  ) {
    super(message);
    this.name = 'ReportFileError';
  }
}

/** A report file's two parts: the frontmatter as YAML text and the body; null when it has no frontmatter. */
export function splitReportFile(text: string): { frontmatter: string; body: string } | null {
  const m = FRONTMATTER.exec(text);
  if (!m) return null;
  // The blank line serializeReportFile puts after the closing `---` is not part of the body.
  return { frontmatter: m[1] ?? '', body: readable(text.slice(m[0].length).replace(/^\r?\n/, '')) };
}

/**
 * The frontmatter's fields as written, not yet validated: for the content collection, whose own
 * validation (Astro's, with the same schema) names the file and field the way Astro users know.
 */
export function reportFileFields(text: string): Record<string, unknown> {
  const parts = splitReportFile(text);
  if (!parts) throw new ReportFileError('no frontmatter (--- … ---) at the top of the file');
  const fields: unknown = parse(parts.frontmatter) ?? {};
  if (typeof fields !== 'object' || Array.isArray(fields))
    throw new ReportFileError('the frontmatter is not a mapping of fields');
  return cleaned(fields) as Record<string, unknown>;
}

/** Every string in a parsed frontmatter without the characters no reader can take. */
function cleaned(value: unknown): unknown {
  if (typeof value === 'string') return readable(value);
  if (Array.isArray(value)) return value.map(cleaned);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [readable(k), cleaned(v)]));
  return value;
}

/** A report file read and validated: its Report and its body. Throws ReportFileError naming each field at fault. */
export function parseReportFile(text: string): { report: Report; body: string } {
  const fields = reportFileFields(text);
  const parsed = reportSchema.safeParse(fields);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(frontmatter)'}: ${issue.message}`);
    throw new ReportFileError(issues.join('; '), issues);
  }
  return { report: parsed.data, body: (splitReportFile(text) as { body: string }).body };
}
