import { type FeedDefinition, feedResponse, feedStaticPaths } from '../../../collection/feeds.ts';

/** A year's feed (its HTML page is rss/ beside it). */
export function getStaticPaths() {
  return feedStaticPaths('years', 'xml');
}

export function GET({ props }: { props: { feed: FeedDefinition } }) {
  return feedResponse(props.feed);
}
