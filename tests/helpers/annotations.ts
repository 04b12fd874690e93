/**
 * The careful reader's annotations of the sample corpus (tests/fixtures/{seeds,dev}/*.tsv) and a
 * comparison of what the extraction finds against every annotated (non-empty) field.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Extraction } from '../../src/lib/extract.ts';

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
  set: 'seeds' | 'dev';
  file: string;
  path: string;
  fields: Partial<Record<AnnotatedField, string>>;
  notes: string;
  /** Where the report was published, when known (not part of the text). */
  url: string;
}

export function readAnnotations(set: 'seeds' | 'dev'): Annotation[] {
  const dir = join('tests/fixtures', set);
  const [header, ...rows] = readFileSync(join(dir, `${set}.tsv`), 'utf8')
    .trimEnd()
    .split('\n');
  const names = (header ?? '').split('\t');
  return rows.map((row) => {
    const cells = Object.fromEntries(row.split('\t').map((v, i) => [names[i], v.trim()]));
    const fields: Partial<Record<AnnotatedField, string>> = {};
    for (const f of ANNOTATED_FIELDS) if (cells[f]) fields[f] = cells[f];
    return {
      set,
      file: cells.file ?? '',
      path: join(dir, cells.file ?? ''),
      fields,
      notes: cells.notes ?? '',
      url: cells.url ?? '',
    };
  });
}

export function extractedValue(x: Extraction, field: AnnotatedField): string {
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
