/**
 * How many generated reports the ingest read as the generator made them (the manifest's truth): the
 * ingest's accuracy on uploads it has never seen, per field (for scripts/bench.ts). Mismatches are
 * listed (the first few).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listReportFiles } from '../../../src/collection/report-files.ts';
import { parseReportFile } from '../../../src/lib/report-file.ts';
import type { GeneratedFile } from '../shared/corpus-generator.ts';
import { round } from './figures.ts';

export interface IngestAccuracy {
  /** Generated reports found among the report files. */
  reports: number;
  /** The share of them with every field right (null: none found). */
  allFieldsRight: number | null;
  /** The share right, per field (null: the field was never checked). */
  byField: Record<string, number | null>;
  firstMismatches: string[];
}

export function ingestAccuracy(reportsDir: string, corpus: GeneratedFile[]): IngestAccuracy {
  const truthByPath = new Map(corpus.filter((f) => f.truth).map((f) => [f.path, f.truth]));
  const fields = ['title', 'authority', 'year', 'region', 'docNumber', 'published'] as const;
  const right: Record<string, number> = Object.fromEntries(fields.map((f) => [f, 0]));
  const checked: Record<string, number> = Object.fromEntries(fields.map((f) => [f, 0]));
  const misses: string[] = [];
  let reports = 0;
  let allRight = 0;
  for (const file of listReportFiles(reportsDir)) {
    // Through the one report-file reader (src/lib/report-file.ts), as every stage reads them.
    const { report: fm } = parseReportFile(readFileSync(join(reportsDir, file), 'utf8'));
    const truth = truthByPath.get(fm.source.path);
    if (!truth) continue;
    reports++;
    const got: Record<string, unknown> = {
      title: fm.title,
      authority: fm.authority,
      year: fm.year,
      region: fm.region?.code,
      docNumber: fm.docNumber ?? null,
      published: fm.published ?? null,
    };
    const want: Record<string, unknown> = {
      title: truth.title,
      authority: truth.authority,
      year: truth.year,
      region: truth.regionCode,
      docNumber: truth.docNumber,
      // Only a web page shows its publication date.
      published: truth.format === 'html' ? truth.date : undefined,
    };
    let ok = true;
    for (const f of fields) {
      if (want[f] === undefined) continue;
      checked[f] = (checked[f] ?? 0) + 1;
      if (got[f] === want[f]) right[f] = (right[f] ?? 0) + 1;
      else {
        ok = false;
        if (misses.length < 12)
          misses.push(`${fm.source.path}: ${f} ${JSON.stringify(got[f])} ≠ ${JSON.stringify(want[f])}`);
      }
    }
    if (ok) allRight++;
  }
  return {
    reports,
    allFieldsRight: reports ? round(allRight / reports, 3) : null,
    byField: Object.fromEntries(
      fields.map((f) => [f, checked[f] ? round((right[f] ?? 0) / (checked[f] ?? 1), 3) : null]),
    ),
    firstMismatches: misses,
  };
}
