import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningServer, serveStatic } from '../../scripts/lib/static-server.ts';
import { launchChromium } from '../helpers/browser.ts';

const site = inject('sampleSite');
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

describe('search page in Chromium', () => {
  it('finds the report that contains a Chinese phrase', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}search/`);
    await page.fill('#q', '张官营镇');
    await page.press('#q', 'Enter');
    const first = page.locator('#search-results a').first();
    await first.waitFor();
    expect(await first.textContent()).toContain('张官营镇');
    await page.close();
  });
});
