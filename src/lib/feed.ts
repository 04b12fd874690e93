/**
 * Feed items for RSS: what announces a report to subscribers. Pure; the routes only call @astrojs/rss.
 * - The guid is the report's permalink: its slug is fixed by the ingest's ledger when the report is
 *   first seen, so the guid survives rebuilds, re-ingests and metadata fixes.
 * - Dates come from the report (published, else added) — never from the clock — so a rebuild writes
 *   the same bytes.
 * - The full text goes into content:encoded, rendered by the site's markdown-it and then sanitised
 *   again (no script, no event handlers, no javascript: links, no iframes).
 */
import sanitizeHtml from 'sanitize-html';
import { escapeHtml } from './escape.ts';
import { renderBody } from './render.ts';
import type { Report } from './report.ts';
import { regionChain } from './urls.ts';

export interface FeedItem {
  title: string;
  link: string;
  pubDate: Date;
  description: string;
  content: string;
  categories: string[];
}

export function feedDate(report: Report): Date {
  return new Date(`${report.published ?? report.added}T00:00:00Z`);
}

/** Newest publication first; the slug breaks ties so that the order is total and stable. */
export function feedOrder(a: Report, b: Report): number {
  const da = a.published ?? a.added;
  const db = b.published ?? b.added;
  if (da !== db) return da < db ? 1 : -1;
  return a.slug < b.slug ? -1 : 1;
}

export function sanitiseForFeed(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: [
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
      'code',
      'pre',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
    ],
    allowedAttributes: { a: ['href'], '*': ['id'] },
    allowedSchemes: ['http', 'https'],
    allowProtocolRelative: false,
  });
}

function plainText(markdown: string): string {
  return markdown
    .replace(/^#+\s*/gm, '')
    .replace(/\\([\\`*_[\]<>|~#+=.)-])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

export function feedItem(report: Report, body: string, permalink: string): FeedItem {
  const text = plainText(body);
  // Feed readers treat description as HTML: the report's text goes in escaped.
  const summary = escapeHtml(text.length > 140 ? `${text.slice(0, 140)}……` : text);
  const categories = [
    ...regionChain(report.region),
    ...(report.year !== null ? [`${report.year}年度`] : []),
    ...(report.authority ? [report.authority] : []),
  ];
  return {
    title: report.title,
    link: permalink,
    pubDate: feedDate(report),
    description: summary,
    content: sanitiseForFeed(renderBody(body).html),
    categories,
  };
}

/** The channel's lastBuildDate: the newest item's date, so that rebuilding changes nothing. */
export function lastBuildDate(reports: Report[]): Date | null {
  const dates = reports.map(feedDate).sort((a, b) => b.getTime() - a.getTime());
  return dates[0] ?? null;
}
