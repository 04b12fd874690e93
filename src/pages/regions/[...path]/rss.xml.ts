import { type FeedDefinition, feedResponse, feedStaticPaths } from '../../../collection/feeds.ts';

/** A region's feed: its reports and those of the regions below it (its HTML page is rss/ beside it). */
export function getStaticPaths() {
  return feedStaticPaths('regions', 'xml');
}

export function GET({ props }: { props: { feed: FeedDefinition } }) {
  return feedResponse(props.feed);
}
