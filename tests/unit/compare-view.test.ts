/**
 * The compare page's sections as HTML (src/lib/compare-view.ts): report text is untrusted and must come out
 * escaped wherever it lands (headings, sentences, changed pieces, link targets); every change is labelled
 * in words, not only by <del>/<ins>.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareBodies } from '../../src/lib/align.ts';
import { compareSectionsHtml } from '../../src/lib/compare-view.ts';

const labels = { yearA: '2022 年度', yearB: '2023 年度', hrefA: '/reports/a/', hrefB: '/reports/b/' };
const tags = (html: string) => [...html.matchAll(/<\/?([a-z0-9]+)/g)].map((m) => m[1]);
const ALLOWED = new Set(['section', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'span', 'a', 'div', 'del', 'ins']);

describe('compareSectionsHtml', () => {
  it('labels kept, changed, added and removed sentences in words', () => {
    const html = compareSectionsHtml(
      compareBodies(
        '## 一、主要举措\n\n全年办理行政复议案件12件。开展执法培训。删去的这一句话很长很长。\n\n## 二、存在的不足\n\n队伍建设仍需加强。',
        '## 一、主要举措和成效\n\n全年办理行政复议案件15件。开展执法培训。新的一句写在这里。\n\n## 二、存在的不足\n\n队伍建设仍需加强。\n\n## 三、下一年度工作安排\n\n继续推进。',
      ).sections,
      labels,
    );
    for (const words of [
      '修改',
      '新增',
      '删去',
      '两年相同：',
      '2023 年度改为：',
      '［删去：',
      '［新增：',
      '2023 年度新增',
    ])
      expect(html).toContain(words);
    expect(html).toContain('<a href="/reports/b/#');
  });

  it('never lets report text open a tag or an attribute', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom('<script>alert(1)</script>', '"><img src=x onerror=1>', "'", '&amp;', '法治', '。', '\n\n'),
          {
            maxLength: 12,
          },
        ),
        fc.array(fc.constantFrom('<b>', '"', '依法行政', '。', '## 一、<i>标题</i>\n\n'), { maxLength: 12 }),
        (a, b) => {
          const html = compareSectionsHtml(
            compareBodies(`## 一、<u>举措</u>\n\n${a.join('')}`, b.join('')).sections,
            labels,
          );
          for (const tag of tags(html)) expect(ALLOWED.has(tag as string)).toBe(true);
          expect(html).not.toMatch(/<[a-z]+[^>]*\son[a-z]+=/i);
        },
      ),
    );
  });
});
