/**
 * Accessibility in real Chromium: axe-core finds no violation (WCAG 2.1 A/AA rules) on the home, a
 * region, a year and a report page, in normal and large-text mode, at phone and desktop widths; the
 * skip link and the keyboard work.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningServer, serveStatic } from '../../scripts/lib/site/static-server.ts';
import { axeViolations } from '../helpers/axe.ts';
import { launchChromium } from '../helpers/browser.ts';

const site = inject('devSite');
const catalog = JSON.parse(readFileSync(join(site.dist, 'reports.json'), 'utf8')) as {
  reports: { permalink: string; year: number; township: string | null }[];
};
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

const report = catalog.reports.find((r) => r.township) ?? catalog.reports[0];
const reportPath = new URL(report?.permalink ?? '').pathname;
const pages = {
  home: '',
  region: '',
  year: `years/${report?.year}/`,
  report: reportPath.slice(1),
  search: `search/?q=${encodeURIComponent('法治')}`,
};

describe('accessibility in Chromium', () => {
  it.each([
    [375, false],
    [1280, false],
    [1280, true],
  ])('has no axe violations at %ipx (large text: %s)', async (width, largeText) => {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(`${server.url}${pages.report}`);
    const regionHref = await page.locator('.meta-panel dd a[href*="/regions/"]').last().getAttribute('href');
    pages.region = (regionHref ?? '/regions/').slice(1);
    if (largeText) await page.click('#large-text');
    for (const [name, path] of Object.entries(pages)) {
      await page.goto(`${server.url}${path}`);
      if (name === 'search')
        await page.waitForFunction(() => /找到/.test(document.getElementById('search-status')?.textContent ?? ''));
      expect(await axeViolations(page), `${name} ${path}`).toEqual([]);
    }
    await page.close();
  });

  it('(the check itself reports a violation when there is one)', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.evaluate(() => {
      const input = document.createElement('input');
      document.querySelector('main')?.append(input);
    });
    expect((await axeViolations(page)).join()).toMatch(/label/);
    await page.close();
  });

  it('remembers large-text mode across pages', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    const size = () => page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
    const normal = await size();
    await page.click('#large-text');
    expect(await page.getAttribute('#large-text', 'aria-pressed')).toBe('true');
    await page.goto(`${server.url}years/`);
    expect(Number.parseFloat(await size())).toBeGreaterThan(Number.parseFloat(normal));
    await page.close();
  });

  it('starts with a skip link that moves focus to the content', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}${pages.report}`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('跳到正文');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.close();
  });

  it('fits a 320px-wide screen without horizontal scrolling, and zooms to 200%', async () => {
    const page = await browser.newPage({ viewport: { width: 320, height: 700 } });
    for (const path of Object.values(pages)) {
      await page.goto(`${server.url}${path}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(320);
    }
    const zoomed = await browser.newPage({ viewport: { width: 640, height: 700 }, deviceScaleFactor: 2 });
    await zoomed.goto(`${server.url}${pages.report}`);
    await zoomed.evaluate(() => {
      document.documentElement.style.fontSize = '200%';
    });
    expect(await zoomed.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(640);
    await page.close();
    await zoomed.close();
  });
});
