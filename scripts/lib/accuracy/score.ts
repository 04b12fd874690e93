/**
 * One report's extracted values against its annotation, and the counts over many reports. Pure.
 *
 * right: the annotated value; wrong: a value, not the annotated one; missing: no value where one is
 * annotated. A field the annotation leaves empty is not scored; when the extraction fills it anyway it is
 * counted apart (`unscored`), since the policy leaves a cell empty where the text cannot decide it.
 */
import { ANNOTATED_FIELDS, type AnnotatedField, type Annotation, verdict } from './annotations.ts';
import { type Part, partOf } from './split.ts';

export interface Miss {
  corpus: string;
  file: string;
  part: Part;
  field: AnnotatedField;
  expected: string;
  got: string;
}

export interface ReportResult {
  annotation: Annotation;
  part: Part;
  /** Every field's extracted value ('' for none), or null when the text could not be converted. */
  values: Record<AnnotatedField, string> | null;
  /** Why the text could not be converted. */
  error: string | null;
  misses: Miss[];
  /** Fields the annotation leaves empty and the extraction fills (not scored; `expected` is ''). */
  extras: Miss[];
  /** Every annotated field right. */
  allRight: boolean;
}

export function scoreReport(
  annotation: Annotation,
  values: Record<AnnotatedField, string> | null,
  error: string | null = null,
): ReportResult {
  const part = partOf(annotation.url);
  const misses: Miss[] = [];
  const extras: Miss[] = [];
  for (const field of ANNOTATED_FIELDS) {
    const expected = annotation.fields[field];
    const got = values?.[field] ?? '';
    const miss = { corpus: annotation.corpus, file: annotation.file, part, field, expected: expected ?? '', got };
    if (expected === undefined) {
      if (got.trim() !== '') extras.push(miss);
    } else if (verdict(field, expected, got) !== 'right') misses.push(miss);
  }
  return { annotation, part, values, error, misses, extras, allRight: misses.length === 0 && values !== null };
}

export interface FieldTally {
  annotated: number;
  right: number;
  wrong: number;
  missing: number;
  /** Filled by the extraction where the annotation is empty: not scored. */
  unscored: number;
}

export interface Tally {
  reports: number;
  /** Reports with every annotated field right. */
  reportsRight: number;
  /** Texts that could not be converted (every annotated field of theirs is missing). */
  unreadable: number;
  /** Reports without a URL, put in `develop` (the split needs one). */
  withoutUrl: number;
  fields: Record<AnnotatedField, FieldTally>;
}

export function tally(results: readonly ReportResult[]): Tally {
  const fields = Object.fromEntries(
    ANNOTATED_FIELDS.map((f) => [f, { annotated: 0, right: 0, wrong: 0, missing: 0, unscored: 0 }]),
  ) as Record<AnnotatedField, FieldTally>;
  const t: Tally = { reports: 0, reportsRight: 0, unreadable: 0, withoutUrl: 0, fields };
  for (const r of results) {
    t.reports++;
    if (r.allRight) t.reportsRight++;
    if (r.values === null) t.unreadable++;
    if (r.annotation.url.trim() === '') t.withoutUrl++;
    for (const field of ANNOTATED_FIELDS) {
      const expected = r.annotation.fields[field];
      const got = r.values?.[field] ?? '';
      const count = fields[field];
      if (expected === undefined) {
        if (got.trim() !== '') count.unscored++;
        continue;
      }
      count.annotated++;
      count[verdict(field, expected, got)]++;
    }
  }
  return t;
}

/** The sum over the fields. */
export function fieldTotals(t: Tally): FieldTally {
  const sum: FieldTally = { annotated: 0, right: 0, wrong: 0, missing: 0, unscored: 0 };
  for (const field of ANNOTATED_FIELDS)
    for (const key of Object.keys(sum) as (keyof FieldTally)[]) sum[key] += t.fields[field][key];
  return sum;
}

export interface PartTallies {
  develop: Tally;
  measure: Tally;
  all: Tally;
}

export function tallyByPart(results: readonly ReportResult[]): PartTallies {
  return {
    develop: tally(results.filter((r) => r.part === 'develop')),
    measure: tally(results.filter((r) => r.part === 'measure')),
    all: tally(results),
  };
}

/** The share of reports with every annotated field right (0 when there are none). */
export function wholeReportShare(t: Tally): number {
  return t.reports === 0 ? 0 : t.reportsRight / t.reports;
}
