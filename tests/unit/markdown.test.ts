import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { markdownBody, toFrontmatterMarkdown } from '../../src/lib/markdown.ts';
import { LEVELS, type Report, reportSchema } from '../../src/lib/report.ts';
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
});

describe('frontmatter serialisation', () => {
  it('always parses back through a YAML parser to the same values, which pass the schema', () => {
    fc.assert(
      fc.property(report, text, (r, body) => {
        const md = toFrontmatterMarkdown(r, body);
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
        expect(markdownBody(toFrontmatterMarkdown(r, body))).toBe(`${body.trimEnd()}\n`);
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(report, (r) => {
        expect(toFrontmatterMarkdown(r, 'x')).toBe(toFrontmatterMarkdown(structuredClone(r), 'x'));
      }),
    );
  });
});
