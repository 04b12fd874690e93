/**
 * The measure of issue 18 (scripts/lib/accuracy/, `npm run accuracy`): the split by URL, the reading and
 * scoring of annotations, where the corpora are found, and the floor of every fixture corpus's measure part.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ANNOTATED_FIELDS, parseAnnotations, verdict } from '../../scripts/lib/accuracy/annotations.ts';
import { fixtureCorpora, sharedCorpora } from '../../scripts/lib/accuracy/corpora.ts';
import { MEASURE_FLOORS, readmeFloorRow } from '../../scripts/lib/accuracy/floors.ts';
import { measureGeneratedRegions } from '../../scripts/lib/accuracy/generated.ts';
import { runAccuracy } from '../../scripts/lib/accuracy/measure.ts';
import { percent, wholeReports } from '../../scripts/lib/accuracy/report.ts';
import { scoreReport, tally, wholeReportShare } from '../../scripts/lib/accuracy/score.ts';
import { MEASURE_SHARE, partOf } from '../../scripts/lib/accuracy/split.ts';

const ROOT = join(import.meta.dirname, '../..');

describe('the split by URL', () => {
  it('is a fixed function of the URL: the same parts today as when the split was made', () => {
    expect(partOf('https://www.gov.cn/zhengce/')).toBe('measure');
    expect(partOf('http://www.tjjh.gov.cn/')).toBe('develop');
    expect(partOf('https://www.hnls.gov.cn/contents/52940/431696.html')).toBe('develop');
    // Whitespace around the cell is not part of the address.
    expect(partOf(' https://www.gov.cn/zhengce/ ')).toBe('measure');
    // Without a URL a report cannot be placed by it: develop.
    expect(partOf('')).toBe('develop');
    // The measure part of tests/fixtures/dev, as the split first made it.
    const dev = parseAnnotations(readFileSync(join(ROOT, 'tests/fixtures/dev/dev.tsv'), 'utf8'), 'dev', (f) => f);
    expect(dev.filter((a) => partOf(a.url) === 'measure').map((a) => a.file)).toEqual(
      '016 018 021 026 033 036 041 046 053 058 066 071 073 078 086 093 096'.split(' ').map((n) => `${n}.txt`),
    );
  });

  it(`puts about ${percent(MEASURE_SHARE)} of URLs in the measure part`, () => {
    const urls = Array.from({ length: 20_000 }, (_, i) => `https://www.example${i % 97}.gov.cn/art/${i}.html`);
    const share = urls.filter((u) => partOf(u) === 'measure').length / urls.length;
    expect(share).toBeGreaterThan(MEASURE_SHARE - 0.02);
    expect(share).toBeLessThan(MEASURE_SHARE + 0.02);
    expect(MEASURE_SHARE).toBeGreaterThanOrEqual(0.3);
  });
});

describe('annotations and their scores', () => {
  const tsv =
    '\uFEFFfile\turl\ttitle\tauthority\tprovince\tcity\tcounty\ttownship\treport_year\tpublished\tnotes\r\n' +
    'a.txt\thttps://a.gov.cn/1\t某县 2023年法治政府建设情况报告\t某县人民政府\t河北省\t\t\t\t2023\t\tnote\r\n' +
    '\r\n';

  it('reads the header, a BOM and CRLF; an empty cell is not annotated', () => {
    const [a, ...rest] = parseAnnotations(tsv, 'x', (f) => `/texts/${f}`);
    expect(rest).toEqual([]);
    expect(a).toEqual({
      corpus: 'x',
      file: 'a.txt',
      path: '/texts/a.txt',
      url: 'https://a.gov.cn/1',
      fields: {
        title: '某县 2023年法治政府建设情况报告',
        authority: '某县人民政府',
        province: '河北省',
        report_year: '2023',
      },
      notes: 'note',
    });
    expect(() => parseAnnotations('name\turl\n', 'x', (f) => f)).toThrow(/file/);
  });

  it('right, wrong, missing; whitespace inside a title does not matter', () => {
    expect(verdict('title', '某县 2023年报告', '某县2023年 报告')).toBe('right');
    expect(verdict('authority', '某县人民政府', '某县 人民政府')).toBe('wrong');
    expect(verdict('county', '赵县', '')).toBe('missing');
    expect(verdict('city', '石家庄市', '邢台市')).toBe('wrong');
  });

  it('counts the filled cells only, a value where none is annotated apart, and whole reports', () => {
    const [a] = parseAnnotations(tsv, 'x', (f) => f);
    if (!a) throw new Error('no annotation');
    const values = Object.fromEntries(ANNOTATED_FIELDS.map((f) => [f, ''])) as Record<
      (typeof ANNOTATED_FIELDS)[number],
      string
    >;
    const right = scoreReport(a, {
      ...values,
      title: '某县2023年法治政府建设情况报告',
      authority: '某县人民政府',
      province: '河北省',
      report_year: '2023',
    });
    const wrong = scoreReport(a, { ...values, title: '另一个标题', province: '河北省', city: '石家庄市' });
    const unread = scoreReport(a, null, 'unusable');
    expect(right.allRight).toBe(true);
    expect(wrong.misses.map((m) => [m.field, m.got])).toEqual([
      ['title', '另一个标题'],
      ['authority', ''],
      ['report_year', ''],
    ]);
    const t = tally([right, wrong, unread]);
    expect([t.reports, t.reportsRight, t.unreadable, wholeReports(t)]).toEqual([3, 1, 1, '1/3 (33.3%)']);
    expect(t.fields.title).toEqual({ annotated: 3, right: 1, wrong: 1, missing: 1, unscored: 0 });
    expect(t.fields.city).toEqual({ annotated: 0, right: 0, wrong: 0, missing: 0, unscored: 1 });
  });
});

describe('where the corpora are', () => {
  const root = mkdtempSync(join(tmpdir(), 'gongkai-accuracy-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const project = join(root, 'project');

  it('finds the fixtures, tests/fixtures/corpus/ when it exists, and a shared TSV only with its folder', () => {
    for (const set of ['seeds', 'dev']) {
      mkdirSync(join(project, 'tests/fixtures', set), { recursive: true });
      writeFileSync(join(project, 'tests/fixtures', set, `${set}.tsv`), 'file\turl\n');
    }
    const names = () => fixtureCorpora(project).map((c) => c.name);
    expect(names()).toEqual(['fixtures/seeds', 'fixtures/dev']);
    const corpus = join(project, 'tests/fixtures/corpus');
    mkdirSync(join(corpus, 'batch'), { recursive: true });
    writeFileSync(join(corpus, 'corpus.tsv'), 'file\turl\n');
    writeFileSync(join(corpus, 'batch.tsv'), 'file\turl\n');
    expect(fixtureCorpora(project).map((c) => [c.name, c.textDir])).toEqual([
      ['fixtures/seeds', join(project, 'tests/fixtures/seeds')],
      ['fixtures/dev', join(project, 'tests/fixtures/dev')],
      ['fixtures/corpus/batch', join(corpus, 'batch')],
      ['fixtures/corpus', corpus],
    ]);
    expect(sharedCorpora(project)).toEqual([]);
    const shared = join(root, 'shared/corpus');
    mkdirSync(join(shared, 'dev2'), { recursive: true });
    writeFileSync(join(shared, 'dev2.tsv'), 'file\turl\n');
    writeFileSync(join(shared, 'orphan.tsv'), 'file\turl\n');
    expect(sharedCorpora(project).map((c) => [c.name, c.textDir])).toEqual([['shared/dev2', join(shared, 'dev2')]]);
  });

  it('names an annotated text that is not there', async () => {
    const dir = join(root, 'broken');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'b.tsv'), 'file\turl\ttitle\ngone.txt\t\t某县报告\n');
    const run = await runAccuracy([{ name: 'b', tsv: join(dir, 'b.tsv'), textDir: dir }]);
    expect(run.corpora[0]?.result.problems).toEqual([`b: gone.txt is annotated but not in ${dir}`]);
    expect(run.overall.all.fields.title.missing).toBe(1);
  });
});

describe('the measure part of every fixture corpus', async () => {
  const run = await runAccuracy(fixtureCorpora(ROOT));
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

  it('finds the fixture corpora, and every text they annotate', () => {
    expect(run.corpora.map((c) => c.result.source.name)).toEqual(expect.arrayContaining(['fixtures/dev']));
    expect(run.corpora.flatMap((c) => c.result.problems)).toEqual([]);
  });

  for (const { result, parts } of run.corpora) {
    const name = result.source.name;
    const floor = MEASURE_FLOORS[name];
    it(`${name}: the share of measured reports with every annotated field right is at least the README's floor`, () => {
      console.log(
        `[accuracy] ${name} measure part: ${wholeReports(parts.measure)}; develop part: ${wholeReports(parts.develop)}`,
      );
      if (parts.measure.reports === 0) return;
      if (floor === undefined)
        throw new Error(
          `${name} has a measure part (${wholeReports(parts.measure)} today) but no floor: add it to MEASURE_FLOORS ` +
            `(scripts/lib/accuracy/floors.ts) and its row | \`${name}\` | N% | to the README's floor table`,
        );
      expect(wholeReportShare(parts.measure)).toBeGreaterThanOrEqual(floor);
    });
  }

  it('the README states each floor as MEASURE_FLOORS has it', () => {
    const missing = Object.entries(MEASURE_FLOORS)
      .map(([name, floor]) => readmeFloorRow(name, floor))
      .filter((row) => !readme.includes(row));
    expect(missing, "rows of the README's floor table").toEqual([]);
    const stated = [...readme.matchAll(/^\| `(fixtures\/[^`]+)` \| [\d.]+% \|$/gm)].map((m) => m[1]);
    expect(stated.sort()).toEqual(Object.keys(MEASURE_FLOORS).sort());
  });
});

describe('regions on a generated archive', () => {
  it('files no generated report under a wrong region without a warning', async () => {
    // Seed 2 filed 衡阳市's report under 衡阳县 before short forms shared with a county were read as the city.
    const r = await measureGeneratedRegions({ reports: 300, seed: 2 });
    expect(r.reports).toBe(300);
    expect(r.silent).toEqual([]);
    expect(r.right / r.reports).toBeGreaterThan(0.9);
  }, 120_000);
});
