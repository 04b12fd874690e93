/**
 * A compare page (issue 21) as data and HTML: the two reports of one body, side by side, section by section.
 * Pure: the caller gives the two reports, their bodies and the authority they are listed under.
 *
 * Compare pages are rendered outside Astro (scripts/lib/site/compare-stage.ts fills them into a page frame
 * Astro rendered, src/lib/page-frame.ts): there is one for every consecutive pair of every series, a third more
 * pages than all the others, and inside Astro each cost what any page costs on Astro's one thread
 * (scripts/BENCHMARKS.md, "Year over year"). `npm run dev` renders the same HTML through
 * src/pages/compare/[earlier]/[later].astro. Every piece of report text goes through escapeHtml.
 */
import { compareBodies } from './align.ts';
import { compareSectionsHtml } from './compare-view.ts';
import { escapeHtml } from './escape.ts';
import { figuresSideBySide, formatFigure } from './figure-views.ts';
import type { Crumb } from './page-frame.ts';
import type { Report } from './report.ts';
import { regionChain } from './report-facts.ts';
import { authorityPathOf, comparePath, reportPath, withBase } from './urls.ts';

export interface ComparePageInput {
  earlier: Report;
  later: Report;
  bodyA: string;
  bodyB: string;
  /** The authority page the later report is listed under (its name and slug), when there is one. */
  authority: { name: string; slug: string } | null;
  base: string;
}

export interface ComparePage {
  /** The page's address without the base: /compare/<earlier>/<later>/. */
  path: string;
  title: string;
  description: string;
  crumbs: Crumb[];
  /** What goes inside <main>. */
  html: string;
}

const sign = (n: number) => (n > 0 ? `+${n}` : String(n));

export function comparePage(input: ComparePageInput): ComparePage {
  const { earlier, later, base } = input;
  const b = (p: string) => withBase(base, p);
  const comparison = compareBodies(input.bodyA, input.bodyB);
  const { summary } = comparison;
  const yearA = `${earlier.year} 年度`;
  const yearB = `${later.year} 年度`;
  const body = later.authority ?? earlier.authority ?? (regionChain(later.region).join('') || '同一机关');
  const hrefA = b(reportPath(earlier.slug));
  const hrefB = b(reportPath(later.slug));
  const figures = figuresSideBySide(earlier.figures, later.figures);
  const gap = (later.year as number) - (earlier.year as number) > 1;
  const title = `${body} ${earlier.year} 与 ${later.year} 年度报告对比`;
  const crumbs: Crumb[] = [
    { label: '首页', href: b('/') },
    { label: '发文机关', href: b('/authorities/') },
    ...(input.authority ? [{ label: input.authority.name, href: b(authorityPathOf(input.authority.slug)) }] : []),
    { label: `${earlier.year}—${later.year} 对比` },
  ];
  const e = escapeHtml;
  const out: string[] = [
    `<h1>${e(title)}</h1>`,
    `<p>左栏为 <a href="${e(hrefA)}">${e(earlier.title)}</a>（${yearA}），右栏为 <a href="${e(hrefB)}">${e(later.title)}</a>（${yearB}）。章节按内容对应，不按标题原文${gap ? '；本库未收录两者之间年度的报告' : ''}。</p>`,
    '<section class="cmp-summary" aria-labelledby="cmp-summary">',
    '<h2 id="cmp-summary">变化概要</h2>',
    '<ul>',
    `<li>两年都有的章节 ${summary.sectionsKept} 个；${yearB}新增章节 ${summary.sectionsNew} 个，删去章节 ${summary.sectionsDropped} 个。</li>`,
    `<li>修改的句子 ${summary.sentencesChanged} 句，新增 ${summary.sentencesAdded} 句，删去 ${summary.sentencesRemoved} 句，未变 ${summary.sentencesSame} 句。</li>`,
    summary.unaligned > 0 ? `<li>${summary.unaligned} 节两年差异过大，未逐句对齐（分别列出全文）。</li>` : '',
    '</ul>',
    comparison.mode === 'outline'
      ? '<p class="cmp-note">两份报告篇幅很长，本页只列出章节的对应关系和上面的统计；全文请打开两份报告阅读。</p>'
      : '',
    `<p class="help">标记：<span class="badge">修改</span> <span class="badge">新增</span> <span class="badge">删去</span> 标在每句之前；句中<del>删除线</del>为${yearB}删去的文字，<ins>下划线</ins>为${yearB}新增的文字。对比由程序按内容自动对齐，以两份报告原文为准。</p>`,
    '</section>',
  ];
  if (figures.length > 0) {
    const cell = (label: string, href: string, figure: (typeof figures)[number]['earlier']) =>
      `<td data-label="${label}">${figure ? `<a href="${e(`${href}${figure.section ? `#${figure.section}` : ''}`)}">${e(formatFigure(figure))}</a>` : '未提及'}</td>`;
    out.push(
      '<section aria-labelledby="cmp-figures">',
      '<h2 id="cmp-figures">关键数据对比</h2>',
      '<div class="table-wrap" tabindex="0" role="region" aria-label="关键数据对比表">',
      '<table class="series">',
      `<caption class="visually-hidden">${e(body)}两年关键数据</caption>`,
      `<thead><tr><th scope="col">指标</th><th scope="col">${yearA}</th><th scope="col">${yearB}</th><th scope="col">变化</th></tr></thead>`,
      '<tbody>',
      ...figures.map((row) => {
        const unit = row.indicator.unit === '%' ? ' 个百分点' : ` ${row.indicator.unit}`;
        const change = row.change === null ? '—' : `${sign(row.change)}${unit}`;
        return `<tr><th scope="row">${e(row.indicator.label)}</th>${cell(yearA, hrefA, row.earlier)}${cell(yearB, hrefB, row.later)}<td data-label="变化">${e(change)}</td></tr>`;
      }),
      '</tbody>',
      '</table>',
      '</div>',
      '</section>',
    );
  }
  out.push(
    '<section class="cmp" aria-labelledby="cmp-text">',
    '<h2 id="cmp-text">逐节对比</h2>',
    `<div class="cmp-columns" aria-hidden="true"><span>${yearA}</span><span>${yearB}</span></div>`,
    compareSectionsHtml(comparison.sections, { yearA, yearB, hrefA, hrefB }),
    '</section>',
  );
  return {
    path: comparePath(earlier.slug, later.slug),
    title,
    description: `${body}${earlier.year}年度与${later.year}年度法治政府建设情况报告逐节对比：新增、删去和修改的内容。`,
    crumbs,
    html: out.filter((line) => line !== '').join('\n'),
  };
}
