/**
 * The figures of a run, as text for the terminal and as JSON for a file. Pure.
 */
import { ANNOTATED_FIELDS } from './annotations.ts';
import type { AccuracyRun } from './measure.ts';
import { type FieldTally, fieldTotals, type Miss, type PartTallies, type Tally, wholeReportShare } from './score.ts';
import { PARTS, type Part } from './split.ts';

/** Which misses are listed: the develop part's (the default: the measure part is read, not worked from), all, or none. */
export type MissesShown = 'develop' | 'all' | 'none';

export const percent = (share: number) => `${(100 * share).toFixed(1)}%`;

export const wholeReports = (t: Tally) =>
  t.reports === 0 ? '—' : `${t.reportsRight}/${t.reports} (${percent(wholeReportShare(t))})`;

const COLUMNS: (keyof FieldTally)[] = ['right', 'wrong', 'missing', 'unscored'];
const HEADS = ['right', 'wrong', 'miss', 'extra'];
const GROUPS: (Part | 'all')[] = [...PARTS, 'all'];
const LABEL = 18;
const CELL = 6;
const GROUP = CELL * COLUMNS.length + 3;

function table(parts: PartTallies): string[] {
  const cells = (t: FieldTally) => COLUMNS.map((c) => String(t[c]).padStart(CELL)).join('');
  const row = (label: string, pick: (t: Tally) => FieldTally) =>
    label.padEnd(LABEL) + GROUPS.map((g) => cells(pick(parts[g])).padEnd(GROUP)).join('');
  return [
    ''.padEnd(LABEL) + GROUPS.map((g) => ` ${g} `.padStart(CELL * COLUMNS.length, '─').padEnd(GROUP)).join(''),
    'field'.padEnd(LABEL) +
      GROUPS.map(() =>
        HEADS.map((h) => h.padStart(CELL))
          .join('')
          .padEnd(GROUP),
      ).join(''),
    ...ANNOTATED_FIELDS.map((f) => row(f, (t) => t.fields[f])),
    row('all fields', fieldTotals),
    'every field right'.padEnd(LABEL) +
      GROUPS.map((g) =>
        wholeReports(parts[g])
          .padStart(CELL * COLUMNS.length)
          .padEnd(GROUP),
      ).join(''),
  ].map((line) => line.trimEnd());
}

function describe(parts: PartTallies): string {
  const without = parts.all.withoutUrl > 0 ? `; ${parts.all.withoutUrl} without a URL (in develop)` : '';
  const unreadable = parts.all.unreadable > 0 ? `; ${parts.all.unreadable} not converted` : '';
  return `${parts.all.reports} reports: ${parts.develop.reports} develop, ${parts.measure.reports} measure${without}${unreadable}`;
}

export function missesOf(run: AccuracyRun, shown: MissesShown, kind: 'misses' | 'extras' = 'misses'): Miss[] {
  if (shown === 'none') return [];
  return run.corpora
    .flatMap(({ result }) => result.reports.flatMap((r) => r[kind]))
    .filter((m) => shown === 'all' || m.part === 'develop');
}

export function formatRun(run: AccuracyRun, options: { date: string; misses: MissesShown }): string {
  const out: string[] = [
    `Extraction accuracy, ${options.date}: the ingest's conversion of every annotated text, scored on the filled cells`,
    'right: the annotated value; wrong: another value; miss: none where one is annotated; extra: a value where the',
    'annotation is empty (not scored). Rules are written against the develop part only; the measure part is only read.',
  ];
  if (run.corpora.length === 0) out.push('', 'No annotated corpus found.');
  for (const { result, parts } of run.corpora) {
    out.push('', `${result.source.name} — ${describe(parts)}`, ...table(parts));
  }
  if (run.corpora.length > 1) {
    const repeated = run.repeated > 0 ? `; ${run.repeated} listed again in a later corpus, counted once` : '';
    out.push('', `overall — ${describe(run.overall)}${repeated}`, ...table(run.overall));
  }
  const problems = run.corpora.flatMap(({ result }) => result.problems);
  if (problems.length > 0) out.push('', 'Problems:', ...problems.map((p) => `  ${p}`));
  const unconverted = run.corpora.flatMap(({ result }) =>
    result.reports
      .filter((r) => r.error !== null)
      .map((r) => `  ${r.annotation.corpus}/${r.annotation.file}: ${r.error}`),
  );
  if (unconverted.length > 0) out.push('', 'Not converted:', ...unconverted);
  if (options.misses !== 'none') {
    const misses = missesOf(run, options.misses);
    const which =
      options.misses === 'develop'
        ? 'develop part (`--misses all` lists the measure part too: read it, do not write rules from it)'
        : 'both parts';
    out.push('', `Misses, ${which}: ${misses.length}`);
    const part = (m: Miss) => (options.misses === 'all' ? `[${m.part}] ` : '');
    for (const m of misses)
      out.push(`  ${part(m)}${m.corpus}/${m.file}  ${m.field}: expected 「${m.expected}」, got 「${m.got}」`);
    const extras = missesOf(run, options.misses, 'extras');
    out.push('', `Filled where the annotation is empty (extra, not scored), ${which}: ${extras.length}`);
    for (const m of extras) out.push(`  ${part(m)}${m.corpus}/${m.file}  ${m.field}: got 「${m.got}」`);
  }
  return out.join('\n');
}

/** The figures as data: per corpus and part, per field; overall; the misses listed. */
export function runToJson(run: AccuracyRun, options: { date: string; misses: MissesShown }) {
  const figures = (parts: PartTallies) =>
    Object.fromEntries(
      GROUPS.map((g) => [
        g,
        { ...parts[g], wholeReportShare: wholeReportShare(parts[g]), totals: fieldTotals(parts[g]) },
      ]),
    );
  return {
    date: options.date,
    corpora: run.corpora.map(({ result, parts }) => ({
      name: result.source.name,
      tsv: result.source.tsv,
      figures: figures(parts),
      problems: result.problems,
    })),
    overall: { repeated: run.repeated, figures: figures(run.overall) },
    missesShown: options.misses,
    misses: missesOf(run, options.misses),
    extras: missesOf(run, options.misses, 'extras'),
  };
}
