import { getArchive } from '../collection/reports.ts';
import { withBase } from '../lib/urls.ts';
import { readSiteConfig } from '../site.config.ts';

/**
 * Every region of the archive down to the county, with its page: the search page offers a region's feed
 * when its filters are exactly that region (the pages' paths are pinyin with namesakes told apart, which
 * the browser cannot work out itself). Fetched only then.
 */
export async function GET() {
  const archive = await getArchive();
  const { base } = readSiteConfig();
  const regions = archive.regions
    .filter((node) => node.chain.length > 0 && node.level !== 'township')
    .map((node) => ({ chain: node.chain, level: node.level, path: withBase(base, node.path) }));
  return new Response(`${JSON.stringify({ regions })}\n`, {
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}
