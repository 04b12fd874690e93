/**
 * Pages made outside Astro (src/lib/page-frame.ts, src/lib/compare-page.ts): the frame's tokens found and each
 * replaced by the page's own part, every value from a report escaped, a frame that lost a token refused with a
 * message rather than filled wrongly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { comparePage } from '../../src/lib/compare-page.ts';
import { crumbItemsHtml, FRAME_TOKENS, FrameError, fillFrame, prepareFrame } from '../../src/lib/page-frame.ts';
import type { Report } from '../../src/lib/report.ts';
import { makeReport } from '../helpers/make-report.ts';

const FRAME_URL = 'https://example.gov.cn/fzbg/page-frame/';
/** A frame as Base.astro writes it, in short. */
const frame = [
  '<html><head>',
  `<title>${FRAME_TOKENS.title} - 公开</title>`,
  `<meta name="description" content="${FRAME_TOKENS.description}" />`,
  `<link rel="canonical" href="${FRAME_URL}" />`,
  `<meta property="og:title" content="${FRAME_TOKENS.title}" />`,
  `<meta property="og:url" content="${FRAME_URL}" />`,
  '</head><body>',
  `<nav class="wrap breadcrumbs" aria-label="当前位置"><ol>${crumbItemsHtml([{ label: FRAME_TOKENS.crumb }])}</ol></nav>`,
  `<main id="main">${FRAME_TOKENS.main}</main>`,
  '</body></html>',
].join('\n');

const tags = (html: string) => [...html.matchAll(/<([a-z]+)/g)].map((m) => m[1]).sort();

describe('the page frame', () => {
  it('puts each part of a page in its place, everywhere the frame has it', () => {
    const html = fillFrame(prepareFrame(frame, FRAME_URL), {
      canonical: 'https://example.gov.cn/fzbg/compare/a/b/',
      title: '梁山县人民政府 2022 与 2023 年度报告对比',
      description: '逐节对比',
      crumbs: [{ label: '首页', href: '/fzbg/' }, { label: '2022—2023 对比' }],
      main: '<h1>对比</h1>',
    });
    expect(html).toContain('<title>梁山县人民政府 2022 与 2023 年度报告对比 - 公开</title>');
    expect(html).toContain('<meta property="og:title" content="梁山县人民政府 2022 与 2023 年度报告对比" />');
    expect(html.match(/https:\/\/example\.gov\.cn\/fzbg\/compare\/a\/b\//g)).toHaveLength(2);
    expect(html).toContain(
      '<li><a href="/fzbg/">首页</a></li><li><span aria-current="page">2022—2023 对比</span></li>',
    );
    expect(html).toContain('<main id="main"><h1>对比</h1></main>');
    expect(html).not.toMatch(/GONGKAIFRAME|page-frame/);
  });

  it('escapes whatever a report puts in the title, description or breadcrumbs', () => {
    const prepared = prepareFrame(frame, FRAME_URL);
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string({ minLength: 1 }), (title, description, crumb) => {
        const html = fillFrame(prepared, {
          canonical: 'https://example.gov.cn/fzbg/compare/a/b/',
          title,
          description,
          crumbs: [{ label: crumb, href: crumb }, { label: crumb }],
          main: '',
        });
        const plain = fillFrame(prepared, {
          canonical: '',
          title: '',
          description: '',
          crumbs: [{ label: '', href: 'x' }, { label: '' }],
          main: '',
        });
        // The same elements, and the same quotes: no value opened a tag or left its attribute.
        expect(tags(html)).toEqual(tags(plain));
        expect(html.split('"').length).toBe(plain.split('"').length);
      }),
    );
  });

  it('refuses a frame that lost a token, naming the part', () => {
    expect(() => prepareFrame(frame.replace(FRAME_TOKENS.main, ''), FRAME_URL)).toThrow(FrameError);
    expect(() => prepareFrame(frame.replace(FRAME_TOKENS.main, ''), FRAME_URL)).toThrow(/main/);
  });
});

const report = (slug: string, year: number, extra: Partial<Report> = {}) => makeReport(slug, { year, ...extra });

describe('a compare page', () => {
  it('says what changed, links both reports and its authority, and escapes their text', () => {
    const page = comparePage({
      earlier: report('2022-a', 2022, { title: '<script>2022</script>' }),
      later: report('2023-a', 2023),
      bodyA: '## 一、主要举措\n\n全年办理行政复议案件12件。开展执法培训。',
      bodyB:
        '## 一、主要举措和成效\n\n全年办理行政复议案件15件。开展执法培训。\n\n## 二、下一年度工作安排\n\n继续推进。',
      authority: { name: '梁山县人民政府', slug: 'liangshanxianrenminzhengfu' },
      base: '/fzbg/',
    });
    expect(page.path).toBe('/compare/2022-a/2023-a/');
    expect(page.title).toBe('梁山县人民政府 2022 与 2023 年度报告对比');
    expect(page.crumbs.map((c) => c.href)).toEqual([
      '/fzbg/',
      '/fzbg/authorities/',
      '/fzbg/authorities/liangshanxianrenminzhengfu/',
      undefined,
    ]);
    expect(page.html).toContain('<a href="/fzbg/reports/2022-a/">&#60;script&#62;2022&#60;/script&#62;</a>');
    expect(page.html).not.toContain('<script');
    expect(page.html).toMatch(/两年都有的章节 1 个；2023 年度新增章节 1 个，删去章节 0 个。/);
  });
});
