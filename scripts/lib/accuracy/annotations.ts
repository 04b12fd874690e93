/**
 * The annotation files of the sample corpora (`<name>.tsv`: tab-separated, UTF-8, one row per text; the
 * columns and the policy they follow are in ../shared/corpus/README.md and ANNOTATION.md) and the one
 * comparison of an extracted value with an annotated one. Pure.
 *
 * An empty cell means the field does not apply or the text cannot decide it: only filled cells are scored.
 */
import type { Region } from '../../../src/lib/report.ts';

export const ANNOTATED_FIELDS = [
  'title',
  'authority',
  'province',
  'city',
  'county',
  'township',
  'report_year',
  'published',
] as const;
export type AnnotatedField = (typeof ANNOTATED_FIELDS)[number];

export interface Annotation {
  /** The corpus's name as the figures show it (`shared/dev2`, `fixtures/dev`). */
  corpus: string;
  /** The text's file name, as the `file` column gives it. */
  file: string;
  /** Where the text is on disk. */
  path: string;
  /** Where the report was published, when known: provenance, never evidence; it decides the split. */
  url: string;
  /** The filled cells only. */
  fields: Partial<Record<AnnotatedField, string>>;
  notes: string;
}

export class AnnotationError extends Error {}

/**
 * Rows of a TSV with a header naming its columns (`file` required, the others as the corpus has them).
 * `textPath` turns a `file` cell into the text's path.
 */
export function parseAnnotations(tsv: string, corpus: string, textPath: (file: string) => string): Annotation[] {
  const lines = tsv.replace(/^\uFEFF/, '').split(/\r?\n/);
  const names = (lines[0] ?? '').split('\t').map((name) => name.trim());
  if (!names.includes('file')) throw new AnnotationError(`${corpus}: the first line names no \`file\` column`);
  const annotations: Annotation[] = [];
  lines.slice(1).forEach((line, index) => {
    if (line.trim() === '') return;
    const cells = Object.fromEntries(line.split('\t').map((value, i) => [names[i] ?? `#${i}`, value.trim()]));
    const file = cells.file ?? '';
    if (file === '') throw new AnnotationError(`${corpus}, line ${index + 2}: no file named`);
    const fields: Partial<Record<AnnotatedField, string>> = {};
    for (const field of ANNOTATED_FIELDS) if (cells[field]) fields[field] = cells[field];
    annotations.push({ corpus, file, path: textPath(file), url: cells.url ?? '', fields, notes: cells.notes ?? '' });
  });
  return annotations;
}

/** What the extraction gives, as far as the annotations can judge it. */
export interface ExtractedFields {
  title: string | null;
  authority: string | null;
  year: number | null;
  region: Region;
  published: string | null;
}

/** A field's extracted value as the annotation writes it ('' for none). */
export function extractedValue(x: ExtractedFields, field: AnnotatedField): string {
  switch (field) {
    case 'report_year':
      return x.year === null ? '' : String(x.year);
    case 'province':
    case 'city':
    case 'county':
    case 'township':
      return x.region[field] ?? '';
    default:
      return x[field] ?? '';
  }
}

export type Verdict = 'right' | 'wrong' | 'missing';

/** ANNOTATION.md: whitespace inside a title does not matter; every other field is compared as written. */
export function verdict(field: AnnotatedField, annotated: string, extracted: string): Verdict {
  if (extracted.trim() === '') return 'missing';
  const same =
    field === 'title'
      ? annotated.replace(/\s+/g, '') === extracted.replace(/\s+/g, '')
      : annotated.trim() === extracted.trim();
  return same ? 'right' : 'wrong';
}
