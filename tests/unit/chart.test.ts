import { load } from 'cheerio';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { barChartSvg, type ChartOptions, type ChartPoint, textWidthEm } from '../../src/lib/chart.ts';
import type { Unit } from '../../src/lib/indicators.ts';
import { readable } from '../../src/lib/text-hygiene.ts';

const COUNTS: ChartOptions = { title: '行政诉讼案件（件）', unit: '件' };
const RATES: ChartOptions = { title: '行政机关负责人出庭应诉率（%）', unit: '%' };
const point = (label: string, value: number, approx = false): ChartPoint => ({ label, value, approx });

/**
 * A strict, minimal XML well-formedness check — enough for what the chart writes: elements, attributes in
 * double quotes, text, the five entities and numeric references. Returns the first problem, or null. No
 * XML parser is a dependency of the project (fast-xml-parser is only @astrojs/rss's), and cheerio forgives.
 */
/** What XML 1.0 forbids: C0 controls but tab, line feed and carriage return; U+FFFE, U+FFFF; lone surrogates. */
const FORBIDDEN_IN_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is matched
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function xmlProblem(xml: string): string | null {
  const NAME = '[A-Za-z_][\\w.-]*(?::[\\w.-]+)?';
  const REF = '&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);';
  const token = new RegExp(
    `<(/?)(${NAME})((?:\\s+${NAME}="(?:[^"<&]|${REF})*")*)\\s*(/?)>|((?:[^<&]|${REF})+)|([\\s\\S])`,
    'gy',
  );
  const stack: string[] = [];
  let roots = 0;
  for (const m of xml.matchAll(token)) {
    const [, close, name, attrs, selfClose, text, stray] = m;
    if (stray !== undefined) return `stray ${JSON.stringify(stray)} at ${m.index}`;
    if (FORBIDDEN_IN_XML.test(m[0])) return `a character XML forbids at ${m.index}`;
    if (text !== undefined) {
      if (stack.length === 0 && text.trim()) return 'text outside the root';
      continue;
    }
    const attrNames = [...(attrs ?? '').matchAll(new RegExp(`(${NAME})=`, 'g'))].map((a) => a[1]);
    if (new Set(attrNames).size !== attrNames.length) return `a repeated attribute on <${name}>`;
    if (close) {
      if (attrs || selfClose) return `a malformed end tag </${name}>`;
      if (stack.pop() !== name) return `</${name}> closes nothing open`;
    } else {
      if (stack.length === 0 && ++roots > 1) return 'more than one root';
      if (!selfClose) stack.push(name as string);
    }
  }
  if (roots !== 1) return 'no root element';
  return stack.length ? `<${stack.at(-1)}> left open` : null;
}

function parsed(svg: string) {
  return load(svg, { xml: true });
}

/** Every number in the drawing's attributes (coordinates, sizes), as written. */
function numbersInAttributes(svg: string): string[] {
  return [...svg.matchAll(/\s(?:x|y|x1|y1|x2|y2|width|height|font-size|viewBox)="([^"]*)"/g)].flatMap((m) =>
    (m[1] as string).split(' ').filter((n) => n !== '100%'),
  );
}

