import { feedCacheKey, feedResponse } from '../../../collection/feeds.ts';
import { getArchive } from '../../../collection/reports.ts';
import type { Report } from '../../../lib/report.ts';
import { incrementalBuild, readSiteConfig } from '../../../site.config.ts';

export async function getStaticPaths() {
  const archive = await getArchive();
  return Promise.all(
    [...archive.byYear.entries()].map(async ([year, reports]) => ({
      params: { year: String(year) },
      props: { year, reports },
      ...(incrementalBuild() ? { cacheKey: await feedCacheKey(`/years/${year}/rss.xml`, reports) } : {}),
    })),
  );
}

export async function GET({ props }: { props: { year: number; reports: Report[] } }) {
  return feedResponse({
    title: `${props.year} 年度报告 - ${readSiteConfig().name}`,
    description: `${props.year} 年度法治政府建设情况报告`,
    pagePath: `/years/${props.year}/`,
    feedPath: `/years/${props.year}/rss.xml`,
    reports: props.reports,
  });
}
