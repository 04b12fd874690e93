/**
 * The sections of a year-over-year comparison (src/lib/align.ts) as HTML: the heading of each section, links
 * to both reports' sections, then its sentences in two columns (earlier | later; one interleaved column on a
 * phone, global.css). Changes are marked with words as well as lines: a 修改 / 新增 / 删去 label on each
 * sentence, <del> and <ins> with their meaning spelt out for screen readers, never colour alone.
 *
 * Written as a string builder rather than an Astro component because a compare page holds hundreds of
 * sentence rows: rendered as components they took three quarters of the page's time at 10,000 reports
 * (scripts/BENCHMARKS.md, "Year over year"). Every piece of report text goes through escapeHtml.
 */
import type { Piece, SectionRow, SentenceRow } from './align.ts';
import { escapeHtml } from './escape.ts';

export interface CompareLabels {
  /** "2022 年度" */
  yearA: string;
  yearB: string;
  /** The two reports' page addresses, base included. */
  hrefA: string;
  hrefB: string;
}

const hidden = (text: string) => `<span class="visually-hidden">${escapeHtml(text)}</span>`;
const badge = (text: string) => `<span class="badge">${escapeHtml(text)}</span>`;

function pieces(list: readonly Piece[], mark: 'del' | 'ins'): string {
  const label = mark === 'del' ? '［删去：' : '［新增：';
  return list
    .map((p) =>
      p.kind === mark ? `<${mark}>${hidden(label)}${escapeHtml(p.text)}${hidden('］')}</${mark}>` : escapeHtml(p.text),
    )
    .join('');
}

function sentenceRow(r: SentenceRow, l: CompareLabels): string {
  switch (r.kind) {
    case 'same':
      // Once, across both columns: the same words twice made the pages half again as large, for nothing.
      return `<div class="cmp-row cmp-row-same"><p class="cmp-both">${hidden('两年相同：')}${escapeHtml(r.text)}</p></div>`;
    case 'removed':
      return `<div class="cmp-row cmp-row-removed"><p class="cmp-a">${badge('删去')}${hidden(`${l.yearA}有、${l.yearB}删去：`)}<del>${escapeHtml(r.text)}</del></p><p class="cmp-b cmp-empty" aria-hidden="true"></p></div>`;
    case 'added':
      return `<div class="cmp-row cmp-row-added"><p class="cmp-a cmp-empty" aria-hidden="true"></p><p class="cmp-b">${badge('新增')}${hidden(`${l.yearB}新增：`)}<ins>${escapeHtml(r.text)}</ins></p></div>`;
    default:
      return `<div class="cmp-row cmp-row-changed"><p class="cmp-a">${badge('修改')}${hidden(`${l.yearA}原句：`)}${pieces(r.a, 'del')}</p><p class="cmp-b">${badge('修改')}${hidden(`${l.yearB}改为：`)}${pieces(r.b, 'ins')}</p></div>`;
  }
}

function statusLabel(status: SectionRow['status'], l: CompareLabels): string {
  return {
    same: '未变',
    changed: '有改动',
    new: `${l.yearB}新增`,
    dropped: `${l.yearB}删去`,
    unaligned: '差异过大，未逐句对齐',
  }[status];
}

function sourceLink(year: string, href: string, ref: { id: string | null; heading: string | null }): string {
  const target = `${href}${ref.id ? `#${ref.id}` : ''}`;
  return `<span>${escapeHtml(year)}：<a href="${escapeHtml(target)}">${escapeHtml(ref.heading ?? '开头部分')}</a></span>`;
}

/** One section and its sub-sections; a section nested d deep gets an h(d+2) heading, h6 at most. */
export function compareSectionHtml(row: SectionRow, l: CompareLabels): string {
  const h = `h${Math.min(6, row.depth + 2)}`;
  const title = row.b?.heading ?? row.a?.heading ?? '开头部分（首个标题之前）';
  const out = [
    `<section class="cmp-section cmp-${row.status}">`,
    `<${h} class="cmp-heading">${escapeHtml(title)} ${badge(statusLabel(row.status, l))}</${h}>`,
    `<p class="cmp-src">${row.a ? sourceLink(l.yearA, l.hrefA, row.a) : ''}${row.b ? sourceLink(l.yearB, l.hrefB, row.b) : ''}</p>`,
  ];
  if (row.status === 'unaligned')
    out.push(
      '<p class="cmp-note">这一节两年的文字差异过大（超过逐句比对的上限），下面分别列出两年的全文，未逐句对齐。</p>',
    );
  if (row.rows.length > 0) out.push(`<div class="cmp-rows">${row.rows.map((r) => sentenceRow(r, l)).join('')}</div>`);
  for (const child of row.children) out.push(compareSectionHtml(child, l));
  out.push('</section>');
  return out.join('');
}

export function compareSectionsHtml(rows: readonly SectionRow[], l: CompareLabels): string {
  return rows.map((row) => compareSectionHtml(row, l)).join('\n');
}
