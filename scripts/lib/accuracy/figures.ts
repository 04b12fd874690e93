/**
 * Key figures (issue 20) measured against the hand-annotated reference set, tests/fixtures/figures.tsv
 * (the rules its rows follow: tests/fixtures/FIGURES-ANNOTATION.md).
 *
 * Each annotated report is converted exactly as the other fields are measured (`convertAnnotated`, the
 * ingest's `convertSource` on the file alone) and its figures taken: the frontmatter's `figures` when the
 * conversion gives them, else `extractFigures` on the body with the report's year, place, level and issuer.
 * A figure matches an annotated row when file, indicator, value and approx are the same. Per part of the
 * split (develop / measure, by the report's `url` in its corpus TSV; no URL → develop): precision =
 * matched / extracted, recall = matched / annotated.
 *
 * Reading, checking and scoring are pure; `measureFigures` reads the files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { extractFigures, type Figure, INDICATOR_IDS, type IndicatorId } from '../../../src/lib/figures.ts';
import { regionChain } from '../../../src/lib/report-facts.ts';
import { AnnotationError, parseAnnotations } from './annotations.ts';
import { fixtureCorpora } from './corpora.ts';
import { convertAnnotated } from './measure.ts';
import type { MissesShown } from './report.ts';
import { PARTS, type Part, partOf } from './split.ts';

/** Where the reference set is, relative to the project. */
export const FIGURES_TSV = 'tests/fixtures/figures.tsv';
/** The columns of figures.tsv, in order. */
export const FIGURE_COLUMNS = ['file', 'indicator', 'value', 'approx', 'clause', 'notes'] as const;
/** The `indicator` of the one row of a report with no figure. */
export const NO_FIGURE = '-';

// ---------------------------------------------------------------------------------------------------
// The reference set

/** One row of figures.tsv. */
export interface FigureRow {
  /** The report, relative to tests/fixtures/ (`corpus/012.txt`). */
  file: string;
  /** An indicator id, or `-` on the one row of a report with no figure. */
  indicator: IndicatorId | typeof NO_FIGURE;
  /** Null on a `-` row. */
  value: number | null;
  approx: boolean;
  clause: string;
  notes: string;
  /** The row's line in the file (1 is the header). */
  line: number;
  /** The value and approx cells as written, for the check to name what cannot be read. */
  written: { value: string; approx: string };
}

/** A row that states a figure (not a `-` row). */
export type AnnotatedFigure = FigureRow & { indicator: IndicatorId; value: number };

export const isFigure = (row: FigureRow): row is AnnotatedFigure => row.indicator !== NO_FIGURE && row.value !== null;

const INDICATOR_ORDER: ReadonlyMap<string, number> = new Map(INDICATOR_IDS.map((id, i) => [id, i]));
const VALUE = /^(?:0|[1-9]\d*)(?:\.\d+)?$/;

/**
 * figures.tsv → its rows, as written (a row's cells are not judged here beyond what a row needs to be read:
 * `checkFigureRows` says what is wrong with them). Throws AnnotationError when the header is not the one
 * FIGURES-ANNOTATION.md gives.
 */
export function parseFigureRows(tsv: string, name = FIGURES_TSV): FigureRow[] {
  const lines = tsv.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split('\t').map((c) => c.trim());
  if (header.join('\t') !== FIGURE_COLUMNS.join('\t'))
    throw new AnnotationError(`${name}: the header is not ${FIGURE_COLUMNS.join(' ')} (tab-separated)`);
  const rows: FigureRow[] = [];
  lines.slice(1).forEach((text, index) => {
    if (text.trim() === '') return;
    const [file = '', indicator = '', value = '', approx = '', clause = '', ...notes] = text.split('\t');
    rows.push({
      file: file.trim(),
      indicator: indicator.trim() as FigureRow['indicator'],
      value: VALUE.test(value.trim()) ? Number(value.trim()) : null,
      approx: approx.trim() === '1',
      // The clause is verbatim: only the tab-separated cell, untrimmed but for a stray CR.
      clause,
      notes: notes.join('\t').trim(),
      line: index + 2,
      written: { value: value.trim(), approx: approx.trim() },
    });
  });
  return rows;
}

