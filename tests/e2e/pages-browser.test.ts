/**
 * The browsing pages of the fixture archive (under /fzbg/) in real Chromium: axe-core finds no WCAG 2.1
 * A/AA violation; the keyboard reaches everything with a visible focus; large-text mode is remembered;
 * print hides the navigation; no page requests anything outside the site or any script file.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningServer, serveStatic } from '../../scripts/lib/site/static-server.ts';
import { axeViolations } from '../helpers/axe.ts';
import { launchChromium } from '../helpers/browser.ts';

const site = inject('archiveSite');
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

const PAGES = {
  home: '',
  regions: 'regions/',
  province: 'regions/shandongsheng/',
  township: 'regions/shandongsheng/jiningshi/liangshanxian/xiaolukouzhen/',
  municipality: 'regions/beijingshi/haidianqu/',
  years: 'years/',
  year: 'years/2023/',
  authority: 'authorities/shandongshengrenminzhengfu/',
  report: 'reports/2023-liangshanxian-renminzhengfu/',
  warned: 'reports/2021-kuerleshi-renminzhengfu/',
  hostile: 'reports/2024-hangzhoushi-renminzhengfu/',
  figures: 'figures/',
  figuresIndicator: 'figures/litigationCases/2023/by-value/',
  countyWithFigures: 'regions/shandongsheng/jiningshi/liangshanxian/',
  coverage: 'coverage/',
  coverageCounty: 'coverage/shandongsheng/jiningshi/liangshanxian/',
  coverageYear: 'coverage/shandongsheng/jiningshi/liangshanxian/2023/',
  compare: 'compare/2022-liangshanxian-renminzhengfu/2023-liangshanxian-renminzhengfu/',
  compareHostile: 'compare/2023-hangzhoushi-renminzhengfu/2024-hangzhoushi-renminzhengfu/',
  feedPage: 'rss/',
  regionFeedPage: 'regions/shandongsheng/rss/',
  notFound: '404.html',
};

describe('browsing pages in Chromium', () => {
  it.each([
    [375, false],
    [1280, false],
    [1280, true],
  ])('have no axe violations at %ipx (large text: %s)', async (width, largeText) => {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(server.url);
    if (largeText) await page.click('#large-text');
    for (const [name, path] of Object.entries(PAGES)) {
      await page.goto(`${server.url}${path}`);
      expect(await axeViolations(page), `${name} ${path}`).toEqual([]);
    }
    await page.close();
  });

  it('saves a download under the report’s title, and selects the whole citation in one click', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}${PAGES.report}`);
    const title = ((await page.textContent('h1')) ?? '').trim();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[download] >> nth=1')]);
    expect(download.suggestedFilename()).toBe(`${title}.md`);
    await page.click('.citation .cite');
    const selected = await page.evaluate(() => window.getSelection()?.toString() ?? '');
    expect(selected).toBe(((await page.textContent('.citation .cite')) ?? '').trim());
    expect(selected).not.toContain('引用日期]');
    await page.close();
  });

  it('copy the citation with one button, and say so', async () => {
    const context = await browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const page = await context.newPage();
    await page.goto(`${server.url}${PAGES.report}`);
    await page.getByRole('button', { name: '复制引用格式' }).click();
    await expect.poll(() => page.textContent('#copy-status')).toBe('已复制引用格式。');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(((await page.textContent('.citation .cite')) ?? '').trim());
    await context.close();
  });

  it('request nothing outside the site and no script file', async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    for (const path of Object.values(PAGES)) await page.goto(`${server.url}${path}`);
    expect(requests.filter((url) => !url.startsWith(server.url))).toEqual([]);
    expect(requests.filter((url) => /\.m?js(\?|$)/.test(url))).toEqual([]);
    await page.close();
  });

  it('start with a visible skip link that moves focus to the content', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 700 } });
    await page.goto(`${server.url}${PAGES.report}`);
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const box = el.getBoundingClientRect();
      return { text: el.textContent, visible: box.left >= 0 && box.top >= 0 && box.width > 0 };
    });
    expect(skip).toEqual({ text: '跳到正文', visible: true });
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    // The next Tab lands inside the content, not back in the header.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('main'))).toBe(true);
    await page.close();
  });

  it('reach every link and control by keyboard, each with a visible focus indicator', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}${PAGES.warned}`);
    // Number every visible focusable element, then Tab through the page and see which ones get focus.
    const count = await page.evaluate(() => {
      const all = [
        ...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, summary, [tabindex="0"]'),
      ];
      const visible = all.filter((el) => el.getClientRects().length > 0);
      visible.forEach((el, i) => {
        el.dataset.kbd = String(i);
      });
      return visible.length;
    });
    const reached = new Set<string>();
    for (let i = 0; i < count + 1; i++) {
      await page.keyboard.press('Tab');
      const state = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const style = getComputedStyle(el);
        return {
          kbd: el.dataset.kbd ?? el.tagName,
          outlined: style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 2,
        };
      });
      if (state.kbd === 'BODY') continue;
      expect(state.outlined, `focus ring on element ${state.kbd}`).toBe(true);
      reached.add(state.kbd);
    }
    expect(count).toBeGreaterThan(20);
    expect([...reached].sort()).toEqual(Array.from({ length: count }, (_, i) => String(i)).sort());
    await page.close();
  });

  it('remember large-text mode across pages', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}${PAGES.year}`);
    const size = () => page.evaluate(() => Number.parseFloat(getComputedStyle(document.body).fontSize));
    const normal = await size();
    expect(await page.isVisible('#large-text')).toBe(true);
    await page.click('#large-text');
    expect(await page.getAttribute('#large-text', 'aria-pressed')).toBe('true');
    await page.goto(`${server.url}${PAGES.report}`);
    expect(await size()).toBeGreaterThanOrEqual(normal * 1.25);
    expect(await page.getAttribute('#large-text', 'aria-pressed')).toBe('true');
    await page.click('#large-text');
    await page.goto(`${server.url}${PAGES.home}`);
    expect(await size()).toBe(normal);
    await page.close();
  });

  it('hide the large-text switch when JavaScript is off (it would do nothing)', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}${PAGES.report}`);
    expect(await page.isVisible('#large-text')).toBe(false);
    expect(await page.isVisible('article h1')).toBe(true);
    await context.close();
  });

  it('print the report without navigation, keeping its metadata and permalink', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}${PAGES.report}`);
    await page.emulateMedia({ media: 'print' });
    expect(await page.isVisible('.site-header')).toBe(false);
    expect(await page.isVisible('.site-footer')).toBe(false);
    expect(await page.isVisible('.related')).toBe(false);
    expect(await page.isVisible('article .report-body')).toBe(true);
    expect(await page.isVisible('.meta-panel')).toBe(true);
    expect(await page.isVisible('.citation')).toBe(true);
    // A closed 信息提示 prints as its title, no bare disclosure triangle.
    await page.goto(`${server.url}${PAGES.warned}`);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('details.warnings > summary').evaluate((s) => getComputedStyle(s).listStyleType)).toBe(
      'none',
    );
    expect(await page.isVisible('details.warnings > summary')).toBe(true);
    // On paper a link that leaves the site is printed with its address.
    await page.goto(`${server.url}${PAGES.hostile}`);
    await page.emulateMedia({ media: 'print' });
    const printed = await page
      .locator('main a[href="https://example.org/a?b=1"]')
      .evaluate((a) => getComputedStyle(a, '::after').content);
    expect(printed).toBe('" (https://example.org/a?b=1)"');
    await page.close();
  });

  it('fit 320 and 375px-wide screens in large-text mode without horizontal scrolling, the header search whole', async () => {
    for (const width of [320, 375]) {
      const page = await browser.newPage({ viewport: { width, height: 812 } });
      await page.goto(server.url);
      await page.click('#large-text');
      for (const path of Object.values(PAGES)) {
        await page.goto(`${server.url}${path}`);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `${width} ${path}`).toBeLessThanOrEqual(
          width,
        );
        const button = await page.locator('.header-search button').boundingBox();
        if (button) expect(button.x + button.width, `${width} ${path} search button`).toBeLessThanOrEqual(width);
      }
      await page.close();
    }
  });

  it('put the report’s information, citation and 目录 right after its title on a phone, beside the text on a wide screen', async () => {
    for (const width of [375, 1280]) {
      const page = await browser.newPage({ viewport: { width, height: 812 } });
      await page.goto(`${server.url}${PAGES.report}`);
      const box = async (selector: string) => {
        const b = await page.locator(selector).first().boundingBox();
        if (!b) throw new Error(`${selector} not shown at ${width}px`);
        return b;
      };
      const title = await box('article h1');
      const meta = await box('.meta-panel');
      const citation = await box('.citation');
      const toc = await box('.toc');
      const body = await box('.report-body');
      if (width === 375) {
        for (const [name, b] of Object.entries({ meta, citation, toc })) {
          expect(b.y, name).toBeGreaterThan(title.y);
          expect(b.y + b.height, name).toBeLessThanOrEqual(body.y);
        }
      } else {
        expect(citation.x).toBeGreaterThanOrEqual(body.x + body.width);
        expect(meta.y).toBeLessThan(body.y + 100);
      }
      await page.close();
    }
  });

  it('keep the header to a small part of a phone’s screen, in large-text mode too', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 812 } });
    await page.goto(`${server.url}${PAGES.report}`);
    const normal = (await page.locator('.site-header').boundingBox())?.height ?? Infinity;
    await page.click('#large-text');
    const large = (await page.locator('.site-header').boundingBox())?.height ?? Infinity;
    expect(normal).toBeLessThanOrEqual(812 * 0.16);
    expect(large).toBeLessThanOrEqual(812 * 0.22);
    await page.close();
  });

  it('show the 目录 whole on a phone, not in a clipped box of its own', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 812 } });
    await page.goto(`${server.url}${PAGES.report}`);
    const toc = page.locator('.toc ol').first();
    expect(await toc.count()).toBe(1);
    expect(await toc.evaluate((ol) => ol.scrollHeight <= ol.clientHeight + 1)).toBe(true);
    await page.close();
  });

  it('fit a 320px-wide screen without horizontal scrolling', async () => {
    const page = await browser.newPage({ viewport: { width: 320, height: 700 } });
    for (const path of Object.values(PAGES)) {
      await page.goto(`${server.url}${path}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(320);
    }
    await page.close();
  });
});
