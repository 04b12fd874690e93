/**
 * Key figures: properties of the number parser and of the extraction on arbitrary text — it never throws,
 * every figure's text is a substring of the input, values are finite and non-negative, one per indicator.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractFigures, type FigureContext, INDICATORS, parseNumber } from '../../src/lib/figures.ts';

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** n < 10000 in Chinese numerals, as reports write it (十二, not 一十二; 一百零五). */
function chinese(n: number): string {
  if (n === 0) return '零';
  const parts: string[] = [];
  const units: [number, string][] = [
    [1000, '千'],
    [100, '百'],
    [10, '十'],
  ];
  let rest = n;
  let zero = false;
  for (const [size, name] of units) {
    const d = Math.floor(rest / size);
    rest %= size;
    if (d > 0) {
      if (zero) parts.push('零');
      zero = false;
      parts.push(d === 1 && size === 10 && parts.length === 0 ? name : `${DIGITS[d]}${name}`);
    } else if (parts.length > 0) zero = true;
  }
  if (rest > 0) parts.push(`${zero ? '零' : ''}${DIGITS[rest]}`);
  return parts.join('');
}

const CONTEXTS: FigureContext[] = [
  { year: 2024, place: '梁山县', level: 'county', authority: '梁山县人民政府' },
  { year: null, place: null, level: null, authority: null },
  { year: 2022, place: '陕西省', level: 'province', authority: '陕西省人民政府' },
];

/** Text made of the words the rules look for, numbers, units and punctuation: it reaches the rules. */
const reportish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '行政复议',
        '申请',
        '案件',
        '收到',
        '受理',
        '行政应诉',
        '败诉',
        '无一件',
        '出庭应诉率',
        '纠错率',
        '规范性文件',
        '审查',
        '备案',
        '合法性审查',
        '重大行政决策',
        '政府信息公开申请',
        '人大代表建议',
        '政协提案',
        '和',
        '共',
        '、',
        '中心组',
        '学法',
        '法治培训',
        '讲座',
        '考试',
        '合格率',
        '法律顾问',
        '公职律师',
        '矛盾纠纷',
        '化解',
        '全省',
        '全县',
        '确保',
        '同比',
        '增长',
        '累计',
        '以来',
        '今年',
        '2024年',
        '2021年',
        '第',
        '余',
        '约',
        '万',
        '以上',
        '件',
        '次',
        '名',
        '%',
        '场次',
        '人次',
        '，',
        ',',
        '。',
        '；',
        '.',
        '\n',
        '\n\n## 一、',
        '\n# （一）',
        '零',
        '十',
      ),
      fc.integer({ min: 0, max: 100000 }).map(String),
      fc.string({ maxLength: 4 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

describe('parseNumber', () => {
  it('reads every Arabic integer and decimal as written', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (n) => {
        expect(parseNumber(String(n))).toEqual({ value: n, approx: false });
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99999 }), fc.integer({ min: 0, max: 99 }), (a, b) => {
        const text = `${a}.${String(b).padStart(2, '0')}`;
        expect(parseNumber(text)?.value).toBeCloseTo(Number(text), 9);
      }),
    );
  });

  it('reads Chinese numerals below 10000', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), (n) => {
        expect(parseNumber(chinese(n))).toEqual({ value: n, approx: false });
      }),
    );
  });

  it('余, 多, 约, 以上 make it approximate without changing the value; 万 multiplies', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 99999 }),
        fc.constantFrom(['', '余'], ['', '多'], ['约', ''], ['近', ''], ['超过', ''], ['', '以上']),
        (n, [before, after]) => {
          expect(parseNumber(`${before}${n}${after}`)).toEqual({ value: n, approx: true });
          expect(parseNumber(`${n}万`)).toEqual({ value: n * 10000, approx: false });
        },
      ),
    );
  });

  it('never throws, and gives a finite non-negative value or null', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (text) => {
        const parsed = parseNumber(text);
        if (parsed) expect(Number.isFinite(parsed.value) && parsed.value >= 0).toBe(true);
      }),
    );
  });
});

describe('extractFigures', () => {
  it('never throws; every text is a substring of the input; values finite, non-negative; one per indicator', () => {
    fc.assert(
      fc.property(fc.oneof(reportish, fc.string({ maxLength: 200 })), fc.constantFrom(...CONTEXTS), (text, context) => {
        const found = extractFigures(text, context);
        const ids = found.map((f) => f.indicator);
        expect(new Set(ids).size).toBe(ids.length);
        for (const f of found) {
          expect(text).toContain(f.text);
          expect(f.text.length).toBeGreaterThan(0);
          expect(Number.isFinite(f.value) && f.value >= 0).toBe(true);
          expect(f.unit).toBe(INDICATORS.find((i) => i.id === f.indicator)?.unit);
          if (f.section !== null) expect(f.section).toMatch(/^h-\d+(-\d+)*$/);
        }
      }),
      { numRuns: 500 },
    );
  });
});