/** figures.tsv's order: by file (code-unit order), then by the indicators' order, `-` first. */
export function compareFigureRows(a: Pick<FigureRow, 'file' | 'indicator'>, b: Pick<FigureRow, 'file' | 'indicator'>) {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (INDICATOR_ORDER.get(a.indicator) ?? -1) - (INDICATOR_ORDER.get(b.indicator) ?? -1);
}

/** Rows → figures.tsv's text (header, one line per row as written, sorted). */
export function formatFigureRows(rows: readonly FigureRow[]): string {
  const line = (r: FigureRow) => [r.file, r.indicator, r.written.value, r.written.approx, r.clause, r.notes].join('\t');
  return `${[FIGURE_COLUMNS.join('\t'), ...[...rows].sort(compareFigureRows).map(line)].join('\n')}\n`;
}

/**
 * What is wrong with a reference set: an unknown indicator, a value or approx not as the rules write them,
 * a clause that is not a substring of its report, a report that is not there, two rows of one
 * file+indicator, a `-` row beside figures of the same report, rows out of order. `readText` gives a
 * report's text by its `file` (null when there is no such file). Empty when the set is well-formed.
 */
export function checkFigureRows(
  rows: readonly FigureRow[],
  readText: (file: string) => string | null,
  name = FIGURES_TSV,
): string[] {
  const problems: string[] = [];
  const texts = new Map<string, string | null>();
  const textOf = (file: string) => {
    if (!texts.has(file)) texts.set(file, readText(file));
    return texts.get(file) ?? null;
  };
  const seen = new Map<string, number>();
  const kinds = new Map<string, Set<'figure' | 'none'>>();
  rows.forEach((row, i) => {
    const at = `${name}, line ${row.line}`;
    if (row.file === '') problems.push(`${at}: no file named`);
    else if (textOf(row.file) === null) problems.push(`${at}: ${row.file} is not in tests/fixtures/`);
    const key = `${row.file}\t${row.indicator}`;
    if (seen.has(key)) problems.push(`${at}: a second row of ${row.file} ${row.indicator} (line ${seen.get(key)})`);
    else seen.set(key, row.line);
    const kind = kinds.get(row.file) ?? new Set();
    kinds.set(row.file, kind);
    if (row.indicator === NO_FIGURE) {
      kind.add('none');
      if (row.written.value !== '' || row.written.approx !== '' || row.clause.trim() !== '')
        problems.push(`${at}: a \`-\` row (no figure) has a value, approx or clause`);
    } else {
      kind.add('figure');
      if (!INDICATOR_ORDER.has(row.indicator)) problems.push(`${at}: no indicator \`${row.indicator}\``);
      if (row.value === null)
        problems.push(`${at}: the value «${row.written.value}» is not a decimal without grouping`);
      if (row.written.approx !== '0' && row.written.approx !== '1')
        problems.push(`${at}: approx is «${row.written.approx}», not 0 or 1`);
      const text = row.file === '' ? null : textOf(row.file);
      if (row.clause.trim() === '') problems.push(`${at}: no clause`);
      else if (text !== null && !text.includes(row.clause))
        problems.push(`${at}: the clause «${row.clause}» is not in ${row.file}`);
    }
    const before = rows[i - 1];
    if (before && compareFigureRows(before, row) > 0)
      problems.push(`${at}: out of order (by file, then the indicators' order)`);
  });
  for (const [file, kind] of kinds)
    if (kind.size > 1) problems.push(`${name}: ${file} has a \`-\` row (no figure) and figures`);
  return problems;
}

/** The reports a reference set covers (a `-` row's report too), in order. */
export const annotatedFiles = (rows: readonly FigureRow[]) => [...new Set(rows.map((r) => r.file))].sort();

// ---------------------------------------------------------------------------------------------------
// Scoring

/** What the extraction gives for one figure, as far as the reference judges it. */
export type ExtractedFigure = Pick<Figure, 'indicator' | 'value' | 'approx' | 'text'>;

export interface FigureScore {
  matched: AnnotatedFigure[];
  /** Extracted, not annotated (another value, another approx, or an indicator not annotated). */
  extra: ExtractedFigure[];
  /** Annotated, not extracted. */
  missed: AnnotatedFigure[];
}

