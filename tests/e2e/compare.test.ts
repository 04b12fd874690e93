/**
 * The year-over-year compare pages of the fixture archive (under /fzbg/) in real Chromium: two columns on a
 * wide screen and one interleaved column on a phone, changes marked in words, the summary agreeing with the
 * marks, links both ways between reports and comparisons, the keyboard and print. (axe at 375 and 1280 px,
 * 320 px and large text, outside requests: pages-browser.test.ts lists two compare pages.)
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningServer, serveStatic } from '../../scripts/lib/site/static-server.ts';
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

const PAIR = 'compare/2022-liangshanxian-renminzhengfu/2023-liangshanxian-renminzhengfu/';
const RENAMED = 'compare/2022-liangshanxian-fazhibangongshi/2023-liangshanxian-sifaju/';

describe('compare pages in Chromium', () => {
  it('put the two years side by side on a wide screen', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}${PAIR}`);
    expect(await page.textContent('h1')).toBe('梁山县人民政府 2022 与 2023 年度报告对比');
    const row = page.locator('.cmp-row-changed').first();
    const a = await row.locator('.cmp-a').boundingBox();
    const b = await row.locator('.cmp-b').boundingBox();
    expect(a && b && b.x > a.x + a.width - 1 && Math.abs(a.y - b.y) < 2).toBe(true);
    // An unchanged sentence is written once, across both columns.
    const same = await page.locator('.cmp-row-same p').first().boundingBox();
    expect(same && a && b && same.x <= a.x + 1 && same.x + same.width >= b.x + b.width - 1).toBe(true);
    expect(await page.locator('.cmp-row-same').first().locator('p').count()).toBe(1);
    await page.close();
  });

  it('interleave them in one column on a phone, each unchanged sentence once', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 812 } });
    await page.goto(`${server.url}${PAIR}`);
    const row = page.locator('.cmp-row-changed').first();
    const a = await row.locator('.cmp-a').boundingBox();
    const b = await row.locator('.cmp-b').boundingBox();
    expect(a && b && b.y >= a.y + a.height - 1 && Math.abs(a.x - b.x) < 2).toBe(true);
    expect(await page.locator('.cmp-row-same').first().locator('p').count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.close();
  });

  it('mark every change in words, and the summary counts what is marked', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}${PAIR}`);
    const summary = (await page.locator('.cmp-summary li').allTextContents()).join('');
    const changed = await page.locator('.cmp-row-changed').count();
    const added = await page.locator('.cmp-row-added').count();
    const removed = await page.locator('.cmp-row-removed').count();
    expect(changed + added + removed).toBeGreaterThan(0);
    expect(summary).toContain(`修改的句子 ${changed} 句，新增 ${added} 句，删去 ${removed} 句`);
    // Not colour alone: a worded badge on each changed sentence; del and ins spelt out for screen readers.
    expect(await page.locator('.cmp-row-changed .cmp-b .badge').first().textContent()).toBe('修改');
    expect(await page.locator('.cmp-row-added .badge').first().textContent()).toBe('新增');
    expect(await page.locator('.cmp-row-changed del .visually-hidden').first().textContent()).toBe('［删去：');
    expect(await page.locator('.cmp-row-changed ins .visually-hidden').first().textContent()).toBe('［新增：');
    const style = await page
      .locator('.cmp-row-changed del')
      .first()
      .evaluate((el) => getComputedStyle(el).textDecorationLine);
    expect(style).toContain('line-through');
    await page.close();
  });

  it('show both years’ key figures side by side', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}${RENAMED}`);
    const row = page.locator('#cmp-figures ~ .table-wrap tbody tr').filter({ hasText: '行政诉讼' });
    const cells = await row.locator('td').allTextContents();
    expect(cells).toHaveLength(3);
    const [a, b, change] = cells.map((c) => c.trim());
    const delta = Number.parseInt(b as string, 10) - Number.parseInt(a as string, 10);
    expect(change).toBe(`${delta > 0 ? '+' : ''}${delta} 件`);
    await page.close();
  });

  it('are linked from both reports and the authority page, and link back to each report’s sections', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}reports/2023-liangshanxian-renminzhengfu/`);
    await page.getByRole('link', { name: '与上一年度对比（2022 年度报告）' }).click();
    await page.waitForURL(new RegExp(`${PAIR}$`));
    const sectionLink = page.locator('.cmp-section .cmp-src a').nth(2);
    const href = (await sectionLink.getAttribute('href')) ?? '';
    expect(href).toMatch(/^\/fzbg\/reports\/2022-liangshanxian-renminzhengfu\/#h-1$/);
    await sectionLink.click();
    await page.waitForURL(/2022-liangshanxian-renminzhengfu\/#h-1$/);
    expect(await page.locator('#h-1').count()).toBe(1);
    await page.getByRole('link', { name: '与下一年度对比（2023 年度报告）' }).click();
    await page.waitForURL(new RegExp(`${PAIR}$`));
    await page.goto(`${server.url}authorities/shandongshengrenminzhengfu/`);
    const links = await page.locator('td[data-label="与上一年度对比"] a').allTextContents();
    expect(links).toEqual(['对比 2022 与 2023 年度', '对比 2021 与 2022 年度']);
    await page.close();
  });

  it('compare a renamed body’s reports where its sidecar links them', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}reports/2023-liangshanxian-sifaju/`);
    expect(await page.locator('.compare-links a').getAttribute('href')).toBe(`/fzbg/${RENAMED}`);
    await page.close();
  });

  it('reach every link by the keyboard with a visible focus', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}${PAIR}`);
    const links = await page.locator('main a').count();
    const seen = new Set<string>();
    for (let i = 0; i < links + 20 && seen.size < links; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el?.closest('main') || el.tagName !== 'A') return null;
        const style = getComputedStyle(el);
        return { key: `${el.getAttribute('href')}|${el.textContent}`, outline: style.outlineStyle };
      });
      if (focused) {
        expect(focused.outline).not.toBe('none');
        seen.add(focused.key);
      }
    }
    expect(seen.size).toBeGreaterThan(10);
    await page.close();
  });

  it('print both columns with the marks, without the site’s navigation', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}${PAIR}`);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    expect(await page.locator('.cmp-row-changed del').first().isVisible()).toBe(true);
    expect(await page.locator('.cmp-columns').evaluate((el) => getComputedStyle(el).position)).toBe('static');
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.byteLength).toBeGreaterThan(10_000);
    await page.close();
  });

  it('carry hostile report text as text', async () => {
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${server.url}compare/2023-hangzhoushi-renminzhengfu/2024-hangzhoushi-renminzhengfu/`);
    expect(await page.locator('main script, main img').count()).toBe(0);
    expect(await page.textContent('main')).toContain('<script>alert("x")</script>');
    expect(dialogs).toEqual([]);
    await page.close();
  });
});
