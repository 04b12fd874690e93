import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { convertSource } from '../../src/lib/convert.ts';
import { UnusableUpload } from '../../src/lib/formats/index.ts';
import { parseDeltas, readOfd } from '../../src/lib/formats/ofd.ts';
import { checkZipContainer, OFD_ZIP } from '../../src/lib/formats/zip-limits.ts';
import {
  makeOfd,
  type OfdLine,
  type OfdOptions,
  REPORT_FIXTURE,
  reportFixture,
  reportFixtureLines,
} from '../helpers/ofd-fixture.ts';

/** A short report with every kind of line: title, addressee, wrapped paragraphs, headings, Latin, 落款. */
const REPORT: OfdLine[] = [
  { text: '某某县人民政府', role: 'title' },
  { text: '关于2024年法治政府建设情况的报告', role: 'title' },
  { text: '县委、县政府：', role: 'plain' },
  {
    text: '2024年，县政府坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，全面推进依法行政，法治政府建设取得新成效。现将有关情况报告如下：',
    role: 'paragraph',
  },
  { text: '一、主要举措和成效', role: 'heading' },
  {
    text: '（一）完善依法行政制度体系。严格落实重大行政决策程序规定，全年审查规范性文件23件，办理行政复议案件58件，“一网通办”事项办结率达到100%，政务服务平台接入App和PC端，群众满意度进一步提升。',
    role: 'paragraph',
  },
  {
    text: '（二）推进严格规范公正文明执法。全面推行行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度，开展执法案卷评查，评查案卷312卷，发现问题17个，均已整改到位。',
    role: 'paragraph',
  },
  { text: '二、存在的问题', role: 'heading' },
  {
    text: '一是部分干部运用法治思维和法治方式的能力还有待提高；二是基层执法力量相对薄弱，执法队伍专业化水平不高。',
    role: 'paragraph',
  },
  { text: '某某县人民政府', role: 'signature' },
  { text: '2025年1月10日', role: 'signature' },
];
const REPORT_TEXT = REPORT.map((l) => l.text).join('\n');

const pagesOf = (bytes: Uint8Array) => Object.keys(unzipSync(bytes)).filter((n) => n.endsWith('Content.xml')).length;

/** The fixture's entries, changed by `edit`, zipped again. */
function rezip(bytes: Uint8Array, edit: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(bytes);
  edit(files);
  return zipSync(files);
}