/** WCAG relative luminance and contrast ratio of a #rrggbb colour against white. */
function contrastOnWhite(hex: string): number {
  const channel = (i: number) => {
    const v = Number.parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  return 1.05 / (l + 0.05);
}

describe('the well-formedness check the properties rely on', () => {
  it('accepts well-formed XML and rejects what is not', () => {
    expect(xmlProblem('<svg a="1 &amp; 2"><t>x &#60; y</t><r/></svg>')).toBeNull();
    for (const bad of [
      '<svg><t>a < b</t></svg>',
      '<svg><t>a & b</t></svg>',
      '<svg a="x"y"></svg>',
      '<svg><t></svg>',
      '<svg></svg><svg></svg>',
      "<svg a='1'></svg>",
      '<svg a="1" a="2"></svg>',
      '<svg><t>\u0001</t></svg>',
      'text',
    ])
      expect(xmlProblem(bad), bad).not.toBeNull();
  });
});

describe('barChartSvg: structure', () => {
  const svg = barChartSvg([point('2024', 6), point('2023', 12, true), point('2022', 0)], COUNTS);
  const $ = parsed(svg);

  it('draws nothing for no points', () => {
    expect(barChartSvg([], COUNTS)).toBe('');
  });

  it('is well-formed, one image with a title, one bar and one printed value per point', () => {
    expect(xmlProblem(svg)).toBeNull();
    expect($('svg')).toHaveLength(1);
    expect($('svg').attr('role')).toBe('img');
    expect($('svg').attr('xmlns')).toBe('http://www.w3.org/2000/svg');
    expect($('svg > title').first().text()).toBe('行政诉讼案件（件）');
    expect($('rect')).toHaveLength(3);
    const texts = $('text')
      .map((_, el) => $(el).text())
      .get();
    expect(texts).toEqual(['行政诉讼案件（件）', '2024', '6 件', '2023', '约 12 件', '2022', '0 件']);
  });

  it('says every label and value in its aria-label, years as years, approximate values with 约', () => {
    expect($('svg').attr('aria-label')).toBe('行政诉讼案件（件）：2024 年 6 件；2023 年 约 12 件；2022 年 0 件');
    const regions = barChartSvg([point('梁山县', 30), point('嘉祥县', 98.5, true)], RATES);
    expect(parsed(regions)('svg').attr('aria-label')).toBe(
      '行政机关负责人出庭应诉率（%）：梁山县 30%；嘉祥县 约 98.5%',
    );
  });

  it('scales to the phone: a viewBox about 480 wide, width 100%, no fixed height, text of 12 units or more', () => {
    const root = $('svg');
    expect(root.attr('width')).toBe('100%');
    expect(root.attr('height')).toBeUndefined();
    const [x, y, w] = (root.attr('viewBox') ?? '').split(' ').map(Number);
    expect([x, y, w]).toEqual([0, 0, 480]);
    const sizes = $('text')
      .map((_, el) => Number($(el).attr('font-size')))
      .get();
    expect(sizes.length).toBe(7);
    for (const size of sizes) expect(size).toBeGreaterThanOrEqual(12);
  });

  it('is readable without colour: solid bars of 3:1 or more on white, dark text, no style, script, font or link', () => {
    const fills = new Set(
      $('rect')
        .map((_, el) => $(el).attr('fill'))
        .get(),
    );
    expect(fills.size).toBe(1);
    expect(contrastOnWhite([...fills][0] as string)).toBeGreaterThanOrEqual(3);
    for (const fill of $('text')
      .map((_, el) => $(el).attr('fill'))
      .get())
      expect(contrastOnWhite(fill)).toBeGreaterThanOrEqual(4.5);
    expect(svg).not.toMatch(
      /<(style|script|image|use|a|foreignObject|font)\b|href|url\(|@import|font-family|\son\w+=/i,
    );
  });
});

describe('barChartSvg: scale and numbers', () => {
  const widths = (svg: string) =>
    parsed(svg)('rect')
      .map((_, el) => Number(parsed(svg)(el).attr('width')))
      .get();

  it('scales counts to the largest value, percentages to 100', () => {
    const [full, half] = widths(barChartSvg([point('2024', 40), point('2023', 20)], COUNTS));
    expect(half).toBeCloseTo((full as number) / 2, 0);
    const [fifty, hundred] = widths(barChartSvg([point('2024', 50), point('2023', 100)], RATES));
    expect(fifty).toBeCloseTo((hundred as number) / 2, 0);
    // Alone, 50% is still half a bar, not a full one: the room for bars is what the label and value leave.
    const alone = barChartSvg([point('2024', 50)], RATES);
    const [onlyFifty] = widths(alone);
    const room = 480 - Number(parsed(alone)('rect').attr('x')) - 8 - textWidthEm('50%') * 16;
    expect(onlyFifty).toBeCloseTo(room / 2, 0);
    // A rate above 100 (a report's error) scales the rest down rather than running past the drawing.
    const over = barChartSvg([point('2024', 120), point('2023', 60)], RATES);
    expect(xmlProblem(over)).toBeNull();
    const [a, b] = widths(over);
    expect(b).toBeCloseTo((a as number) / 2, 0);
  });

  it('prints a zero as 0 with no bar, and gives any value above zero a visible bar', () => {
    const svg = barChartSvg([point('2024', 100000), point('2023', 1), point('2022', 0)], COUNTS);
    const [, tiny, zero] = widths(svg);
    expect(tiny).toBeGreaterThanOrEqual(2);
    expect(zero).toBe(0);
    expect(parsed(svg)('text').last().text()).toBe('0 件');
    expect(widths(barChartSvg([point('2024', 0), point('2023', 0)], COUNTS))).toEqual([0, 0]);
  });

  it('writes numbers without float noise, coordinates with one decimal at most', () => {
    const svg = barChartSvg(
      [point('2024', 98.49999999), point('2023', 0.1 + 0.2), point('2022', 1 / 3), point('2021', 87.25)],
      RATES,
    );
    expect(
      parsed(svg)('text')
        .slice(1)
        .map((_, el) => parsed(svg)(el).text())
        .get()
        .filter((_, i) => i % 2 === 1),
    ).toEqual(['98.5%', '0.3%', '0.33%', '87.25%']);
    for (const n of numbersInAttributes(svg)) expect(n).toMatch(/^\d+(\.\d)?$/);
  });

  it('refuses a value that is negative or not a number: a bug upstream, not a chart', () => {
    for (const value of [-1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => barChartSvg([point('2024', value)], COUNTS)).toThrow(RangeError);
  });

  it('draws at most maxBars bars and says how many it left out', () => {
    const points = ['梁山县', '嘉祥县', '汶上县', '泗水县'].map((l, i) => point(l, i + 1));
    const svg = barChartSvg(points, { ...COUNTS, maxBars: 2 });
    const $ = parsed(svg);
    expect($('rect')).toHaveLength(2);
    expect($('svg').attr('aria-label')).toBe('行政诉讼案件（件）：梁山县 1 件；嘉祥县 2 件；另有 2 项未画出，见表格');
    expect($('text').last().text()).toBe('另有 2 项未画出，见表格');
    expect(parsed(barChartSvg(points, { ...COUNTS, maxBars: 10 }))('rect')).toHaveLength(4);
  });
});

describe('barChartSvg: labels', () => {
  const labelX = (svg: string) => Number(parsed(svg)('rect').first().attr('x'));

  it('measures labels by characters: Chinese about 1 em, ASCII about 0.6 em', () => {
    expect(textWidthEm('梁山县')).toBe(3);
    expect(textWidthEm('2024')).toBeCloseTo(2.4);
    expect(labelX(barChartSvg([point('2024', 1)], COUNTS))).toBeLessThan(
      labelX(barChartSvg([point('梁山县人民政府', 1)], COUNTS)),
    );
  });

  it('draws a label of 12 Chinese characters in full, cuts a longer one with … and says it in full', () => {
    const twelve = '济宁市梁山县人民政府办公';
    const fifteen = '济宁市梁山县人民政府办公室法制';
    const svg = barChartSvg([point(twelve, 5), point(fifteen, 7, true)], COUNTS);
    const $ = parsed(svg);
    const drawn = $('text')
      .map((_, el) => $(el).text())
      .get();
    expect(drawn[1]).toBe(twelve);
    expect(drawn[3]).toBe('济宁市梁山县人民政府办…');
    expect(textWidthEm(drawn[3] as string)).toBeLessThanOrEqual(12);
    expect($('svg').attr('aria-label')).toBe(`行政诉讼案件（件）：${twelve} 5 件；${fifteen} 约 7 件`);
    // Everything stays inside the drawing, even with the longest label and a large approximate value.
    const big = barChartSvg([point(fifteen, 1234567, true), point('2024', 1)], COUNTS);
    for (const el of parsed(big)('rect').get()) {
      const r = parsed(big)(el);
      expect(Number(r.attr('x')) + Number(r.attr('width'))).toBeLessThanOrEqual(480);
    }
  });

  it('escapes hostile labels and titles: no element, attribute or entity gets through', () => {
    const hostile = ['</svg><script>alert(1)</script>', 'A & B', '"quoted" \'single\'', '<rect/>', '&amp;'];
    const svg = barChartSvg(
      hostile.map((l, i) => point(l, i)),
      { title: '</title><script>x</script>" onload="alert(1)', unit: '次' },
    );
    expect(xmlProblem(svg)).toBeNull();
    expect(svg).not.toMatch(/<script|onload="/);
    const $ = parsed(svg);
    expect($('script')).toHaveLength(0);
    expect($('rect')).toHaveLength(hostile.length);
    expect($('svg').attr('onload')).toBeUndefined();
    expect($('title').text()).toBe('</title><script>x</script>" onload="alert(1)');
    const aria = $('svg').attr('aria-label') ?? '';
    for (const label of hostile) expect(aria).toContain(label);
    const drawn = $('text')
      .map((_, el) => $(el).text())
      .get();
    expect(drawn).toContain('A & B');
    expect(drawn).toContain('&amp;');
  });

  it('cleans characters XML forbids and folds white space, in drawing and aria-label alike', () => {
    const svg = barChartSvg([point('梁山\u001b县\n\t人民政府', 3)], COUNTS);
    expect(xmlProblem(svg)).toBeNull();
    expect(parsed(svg)('text').eq(1).text()).toBe('梁山县 人民政府');
    expect(parsed(svg)('svg').attr('aria-label')).toBe('行政诉讼案件（件）：梁山县 人民政府 3 件');
  });

  it('takes every unit the indicators use', () => {
    const units: Unit[] = ['件', '%', '次', '名'];
    for (const unit of units) expect(barChartSvg([point('2024', 1)], { title: 't', unit })).toContain('role="img"');
  });
});

describe('barChartSvg: properties', () => {
  /** Any text, lone surrogates and control characters included: what a hostile upload could carry. */
  const anyText = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)) });
  const label = fc.oneof(anyText, fc.string({ unit: 'grapheme' }), fc.constantFrom('</svg>', '&', '"', "'", '<'));
  const value = fc.oneof(
    fc.integer({ min: 0, max: 10_000_000 }),
    fc.double({ min: 0, max: 1_000_000, noNaN: true, noDefaultInfinity: true }),
    fc.constant(0),
  );
  const points = fc.array(fc.record({ label, value, approx: fc.boolean() }), { minLength: 1, maxLength: 25 });
  const options = fc.record(
    {
      title: anyText,
      unit: fc.constantFrom<Unit>('件', '%', '次', '名'),
      maxBars: fc.integer({ min: 1, max: 30 }),
    },
    { requiredKeys: ['title', 'unit'] },
  );

  it('any labels and values give well-formed XML, one bar per point drawn, all inside the drawing', () => {
    fc.assert(
      fc.property(points, options, (pts, opts) => {
        const svg = barChartSvg(pts, opts);
        expect(xmlProblem(svg)).toBeNull();
        const $ = parsed(svg);
        expect($('rect')).toHaveLength(Math.min(pts.length, opts.maxBars ?? pts.length));
        const [, , w, h] = ($('svg').attr('viewBox') ?? '').split(' ').map(Number);
        for (const el of $('rect').get()) {
          const r = $(el);
          expect(Number(r.attr('width'))).toBeGreaterThanOrEqual(0);
          expect(Number(r.attr('x')) + Number(r.attr('width'))).toBeLessThanOrEqual(w as number);
          expect(Number(r.attr('y')) + Number(r.attr('height'))).toBeLessThanOrEqual(h as number);
        }
        for (const n of numbersInAttributes(svg)) expect(n).toMatch(/^\d+(\.\d)?$/);
      }),
      { numRuns: 300 },
    );
  });

  it('the aria-label carries every drawn label in full, cleaned', () => {
    fc.assert(
      fc.property(points, options, (pts, opts) => {
        const aria = parsed(barChartSvg(pts, opts))('svg').attr('aria-label') ?? '';
        for (const p of pts.slice(0, opts.maxBars ?? pts.length))
          expect(aria).toContain(readable(p.label).replace(/\s+/g, ' ').trim());
      }),
      { numRuns: 200 },
    );
  });

  it('is deterministic, and a larger value never draws a shorter bar', () => {
    fc.assert(
      fc.property(points, options, (pts, opts) => {
        const svg = barChartSvg(pts, opts);
        expect(barChartSvg(structuredClone(pts), { ...opts })).toBe(svg);
        const $ = parsed(svg);
        const drawn = $('rect')
          .map((_, el) => Number($(el).attr('width')))
          .get();
        const values = pts.slice(0, drawn.length).map((p) => Number(p.value.toFixed(2)));
        for (let i = 0; i < drawn.length; i++)
          for (let j = 0; j < drawn.length; j++)
            if ((values[i] as number) > (values[j] as number))
              expect(drawn[i] as number).toBeGreaterThanOrEqual(drawn[j] as number);
      }),
      { numRuns: 200 },
    );
  });
});
