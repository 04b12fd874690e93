/**
 * Report → frontmatter Markdown. Deterministic: the same report always serialises to the
 * same bytes (fixed key order, fixed YAML style), so a re-run of the ingest changes nothing.
 */
import { stringify } from 'yaml';
import type { Report } from './report.ts';

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
];

export function toFrontmatterMarkdown(report: Report, body: string): string {
  const ordered: Record<string, unknown> = {};
  for (const key of KEY_ORDER) ordered[key] = report[key];
  const yaml = stringify(ordered, { lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' });
  return `---\n${yaml}---\n\n${body.trimEnd()}\n`;
}

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/;

/** The frontmatter of a report file as YAML text, or null when the file has none. */
export function frontmatterOf(markdown: string): string | null {
  return FRONTMATTER.exec(markdown)?.[1] ?? null;
}

/**
 * The body of a frontmatter Markdown file: what follows the closing `---` and the blank line that
 * toFrontmatterMarkdown puts after it.
 */
export function markdownBody(markdown: string): string {
  const frontmatter = FRONTMATTER.exec(markdown);
  if (!frontmatter) return markdown;
  return markdown.slice(frontmatter[0].length).replace(/^\r?\n/, '');
}