async function failure(bytes: Uint8Array): Promise<UnusableUpload> {
  try {
    await readOfd(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(UnusableUpload);
    const e = error as UnusableUpload;
    expect(e.hint).toMatch(/[\u4e00-\u9fa5]/);
    return e;
  }
  throw new Error('readOfd accepted the upload');
}

describe('readOfd: text in reading order', () => {
  const variants: [string, Partial<OfdOptions>][] = [
    ['as written', {}],
    ['objects in shuffled order', { shuffle: true, seed: 7 }],
    ['DeltaX in the compressed g form', { deltaX: 'g', shuffle: true, seed: 8 }],
    ['ragged lines (not justified)', { justify: false, seed: 9 }],
    ['coordinates scaled by a CTM (points)', { ctmScale: 0.3528, shuffle: true, seed: 10 }],
    ['no namespace prefix', { prefix: '', seed: 11 }],
    ['another namespace prefix', { prefix: 'o', seed: 12 }],
    ['spaces drawn as gaps only', { spacesAsGaps: true, shuffle: true, seed: 13 }],
    ['a page break every five lines', { linesPerPage: 5, shuffle: true, seed: 14 }],
  ];

  it.each(variants)('%s', async (_, options) => {
    const bytes = makeOfd({ lines: REPORT, ...options });
    expect(pagesOf(bytes)).toBeGreaterThanOrEqual(2);
    const { text, encoding } = await readOfd(bytes);
    expect(text).toBe(REPORT_TEXT);
    expect(encoding).toBeNull();
  });

  it('keeps the words of Latin text apart, whether the file draws the spaces or only leaves gaps', async () => {
    const text =
      '依托Digital Government Platform建设统一的open data接口，接入App和WeChat mini program等渠道共计12个，覆盖全县industrial parks和rural service centers，实现data sharing。';
    for (const spacesAsGaps of [false, true])
      for (const halfWidthLatin of [false, true])
        for (const seed of [3, 4, 5]) {
          const bytes = makeOfd({ lines: [{ text, role: 'paragraph' }], spacesAsGaps, halfWidthLatin, seed });
          expect((await readOfd(bytes)).text).toBe(text);
        }
    // A space the file draws between Chinese and Latin is kept; only a wrap's is lost (it could be either).
    const drawn = '接入 App 和 WeChat 小程序。';
    expect((await readOfd(makeOfd({ lines: [{ text: drawn, role: 'paragraph' }] }))).text).toBe(drawn);
  });

  it('leaves out a running head that a template draws on every page, and reads a one-page template in place', async () => {
    const head = '某某县人民政府办公室文件';
    const many = await readOfd(makeOfd({ lines: REPORT, runningHead: head }));
    expect(many.text).toBe(REPORT_TEXT);
    const one = await readOfd(makeOfd({ lines: REPORT.slice(0, 4), runningHead: head, linesPerPage: 40 }));
    expect(one.text).toBe([head, ...REPORT.slice(0, 4).map((l) => l.text)].join('\n'));
  });

  it('follows paths given from the package root and with backslashes', async () => {
    const bytes = rezip(makeOfd({ lines: REPORT }), (f) => {
      const decode = (name: string) => new TextDecoder().decode(f[name]);
      f['OFD.xml'] = strToU8(decode('OFD.xml').replace('>Doc_0/Document.xml<', '>/Doc_0/Document.xml<'));
      f['Doc_0/Document.xml'] = strToU8(
        decode('Doc_0/Document.xml')
          .replace('BaseLoc="Pages/Page_0/Content.xml"', 'BaseLoc="/Doc_0/Pages/Page_0/Content.xml"')
          .replace('BaseLoc="Pages/Page_1/Content.xml"', 'BaseLoc="Pages\\Page_1\\Content.xml"'),
      );
    });
    expect((await readOfd(bytes)).text).toBe(REPORT_TEXT);
  });

  it('reads DeltaX lists and the g form, repeating the last offset for the characters left', () => {
    expect(parseDeltas('g 3 5.6 2 g 2 1', 6)).toEqual([5.6, 5.6, 5.6, 2, 1, 1]);
    expect(parseDeltas('1 2', 4)).toEqual([1, 2, 2, 2]);
    expect(parseDeltas(undefined, 3)).toEqual([]);
    expect(parseDeltas('g x 1 3', 2)).toEqual([3, 3]);
  });
});

describe('readOfd: metadata', () => {
  it('takes the title and creation date from DocInfo', async () => {
    const { page } = await readOfd(
      makeOfd({
        lines: REPORT,
        docTitle: '某某县人民政府关于2024年法治政府建设情况的报告',
        creationDate: '2025-01-10',
      }),
    );
    expect(page).toEqual({ title: '某某县人民政府关于2024年法治政府建设情况的报告', published: '2025-01-10' });
  });

  it('reads a dateTime, and passes over a title that is only a file name', async () => {
    const { page } = await readOfd(
      makeOfd({ lines: REPORT, docTitle: '2024年报告终稿.docx', creationDate: '2025-01-10T16:20:00+08:00' }),
    );
    expect(page).toEqual({ published: '2025-01-10' });
    expect((await readOfd(makeOfd({ lines: REPORT }))).page).toBeUndefined();
  });
});

describe('the sample OFD (tests/fixtures/ofd/report.ofd)', () => {
  const seedText = readFileSync(REPORT_FIXTURE.seed, 'utf8');
  const bytes = new Uint8Array(readFileSync(REPORT_FIXTURE.path));

  it('is what tests/tools/make-ofd-fixture.ts writes', () => {
    expect(Buffer.from(reportFixture(seedText)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('reads back as the seed lines and the 落款', async () => {
    const { text, page } = await readOfd(bytes);
    expect(text).toBe(
      reportFixtureLines(seedText)
        .map((l) => l.text)
        .join('\n'),
    );
    expect(page?.title).toBe(REPORT_FIXTURE.docTitle);
  });

  it('converts to the same report as its text saved as .txt', async () => {
    const text = reportFixtureLines(seedText)
      .map((l) => l.text)
      .join('\n');
    const ofd = await convertSource({ path: 'x/report.ofd', bytes });
    const txt = await convertSource({ path: 'x/report.txt', bytes: strToU8(text) });
    expect(ofd.fields.title).toBe('梁山县人民政府办公室关于2024年法治政府建设情况的报告');
    expect(ofd.fields.authority).toBe('梁山县人民政府办公室');
    expect(ofd.fields.year).toBe(2024);
    for (const key of ['title', 'authority', 'year', 'published', 'region', 'docNumber', 'addressee'] as const)
      expect(ofd.fields[key]).toEqual(txt.fields[key]);
    expect(ofd.body).toBe(txt.body);
    expect(ofd.fields.source).toMatchObject({ format: 'ofd', encoding: null });
  });
});

describe('readOfd: unusable uploads', () => {
  const good = makeOfd({ lines: REPORT });

  it('not a zip', async () => {
    expect((await failure(strToU8('这不是 OFD 文件，只是一段文字。'))).message).toMatch(
      /OFD 文件已损坏，或不是 ZIP 格式的 \.ofd/,
    );
  });

  it('a PDF or a Word document with the wrong extension', async () => {
    expect((await failure(strToU8('%PDF-1.7\n%âãÏÓ\n1 0 obj'))).message).toMatch(/这是 PDF 文件/);
    const docx = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8('<w:document/>') });
    expect((await failure(docx)).message).toMatch(/这是 Word 文档/);
  });

  it('a zip without OFD.xml', async () => {
    expect((await failure(zipSync({ 'readme.txt': strToU8('hello') }))).message).toMatch(/没有 OFD\.xml/);
  });

  it('Document.xml or a page missing', async () => {
    const noDocument = rezip(good, (f) => delete f['Doc_0/Document.xml']);
    expect((await failure(noDocument)).message).toMatch(/缺少文档描述文件（Doc_0\/Document\.xml）/);
    const noPage = rezip(good, (f) => delete f['Doc_0/Pages/Page_1/Content.xml']);
    expect((await failure(noPage)).message).toMatch(/缺少第 2 页的内容（Doc_0\/Pages\/Page_1\/Content\.xml）/);
  });

  it('malformed XML: cut short, tags crossed, not XML at all, the wrong root', async () => {
    const page = 'Doc_0/Pages/Page_0/Content.xml';
    const cut = rezip(good, (f) => {
      f[page] = f[page]?.subarray(0, 900) ?? new Uint8Array();
    });
    expect((await failure(cut)).message).toMatch(/Page_0\/Content\.xml 不是完整的 XML：<.+> 没有闭合/);
    const crossed = rezip(good, (f) => {
      f[page] = strToU8(new TextDecoder().decode(f[page]).replace('</ofd:TextCode>', '</ofd:TextObject>'));
    });
    expect((await failure(crossed)).message).toMatch(/不是完整的 XML：<ofd:TextCode> 没有闭合（第 \d+ 行）/);
    const garbage = rezip(good, (f) => {
      f['OFD.xml'] = strToU8('OFD 1.0 — not xml');
    });
    expect((await failure(garbage)).message).toMatch(/OFD\.xml 不是完整的 XML：没有根元素/);
    const wrongRoot = rezip(good, (f) => {
      f['Doc_0/Document.xml'] = strToU8('<?xml version="1.0"?><html><body/></html>');
    });
    expect((await failure(wrongRoot)).message).toMatch(/根元素是 <html>，应为 <ofd:Document>/);
  });

  it('no DocRoot, no pages', async () => {
    const noRoot = rezip(good, (f) => {
      f['OFD.xml'] = strToU8(`<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody/></ofd:OFD>`);
    });
    expect((await failure(noRoot)).message).toMatch(/没有指向任何文档/);
    const noPages = rezip(good, (f) => {
      f['Doc_0/Document.xml'] = strToU8(
        `<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Pages/></ofd:Document>`,
      );
    });
    expect((await failure(noPages)).message).toMatch(/没有页面/);
  });

  it('an encrypted OFD: Encryptions.xml in the package, or Encryptions named by OFD.xml', async () => {
    const error = await failure(makeOfd({ lines: REPORT, variant: 'encrypted' }));
    expect(error.message).toMatch(/已加密/);
    expect(error.hint).toMatch(/未加密/);
    const named = rezip(good, (f) => {
      f['OFD.xml'] = strToU8(
        new TextDecoder()
          .decode(f['OFD.xml'])
          .replace('</ofd:DocBody>', '<ofd:Encryptions>Doc_0/Encrypt.xml</ofd:Encryptions></ofd:DocBody>'),
      );
    });
    expect((await failure(named)).message).toMatch(/已加密/);
  });

  it('a scan (pages that are only images), and pages with nothing on them', async () => {
    const scan = await failure(makeOfd({ lines: REPORT, variant: 'images-only' }));
    expect(scan.message).toMatch(/只有图片、没有文字：这是扫描件/);
    expect(scan.hint).toMatch(/PDF 或文字版/);
    const empty = makeOfd({ lines: [{ text: '　', role: 'paragraph' }], pageNumbers: false });
    expect((await failure(empty)).message).toMatch(/OFD 文件中没有文字/);
  });

  it('a DOCTYPE or a zip bomb, refused in words for OFD', async () => {
    const doctype = rezip(good, (f) => {
      f['OFD.xml'] = strToU8('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><ofd:OFD>&a;</ofd:OFD>');
    });
    const error = await failure(doctype);
    expect(error.message).toMatch(/OFD 文件中的 OFD\.xml 含有 DOCTYPE/);
    expect(error.hint).not.toMatch(/Word|docx/);
    const bomb = zipSync({ 'OFD.xml': new Uint8Array(3 * 1024 * 1024) });
    expect(() => checkZipContainer(bomb, OFD_ZIP, { totalBytes: 1024 * 1024, ratio: 200, entries: 100 })).toThrow(
      /压缩炸弹/,
    );
    expect((await failure(bomb)).hint).toMatch(/OFD 阅读器/);
  });
});

/** Text of the kind a report holds: CJK runs with punctuation, numbers, Latin words (one space between words). */
const paragraphText = fc
  .array(
    fc.oneof(
      {
        weight: 6,
        arbitrary: fc.stringMatching(
          /^[法治政府建设情况报告工作推进依法行政执法监督学习贯彻落实全面提升加强完善制度，。；：“”《》]{1,30}$/,
        ),
      },
      { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z]{1,9}$/) },
      { weight: 1, arbitrary: fc.stringMatching(/^[0-9]{1,5}$/) },
    ),
    { minLength: 1, maxLength: 16 },
  )
  .map((parts) =>
    parts.reduce((text, part) => {
      const latin = (s: string) => /[A-Za-z0-9]/.test(s);
      return text + (latin(text.at(-1) ?? '') && latin(part[0] ?? '') ? ' ' : '') + part;
    }, ''),
  );

const reportLines = fc
  .tuple(
    fc.array(
      fc.oneof(
        { weight: 5, arbitrary: paragraphText.map((text): OfdLine => ({ text, role: 'paragraph' })) },
        {
          weight: 1,
          arbitrary: fc
            .stringMatching(/^[法治政府建设情况工作推进]{2,14}$/)
            .chain((t) =>
              fc.constantFrom(`一、${t}`, `（二）${t}`).map((text): OfdLine => ({ text, role: 'heading' })),
            ),
        },
      ),
      { maxLength: 14 },
    ),
    // A report has at least one paragraph running over several lines: without one, nothing on the page
    // shows where its margins are (a reader would not know either).
    paragraphText.filter((t) => t.length >= 100),
    fc.nat(),
  )
  .map(([lines, long, at]) => {
    const out = [...lines];
    out.splice(at % (lines.length + 1), 0, { text: long, role: 'paragraph' });
    return out;
  });

describe('readOfd: properties', () => {
  it('random reports laid out by an OFD writer read back line for line', async () => {
    await fc.assert(
      fc.asyncProperty(
        reportLines,
        fc.record({
          seed: fc.integer({ min: 1, max: 1_000_000 }),
          shuffle: fc.boolean(),
          deltaX: fc.constantFrom('list' as const, 'g' as const),
          justify: fc.boolean(),
          spacesAsGaps: fc.boolean(),
          halfWidthLatin: fc.boolean(),
          linesPerPage: fc.integer({ min: 3, max: 22 }),
        }),
        async (lines, options) => {
          const { text } = await readOfd(makeOfd({ lines, ...options }));
          expect(text).toBe(lines.map((l) => l.text).join('\n'));
        },
      ),
      { numRuns: 50 },
    );
  }, 60_000);

  it('random corruptions of the sample never fail with anything but UnusableUpload', async () => {
    const sample = new Uint8Array(readFileSync(REPORT_FIXTURE.path));
    // Stored (not deflated), so that a corruption lands in the XML itself, not only in the compressed stream.
    const stored = zipSync(
      Object.fromEntries(Object.entries(unzipSync(sample)).map(([n, d]) => [n, [d, { level: 0 }] as const])),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(sample, stored),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        fc.option(fc.nat(), { nil: undefined }),
        async (original, changes, cut) => {
          const bytes = original.slice(0, cut === undefined ? original.length : 1 + (cut % original.length));
          for (const [at, value] of changes) bytes[at % bytes.length] = value;
          try {
            const { text } = await readOfd(bytes);
            expect(typeof text).toBe('string');
          } catch (error) {
            expect(error).toBeInstanceOf(UnusableUpload);
          }
        },
      ),
      { numRuns: 150 },
    );
  }, 60_000);
});
