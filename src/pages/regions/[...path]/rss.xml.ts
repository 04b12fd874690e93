import { feedCacheKey, feedResponse } from '../../../collection/feeds.ts';
import { getArchive } from '../../../collection/reports.ts';
import type { RegionNode } from '../../../lib/archive.ts';
import { incrementalBuild, readSiteConfig } from '../../../site.config.ts';

export async function getStaticPaths() {
  const archive = await getArchive();
  return Promise.all(
    archive.regions
      .filter((node) => node.chain.length > 0)
      .map(async (node) => ({
        params: { path: node.path.replace(/^\/regions\/|\/$/g, '') },
        props: { node },
        ...(incrementalBuild()
          ? { cacheKey: await feedCacheKey(`${node.path}rss.xml ${node.chain.join('/')}`, node.all) }
          : {}),
      })),
  );
}

export async function GET({ props }: { props: { node: RegionNode } }) {
  const { node } = props;
  return feedResponse({
    title: `${node.chain.join('')} - ${readSiteConfig().name}`,
    description: `${node.chain.join('')}及下辖地区新发布的法治政府建设情况报告`,
    pagePath: node.path,
    feedPath: `${node.path}rss.xml`,
    reports: node.all,
  });
}
