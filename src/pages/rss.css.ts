import { feedCss } from '../lib/feed-style.ts';

/** The look of a feed in a browser that no longer runs XSLT. */
export function GET() {
  return new Response(feedCss(), { headers: { 'Content-Type': 'text/css; charset=utf-8' } });
}
