import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderBody } from '../../src/lib/render.ts';
import { headingTitle, snippetOf } from '../../src/lib/search/snippet.ts';
import { normaliseForSearch, parseQuery } from '../../src/lib/search/tokens.ts';

const report = `---
title: "某某县人民政府关于2023年度法治政府建设情况的报告"
---

2023年，某某县坚持依法行政，现将有关情况报告如下。

## 一、主要举措和成效

### （一）严格规范公正文明执法。

全年办理行政复议案件12件，纠错2件；行政机关负责人出庭应诉率100%。推进“八五”普法，开展《民法典》宣传。

### （二）深化政务公开

受理政府信息公开申请68件，均按期答复。

## 二、存在的不足

行政复议工作仍有差距。
`;

const text = (s: ReturnType<typeof snippetOf>) => s?.parts.map((p) => p.text).join('') ?? '';
const marks = (s: ReturnType<typeof snippetOf>) => s?.parts.filter((p) => p.mark).map((p) => p.text) ?? [];

describe('snippets', () => {
  it('give the sentence that holds the terms, with its punctuation, the terms alone marked', () => {
    const s = snippetOf(report, parseQuery('行政复议').terms);
    expect(text(s)).toBe('全年办理行政复议案件12件，纠错2件；');
    expect(marks(s)).toEqual(['行政复议']);
    // Its section by the real heading, and the anchor the report page gives that heading.
    expect(s?.section).toEqual({ title: '（一）严格规范公正文明执法。', id: 'h-1-1' });
    const ids = renderBody(report.replace(/^---[\s\S]*?---\n/, '')).headings.map((h) => h.id);
    expect(ids).toContain(s?.section?.id);
  });

  it('prefer the sentence holding the most terms, and keep quotes and brackets of the text', () => {
    const s = snippetOf(report, parseQuery('八五 民法典').terms);
    expect(text(s)).toBe('推进“八五”普法，开展《民法典》宣传。');
    expect(marks(s)).toEqual(['八五', '民法典']);
  });

  it('find traditional and full-width forms of the terms as the text writes them', () => {
    const s = snippetOf(report.replace('出庭应诉率100%', '出庭應訴率１００%'), parseQuery('應訴率100').terms);
    expect(marks(s)).toEqual(['應訴率１００']);
  });

  it('look in one section for a sub-result, and name headings by their anchor', () => {
    expect(text(snippetOf(report, parseQuery('行政复议').terms, 'h-2'))).toBe('行政复议工作仍有差距。');
    expect(headingTitle(report, 'h-1-2')).toBe('（二）深化政务公开');
    expect(snippetOf(report, parseQuery('量子').terms)).toBeNull();
  });

  it('cut a long sentence around its first term, saying so with …', () => {
    const long = `${'甲'.repeat(300)}行政复议${'乙'.repeat(300)}。`;
    const s = snippetOf(`## 一、标题\n\n${long}\n`, ['行政复议']);
    expect(text(s).startsWith('…')).toBe(true);
    expect(text(s).endsWith('…')).toBe(true);
    expect(text(s).length).toBeLessThanOrEqual(162);
    expect(marks(s)).toEqual(['行政复议']);
  });

  it('mark only text that is a term, and quote only text that is in the report (property)', () => {
    const han = fc.constantFrom(...'法治政府建设行政复议执法监督，。；“”《》（）'.split(''));
    fc.assert(
      fc.property(
        fc.array(han, { minLength: 1, maxLength: 80 }),
        fc.array(han, { minLength: 2, maxLength: 4 }),
        (body, q) => {
          const doc = `## 一、标题\n\n${body.join('')}\n`;
          const terms = parseQuery(q.join('')).terms;
          const s = snippetOf(doc, terms);
          if (!s) return;
          for (const m of marks(s)) expect(terms.some((t) => normaliseForSearch(m).includes(t))).toBe(true);
          const quoted = text(s).replace(/^…|…$/g, '');
          expect(doc.includes(quoted)).toBe(true);
        },
      ),
    );
  });
});
