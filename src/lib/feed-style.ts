/**
 * How a feed looks when someone opens its XML in a browser instead of a feed reader.
 *
 * Browsers have dropped XSLT (Chromium 156 shows an English removal banner over a page an XSLT builds),
 * so a feed names no XSLT. People are sent to the feed's HTML page (src/components/FeedPage.astro, linked
 * from the XML with atom:link rel="alternate" type="text/html"); the XML itself is styled by the CSS
 * below: what the feed is and how to subscribe, each title a link and each date as YYYY-MM-DD. CSS cannot
 * make links or rewrite an RFC 822 date, so each item also carries an XHTML <h:a> (a real link in every
 * browser's XML view, ignored by feed readers as an unknown extension) and a Dublin Core <dc:date>.
 * Pure text builders; src/pages/rss.css.ts serves the CSS.
 */

export const SUBSCRIBE_LINE =
  '这是一个 RSS 订阅源：把本页地址复制到 RSS 阅读器（订阅工具）中，即可在有新报告发布时收到通知，无需反复访问网站。';

/** The namespaces of the XML view's extras: XHTML links and Dublin Core dates. */
export const FEED_XMLNS = {
  h: 'http://www.w3.org/1999/xhtml',
  dc: 'http://purl.org/dc/elements/1.1/',
} as const;

/** CSS quoting for a content: string. */
function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&').replace(/\n/g, '\\a ')}"`;
}

export function feedCss(): string {
  return `/* The look of an RSS feed opened in a browser (its HTML page, rss/ beside it, is the full view). */
@namespace content url(http://purl.org/rss/1.0/modules/content/);
@namespace atom url(http://www.w3.org/2005/Atom);
@namespace h url(${FEED_XMLNS.h});
@namespace dc url(${FEED_XMLNS.dc});
rss { display: block; font-family: system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; max-width: 48rem; margin: 0 auto; padding: 1rem; line-height: 1.8; color: #1f1f1f; background: #fff; }
channel { display: block; border-top: 6px solid #a4161a; padding-top: .5rem; }
channel > title { display: block; font-size: 2rem; font-weight: bold; margin: .5rem 0; }
channel > description { display: block; margin-bottom: 1rem; }
channel > description::after { content: ${cssString(SUBSCRIBE_LINE)}; display: block; background: #f6f5f2; border-left: 4px solid #a4161a; padding: .75rem 1rem; margin-top: 1rem; }
channel > h|a { display: block; margin-bottom: 1.5rem; }
h|a { color: #0a4b94; text-decoration: underline; }
h|a:focus { outline: 3px solid #0a4b94; outline-offset: 2px; }
channel > link, channel > language, channel > lastBuildDate, channel > generator, channel > copyright, atom|link,
item > title, item > link, item > guid, item > description, item > category, item > pubDate, content|encoded { display: none; }
item { display: block; margin: 0 0 .75rem; }
item > h|a { display: block; font-weight: bold; }
item > dc|date { display: block; color: #4a4a4a; font-size: .9rem; }
item > dc|date::before { content: "收录于 "; }
`;
}
