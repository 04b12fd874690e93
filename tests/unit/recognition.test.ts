import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editDistance } from '../../src/lib/edit-distance.ts';
import {
  characterAccuracy,
  dropRed,
  mendDocumentNumbers,
  mendPlaceNames,
  pageTurn,
  parsePpm,
  parseTesseractTsv,
  pgm,
  type RecognizedLine,
  type RecognizedPage,
  recognizedText,
  textLayerVerdict,
  tidyRecognizedLine,
} from '../../src/lib/recognition.ts';

// Real Tesseract 5.3 output (chi_sim, --psm 1, TSV) for pages of a seed report printed and scanned at
// 300 dpi by scripts/lib/shared/scan-maker.ts, upright and turned.
const FIXTURES = join(import.meta.dirname, '../fixtures/ocr');
const tsv = (name: string) => parseTesseractTsv(readFileSync(join(FIXTURES, `${name}.tsv`), 'utf8'));
const seed = readFileSync(
  join(
    import.meta.dirname,
    '../fixtures/seeds',
    readdirSync(join(import.meta.dirname, '../fixtures/seeds')).sort()[0] as string,
  ),
  'utf8',
);

describe('the engine’s output', () => {
  it('reads Tesseract’s TSV into lines with their boxes and the page size', () => {
    const page = tsv('page1-upright');
    expect(page.width).toBe(2479);
    expect(page.height).toBe(3508);
    expect(page.lines.length).toBeGreaterThanOrEqual(18);
    const title = page.lines.find((l) => l.text.replace(/\s/g, '').includes('关于2024年法治政府建设情况的报告'));
    expect(title).toBeDefined();
    expect(title?.height).toBeGreaterThan(50);
  });

  it('tells how a page was turned from its lines alone, and gives the upright page’s reading', () => {
    expect(pageTurn(tsv('page1-upright'))).toBe(0);
    expect(pageTurn(tsv('page1-turned90'))).toBe(90);
    expect(pageTurn(tsv('page1-turned270'))).toBe(270);
    expect(pageTurn(tsv('page2-turned180'))).toBe(180);
    // Turned or not, the same paragraphs come out (the engine read the same characters, nearly).
    const upright = recognizedText([tsv('page1-upright')]).split('\n');
    for (const turned of ['page1-turned90', 'page1-turned270']) {
      const lines = recognizedText([tsv(turned)]).split('\n');
      expect(lines.length).toBe(upright.length);
      expect(characterAccuracy(lines.join('\n'), upright.join('\n'))).toBeGreaterThan(0.97);
    }
  });

  it('rebuilds the paragraphs of a report: title lines, salutation, headings, wrapped text joined, over the page break', () => {
    const text = recognizedText([tsv('page1-upright'), tsv('page2-upright')]);
    const lines = text.split('\n');
    expect(lines).toContain('关于2024年法治政府建设情况的报告');
    expect(lines).toContain('县委、县政府：');
    expect(lines).toContain('一、主要举措和成效');
    // The first paragraph runs over six printed lines; it is one line here, and ends where the report's does.
    const opening = lines.find((l) => l.startsWith('2024年，县政府办公室坚持'));
    expect(opening?.endsWith('现将有关情况报告如下：')).toBe(true);
    // The paragraph cut by the page break is whole: page 2 starts mid-sentence (心组学习).
    const split = lines.find((l) => l.startsWith('（一）提高政治站位'));
    expect(split).toMatch(/理论学习中心组学习/);
    expect(lines.some((l) => l.startsWith('心组学习'))).toBe(false);
    // Against the report's own text, paragraph by paragraph, the reading is close.
    // (The first two lines are the 红头, which the engine is shown in the ingest dropped out.)
    const read = lines.slice(2).join('').replace(/\s/g, '');
    expect(characterAccuracy(read, seed.replace(/\s/g, '').slice(0, read.length))).toBeGreaterThan(0.95);
  });

  const line = (text: string, left: number, width: number, top: number, block = 1): RecognizedLine => ({
    text,
    left,
    width,
    top,
    height: 60,
    block,
  });
  const page = (lines: RecognizedLine[]): RecognizedPage => ({ width: 2480, height: 3508, lines });

  it('drops running page numbers and starts a paragraph at a heading, an indent, a short line or a new block', () => {
    const text = recognizedText([
      page([
        line('一、主要举措', 300, 600, 100),
        line('（一）强化领导。全面推进依法行政，', 420, 1760, 200),
        line('落实第一责任人职责。', 300, 700, 300),
        line('二是完善制度体系，修订规章', 420, 1760, 400),
        line('制度十二项，', 300, 1880, 500),
        line('— 1 —', 1150, 180, 3300),
      ]),
      page([line('废止三项。', 300, 400, 100), line('另一栏', 1400, 500, 200, 2)]),
    ]);
    expect(text.split('\n')).toEqual([
      '一、主要举措',
      '（一）强化领导。全面推进依法行政，落实第一责任人职责。',
      '二是完善制度体系，修订规章制度十二项，废止三项。',
      '另一栏',
    ]);
  });

  it('mends a place name misread once from the same place named right elsewhere, never one real place into another', () => {
    const places = new Set(['蓝山县', '鲁山县', '东城区', '西城区', '张官营镇']);
    const isPlace = (name: string) => places.has(name);
    expect(mendPlaceNames('星山县人民政府办公室\n蓝山县人民政府办公室始终坚持……蓝山县', isPlace)).toBe(
      '蓝山县人民政府办公室\n蓝山县人民政府办公室始终坚持……蓝山县',
    );
    // 东城区 is a place: it stays, however often 西城区 is named.
    expect(mendPlaceNames('东城区协助西城区，西城区、西城区', isPlace)).toBe('东城区协助西城区，西城区、西城区');
    // Named right once elsewhere is enough; a misreading close to two places is left as it is.
    expect(mendPlaceNames('星山县……蓝山县', isPlace)).toBe('蓝山县……蓝山县');
    expect(mendPlaceNames('星山县人民政府', isPlace)).toBe('星山县人民政府');
    expect(mendPlaceNames('x山县，蓝山县，蓝山县，鲁山县，鲁山县', isPlace)).toBe(
      'x山县，蓝山县，蓝山县，鲁山县，鲁山县',
    );
    // Four-character names too; a misread suffix (张官营侍) names no kind of place, and is left as it is.
    expect(mendPlaceNames('张宫营镇……张官营镇……张官营镇', isPlace)).toBe('张官营镇……张官营镇……张官营镇');
    expect(mendPlaceNames('张官营侍……张官营镇……张官营镇', isPlace)).toBe('张官营侍……张官营镇……张官营镇');
  });

  it('mends a 文号 whose hexagonal brackets and serial 1 the engine misread', () => {
    expect(mendDocumentNumbers('台政办字【2022j] ]号')).toBe('台政办字〔2022〕1号');
    expect(mendDocumentNumbers('鲁政办发[2024] 12号')).toBe('鲁政办发〔2024〕12号');
    expect(mendDocumentNumbers('济政字（2023）l号')).toBe('济政字〔2023〕1号');
    // Not a 文号: a year in brackets in running text stays as it is.
    expect(mendDocumentNumbers('规划（2020-2025年）')).toBe('规划（2020-2025年）');
  });

  it('mends the engine’s spacing and punctuation where Chinese stands, not in Latin text', () => {
    expect(tidyRecognizedLine('法 治 政 府 建 设 2024 年 ,  共 8 次 ; 通过率 100 %')).toBe(
      '法治政府建设2024年，共8次；通过率100 %',
    );
    expect(tidyRecognizedLine('(一) 提高政治站位: 推进')).toBe('（一）提高政治站位：推进');
    expect(tidyRecognizedLine('Word 2007 (docx), PDF')).toBe('Word 2007 (docx), PDF');
    expect(tidyRecognizedLine('2021]年度法治政府建设工作报告')).toBe('2021年度法治政府建设工作报告');
  });

  it('loses no character of a line in rebuilding paragraphs, and tidying is settled after one pass (property)', () => {
    const cjk = fc.string({
      unit: fc.constantFrom(...'法治政府建设一二三（）、，。：；0123456789 abc'),
      minLength: 1,
      maxLength: 30,
    });
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            text: cjk,
            left: fc.integer({ min: 200, max: 900 }),
            width: fc.integer({ min: 100, max: 1900 }),
          }),
          {
            minLength: 1,
            maxLength: 20,
          },
        ),
        (specs) => {
          const lines = specs.map((s, i) => line(s.text, s.left, s.width, 100 + i * 80));
          const kept = lines
            .map((l) => tidyRecognizedLine(l.text))
            .filter((t) => t !== '' && !/^[-—–－·\s]*\d{1,4}[-—–－·\s]*$/.test(t));
          const out = recognizedText([page(lines)]);
          const strip = (s: string) => s.replace(/\s/g, '');
          expect(strip(out)).toBe(strip(kept.join('')));
          for (const l of lines)
            expect(tidyRecognizedLine(tidyRecognizedLine(l.text))).toBe(tidyRecognizedLine(l.text));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('a PDF’s own text layer', () => {
  it('is believed when it is Chinese prose', () => {
    expect(textLayerVerdict([seed.slice(0, 1500), seed.slice(1500)])).toEqual({ usable: true });
  });

  it('is not believed when missing, on too few pages, mojibake or random characters', () => {
    expect(textLayerVerdict(['', ' '])).toMatchObject({ usable: false, reason: expect.stringMatching(/没有文字层/) });
    expect(textLayerVerdict([seed.slice(0, 300), '', '', ''])).toMatchObject({
      reason: expect.stringMatching(/不完整/),
    });
    expect(textLayerVerdict(['ÐÂ»ªÉçÖÐ¹ú·¨Öν¨ÉèÇé¿ö±¨¸æ'.repeat(20)])).toMatchObject({
      reason: expect.stringMatching(/乱码/),
    });
    // Characters from fonts mapped to the wrong code points: Chinese characters, but not Chinese prose.
    let random = '';
    for (let i = 0; i < 600; i++) random += String.fromCodePoint(0x4e00 + ((i * 7919) % 20000));
    expect(textLayerVerdict([random])).toMatchObject({ reason: expect.stringMatching(/常用字/) });
    expect(textLayerVerdict(['Lorem ipsum dolor sit amet '.repeat(20)])).toMatchObject({
      reason: expect.stringMatching(/汉字/),
    });
  });
});

describe('pixels for the engine', () => {
  it('turns red ink (红头, seal) white and keeps black and grey text', () => {
    // Without red, grey is luminance; red ink and its pale-red rim go white (RGBA too).
    expect([...dropRed(new Uint8Array([128, 128, 128, 0, 0, 0, 255, 255, 255]), 3, 3)]).toEqual([128, 0, 255]);
    expect([...dropRed(new Uint8Array([224, 36, 27, 250, 215, 212]), 3, 2)]).toEqual([255, 255]);
    expect([...dropRed(new Uint8Array([224, 36, 27, 255]), 4, 1)]).toEqual([255]);
    // A row: red, a greyish rim a JPEG left beside it (not red any more), grey text further off, black beside red.
    const row = new Uint8Array([224, 36, 27, 202, 194, 194, 222, 221, 221, 128, 128, 128, 128, 128, 128]);
    expect([...dropRed(row, 3, 5)]).toEqual([255, 255, 255, 128, 128]);
    const underSeal = new Uint8Array([224, 36, 27, 0, 0, 0]);
    expect([...dropRed(underSeal, 3, 2)]).toEqual([255, 0]);
  });

  it('writes a PGM the reader of pdftoppm’s pages reads back', () => {
    const grey = new Uint8Array([0, 50, 100, 150, 200, 250]);
    const image = parsePpm(pgm(grey, 3, 2));
    expect(image).toMatchObject({ width: 3, height: 2, channels: 1 });
    expect([...image.pixels]).toEqual([...grey]);
    expect(() => parsePpm(new TextEncoder().encode('GIF89a'))).toThrow(/PPM/);
  });

  it('scores a reading by edit distance over characters, whitespace apart', () => {
    expect(editDistance('法治政府', '法冶政府')).toBe(1);
    expect(editDistance('', '法治')).toBe(2);
    expect(characterAccuracy('法 治\n政府', '法治政府')).toBe(1);
    expect(characterAccuracy('法冶政府', '法治政府')).toBe(0.75);
  });
});
