/**
 * Builds an RSS response for a set of reports: the site feed, a region's feed, a year's feed.
 */
import rss from '@astrojs/rss';
import { feedItem, feedOrder, lastBuildDate } from '../lib/feed.ts';
import type { Report } from '../lib/report.ts';
import { reportPath, withBase } from '../lib/urls.ts';
import { readSiteConfig } from '../site.config.ts';
import { getBody } from './reports.ts';

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export async function feedResponse(options: {
  title: string;
  description: string;
  pagePath: string;
  feedPath: string;
  reports: Report[];
  limit?: number;
}) {
  const config = readSiteConfig();
  const absolute = (path: string) => new URL(withBase(config.base, path), `${config.site}/`).href;
  const reports = [...options.reports].sort(feedOrder).slice(0, options.limit ?? options.reports.length);
  const items = await Promise.all(
    reports.map(async (r) => feedItem(r, await getBody(r.slug), absolute(reportPath(r.slug)))),
  );
  const built = lastBuildDate(reports);
  return rss({
    title: options.title,
    description: options.description,
    site: absolute(options.pagePath),
    items,
    stylesheet: withBase(config.base, '/rss.xsl'),
    xmlns: { atom: 'http://www.w3.org/2005/Atom' },
    customData: [
      '<language>zh-cn</language>',
      built ? `<lastBuildDate>${built.toUTCString()}</lastBuildDate>` : '',
      `<atom:link href="${escapeXml(absolute(options.feedPath))}" rel="self" type="application/rss+xml"/>`,
      `<generator>Gongkai</generator>`,
      `<copyright>${escapeXml(config.organisation)}</copyright>`,
    ].join(''),
  });
}
