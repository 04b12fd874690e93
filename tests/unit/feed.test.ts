import { load } from 'cheerio';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  feedCategories,
  feedDate,
  feedItem,
  feedSelection,
  feedSummary,
  lastBuildDate,
  SUMMARY_LENGTH,
  sanitiseForFeed,
} from '../../src/lib/feed.ts';
import { feedCss, SUBSCRIBE_LINE } from '../../src/lib/feed-style.ts';
import type { Report } from '../../src/lib/report.ts';
import { newestAddedFirst, newestDateFirst } from '../../src/lib/report-facts.ts';
import { fixtureArchive } from '../helpers/fixture-archive.ts';

const fixtures = fixtureArchive();
const reports = fixtures.map((f) => f.report);
const PERMALINK = 'https://www.example.gov.cn/fzbg/reports/2024-x/';

/** Everything in a piece of HTML a feed reader could execute or load. */
function executable(html: string): string[] {
  const $ = load(html);
  const found: string[] = [];
  $('script, iframe, object, embed, img, style, svg, form, input, link, meta, base').each((_, el) => {
    found.push((el as { tagName: string }).tagName);
  });
  $('*').each((_, el) => {
    for (const [name, value] of Object.entries((el as { attribs?: Record<string, string> }).attribs ?? {})) {
      if (/^on/i.test(name)) found.push(name);
      if (/^\s*(javascript|vbscript|data):/i.test(value)) found.push(value);
    }
  });
  return found;
}

