/**
 * How a feed looks when someone opens it in a browser instead of a feed reader: a short page in
 * Chinese saying what the feed is and how to subscribe, with the latest reports linked.
 *
 * Two stylesheets, because browsers are dropping XSLT (Chromium warns that it "will be removed soon"):
 * - feedXsl(): the XSLT that turns the feed into a real page (links, dates as YYYY-MM-DD);
 * - feedCss(): a CSS fallback for browsers without XSLT: the same explanation, titles and dates, the
 *   XML's machinery hidden. CSS cannot make links, so it says to copy the address.
 * Both are pure text builders; src/pages/rss.xsl.ts and src/pages/rss.css.ts serve them.
 */
import { escapeHtml } from './escape.ts';
import { withBase } from './urls.ts';

export const SUBSCRIBE_LINE =
  '这是一个 RSS 订阅源：把本页地址复制到 RSS 阅读器（订阅工具）中，即可在有新报告发布时收到通知，无需反复访问网站。';

export function feedXsl(options: { base: string; name: string }): string {
  const home = escapeHtml(withBase(options.base, '/'));
  const icon = escapeHtml(withBase(options.base, '/favicon.svg'));
  const name = escapeHtml(options.name);
  return `<?xml version="1.0" encoding="utf-8"?>
<!-- Shows an RSS feed opened in a browser as a readable page in Chinese, with how to subscribe. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:atom="http://www.w3.org/2005/Atom" exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat"/>
  <!-- RFC 822 "Sun, 22 Nov 2026 00:00:00 GMT" → 2026-11-22 -->
  <xsl:template name="date">
    <xsl:param name="rfc822"/>
    <xsl:variable name="month" select="substring(substring-after('Jan01Feb02Mar03Apr04May05Jun06Jul07Aug08Sep09Oct10Nov11Dec12', substring($rfc822, 9, 3)), 1, 2)"/>
    <xsl:value-of select="concat(substring($rfc822, 13, 4), '-', $month, '-', substring($rfc822, 6, 2))"/>
  </xsl:template>
  <xsl:template match="/">
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="/rss/channel/title"/>（RSS 订阅源）</title>
        <link rel="icon" href="${icon}" type="image/svg+xml"/>
        <style>
          body { font-family: system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; max-width: 48rem; margin: 0 auto; padding: 1rem; line-height: 1.8; color: #1f1f1f; background: #fff; }
          header { border-top: 6px solid #a4161a; padding-top: .5rem; }
          .note { background: #f6f5f2; border-left: 4px solid #a4161a; padding: .75rem 1rem; }
          code { background: #eee; padding: .1rem .3rem; word-break: break-all; }
          ol { padding-left: 1.5rem; }
          li { margin-bottom: .75rem; }
          a { color: #0a4b94; }
          .meta { color: #4a4a4a; font-size: .9rem; }
        </style>
      </head>
      <body>
        <header>
          <p><a href="${home}">${name}</a></p>
          <h1><xsl:value-of select="/rss/channel/title"/></h1>
          <p><xsl:value-of select="/rss/channel/description"/></p>
        </header>
        <main>
          <p class="note">${escapeHtml(SUBSCRIBE_LINE)}本订阅源地址：<code><xsl:value-of select="/rss/channel/atom:link/@href"/></code></p>
          <p><a href="{/rss/channel/link}">在网站上浏览这些报告</a></p>
          <h2>最新报告（<xsl:value-of select="count(/rss/channel/item)"/> 份）</h2>
          <ol>
            <xsl:for-each select="/rss/channel/item">
              <li>
                <a href="{link}"><xsl:value-of select="title"/></a>
                <div class="meta">
                  <xsl:call-template name="date"><xsl:with-param name="rfc822" select="pubDate"/></xsl:call-template>
                  <xsl:for-each select="category"> · <xsl:value-of select="."/></xsl:for-each>
                </div>
              </li>
            </xsl:for-each>
          </ol>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
`;
}

/** CSS quoting for a content: string. */
function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&').replace(/\n/g, '\\a ')}"`;
}

export function feedCss(): string {
  return `/* Fallback look of an RSS feed in a browser without XSLT (see rss.xsl for the full page). */
@namespace content url(http://purl.org/rss/1.0/modules/content/);
@namespace atom url(http://www.w3.org/2005/Atom);
rss { display: block; font-family: system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; max-width: 48rem; margin: 0 auto; padding: 1rem; line-height: 1.8; color: #1f1f1f; background: #fff; }
channel { display: block; border-top: 6px solid #a4161a; padding-top: .5rem; }
channel > title { display: block; font-size: 2rem; font-weight: bold; margin: .5rem 0; }
channel > description { display: block; margin-bottom: 1rem; }
channel > description::after { content: ${cssString(SUBSCRIBE_LINE)}; display: block; background: #f6f5f2; border-left: 4px solid #a4161a; padding: .75rem 1rem; margin-top: 1rem; }
channel > link, channel > language, channel > lastBuildDate, channel > generator, channel > copyright, atom|link,
item > link, item > guid, item > description, item > category, content|encoded { display: none; }
item { display: block; margin: 0 0 .75rem; }
item > title { display: block; font-weight: bold; }
item > pubDate { display: block; color: #4a4a4a; font-size: .9rem; }
`;
}
