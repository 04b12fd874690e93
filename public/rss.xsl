<?xml version="1.0" encoding="utf-8"?>
<!-- Shows an RSS feed opened in a browser as a readable page in Chinese, with how to subscribe. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:atom="http://www.w3.org/2005/Atom">
  <xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat"/>
  <xsl:template match="/">
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="/rss/channel/title"/>（RSS 订阅源）</title>
        <style>
          body { font-family: system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; max-width: 48rem; margin: 0 auto; padding: 1rem; line-height: 1.8; color: #1f1f1f; }
          header { border-top: 6px solid #a4161a; padding-top: .5rem; }
          .note { background: #f6f5f2; border-left: 4px solid #a4161a; padding: .75rem 1rem; }
          code { background: #eee; padding: .1rem .3rem; word-break: break-all; }
          li { margin-bottom: .75rem; }
          a { color: #0a4b94; }
          .meta { color: #4a4a4a; font-size: .9rem; }
        </style>
      </head>
      <body>
        <header>
          <h1><xsl:value-of select="/rss/channel/title"/></h1>
          <p><xsl:value-of select="/rss/channel/description"/></p>
        </header>
        <p class="note">这是一个 RSS 订阅源。把本页地址 <code><xsl:value-of select="/rss/channel/atom:link/@href"/></code> 复制到 RSS 阅读器中，即可在有新报告发布时收到通知。<a href="{/rss/channel/link}">返回网站</a></p>
        <h2>最新报告</h2>
        <ol>
          <xsl:for-each select="/rss/channel/item">
            <li>
              <a href="{link}"><xsl:value-of select="title"/></a>
              <div class="meta"><xsl:value-of select="pubDate"/></div>
            </li>
          </xsl:for-each>
        </ol>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