const sameValue = (a: number, b: number) => Math.abs(a - b) < 1e-9;

/**
 * One report's extracted figures against its annotated rows (a `-` row is no figure): a match is the same
 * indicator, value and approx, each row and each figure used once.
 */
export function scoreFigures(annotated: readonly FigureRow[], extracted: readonly ExtractedFigure[]): FigureScore {
  const open = annotated.filter(isFigure);
  const matched: AnnotatedFigure[] = [];
  const extra: ExtractedFigure[] = [];
  for (const figure of extracted) {
    const i = open.findIndex(
      (r) => r.indicator === figure.indicator && sameValue(r.value, figure.value) && r.approx === figure.approx,
    );
    const row = i >= 0 ? open.splice(i, 1)[0] : undefined;
    if (row) matched.push(row);
    else extra.push(figure);
  }
  return { matched, extra, missed: open };
}

export interface FigureReport {
  file: string;
  part: Part;
  /** The extraction's figures, or null when the text could not be converted. */
  extracted: ExtractedFigure[] | null;
  error: string | null;
  score: FigureScore;
  /** The annotated figures (no `-` row). */
  annotated: number;
}

/** One annotated report scored. */
export function scoreFigureReport(
  file: string,
  url: string,
  rows: readonly FigureRow[],
  extracted: readonly ExtractedFigure[] | null,
  error: string | null = null,
): FigureReport {
  return {
    file,
    part: partOf(url),
    extracted: extracted ? [...extracted] : null,
    error,
    score: scoreFigures(rows, extracted ?? []),
    annotated: rows.filter(isFigure).length,
  };
}

export interface FigureCounts {
  annotated: number;
  extracted: number;
  matched: number;
}

export interface FigureTally extends FigureCounts {
  reports: number;
  /** Reports with at least one annotated figure. */
  reportsWithFigures: number;
  /** Reports whose figures are all right: every annotated one extracted, nothing else. */
  reportsRight: number;
  unreadable: number;
  /** matched / extracted (null when nothing was extracted). */
  precision: number | null;
  /** matched / annotated (null when nothing is annotated). */
  recall: number | null;
}

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);

export function tallyFigures(reports: readonly FigureReport[]): FigureTally {
  const t = {
    reports: 0,
    reportsWithFigures: 0,
    reportsRight: 0,
    unreadable: 0,
    annotated: 0,
    extracted: 0,
    matched: 0,
  };
  for (const r of reports) {
    t.reports++;
    if (r.annotated > 0) t.reportsWithFigures++;
    if (r.extracted === null) t.unreadable++;
    if (r.score.extra.length === 0 && r.score.missed.length === 0 && r.extracted !== null) t.reportsRight++;
    t.annotated += r.annotated;
    t.extracted += r.extracted?.length ?? 0;
    t.matched += r.score.matched.length;
  }
  return { ...t, precision: ratio(t.matched, t.extracted), recall: ratio(t.matched, t.annotated) };
}

/** Per indicator: annotated, extracted, matched. */
export function countsByIndicator(reports: readonly FigureReport[]): Record<IndicatorId, FigureCounts> {
  const counts = Object.fromEntries(
    INDICATOR_IDS.map((id) => [id, { annotated: 0, extracted: 0, matched: 0 }]),
  ) as Record<IndicatorId, FigureCounts>;
  for (const r of reports) {
    for (const row of r.score.matched) counts[row.indicator].matched++;
    for (const row of [...r.score.matched, ...r.score.missed]) counts[row.indicator].annotated++;
    for (const f of r.extracted ?? []) counts[f.indicator].extracted++;
  }
  return counts;
}

export type FigureParts = Record<Part | 'all', FigureTally>;

export function tallyFiguresByPart(reports: readonly FigureReport[]): FigureParts {
  return {
    develop: tallyFigures(reports.filter((r) => r.part === 'develop')),
    measure: tallyFigures(reports.filter((r) => r.part === 'measure')),
    all: tallyFigures(reports),
  };
}

// ---------------------------------------------------------------------------------------------------
// The run

