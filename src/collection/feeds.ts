/**
 * Builds an RSS response for a set of reports: the site feed, a region's feed, a year's feed.
 * What goes into an item is decided in src/lib/feed.ts; this module reads bodies and writes XML.
 */
import { getRssString } from '@astrojs/rss';
import { escapeHtml } from '../lib/escape.ts';
import { feedItem, feedSelection, lastBuildDate } from '../lib/feed.ts';
import { feedKey } from '../lib/page-keys.ts';
import type { Report } from '../lib/report.ts';
import { absoluteUrl, reportPermalink, withBase } from '../lib/urls.ts';
import { readSiteConfig } from '../site.config.ts';
import { getBody, getBodyDigest } from './reports.ts';

/** Each report's item is rendered once, however many feeds (site, its regions, its year) carry it. */
const items = new Map<string, Promise<ReturnType<typeof feedItem>>>();

function cachedItem(report: Report, permalink: string) {
  let item = items.get(report.slug);
  if (!item) {
    item = getBody(report.slug).then((body) => feedItem(report, body, permalink));
    items.set(report.slug, item);
  }
  return item;
}

/** The cache key of a feed for the incremental build: its address and the items it would carry. */
export async function feedCacheKey(feedPath: string, reports: Report[]): Promise<string> {
  const config = readSiteConfig();
  const selected = feedSelection(reports, config.feedLimit);
  return feedKey(
    config,
    feedPath,
    await Promise.all(selected.map(async (report) => ({ report, digest: await getBodyDigest(report.slug) }))),
  );
}

export async function feedResponse(options: {
  title: string;
  description: string;
  pagePath: string;
  feedPath: string;
  reports: Report[];
  limit?: number;
}): Promise<Response> {
  const config = readSiteConfig();
  // Every feed announces the newest reports only (GONGKAI_FEED_LIMIT, 50 by default): a province's
  // feed does not need its whole history, and thousands of region feeds stay small.
  const reports = feedSelection(options.reports, options.limit ?? config.feedLimit);
  const feedItems = await Promise.all(reports.map((r) => cachedItem(r, reportPermalink(config, r.slug))));
  const built = lastBuildDate(reports);
  const xml = await getRssString({
    title: options.title,
    description: options.description,
    site: absoluteUrl(config, options.pagePath),
    items: feedItems,
    stylesheet: withBase(config.base, '/rss.xsl'),
    xmlns: { atom: 'http://www.w3.org/2005/Atom' },
    customData: [
      '<language>zh-cn</language>',
      built ? `<lastBuildDate>${built.toUTCString()}</lastBuildDate>` : '',
      `<atom:link href="${escapeHtml(absoluteUrl(config, options.feedPath))}" rel="self" type="application/rss+xml"/>`,
      `<generator>Gongkai</generator>`,
      `<copyright>${escapeHtml(config.organisation)}</copyright>`,
    ].join(''),
  });
  // A second stylesheet for browsers without XSLT: they skip the XSL instruction and apply the CSS.
  const css = `<?xml-stylesheet href="${escapeHtml(withBase(config.base, '/rss.css'))}" type="text/css"?>`;
  return new Response(xml.replace(/(<\?xml-stylesheet [^?]*\?>)/, `$1${css}`), {
    headers: { 'Content-Type': 'application/xml' },
  });
}
