/**
 * One report → the HTML document Pagefind indexes for it (never written to disk); build-only, run by
 * the shard workers (shard-worker.ts). The text is in indexed form (see src/lib/search/tokens.ts); the
 * metadata shown on result cards, the filters and the sort keys are attributes, out of the indexed
 * text. Which fields those are is src/lib/search/fields.ts, shared with the search page. Pagefind
 * searches the metadata's words too, so those are written so that no query token can match them
 * (tokens.ts metaText). Headings keep the report page's anchor ids, so sub-results link to the
 * matching section.
 */
import markdownIt from 'markdown-it';
import { escapeHtml } from '../../../src/lib/escape.ts';
import { renderBody } from '../../../src/lib/render.ts';
import type { Report } from '../../../src/lib/report.ts';
import { regionChain } from '../../../src/lib/report-facts.ts';
import { searchFilters, searchMeta, UNDATED_LAST } from '../../../src/lib/search/fields.ts';
import { indexText, metaText } from '../../../src/lib/search/tokens.ts';

const md = markdownIt({ html: false });

/** The plain text of a report body, paragraph by paragraph, as a reader sees it (Markdown escapes undone). */
export function bodyBlocks(body: string): { heading: number; text: string }[] {
  const tokens = md.parse(body, {});
  const blocks: { heading: number; text: string }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token?.type !== 'inline') continue;
    const open = tokens[i - 1];
    const text = (token.children ?? [])
      .map((c) => (c.type === 'softbreak' || c.type === 'hardbreak' ? '\n' : c.content))
      .join('');
    blocks.push({ heading: open?.type === 'heading_open' ? Number(open.tag.slice(1)) : 0, text });
  }
  return blocks;
}

/**
 * A block's text as indexed, closed by a word of punctuation alone. Pagefind puts a full stop after a
 * block that ends in a letter or digit, and then indexes that last token again in pieces split where
 * letters and digits meet (1nx80000. → nx, 80000): short words that would stand in for unknown
 * tokens they begin (see tokens.ts). A block that ends in punctuation gets no full stop, and a word of
 * punctuation alone indexes nothing.
 */
function blockText(text: string): string {
  return `${escapeHtml(indexText(text))} |`;
}

export function searchDocument(report: Report, body: string): string {
  const { headings } = renderBody(body);
  let h = 0;
  const parts: string[] = [];
  for (const block of bodyBlocks(body)) {
    if (block.heading) {
      const id = headings[h++]?.id ?? '';
      parts.push(`<h${block.heading} id="${id}">${blockText(block.text)}</h${block.heading}>`);
    } else parts.push(`<p>${blockText(block.text)}</p>`);
  }
  const meta = Object.entries(searchMeta(report))
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `<meta data-pagefind-meta="${k}[content]" content="${escapeHtml(metaText(v))}">`);
  const filters = Object.entries(searchFilters(report)).flatMap(([k, values]) =>
    values.map((v) => `<meta data-pagefind-filter="${k}[content]" content="${escapeHtml(v)}">`),
  );
  const sorts = [
    report.year !== null ? `<meta data-pagefind-sort="year[content]" content="${report.year}">` : '',
    // Pagefind leaves a page without a sort key out of a sorted search, so an undated report gets a key
    // per direction that puts it after every dated one in both (UNDATED_LAST): last, and said so on the page.
    `<meta data-pagefind-sort="newest[content]" content="${report.published ?? UNDATED_LAST.newest}">`,
    `<meta data-pagefind-sort="oldest[content]" content="${report.published ?? UNDATED_LAST.oldest}">`,
  ];
  const about = [report.authority, regionChain(report.region).join(''), report.docNumber].filter(Boolean).join(' ');
  return `<!doctype html><html lang="en"><head>${[...meta, ...filters, ...sorts].join('')}</head><body>
<main data-pagefind-body>
<h1 data-pagefind-weight="10">${blockText(report.title)}</h1>
<p data-pagefind-weight="5">${blockText(about)}</p>
${parts.join('\n')}
</main></body></html>`;
}