export interface FigureRun {
  tsv: string;
  reports: FigureReport[];
  parts: FigureParts;
  /** A reference set that cannot be read or is not well-formed; a report that is not in a corpus TSV. */
  problems: string[];
  /** Reports of the fixture corpora with no row in the reference set. */
  notAnnotated: string[];
}

/** The figures a converted report states: its frontmatter's, or (before the conversion gives them) the extraction's. */
async function figuresOf(file: string, bytes: Uint8Array): Promise<ExtractedFigure[]> {
  const converted = await convertAnnotated(file, bytes);
  const fields = converted.fields as typeof converted.fields & { figures?: readonly Figure[] };
  if (fields.figures !== undefined) return [...fields.figures];
  return extractFigures(converted.body, {
    year: fields.year,
    place: regionChain(fields.region).at(-1) ?? null,
    level: fields.level,
    authority: fields.authority,
  });
}

/** Every report of the fixture corpora (relative to tests/fixtures/) with its URL. */
export function fixtureUrls(projectRoot: string): Map<string, string> {
  const fixtures = join(projectRoot, 'tests/fixtures');
  const urls = new Map<string, string>();
  for (const source of fixtureCorpora(projectRoot)) {
    let annotations: ReturnType<typeof parseAnnotations>;
    try {
      annotations = parseAnnotations(readFileSync(source.tsv, 'utf8'), source.name, (f) => join(source.textDir, f));
    } catch {
      continue; // The metadata run names an unreadable corpus TSV.
    }
    for (const a of annotations) urls.set(relative(fixtures, a.path).split('\\').join('/'), a.url);
  }
  return urls;
}

export async function measureFigures(
  projectRoot: string,
  tsvPath = join(projectRoot, FIGURES_TSV),
): Promise<FigureRun> {
  const fixtures = join(projectRoot, 'tests/fixtures');
  const tsv = relative(projectRoot, tsvPath);
  const empty = (problem: string): FigureRun => ({
    tsv,
    reports: [],
    parts: tallyFiguresByPart([]),
    problems: [problem],
    notAnnotated: [],
  });
  if (!existsSync(tsvPath)) return empty(`${tsv}: not there`);
  let rows: FigureRow[];
  try {
    rows = parseFigureRows(readFileSync(tsvPath, 'utf8'), tsv);
  } catch (error) {
    return empty((error as Error).message);
  }
  const path = (file: string) => join(fixtures, file);
  const problems = checkFigureRows(
    rows,
    (file) => (existsSync(path(file)) ? readFileSync(path(file), 'utf8') : null),
    tsv,
  );
  const urls = fixtureUrls(projectRoot);
  const reports: FigureReport[] = [];
  for (const file of annotatedFiles(rows)) {
    const own = rows.filter((r) => r.file === file);
    const url = urls.get(file);
    if (url === undefined) problems.push(`${tsv}: ${file} is in no corpus TSV (its part is unknown)`);
    if (!existsSync(path(file))) {
      reports.push(scoreFigureReport(file, url ?? '', own, null, 'no such file'));
      continue;
    }
    try {
      reports.push(scoreFigureReport(file, url ?? '', own, await figuresOf(file, readFileSync(path(file)))));
    } catch (error) {
      reports.push(scoreFigureReport(file, url ?? '', own, null, (error as Error).message));
    }
  }
  const covered = new Set(reports.map((r) => r.file));
  const notAnnotated = [...urls.keys()].filter((f) => !covered.has(f)).sort();
  return { tsv, reports, parts: tallyFiguresByPart(reports), problems, notAnnotated };
}

// ---------------------------------------------------------------------------------------------------
// Output

const share = (x: number | null) => (x === null ? '—' : x.toFixed(3));

/** A mismatch as listed: the report, the indicator, what was annotated or extracted, and its clause. */
export interface FigureMismatch {
  file: string;
  part: Part;
  kind: 'extracted, not annotated' | 'annotated, not extracted';
  indicator: IndicatorId;
  value: number;
  approx: boolean;
  clause: string;
}

