/**
 * Runs the ingest's own conversion (convertSource: container → text → extraction, as `npm run ingest` does
 * for an upload without a sidecar) over each annotated text and scores it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type Converted, convertSource } from '../../../src/lib/convert.ts';
import {
  ANNOTATED_FIELDS,
  type AnnotatedField,
  AnnotationError,
  extractedValue,
  parseAnnotations,
} from './annotations.ts';
import type { CorpusSource } from './corpora.ts';
import { type PartTallies, type ReportResult, scoreReport, tallyByPart } from './score.ts';

export interface MeasuredReport extends ReportResult {
  /** SHA-256 of the text's bytes (null when it could not be read): the same text in two corpora is one report overall. */
  sha256: string | null;
}

export interface CorpusResult {
  source: CorpusSource;
  reports: MeasuredReport[];
  /** A TSV that cannot be read, a text it names that is not there. */
  problems: string[];
}

/**
 * An annotated text converted as the ingest converts an upload without a sidecar. Only the file name: the
 * folders a corpus lives in (dev2/, fixtures/) are not places.
 */
export function convertAnnotated(file: string, bytes: Uint8Array): Promise<Converted> {
  return convertSource({ path: basename(file), bytes });
}

/** The values the ingest would write for one upload, as the annotations write them. */
export async function extractedValues(file: string, bytes: Uint8Array): Promise<Record<AnnotatedField, string>> {
  const path = basename(file);
  const converted = await convertAnnotated(file, bytes);
  const values = Object.fromEntries(ANNOTATED_FIELDS.map((f) => [f, extractedValue(converted.fields, f)])) as Record<
    AnnotatedField,
    string
  >;
  // No title found: the ingest names the report after its file (or 未命名报告); that is not an extracted title.
  if (values.title === path.replace(/\.[^.]+$/, '') || values.title === '未命名报告') values.title = '';
  return values;
}

export async function measureCorpus(source: CorpusSource): Promise<CorpusResult> {
  const problems: string[] = [];
  let annotations: ReturnType<typeof parseAnnotations>;
  try {
    annotations = parseAnnotations(readFileSync(source.tsv, 'utf8'), source.name, (file) => join(source.textDir, file));
  } catch (error) {
    const message = error instanceof AnnotationError ? error.message : `${source.tsv}: ${(error as Error).message}`;
    return { source, reports: [], problems: [message] };
  }
  const reports: MeasuredReport[] = [];
  for (const annotation of annotations) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(annotation.path);
    } catch {
      problems.push(`${source.name}: ${annotation.file} is annotated but not in ${source.textDir}`);
      reports.push({ ...scoreReport(annotation, null, 'no such file'), sha256: null });
      continue;
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    try {
      reports.push({ ...scoreReport(annotation, await extractedValues(annotation.file, bytes)), sha256 });
    } catch (error) {
      // The ingest refuses this upload (UnusableUpload): every annotated field is missing.
      reports.push({ ...scoreReport(annotation, null, (error as Error).message), sha256 });
    }
  }
  return { source, reports, problems };
}

export interface AccuracyRun {
  corpora: { result: CorpusResult; parts: PartTallies }[];
  /** Every distinct report once (the first corpus listing its URL or its text wins), by part. */
  overall: PartTallies;
  /** Reports left out of `overall` because an earlier corpus has the same URL or text. */
  repeated: number;
}

export async function runAccuracy(sources: readonly CorpusSource[]): Promise<AccuracyRun> {
  const corpora: AccuracyRun['corpora'] = [];
  for (const source of sources) {
    const result = await measureCorpus(source);
    corpora.push({ result, parts: tallyByPart(result.reports) });
  }
  const seen = new Set<string>();
  const distinct: MeasuredReport[] = [];
  let repeated = 0;
  for (const { result } of corpora)
    for (const report of result.reports) {
      const keys = [report.annotation.url.trim(), report.sha256 ?? ''].filter((k) => k !== '');
      if (keys.some((k) => seen.has(k))) {
        repeated++;
        continue;
      }
      for (const k of keys) seen.add(k);
      distinct.push(report);
    }
  return { corpora, overall: tallyByPart(distinct), repeated };
}
