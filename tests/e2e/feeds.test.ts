/**
 * A feed in a browser: each feed has an HTML page beside it (rss/) that says how to subscribe and links the
 * reports; the XML opened directly asks for no XSLT (Chromium 156 bans it with a banner) and its CSS shows the
 * same explanation, the titles as links and the dates as YYYY-MM-DD.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningServer, serveStatic } from '../../scripts/lib/site/static-server.ts';
import { SUBSCRIBE_LINE } from '../../src/lib/feed-style.ts';
import { launchChromium } from '../helpers/browser.ts';

const site = inject('subpathSite');
let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  server = await serveStatic({ root: site.dist, base: site.base });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const FEEDS = ['rss.xml', 'regions/shandongsheng/rss.xml', 'years/2024/rss.xml'];

describe('a feed in a browser', () => {
  it.each(FEEDS)(
    'has an HTML page beside %s: what it is, its address to copy, every report it announces linked',
    async (feed) => {
      const page = await browser.newPage();
      const responses: { url: string; status: number }[] = [];
      page.on('response', (r) => responses.push({ url: r.url(), status: r.status() }));
      const pagePath = feed.replace(/rss\.xml$/, 'rss/');
      await page.goto(`${server.url}${pagePath}`);
      const xml = readFileSync(join(site.dist, feed), 'utf8');
      const channelTitle = /<channel><title>([^<]+)<\/title>/.exec(xml)?.[1];
      expect(await page.locator('h1').textContent()).toBe(channelTitle);
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      expect(await page.locator('main').textContent()).toContain('复制到 RSS 阅读器');
      expect(await page.locator('#feed-address').inputValue()).toBe(`${site.site}${site.base}${feed}`);
      // Feed readers given the page's address find the XML.
      expect(
        await page.locator('head link[rel="alternate"][type="application/rss+xml"]').last().getAttribute('href'),
      ).toBe(`${site.base}${feed}`);
      const links = await page.locator('main ol a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      const items = [...xml.matchAll(/<item>.*?<link>https:\/\/www\.example\.gov\.cn(\/[^<]+)<\/link>/g)].map(
        (m) => m[1],
      );
      expect(links).toEqual(items);
      expect((await page.locator('main ol .meta time').first().textContent())?.trim()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      for (const r of responses) {
        expect(new URL(r.url).pathname.startsWith(site.base), r.url).toBe(true);
        expect(r.status, r.url).toBeLessThan(400);
      }
      await page.close();
    },
  );

  it('pages link the feed page, not the bare XML', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}regions/shandongsheng/`);
    expect(await page.locator('a.feed-link').getAttribute('href')).toBe(`${site.base}regions/shandongsheng/rss/`);
    await page.click('a.feed-link');
    await page.waitForURL(/\/rss\/$/);
    expect(await page.locator('#feed-address').inputValue()).toBe(
      `${site.site}${site.base}regions/shandongsheng/rss.xml`,
    );
    await page.close();
  });

  it.each([
    ['a browser that has dropped XSLT', ['--disable-blink-features=XSLT']],
    ['this Chromium', []],
  ])(
    'opened as XML in %s: no XSLT asked for, says how to subscribe, titles are links, dates YYYY-MM-DD',
    async (_, flags) => {
      const b = flags.length ? await launchChromium(flags) : browser;
      const page = await b.newPage();
      const requested: string[] = [];
      page.on('request', (r) => requested.push(new URL(r.url()).pathname));
      await page.goto(`${server.url}rss.xml`);
      expect(requested).toContain(`${site.base}rss.css`);
      expect(requested.some((p) => p.endsWith('.xsl'))).toBe(false);
      const note = await page.evaluate(() => {
        const description = document.querySelector('channel > description');
        return description ? getComputedStyle(description, '::after').content : '';
      });
      expect(note).toBe(`"${SUBSCRIBE_LINE}"`);
      const hidden = await page.evaluate(() =>
        [...document.getElementsByTagNameNS('http://purl.org/rss/1.0/modules/content/', 'encoded')].every(
          (el) => getComputedStyle(el).display === 'none',
        ),
      );
      expect(hidden).toBe(true);
      const items = await page.evaluate(() =>
        [...document.querySelectorAll('item')].map((item) => {
          const a = item.getElementsByTagNameNS('http://www.w3.org/1999/xhtml', 'a')[0] as
            | HTMLAnchorElement
            | undefined;
          const date = item.getElementsByTagNameNS('http://purl.org/dc/elements/1.1/', 'date')[0];
          return {
            isLink: a instanceof HTMLAnchorElement,
            href: a?.href,
            link: item.querySelector('link')?.textContent,
            shown: (a?.getBoundingClientRect().height ?? 0) > 0,
            date: date?.textContent,
            dateShown: (date?.getBoundingClientRect().height ?? 0) > 0,
            rawTitleShown: (item.querySelector('title')?.getBoundingClientRect().height ?? 0) > 0,
          };
        }),
      );
      expect(items.length).toBeGreaterThan(1);
      for (const item of items) {
        expect(item).toMatchObject({ isLink: true, shown: true, dateShown: true, rawTitleShown: false });
        expect(item.href).toBe(item.link);
        expect(item.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
      // The channel links its HTML page, and the link works.
      // The channel links its HTML page (absolute, as every address in a feed: the test site is not served there).
      const toPage = await page.evaluate(() => {
        const a = [...(document.querySelector('channel')?.children ?? [])].find((el) => el.localName === 'a');
        return a instanceof HTMLAnchorElement ? { href: a.href, shown: a.getBoundingClientRect().height > 0 } : null;
      });
      expect(toPage).toEqual({ href: `${site.site}${site.base}rss/`, shown: true });
      await page.close();
      if (flags.length) await b.close();
    },
  );
});
