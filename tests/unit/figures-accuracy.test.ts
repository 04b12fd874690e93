/**
 * The key figures' measure (issue 20; scripts/lib/accuracy/figures.ts, `npm run accuracy`): reading and
 * checking the reference set, scoring extracted figures against it, and the reference set itself
 * (tests/fixtures/figures.tsv) well-formed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  annotatedFiles,
  checkFigureRows,
  type ExtractedFigure,
  FIGURES_TSV,
  type FigureRun,
  figureMismatches,
  fixtureUrls,
  formatFigureRows,
  formatFigures,
  parseFigureRows,
  scoreFigureReport,
  scoreFigures,
  tallyFigures,
  tallyFiguresByPart,
} from '../../scripts/lib/accuracy/figures.ts';
import { partOf } from '../../scripts/lib/accuracy/split.ts';
import { INDICATOR_IDS } from '../../src/lib/figures.ts';

const ROOT = join(import.meta.dirname, '../..');
const HEADER = 'file\tindicator\tvalue\tapprox\tclause\tnotes';
const tsv = (...rows: string[]) => [HEADER, ...rows].join('\n');

const figure = (
  indicator: ExtractedFigure['indicator'],
  value: number,
  approx = false,
  text = '…',
): ExtractedFigure => ({
  indicator,
  value,
  approx,
  text,
});

describe('scoring one report', () => {
  const rows = parseFigureRows(
    tsv(
      'a.txt\tlitigationCases\t6\t0\t行政应诉案件共6件\t',
      'a.txt\tlostCases\t0\t0\t无一件行政败诉案件\t',
      'a.txt\tleaderAppearanceRate\t100\t0\t行政机关负责人出庭应诉率100%\t',
      'a.txt\ttrainingSessions\t30\t1\t举办法治培训30余场\t',
    ),
  );

  it('matches on indicator, value and approx', () => {
    const s = scoreFigures(rows, [
      figure('litigationCases', 6),
      figure('lostCases', 0),
      figure('leaderAppearanceRate', 100),
      figure('trainingSessions', 30, true),
    ]);
    expect(s.matched.map((r) => r.indicator)).toEqual([
      'litigationCases',
      'lostCases',
      'leaderAppearanceRate',
      'trainingSessions',
    ]);
    expect(s.extra).toEqual([]);
    expect(s.missed).toEqual([]);
  });

  it('counts another value or another approx as extracted-not-annotated and annotated-not-extracted', () => {
    const s = scoreFigures(rows, [
      figure('litigationCases', 7),
      figure('trainingSessions', 30, false),
      figure('disclosureRequests', 68),
    ]);
    expect(s.matched).toEqual([]);
    expect(s.extra.map((f) => `${f.indicator} ${f.value}`)).toEqual([
      'litigationCases 7',
      'trainingSessions 30',
      'disclosureRequests 68',
    ]);
    expect(s.missed.map((r) => r.indicator)).toEqual([
      'litigationCases',
      'lostCases',
      'leaderAppearanceRate',
      'trainingSessions',
    ]);
  });

  it('uses each row once, and a `-` row is no figure', () => {
    const twice = scoreFigures(rows, [figure('lostCases', 0), figure('lostCases', 0)]);
    expect(twice.matched).toHaveLength(1);
    expect(twice.extra).toHaveLength(1);
    const none = parseFigureRows(tsv('b.txt\t-\t\t\t\tno figure'));
    expect(scoreFigures(none, [])).toEqual({ matched: [], extra: [], missed: [] });
    expect(scoreFigures(none, [figure('lostCases', 0)]).extra).toHaveLength(1);
    // Decimals read from text compare equal.
    const rate = parseFigureRows(tsv('c.txt\texamPassRate\t98.5\t0\t考试合格率98.5%\t'));
    expect(scoreFigures(rate, [figure('examPassRate', 197 / 2)]).matched).toHaveLength(1);
  });
});

describe('tallies per part', () => {
  const rows = parseFigureRows(
    tsv('a.txt\tlitigationCases\t6\t0\t应诉案件6件\t', 'a.txt\tlostCases\t0\t0\t无败诉\t', 'b.txt\t-\t\t\t\t'),
  );
  const a = rows.filter((r) => r.file === 'a.txt');
  const b = rows.filter((r) => r.file === 'b.txt');
  const measureUrl = 'https://www.gov.cn/zhengce/';
  const developUrl = 'http://www.tjjh.gov.cn/';

  it('precision = matched / extracted, recall = matched / annotated', () => {
    const reports = [
      scoreFigureReport('a.txt', '', a, [figure('litigationCases', 6), figure('disclosureRequests', 3)]),
      scoreFigureReport('b.txt', '', b, []),
    ];
    const t = tallyFigures(reports);
    expect(t).toMatchObject({
      reports: 2,
      reportsWithFigures: 1,
      reportsRight: 1,
      annotated: 2,
      extracted: 2,
      matched: 1,
    });
    expect(t.precision).toBe(0.5);
    expect(t.recall).toBe(0.5);
    // Nothing extracted or nothing annotated: no share, not 0 or 1.
    const empty = tallyFigures([scoreFigureReport('b.txt', '', b, [])]);
    expect(empty.precision).toBeNull();
    expect(empty.recall).toBeNull();
  });

  it('puts a report in the part of its URL (none: develop); an unconverted report extracts nothing', () => {
    expect(partOf(measureUrl)).toBe('measure');
    expect(partOf(developUrl)).toBe('develop');
    const reports = [
      scoreFigureReport('a.txt', measureUrl, a, null, 'not converted'),
      scoreFigureReport('b.txt', developUrl, b, [figure('lostCases', 0)]),
    ];
    const parts = tallyFiguresByPart(reports);
    expect(parts.measure).toMatchObject({ reports: 1, unreadable: 1, annotated: 2, extracted: 0, matched: 0 });
    expect(parts.measure.recall).toBe(0);
    expect(parts.develop).toMatchObject({ reports: 1, annotated: 0, extracted: 1, matched: 0, precision: 0 });
    expect(parts.all).toMatchObject({ reports: 2, annotated: 2, extracted: 1 });
  });

  it("lists the develop part's mismatches only, unless all are asked for", () => {
    const reports = [
      scoreFigureReport('a.txt', measureUrl, a, [figure('litigationCases', 9, false, '应诉案件9件')]),
      scoreFigureReport('b.txt', developUrl, b, [figure('lostCases', 0, false, '零败诉')]),
    ];
    const run: FigureRun = {
      tsv: FIGURES_TSV,
      reports,
      parts: tallyFiguresByPart(reports),
      problems: [],
      notAnnotated: [],
    };
    expect(figureMismatches(run, 'develop')).toEqual([
      {
        file: 'b.txt',
        part: 'develop',
        kind: 'extracted, not annotated',
        indicator: 'lostCases',
        value: 0,
        approx: false,
        clause: '零败诉',
      },
    ]);
    expect(figureMismatches(run, 'none')).toEqual([]);
    expect(figureMismatches(run, 'all').map((m) => `${m.part} ${m.kind} ${m.indicator}`)).toEqual([
      'measure extracted, not annotated litigationCases',
      'measure annotated, not extracted litigationCases',
      'measure annotated, not extracted lostCases',
      'develop extracted, not annotated lostCases',
    ]);
    const printed = formatFigures(run, 'develop').join('\n');
    expect(printed).toContain('零败诉');
    expect(printed).not.toContain('应诉案件');
    expect(printed).toContain('Key-figure mismatches, develop part');
  });
});

describe('reading and checking a reference set', () => {
  const texts: Record<string, string> = {
    'a.txt': '行政应诉案件共6件，无一件行政败诉案件。',
    'b.txt': '没有数字。',
  };
  const read = (file: string) => texts[file] ?? null;

  it('reads the header, a BOM and CRLF, and writes the rows back sorted as written', () => {
    const text = `\uFEFF${HEADER}\r\na.txt\tlostCases\t0\t0\t无一件行政败诉案件\t\r\na.txt\tlitigationCases\t6\t0\t行政应诉案件共6件\tnote\r\n\r\n`;
    const rows = parseFigureRows(text);
    expect(rows.map((r) => [r.file, r.indicator, r.value, r.approx, r.clause, r.notes, r.line])).toEqual([
      ['a.txt', 'lostCases', 0, false, '无一件行政败诉案件', '', 2],
      ['a.txt', 'litigationCases', 6, false, '行政应诉案件共6件', 'note', 3],
    ]);
    expect(checkFigureRows(rows, read)).toEqual([
      `${FIGURES_TSV}, line 3: out of order (by file, then the indicators' order)`,
    ]);
    const written = formatFigureRows(rows);
    expect(written.split('\n')[1]).toBe('a.txt\tlitigationCases\t6\t0\t行政应诉案件共6件\tnote');
    expect(checkFigureRows(parseFigureRows(written), read)).toEqual([]);
    expect(() => parseFigureRows('file\tvalue\n')).toThrow(/header/);
  });

  it('names every rule a row breaks', () => {
    const rows = parseFigureRows(
      tsv(
        'a.txt\tlitigationCases\t6\t0\t行政应诉案件共6件\t',
        'a.txt\tlitigationCases\t6\t0\t行政应诉案件共6件\t',
        'a.txt\tlostCase\t0\t0\t无一件行政败诉案件\t',
        'a.txt\tlostCases\t1,200\t2\t无一件行政败诉案件\t',
        'a.txt\tlossRate\t0\t0\t败诉率为零\t',
        'b.txt\t-\t\t\t\t',
        'b.txt\tlostCases\t0\t0\t没有数字\t',
        'c.txt\t-\t\t\t\t',
        'b.txt\t-\t3\t\t\t',
      ),
    );
    const problems = checkFigureRows(rows, read).join('\n');
    expect(problems).toContain('line 3: a second row of a.txt litigationCases (line 2)');
    expect(problems).toContain('line 4: no indicator `lostCase`');
    expect(problems).toContain('line 5: the value «1,200» is not a decimal without grouping');
    expect(problems).toContain('line 5: approx is «2», not 0 or 1');
    expect(problems).toContain('line 6: the clause «败诉率为零» is not in a.txt');
    expect(problems).toContain('b.txt has a `-` row (no figure) and figures');
    expect(problems).toContain('line 9: c.txt is not in tests/fixtures/');
    expect(problems).toContain('line 10: a `-` row (no figure) has a value, approx or clause');
    expect(problems).toContain('line 10: out of order');
    expect(annotatedFiles(rows)).toEqual(['a.txt', 'b.txt', 'c.txt']);
  });
});

describe(`the reference set, ${FIGURES_TSV}`, () => {
  const fixtures = join(ROOT, 'tests/fixtures');
  const rows = parseFigureRows(readFileSync(join(ROOT, FIGURES_TSV), 'utf8'));
  const read = (file: string) => (existsSync(join(fixtures, file)) ? readFileSync(join(fixtures, file), 'utf8') : null);

  it('is well-formed: every file there, every clause a substring of it, valid ids, one row per file+indicator, sorted', () => {
    expect(rows.length).toBeGreaterThan(0);
    expect(checkFigureRows(rows, read)).toEqual([]);
    for (const row of rows) {
      expect(existsSync(join(fixtures, row.file)), row.file).toBe(true);
      if (row.indicator === '-') continue;
      expect(INDICATOR_IDS, `${row.file} line ${row.line}`).toContain(row.indicator);
      expect(read(row.file)?.includes(row.clause), `${row.file} line ${row.line}`).toBe(true);
    }
    const keys = rows.map((r) => `${r.file} ${r.indicator}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('annotates the five seeds, and only reports of a fixture corpus (whose URL decides the part)', () => {
    const urls = fixtureUrls(ROOT);
    const files = annotatedFiles(rows);
    expect(files.filter((f) => f.startsWith('seeds/'))).toHaveLength(5);
    expect(files.filter((f) => !urls.has(f))).toEqual([]);
  });
});
