import { feedResponse } from '../collection/feeds.ts';
import { allReports } from '../collection/reports.ts';
import { readSiteConfig } from '../site.config.ts';

export async function GET() {
  const config = readSiteConfig();
  return feedResponse({
    title: config.name,
    description: `${config.name}：最新发布的法治政府建设情况报告`,
    pagePath: '/',
    feedPath: '/rss.xml',
    reports: await allReports(),
    limit: config.feedLimit,
  });
}
