/**
 * Report bodies are rendered with markdown-it, never with Astro's Markdown pipeline, so that
 * pages and feeds show exactly the same HTML. Raw HTML in a body is escaped (html: false):
 * report text is untrusted. Images from another site are shown as links (no third-party request).
 */
import markdownIt, { type MarkdownIt, type Token } from 'markdown-it';

export interface Heading {
  level: number;
  text: string;
  id: string;
}

function createRenderer(): MarkdownIt {
  const md = markdownIt({ html: false, linkify: false, typographer: false, breaks: false });
  // Only http(s) and in-page links survive; markdown-it already refuses javascript:, vbscript:, data:.
  const defaultValidate = md.validateLink.bind(md);
  md.validateLink = (url) => defaultValidate(url) && /^(https?:|#|\/)/i.test(url.trim());
  // An image from another site would be fetched by every reader's browser (and every feed reader): a
  // request to a third party the archive does not control. It becomes a link the reader may follow.
  const defaultImage = md.renderer.rules.image;
  md.renderer.rules.image = (tokens, i, options, env, self) => {
    const token = tokens[i] as Token;
    const src = String(token.attrGet('src') ?? '');
    if (!/^([a-z][a-z0-9+.-]*:|\/\/)/i.test(src.trim()))
      return defaultImage ? defaultImage(tokens, i, options, env, self) : self.renderToken(tokens, i, options);
    const alt = self.renderInlineAsText(token.children ?? [], options, env) || src;
    return `<a href="${md.utils.escapeHtml(src)}">${md.utils.escapeHtml(`图片：${alt}`)}</a>`;
  };
  return md;
}

const md = createRenderer();

/** Text escaped exactly as the renderer escapes it (&amp; &lt; &gt; &quot;): to find a body's text in its HTML. */
export const escapeAsRendered = (text: string): string => md.utils.escapeHtml(text);

/**
 * Stable anchor ids: h-1, h-1-2 … follow the heading's position in the outline (counted from
 * the shallowest heading level present), not its text, so that they survive edits of wording.
 */
function assignHeadingIds(tokens: Token[]): Heading[] {
  const levels = tokens.filter((t) => t.type === 'heading_open').map((t) => Number(t.tag.slice(1)));
  const top = Math.min(...levels);
  const headings: Heading[] = [];
  const counters: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token?.type !== 'heading_open') continue;
    const level = Number(token.tag.slice(1));
    const depth = level - top;
    counters.length = depth + 1;
    for (let d = 0; d < depth; d++) counters[d] ??= 0;
    counters[depth] = (counters[depth] ?? 0) + 1;
    const id = `h-${counters.join('-')}`;
    token.attrSet('id', id);
    headings.push({ level, text: tokens[i + 1]?.content ?? '', id });
  }
  return headings;
}

export interface RenderedBody {
  html: string;
  headings: Heading[];
}

export function renderBody(markdown: string): RenderedBody {
  const env = {};
  const tokens = md.parse(markdown, env);
  const headings = assignHeadingIds(tokens);
  return { html: md.renderer.render(tokens, md.options, env), headings };
}

export interface HeadingLine extends Heading {
  /** The heading's first line in the Markdown (0-based), as markdown-it maps it. */
  line: number;
  /** The line after the heading's last (a setext heading spans two lines). */
  endLine: number;
}

/**
 * The body's headings with their anchor ids (the same as renderBody gives) and their lines, without
 * rendering: for code that points into a body by heading (the key figures' sections).
 */
export function listHeadings(markdown: string): HeadingLine[] {
  const tokens = md.parse(markdown, {});
  const maps = tokens.filter((t) => t.type === 'heading_open').map((t) => t.map ?? [0, 0]);
  return assignHeadingIds(tokens).map((h, i) => ({ ...h, line: maps[i]?.[0] ?? 0, endLine: maps[i]?.[1] ?? 0 }));
}

/** A body read as plain text in order: its headings (with the page's anchor ids) and the text of each paragraph. */
export type OutlineItem = { kind: 'heading'; level: number; id: string; text: string } | { kind: 'text'; text: string };

/** The plain text of an inline token (what a reader sees, Markdown syntax and escapes gone). */
function inlineText(token: Token): string {
  return (token.children ?? [])
    .map((t) => (t.type === 'text' || t.type === 'code_inline' ? t.content : t.type === 'softbreak' ? '\n' : ''))
    .join('');
}

/**
 * The body as headings and paragraphs of plain text, for code that compares reports (src/lib/align.ts): the
 * same parse and the same heading ids as the page, so that a comparison links to the page's sections.
 */
export function bodyOutline(markdown: string): OutlineItem[] {
  const tokens = md.parse(markdown, {});
  const headings = assignHeadingIds(tokens);
  const items: OutlineItem[] = [];
  let h = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.type === 'heading_open') {
      const heading = headings[h++] as Heading;
      items.push({ kind: 'heading', level: heading.level, id: heading.id, text: inlineText(tokens[i + 1] as Token) });
      i += 2;
    } else if (token.type === 'inline') {
      const text = inlineText(token).trim();
      if (text) items.push({ kind: 'text', text });
    }
  }
  return items;
}
