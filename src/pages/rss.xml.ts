import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { allReports } from '../data/reports.ts';
import { reportPath, withBase } from '../lib/urls.ts';
import { readSiteConfig } from '../site.config.ts';

export async function GET(context: APIContext) {
  const config = readSiteConfig();
  const reports = await allReports();
  return rss({
    title: config.name,
    description: `${config.name}：最新发布的法治政府建设情况报告`,
    site: context.site ?? config.site,
    items: reports.slice(0, config.feedLimit).map((r) => ({
      title: r.data.title,
      link: withBase(config.base, reportPath(r.data.slug)),
      pubDate: new Date(`${r.data.published ?? r.data.added}T00:00:00Z`),
    })),
    customData: '<language>zh-cn</language>',
  });
}