/** The mismatches listed: the develop part's by default, both parts' with `all`, none with `none`. */
export function figureMismatches(run: FigureRun, shown: MissesShown): FigureMismatch[] {
  if (shown === 'none') return [];
  return run.reports
    .filter((r) => shown === 'all' || r.part === 'develop')
    .flatMap((r) => [
      ...r.score.extra.map((f) => ({
        file: r.file,
        part: r.part,
        kind: 'extracted, not annotated' as const,
        indicator: f.indicator,
        value: f.value,
        approx: f.approx,
        clause: f.text,
      })),
      ...r.score.missed.map((row) => ({
        file: r.file,
        part: r.part,
        kind: 'annotated, not extracted' as const,
        indicator: row.indicator,
        value: row.value,
        approx: row.approx,
        clause: row.clause,
      })),
    ]);
}

const GROUPS: (Part | 'all')[] = [...PARTS, 'all'];

/** The "Key figures" block of `npm run accuracy`. */
export function formatFigures(run: FigureRun, shown: MissesShown): string[] {
  const out = [
    `Key figures (issue 20), against ${run.tsv}: the figures of each annotated report's conversion. A match is the`,
    'same report, indicator, value and approx; precision = matched / extracted, recall = matched / annotated.',
  ];
  const heads = ['reports', 'w/ figures', 'annotated', 'extracted', 'matched', 'precision', 'recall', 'all right'];
  const widths = heads.map((h) => Math.max(h.length, 9));
  const cells = (values: string[]) => values.map((v, i) => v.padStart((widths[i] ?? 9) + 2)).join('');
  out.push(`${'part'.padEnd(9)}${cells(heads)}`);
  for (const g of GROUPS) {
    const t = run.parts[g];
    out.push(
      `${g.padEnd(9)}${cells([
        String(t.reports),
        String(t.reportsWithFigures),
        String(t.annotated),
        String(t.extracted),
        String(t.matched),
        share(t.precision),
        share(t.recall),
        `${t.reportsRight}/${t.reports}`,
      ])}`,
    );
  }
  // Per indicator only for the develop part: the measure part is read as totals, never worked from.
  const develop = countsByIndicator(run.reports.filter((r) => r.part === 'develop'));
  out.push('', 'develop part, per indicator (annotated / extracted / matched):');
  for (const id of INDICATOR_IDS) {
    const c = develop[id];
    if (c.annotated + c.extracted > 0)
      out.push(
        `  ${id.padEnd(30)}${String(c.annotated).padStart(4)}${String(c.extracted).padStart(5)}${String(c.matched).padStart(5)}`,
      );
  }
  const unconverted = run.reports.filter((r) => r.error !== null);
  if (unconverted.length > 0) out.push('', 'Not converted:', ...unconverted.map((r) => `  ${r.file}: ${r.error}`));
  if (run.notAnnotated.length > 0)
    out.push(
      '',
      `Fixture reports without a row in ${run.tsv}: ${run.notAnnotated.length}`,
      ...run.notAnnotated.map((f) => `  ${f}`),
    );
  if (run.problems.length > 0) out.push('', `Problems of ${run.tsv}:`, ...run.problems.map((p) => `  ${p}`));
  if (shown !== 'none') {
    const mismatches = figureMismatches(run, shown);
    const which =
      shown === 'develop'
        ? 'develop part (`--misses all` lists the measure part too: read it, do not write rules from it)'
        : 'both parts';
    out.push('', `Key-figure mismatches, ${which}: ${mismatches.length}`);
    for (const m of mismatches) {
      const part = shown === 'all' ? `[${m.part}] ` : '';
      const sign = m.kind === 'extracted, not annotated' ? '+' : '-';
      out.push(
        `  ${sign} ${part}${m.file}  ${m.indicator} ${m.value}${m.approx ? ' (approx)' : ''}: 「${m.clause}」  (${m.kind})`,
      );
    }
  }
  return out;
}

/** The block as data for `--json`. */
export function figuresToJson(run: FigureRun, shown: MissesShown) {
  return {
    tsv: run.tsv,
    parts: run.parts,
    developByIndicator: countsByIndicator(run.reports.filter((r) => r.part === 'develop')),
    unconverted: run.reports.filter((r) => r.error !== null).map((r) => ({ file: r.file, error: r.error })),
    notAnnotated: run.notAnnotated,
    problems: run.problems,
    mismatchesShown: shown,
    mismatches: figureMismatches(run, shown),
  };
}