describe('feed order and dates', () => {
  it('announces a report under the day the archive received it, dated or not — never the clock', () => {
    const r = reports[0] as Report;
    expect(feedDate({ published: '2025-03-01', added: '2026-01-02' }).toISOString()).toBe('2026-01-02T00:00:00.000Z');
    expect(feedDate({ published: null, added: '2026-01-02' }).toUTCString()).toBe('Fri, 02 Jan 2026 00:00:00 GMT');
    expect(feedDate(r).getTime()).toBe(feedDate(structuredClone(r)).getTime());
  });

  it('puts the newest additions first, and never cuts a day of additions in the middle', () => {
    const selected = feedSelection(reports, 10);
    expect(selected.length).toBeGreaterThanOrEqual(Math.min(10, reports.length));
    const all = feedSelection(reports, reports.length);
    for (let i = 1; i < all.length; i++)
      expect(newestAddedFirst(all[i - 1] as Report, all[i] as Report)).toBeLessThan(0);
    // Every report added on the last day announced is announced: a batch import is never cut.
    const lastDay = selected.at(-1)?.added;
    expect(selected.length).toBe(reports.filter((r) => r.added > (lastDay ?? '') || r.added === lastDay).length);
    expect(selected).toEqual(feedSelection([...reports].reverse(), 10));
    expect(feedSelection(reports, 0)).toEqual([]);
    // One batch of 300 on one day, the limit 50: all 300 are announced, dated before undated.
    const day = (i: number): Report => ({
      ...(reports[0] as Report),
      slug: `r${String(i).padStart(3, '0')}`,
      added: '2026-12-01',
      published: i % 3 ? `2025-0${1 + (i % 9)}-01` : null,
    });
    const batch = feedSelection(
      [...Array.from({ length: 300 }, (_, i) => day(i)), { ...(reports[0] as Report), added: '2026-11-01' }],
      50,
    );
    expect(batch).toHaveLength(300);
    const firstUndated = batch.findIndex((r) => !r.published);
    expect(batch.slice(firstUndated).every((r) => !r.published)).toBe(true);
  });

  it('is a total order (antisymmetric, consistent) on any reports', () => {
    const date = fc
      .tuple(fc.integer({ min: 2015, max: 2026 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
      .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    const arb = fc.record({ published: fc.option(date), added: date, slug: fc.stringMatching(/^[a-z0-9]{1,6}$/) });
    fc.assert(
      fc.property(arb, arb, (a, b) => {
        const ab = newestDateFirst(a as Report, b as Report);
        const ba = newestDateFirst(b as Report, a as Report);
        expect(Math.sign(ab)).toBe(-Math.sign(ba));
        if (a.slug === b.slug && (a.published ?? a.added) === (b.published ?? b.added)) expect(ab).toBe(0);
      }),
    );
  });

  it('dates the channel by its newest item, and has no date without items', () => {
    expect(lastBuildDate(reports)?.getTime()).toBe(feedDate(feedSelection(reports, 1)[0] as Report).getTime());
    expect(lastBuildDate([])).toBeNull();
  });
});

describe('feed items', () => {
  it('carry the permalink as link (the guid), the title, categories from province down, year and body', () => {
    const fixture = fixtures.find((f) => f.report.region.county && f.report.authority && f.report.year) ?? fixtures[0];
    const { report, body } = fixture as (typeof fixtures)[number];
    const item = feedItem(report, body, PERMALINK);
    expect(item.link).toBe(PERMALINK);
    expect(item.title).toBe(report.title);
    expect(item.categories).toEqual([
      ...[report.region.province, report.region.city, report.region.county, report.region.township].filter(Boolean),
      `${report.year}年度`,
      report.authority,
    ]);
    expect(
      feedCategories({ ...report, region: { ...report.region, province: null }, year: null, authority: null }),
    ).not.toContain(null);
  });

  it('depend on the slug alone for their identity: a corrected title, year or region keeps the link', () => {
    const { report, body } = fixtures[0] as (typeof fixtures)[number];
    const fixed: Report = { ...report, title: '更正后的标题', year: 2019, region: { ...report.region, city: '某市' } };
    const a = feedItem(report, body, PERMALINK);
    const b = feedItem(fixed, body, PERMALINK);
    expect(b.link).toBe(a.link);
    expect(b.title).toBe('更正后的标题');
    expect(b.categories).toContain('2019年度');
  });

  it('hold the whole report, sanitised, and a short escaped summary', () => {
    for (const { report, body } of fixtures) {
      const item = feedItem(report, body, PERMALINK);
      expect(executable(item.content), report.slug).toEqual([]);
      expect(executable(item.description), report.slug).toEqual([]);
      expect(item.description).not.toMatch(/[<>]/);
      expect(load(item.content).text().replace(/\s/g, '').length).toBeGreaterThan(
        load(item.description).text().length - 10,
      );
    }
  });

  it('turn the hostile fixture into harmless text', () => {
    const hostile = fixtures.find((f) => f.report.title.includes('<script>'));
    expect(hostile).toBeDefined();
    const { report, body } = hostile as (typeof fixtures)[number];
    const item = feedItem(report, body, PERMALINK);
    expect(executable(item.content)).toEqual([]);
    // The report's words stay readable as words: escaped text, never markup.
    expect(item.content).not.toMatch(/<script|<img|href="javascript:/i);
    expect(item.content).toContain('&lt;script&gt;');
    expect(load(item.content).text()).toContain('<script>');
  });
});

describe('feedSummary', () => {
  it('cuts by characters, never inside a surrogate pair, strips Markdown and escapes', () => {
    expect(feedSummary('## 一、总体情况\n\n2024年\\*依法\\*行政 a < b & c')).toBe(
      '一、总体情况 2024年*依法*行政 a &lt; b &amp; c',
    );
    const long = '𠀀'.repeat(SUMMARY_LENGTH + 5);
    const cut = feedSummary(long);
    expect(cut).toBe(`${'𠀀'.repeat(SUMMARY_LENGTH)}……`);
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('is plain escaped text for any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (text) => {
        const summary = feedSummary(text);
        expect(summary).not.toMatch(/[<>]/);
        expect(summary).not.toMatch(/&(?!amp;|lt;|gt;)/);
      }),
    );
  });
});

describe('sanitiseForFeed', () => {
  const attacks = [
    '<script>alert(1)</script>正文',
    '<img src=x onerror=alert(2)>正文',
    '<a href="javascript:alert(3)">链接</a>',
    '<a href="JaVaScRiPt:alert(3)">链接</a>',
    '<a href=" javascript:alert(3)">链接</a>',
    '<a href="jav&#x09;ascript:alert(3)">链接</a>',
    '<a href="data:text/html,<script>alert(1)</script>">链接</a>',
    '<a href="//evil.example/">链接</a>',
    '<p onclick="alert(4)" style="x">段落</p>',
    '<iframe src="https://evil.example/"></iframe>正文',
    '<svg onload=alert(5)><circle/></svg>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<math><mi xlink:href="javascript:alert(6)">x</mi></math>',
    '<style>body{background:url(javascript:alert(7))}</style>',
    '<form action="javascript:alert(8)"><input type=submit></form>',
  ];

  it.each(attacks)('leaves nothing executable of %s', (attack) => {
    const clean = sanitiseForFeed(attack, PERMALINK);
    expect(executable(clean)).toEqual([]);
    expect(clean).not.toMatch(/javascript:|onerror|onclick|onload|<script|<iframe/i);
  });

  it('keeps the report structure and makes relative links absolute', () => {
    const html =
      '<h2 id="h-1">一、总体情况</h2><p>见<a href="/fzbg/reports/2023-y/">上年报告</a>和<a href="#h-1">本节</a>。</p>';
    const clean = sanitiseForFeed(html, PERMALINK);
    expect(clean).toContain('<h2 id="h-1">一、总体情况</h2>');
    expect(clean).toContain('href="https://www.example.gov.cn/fzbg/reports/2023-y/"');
    expect(clean).toContain(`href="${PERMALINK}#h-1"`);
  });
});

describe('the feed stylesheet', () => {
  it('CSS: the same line, the XML machinery hidden, the XHTML title links and Dublin Core dates shown', () => {
    const css = feedCss();
    expect(css).toContain(`"${SUBSCRIBE_LINE}"`);
    expect(css).toMatch(/content\|encoded[^{]*\{ display: none; \}/);
    expect(css).toMatch(/item > title,[^{]*\{ display: none; \}/);
    expect(css).toContain('@namespace h url(http://www.w3.org/1999/xhtml);');
    expect(css).toMatch(/item > h\|a \{ display: block;/);
    expect(css).toMatch(/item > dc\|date \{ display: block;/);
  });
});
