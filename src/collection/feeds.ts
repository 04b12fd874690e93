/**
 * The feeds: the site's, each region's and each year's. Each has an XML file (rss.xml, for feed readers)
 * and an HTML page beside it (rss/, for people: browsers no longer run XSLT, src/lib/feed-style.ts). Both
 * are built from one FeedDefinition, so the page lists exactly what the feed announces. What goes into an
 * item is decided in src/lib/feed.ts; this module reads the collection and writes XML.
 */
import { getRssString } from '@astrojs/rss';
import type { RegionNode } from '../lib/archive.ts';
import { escapeXmlNamed } from '../lib/escape.ts';
import { feedItem, feedSelection, lastBuildDate } from '../lib/feed.ts';
import { FEED_XMLNS } from '../lib/feed-style.ts';
import { feedKey } from '../lib/page-keys.ts';
import type { Report } from '../lib/report.ts';
import { absoluteUrl, feedPagePath, reportPermalink, withBase } from '../lib/urls.ts';
import { incrementalBuild, readSiteConfig } from '../site.config.ts';
import { regionProvided } from './provided.ts';
import { allReports, getArchive, getBody, getBodyDigest } from './reports.ts';

export interface FeedDefinition {
  /** What the feed follows ('山东省', '2024 年度报告', the site's name): the feed page's heading. */
  subject: string;
  title: string;
  description: string;
  /** The site page whose reports the feed announces ('/regions/x/'). */
  pagePath: string;
  /** '/regions/x/rss.xml'; its HTML page is feedPagePath(feedPath). */
  feedPath: string;
  /** Every report the feed could announce; feedSelection picks the newest. */
  reports: Report[];
}

export async function siteFeed(): Promise<FeedDefinition> {
  const config = readSiteConfig();
  return {
    subject: config.name,
    title: config.name,
    description: `${config.name}：最新发布的法治政府建设情况报告`,
    pagePath: '/',
    feedPath: '/rss.xml',
    reports: await allReports(),
  };
}

export function regionFeed(node: RegionNode): FeedDefinition {
  return {
    subject: node.chain.join(''),
    title: `${node.chain.join('')} - ${readSiteConfig().name}`,
    description: `${node.chain.join('')}及下辖地区新发布的法治政府建设情况报告`,
    pagePath: node.path,
    feedPath: `${node.path}rss.xml`,
    reports: node.all,
  };
}

export function yearFeed(year: number, reports: Report[]): FeedDefinition {
  return {
    subject: `${year} 年度报告`,
    title: `${year} 年度报告 - ${readSiteConfig().name}`,
    description: `${year} 年度法治政府建设情况报告`,
    pagePath: `/years/${year}/`,
    feedPath: `/years/${year}/rss.xml`,
    reports,
  };
}

/**
 * Static paths for the region and year feeds, as XML or as their HTML page. The cache key (incremental
 * build) is the output's address and the items it would carry: a feed is written again only when one of
 * its announced reports changed.
 */
export async function feedStaticPaths(kind: 'regions' | 'years', output: 'xml' | 'page') {
  const archive = await getArchive();
  const feeds =
    kind === 'regions'
      ? archive.regions
          // npm run assemble: a province one shard holds has its feeds from that shard.
          .filter((node) => node.chain.length > 0 && !regionProvided(node.path))
          .map((node) => ({
            params: { path: node.path.replace(/^\/regions\/|\/$/g, '') },
            feed: regionFeed(node),
            id: node.chain.join('/'),
          }))
      : [...archive.byYear.entries()].map(([year, reports]) => ({
          params: { year: String(year) },
          feed: yearFeed(year, reports),
          id: String(year),
        }));
  return Promise.all(
    feeds.map(async ({ params, feed, id }) => ({
      params,
      props: { feed },
      ...(incrementalBuild() ? { cacheKey: await feedCacheKey(`${feed.feedPath} ${output} ${id}`, feed.reports) } : {}),
    })),
  );
}

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

/** The cache key of a feed output for the incremental build: its address and the items it would carry. */
export async function feedCacheKey(feedPath: string, reports: Report[]): Promise<string> {
  const config = readSiteConfig();
  const selected = feedSelection(reports, config.feedLimit);
  return feedKey(
    config,
    feedPath,
    await Promise.all(selected.map(async (report) => ({ report, digest: await getBodyDigest(report.slug) }))),
  );
}

/** The reports a feed announces, newest additions first: what its XML and its page both list. */
export function feedReports(feed: FeedDefinition): Report[] {
  // Every feed announces the newest reports only (GONGKAI_FEED_LIMIT, 50 by default, and every other report
  // added on the same days): a province's feed does not need its whole history, and thousands stay small.
  return feedSelection(feed.reports, readSiteConfig().feedLimit);
}

export async function feedResponse(feed: FeedDefinition): Promise<Response> {
  const config = readSiteConfig();
  const reports = feedReports(feed);
  const feedItems = await Promise.all(
    reports.map(async (r) => {
      const item = await cachedItem(r, reportPermalink(config, r.slug));
      // The XML view's extras (src/lib/feed-style.ts): the title as a link, the date as YYYY-MM-DD.
      return {
        ...item,
        customData: `<dc:date>${r.added}</dc:date><h:a href="${escapeXmlNamed(item.link)}">${escapeXmlNamed(item.title)}</h:a>`,
      };
    }),
  );
  const built = lastBuildDate(reports);
  const page = absoluteUrl(config, feedPagePath(feed.feedPath));
  const xml = await getRssString({
    title: feed.title,
    description: feed.description,
    site: absoluteUrl(config, feed.pagePath),
    items: feedItems,
    xmlns: { atom: 'http://www.w3.org/2005/Atom', ...FEED_XMLNS },
    customData: [
      '<language>zh-cn</language>',
      built ? `<lastBuildDate>${built.toUTCString()}</lastBuildDate>` : '',
      `<atom:link href="${escapeXmlNamed(absoluteUrl(config, feed.feedPath))}" rel="self" type="application/rss+xml"/>`,
      `<atom:link href="${escapeXmlNamed(page)}" rel="alternate" type="text/html"/>`,
      `<generator>Gongkai</generator>`,
      `<copyright>${escapeXmlNamed(config.organisation)}</copyright>`,
      `<h:a href="${escapeXmlNamed(page)}">在网页中查看本订阅源（可点击的报告列表和订阅方法）</h:a>`,
    ].join(''),
  });
  // Only a CSS stylesheet: an XSLT one makes Chromium cover the page with a removal banner.
  const css = `<?xml-stylesheet href="${escapeXmlNamed(withBase(config.base, '/rss.css'))}" type="text/css"?>`;
  return new Response(xml.replace(/^(<\?xml [^?]*\?>)/, `$1${css}`), {
    headers: { 'Content-Type': 'application/xml' },
  });
}
