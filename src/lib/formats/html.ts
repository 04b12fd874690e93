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
import { type ContainerText, UnusableUpload } from './index.ts';

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

/** The visible text of an element, one line per block element. Iterative: a page may nest deeply. */
function blockText(root: Cheerio<AnyNode>): string {
  const lines: string[] = [];
  let current = '';
  const flush = () => {
    if (current.trim()) {
      lines.push(current.trim());
      current = '';
    }
  };
  // A stack of nodes to enter, and of block elements to close (marked by `close`).
  const stack: ({ node: AnyNode; close?: false } | { node: Element; close: true })[] = root
    .toArray()
    .reverse()
    .map((node) => ({ node }));
  for (let item = stack.pop(); item; item = stack.pop()) {
    if (item.close) {
      flush();
      continue;
    }
    const node = item.node;
    if (node.type === 'text') {
      current += (node as unknown as { data: string }).data.replace(/\s+/g, ' ');
      continue;
    }
    if (node.type !== 'tag') continue;
    const el = node as Element;
    const block = BLOCK_TAGS.has(el.name);
    if (block) flush();
    if (el.name === 'td' || el.name === 'th') current += ' | ';
    if (block) stack.push({ node: el, close: true });
    for (let i = el.children.length - 1; i >= 0; i--) stack.push({ node: el.children[i] as AnyNode });
  }
  flush();
  return lines.join('\n');
}

/**
 * Bounds on what one upload may cost: a page saved from a site is a few megabytes at most and nests a
 * few dozen elements deep. Past these it is not a report page, and reading it would take minutes or
 * overflow the stack of the libraries that walk the tree.
 */
export const HTML_LIMITS = { bytes: 50 * 1024 * 1024, depth: 400 } as const;

/** The deepest nesting of elements under root, counted without recursion. */
function maxDepth(root: AnyNode): number {
  let deepest = 0;
  const stack: [AnyNode, number][] = [[root, 0]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [node, depth] = item;
    if (depth > deepest) deepest = depth;
    if (depth > HTML_LIMITS.depth) break;
    const children = (node as Element).children;
    if (children) for (const child of children) stack.push([child, depth + 1]);
  }
  return deepest;
}

export function readHtml(bytes: Uint8Array): ContainerText {
  if (bytes.length > HTML_LIMITS.bytes)
    throw new UnusableUpload(
      `网页文件过大（${(bytes.length / 1024 / 1024).toFixed(0)} MB，上限 ${HTML_LIMITS.bytes / 1024 / 1024} MB），不像是一篇报告的网页`,
      '请上传报告本身（.docx、.pdf 或 .txt），或只保存报告正文的网页',
    );
  const { html, encoding } = decodeHtml(bytes);
  const $ = load(html);
  if (maxDepth($.root()[0] as AnyNode) > HTML_LIMITS.depth)
    throw new UnusableUpload(
      `网页的元素嵌套超过 ${HTML_LIMITS.depth} 层，无法可靠读取`,
      '请在浏览器中打开该网页，把正文复制到 Word 或记事本中保存为 .docx 或 .txt 后重新上传',
    );
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
    // Each candidate's text length once (a comparator recomputing it costs a page's text per comparison).
    const found = $(selector)
      .toArray()
      .map((el) => ({ el, length: $(el).text().length }))
      .sort((a, b) => b.length - a.length)[0]?.el;
    if (found && $(found).text().replace(/\s/g, '').length > 100) {
      article = $(found);
      break;
    }
  }
  if (!article) {
    // The element whose own <p> children hold the most text.
    // Each parent once: a page of 30,000 paragraphs in one <div> measured that <div> 30,000 times (4 minutes).
    let best: Element | undefined;
    let bestLength = 0;
    const measured = new Set<Element>();
    $('p').each((_, p) => {
      const parent = p.parent as Element | null;
      if (!parent || measured.has(parent)) return;
      measured.add(parent);
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
