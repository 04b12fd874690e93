/**
 * A feed opened in a browser: with XSLT it is a Chinese page that says how to subscribe and links the
 * reports; in a browser without XSLT (Chromium is removing it) the CSS fallback still says so.
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

describe('a feed opened in a browser', () => {
  it.each(FEEDS)(
    '%s reads as a Chinese page with how to subscribe, and loads nothing outside the base',
    async (feed) => {
      const page = await browser.newPage();
      const responses: { url: string; status: number }[] = [];
      page.on('response', (r) => responses.push({ url: r.url(), status: r.status() }));
      await page.goto(`${server.url}${feed}`);
      const xml = readFileSync(join(site.dist, feed), 'utf8');
      const channelTitle = /<channel><title>([^<]+)<\/title>/.exec(xml)?.[1];
      await expect.poll(() => page.locator('h1').textContent()).toBe(channelTitle);
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      expect(await page.locator('main').textContent()).toContain(SUBSCRIBE_LINE);
      expect(await page.locator('main code').textContent()).toBe(`${site.site}${site.base}${feed}`);
      const links = await page.locator('main ol a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      expect(links.length).toBe((xml.match(/<item>/g) ?? []).length);
      for (const link of links) expect(link).toMatch(/^https:\/\/www\.example\.gov\.cn\/fzbg\/reports\/[a-z0-9-]+\/$/);
      expect((await page.locator('main ol .meta').first().textContent())?.trim()).toMatch(/^\d{4}-\d{2}-\d{2}/);
      expect(await page.locator('header a').getAttribute('href')).toBe(site.base);
      for (const r of responses) {
        expect(new URL(r.url).pathname.startsWith(site.base), r.url).toBe(true);
        expect(r.status, r.url).toBeLessThan(400);
      }
      await page.close();
    },
  );

  it('still says what it is and how to subscribe in a browser without XSLT', async () => {
    const noXslt = await launchChromium(['--disable-blink-features=XSLT']);
    const page = await noXslt.newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await page.goto(`${server.url}rss.xml`);
    expect(requested).toContain(`${site.base}rss.css`);
    expect(requested).not.toContain(`${site.base}rss.xsl`);
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
    // Item titles and dates are shown (an XML document has no innerText: ask the layout).
    const shown = await page.evaluate(() =>
      [...document.querySelectorAll('item > title, item > pubDate')].map((el) => el.getBoundingClientRect().height > 0),
    );
    expect(shown.length).toBeGreaterThan(1);
    expect(shown.every(Boolean)).toBe(true);
    await noXslt.close();
  });
});
