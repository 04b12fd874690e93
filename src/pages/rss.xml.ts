import { feedResponse, siteFeed } from '../collection/feeds.ts';

/** The site's feed: the newest reports of the whole archive (its HTML page is /rss/). */
export async function GET() {
  return feedResponse(await siteFeed());
}
