import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { INDICATOR_IDS } from '../../src/lib/indicators.ts';
import { LEVELS, type Report, reportSchema } from '../../src/lib/report.ts';
import {
  parseReportFile,
  REPORT_FILE_EXTENSION,
  ReportFileError,
  reportFilePath,
  serializeReportFile,
  splitReportFile,
} from '../../src/lib/report-file.ts';
import { isContainedPath } from '../../src/lib/source-path.ts';

const text = fc.string({
  maxLength: 60,
  unit: fc.constantFrom(
    '法',
    '治',
    ':',
    '"',
    "'",
    '#',
    '-',
    '\n',
    ' ',
    '\\',
    '>',
    '|',
    '{',
    '}',
    '[',
    '%',
    '@',
    '`',
    'a',
    '1',
    '\t',
    '\u3000',
  ),
});
const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const date = fc
  .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

// Source paths as the ingest records them: folders and a file name under content/sources.
const segment = text.filter((t) => t.length > 0 && t !== '.' && t !== '..' && !/[/\\\n\t]/.test(t));
const sourcePath = fc
  .array(segment, { minLength: 1, maxLength: 3 })
  .map((parts) => parts.join('/'))
  .filter(isContainedPath);

const report: fc.Arbitrary<Report> = fc.record({
  title: text.filter((t) => t.length > 0),
  authority: nullable(text),
  year: nullable(fc.integer({ min: 1949, max: 2100 })),
  region: fc.record({
    province: nullable(text),
    city: nullable(text),
    county: nullable(text),
    township: nullable(text),
    code: nullable(fc.stringMatching(/^\d{2,9}$/)),
  }),
  level: nullable(fc.constantFrom(...LEVELS)),
  docNumber: nullable(text),
  addressee: nullable(text),
  published: nullable(date),
  added: date,
  source: fc.record({
    path: sourcePath,
    sha256: fc.stringMatching(/^[0-9a-f]{64}$/),
    format: fc.constantFrom('txt', 'md', 'html', 'docx', 'pdf' as const),
    encoding: nullable(fc.constantFrom('utf-8', 'gb18030')),
  }),
  slug: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,30}$/),
  duplicates: fc.array(sourcePath, { maxLength: 2 }),
  warnings: fc.array(text, { maxLength: 3 }),
  figures: fc.uniqueArray(
    fc.record({
      indicator: fc.constantFrom(...INDICATOR_IDS),
      value: fc.oneof(fc.nat(100000), fc.constantFrom(0.5, 98.5, 100)),
      unit: fc.constantFrom('件', '%', '次', '名' as const),
      approx: fc.boolean(),
      text: text,
      section: nullable(fc.stringMatching(/^h-[1-9](-[1-9]){0,2}$/)),
    }),
    { maxLength: 3, selector: (f) => f.indicator },
  ),
  series: fc.oneof(
    fc.constant(null),
    fc.constant(false as const),
    text.filter((t) => t.length > 0),
  ),
});

describe('frontmatter serialisation', () => {
  it('always parses back through a YAML parser to the same values, which pass the schema', () => {
    fc.assert(
      fc.property(report, text, (r, body) => {
        const md = serializeReportFile(r, body);
        const m = /^---\n([\s\S]*?)\n---\n/.exec(md);
        expect(m).not.toBeNull();
        const back = parse(m?.[1] ?? '');
        expect(back).toEqual(r);
        expect(reportSchema.parse(back)).toEqual(r);
      }),
      { numRuns: 500 },
    );
  });

  it('gives its body back to the pages (which read bodies from the files), whatever the frontmatter holds', () => {
    fc.assert(
      fc.property(report, fc.string({ unit: 'grapheme', maxLength: 200 }), (r, body) => {
        expect(splitReportFile(serializeReportFile(r, body))?.body).toBe(`${body.trimEnd()}\n`);
      }),
      { numRuns: 300 },
    );
  });

  it('reads back what it wrote, and the same from a copy an editor saved with CRLF line ends or a byte-order mark', () => {
    fc.assert(
      fc.property(report, fc.string({ unit: 'grapheme', maxLength: 200 }), (r, body) => {
        const written = serializeReportFile(r, body);
        expect(parseReportFile(written)).toEqual({ report: r, body: `${body.trimEnd()}\n` });
        // Line ends inside quoted YAML strings are escapes (\n), so CRLF only touches the file's own lines.
        const crlf = written.replace(/\n/g, '\r\n');
        expect(parseReportFile(crlf).report).toEqual(r);
        expect(parseReportFile(`\uFEFF${written}`).report).toEqual(r);
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(report, (r) => {
        expect(serializeReportFile(r, 'x')).toBe(serializeReportFile(structuredClone(r), 'x'));
      }),
    );
  });
});

describe('the report file', () => {
  const valid = (overrides: Record<string, unknown> = {}) =>
    serializeReportFile(
      {
        title: '某县人民政府2023年法治政府建设情况报告',
        authority: '某县人民政府',
        year: 2023,
        region: { province: '湖南省', city: '长沙市', county: '长沙县', township: null, code: null },
        level: 'county',
        docNumber: null,
        addressee: null,
        published: '2024-03-01',
        added: '2024-03-02',
        source: { path: '长沙县/2023.txt', sha256: 'a'.repeat(64), format: 'txt', encoding: 'utf-8' },
        slug: '2023-changshaxian',
        duplicates: [],
        warnings: [],
        figures: [],
        series: null,
        ...overrides,
      } as Report,
      '正文',
    );

  it('goes in its year folder, or undated/', () => {
    expect(reportFilePath({ year: 2023, slug: 'a-b' })).toBe(`2023/a-b${REPORT_FILE_EXTENSION}`);
    expect(reportFilePath({ year: null, slug: 'a-b' })).toBe('undated/a-b.md');
  });

  it('drops the characters no reader can take from every field and the body of a file edited by hand', () => {
    const edited = valid()
      .replace(/^title: "(.*)"$/m, 'title: "$1\\e\\x01\\uFFFE"')
      .replace(/正文\n$/, '正\u001b文\u0000\n');
    const { report, body } = parseReportFile(edited);
    expect(report.title).toBe('某县人民政府2023年法治政府建设情况报告');
    expect(body).toBe('正文\n');
  });

  it('is refused without frontmatter, with a frontmatter that is not a mapping, or naming each field at fault', () => {
    expect(() => parseReportFile('# 只有正文\n')).toThrow(/no frontmatter/);
    expect(() => parseReportFile('---\n- a\n- b\n---\n\n正文\n')).toThrow(/not a mapping/);
    const broken = valid()
      .replace('year: 2023', 'year: "二〇二三"')
      .replace(/slug: "[^"]+"/, 'slug: "Bad Slug"');
    let error: unknown;
    try {
      parseReportFile(broken);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ReportFileError);
    expect((error as ReportFileError).issues.map((i) => i.split(':')[0])).toEqual(['year', 'slug']);
  });
});
