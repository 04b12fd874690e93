/**
 * A page saved from a government site → the article's text and the page's own metadata.
 * Navigation, headers, footers, scripts and forms are dropped; the article is the element the site
 * marks as such (TRS_Editor, article, #zoom, .content…) or else the one holding the most paragraph
 * text. The page's metadata comes from its <meta> tags (ArticleTitle, PubDate, ContentSource — the
 * names China's government site platforms use) and from its visible 来源/发布时间/索引号/文号 lines.
 */
import { type Cheerio, load } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import iconv from 'iconv-lite';
import { decodeText } from '../decode.ts';
import type { PageMetadata } from '../extract.ts';
import { isoDate } from '../metadata.ts';
import { parseChromeFields } from '../structure.ts';
import type { ContainerText } from './index.ts';

const ARTICLE_SELECTORS = [
  '.TRS_Editor',
  '.trs_editor_view',
  '#zoom',
  '.zoom',
  'article',
  '[itemprop="articleBody"]',
  '#UCAP-CONTENT',
  '.article-content',
  '.article_content',
  '.content',
  '#content',
  '.con',
  '.detail',
  'main',
];

const BLOCK_TAGS = new Set([
  'p',
  'div',
  'br',
  'li',
  'tr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'section',
  'article',
  'table',
  'ul',
  'ol',
  'blockquote',
  'pre',
  'dd',
  'dt',
]);

function decodeHtml(bytes: Uint8Array): { html: string; encoding: string } {
  const head = Buffer.from(bytes.subarray(0, 2048)).toString('latin1');
  const declared = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
  const decoded = decodeText(bytes);
  // A page that declares a legacy charset and is not valid UTF-8 is decoded as declared.
  if (declared && decoded.encoding !== 'utf-8' && /^(gb2312|gbk|gb18030|big5)$/.test(declared)) {
    const encoding = declared === 'big5' ? 'big5' : 'gb18030';
    return { html: iconv.decode(Buffer.from(bytes), encoding), encoding };
  }
  return { html: decoded.text, encoding: decoded.encoding };
}

/** The visible text of an element, one line per block element. */
function blockText(root: Cheerio<AnyNode>): string {
  const lines: string[] = [];
  let current = '';
  const walk = (node: AnyNode) => {
    if (node.type === 'text') {
      current += (node as unknown as { data: string }).data.replace(/\s+/g, ' ');
      return;
    }
    if (node.type !== 'tag') return;
    const el = node as Element;
    const block = BLOCK_TAGS.has(el.name);
    if (block && current.trim()) {
      lines.push(current.trim());
      current = '';
    }
    if (el.name === 'td' || el.name === 'th') current += ' | ';
    for (const child of el.children) walk(child);
    if (block && current.trim()) {
      lines.push(current.trim());
      current = '';
    }
  };
  for (const node of root.toArray()) walk(node);
  if (current.trim()) lines.push(current.trim());
  return lines.join('\n');
}

export function readHtml(bytes: Uint8Array): ContainerText {
  const { html, encoding } = decodeHtml(bytes);
  const $ = load(html);
  const meta = (name: string) =>
    $(`meta[name="${name}"]`).attr('content')?.trim() || $(`meta[property="${name}"]`).attr('content')?.trim() || null;

  const page: PageMetadata = {
    title: meta('ArticleTitle') ?? meta('og:title') ?? null,
    published: isoDate(meta('PubDate') ?? meta('article:published_time') ?? '') ?? null,
    source: meta('ContentSource') ?? null,
    url: $('link[rel="canonical"]').attr('href') ?? meta('og:url') ?? meta('Url') ?? null,
  };

  $(
    'script, style, noscript, iframe, object, embed, form, nav, header, footer, aside, select, button, input, svg, template',
  ).remove();

  // Metadata lines anywhere on the page (a table of 索引号/发布机构/文号, a 来源/发布时间 line).
  for (const line of blockText($('body')).split('\n')) {
    for (const field of parseChromeFields(line)) {
      const value = field.value.trim();
      if (!value) continue;
      if (field.label === 'published') page.published ??= isoDate(value);
      else if (field.label === 'source') page.source ??= value;
      else if (field.label === 'indexNo') page.indexNo ??= value;
      else if (field.label === 'docNumber' && !/^(无|空)$/.test(value)) page.docNumber ??= value;
      else if (field.label === 'publisher') page.authority ??= value;
      else if (field.label === 'title') page.title ??= value;
    }
  }

  let article: Cheerio<AnyNode> | undefined;
  for (const selector of ARTICLE_SELECTORS) {
    const found = $(selector)
      .toArray()
      .sort((a, b) => $(b).text().length - $(a).text().length)[0];
    if (found && $(found).text().replace(/\s/g, '').length > 100) {
      article = $(found);
      break;
    }
  }
  if (!article) {
    // The element whose own <p> children hold the most text.
    let best: Element | undefined;
    let bestLength = 0;
    $('p').each((_, p) => {
      const parent = p.parent as Element | null;
      if (!parent) return;
      const length = $(parent).children('p').text().length;
      if (length > bestLength) {
        bestLength = length;
        best = parent;
      }
    });
    article = best ? $(best) : $('body');
  }

  let text = blockText(article);
  const heading = $('h1').first().text().trim() || page.title || $('title').text().trim();
  // The title often stands outside the article container: put it back on top.
  if (heading && !text.slice(0, 300).includes(heading.slice(0, 12))) text = `${heading}\n${text}`;
  page.title ??= heading || null;
  return { text, encoding, page };
}
