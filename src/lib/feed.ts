/**
 * Feed items for RSS: what announces a report to subscribers. Pure; src/collection/feeds.ts only reads the
 * collection and hands the result to @astrojs/rss.
 * - The guid is the report's permalink (isPermaLink="true"). Its slug is fixed by the ingest's ledger
 *   (content/ledger.json) when the upload is first seen, so the guid survives rebuilds, re-ingests and
 *   corrected metadata (a fixed title or year changes the item, not its identity). It changes only if
 *   the site moves (GONGKAI_SITE / GONGKAI_BASE) or a sidecar sets another slug on purpose.
 * - Dates come from the report (published, else added) — never from the clock — so a rebuild writes
 *   the same bytes, and lastBuildDate is the newest item's date.
 * - The full text goes into content:encoded, rendered by the site's markdown-it (raw HTML escaped)
 *   and then sanitised again (no script, no event handlers, no javascript: links, no iframes, no
 *   images): two independent lines of defence, because a feed reader renders it as HTML.
 */
import sanitizeHtml from 'sanitize-html';
import { renderBody } from './render.ts';
import type { Report } from './report.ts';
import { newestAddedFirst, regionChain } from './report-facts.ts';
import { readable } from './text-hygiene.ts';

export interface FeedItem {
  title: string;
  /** The absolute permalink; @astrojs/rss also writes it as the guid (isPermaLink="true"). */
  link: string;
  pubDate: Date;
  description: string;
  content: string;
  categories: string[];
}

/** How many characters of a report's text the item's description carries. */
export const SUMMARY_LENGTH = 140;

/**
 * The date an item is announced under: the day the archive received the report (its own publication date
 * is in the item's text). A feed says what is new here; an undated report is then no more "just published"
 * than a dated one added with it.
 */
export function feedDate(report: Pick<Report, 'published' | 'added'>): Date {
  return new Date(`${report.added}T00:00:00Z`);
}

/**
 * The reports a feed announces, newest additions first (newestAddedFirst): at least the newest `limit`, and
 * every other report added on the same days — a batch import is never cut in the middle, so a subscriber
 * hears of every report added since the last build.
 */
export function feedSelection(reports: readonly Report[], limit: number): Report[] {
  const sorted = [...reports].sort(newestAddedFirst);
  const last = sorted[Math.max(0, limit) - 1];
  if (limit <= 0 || !last) return limit <= 0 ? [] : sorted;
  return sorted.filter((r, i) => i < limit || r.added === last.added);
}

const ALLOWED_TAGS = [
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'strong',
  'em',
  'blockquote',
  'a',
  'br',
  'hr',
  'code',
  'pre',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
];

/**
 * Keeps the structure of a rendered report and nothing that could run. A link survives only as an
 * http(s) address; a relative one is made absolute against the report's permalink, because a feed
 * reader shows the content away from the site.
 */
export function sanitiseForFeed(html: string, permalink?: string): string {
  return sanitizeHtml(html, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: { a: ['href'], '*': ['id'] },
    allowedSchemes: ['http', 'https'],
    allowedSchemesAppliedToAttributes: ['href'],
    allowProtocolRelative: false,
    // Whatever is not allowed is dropped with its content when it can hold code, unwrapped otherwise.
    disallowedTagsMode: 'discard',
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'template'],
    transformTags: {
      a: (tagName, attribs) => {
        const href = attribs.href;
        if (!href || !permalink) return { tagName, attribs };
        try {
          const absolute = new URL(href, permalink);
          if (absolute.protocol !== 'http:' && absolute.protocol !== 'https:') return { tagName, attribs: {} };
          return { tagName, attribs: { href: absolute.href } };
        } catch {
          return { tagName, attribs: {} };
        }
      },
    },
  });
}

/** A report body (frontmatter Markdown) as one line of plain text, Markdown escapes and markers removed. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/^\s{0,3}(#{1,6}|[-*+]|\d+[.)]|>)\s+/gm, '')
    .replace(/\\([\\`*_{}[\]()<>#+\-.!|~=])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The item's description: the start of the text, cut by characters (never inside a surrogate pair)
 * and escaped, because feed readers treat description as HTML.
 */
export function feedSummary(markdown: string, length = SUMMARY_LENGTH): string {
  const chars = Array.from(plainText(markdown));
  const text = chars.length > length ? `${chars.slice(0, length).join('')}……` : chars.join('');
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Categories a reader can filter on: the region names from the province down, the year, the issuing body. */
export function feedCategories(report: Pick<Report, 'region' | 'year' | 'authority'>): string[] {
  return [
    ...regionChain(report.region),
    ...(report.year !== null ? [`${report.year}年度`] : []),
    ...(report.authority ? [report.authority] : []),
  ];
}

export function feedItem(report: Report, body: string, permalink: string): FeedItem {
  // The ingest removes what XML forbids; a report written by hand may still carry it, and one such
  // character makes the whole feed unreadable (src/lib/text-hygiene.ts).
  const text = readable(body);
  return {
    title: readable(report.title),
    link: permalink,
    pubDate: feedDate(report),
    description: feedSummary(text),
    content: sanitiseForFeed(renderBody(text).html, permalink),
    categories: feedCategories(report).map(readable),
  };
}

/** The channel's lastBuildDate: the newest item's date, so that rebuilding changes nothing. */
export function lastBuildDate(reports: readonly Pick<Report, 'published' | 'added'>[]): Date | null {
  let newest: Date | null = null;
  for (const report of reports) {
    const date = feedDate(report);
    if (!newest || date > newest) newest = date;
  }
  return newest;
}
