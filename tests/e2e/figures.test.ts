/**
 * Key figures in the built fixture archive (under /fzbg/), in real Chromium: the report page's 关键数据 links
 * land on the clause, an authority page's table and chart agree with its reports' frontmatter, the national
 * table lists every figure of an indicator, and figures.csv round-trips. (axe and small screens: pages-browser.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningServer, serveStatic } from '../../scripts/lib/site/static-server.ts';
import { launchChromium } from '../helpers/browser.ts';
import { parseCsv } from '../helpers/csv.ts';
import { fixtureArchive } from '../helpers/fixture-archive.ts';

const site = inject('archiveSite');
const reports = fixtureArchive().map((f) => f.report);
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

describe('key figures in Chromium', () => {
  it('a report’s 关键数据: every figure with its clause, each link landing on that clause in the text', async () => {
    const report = reports.find((r) => r.slug === '2023-liangshanxian-renminzhengfu');
    expect(report?.figures.length).toBeGreaterThanOrEqual(2);
    const page = await browser.newPage({ viewport: { width: 375, height: 812 } });
    await page.goto(`${server.url}reports/${report?.slug}/`);
    const links = page.locator('.key-figures td[data-label="原文"] a');
    expect(await links.count()).toBe(report?.figures.length);
    for (const [i, figure] of (report?.figures ?? []).entries()) {
      await links.nth(i).click();
      // Scrolling to the target may take a frame or two.
      await page
        .waitForFunction(
          () => {
            const box = document.querySelector(':target')?.getBoundingClientRect();
            return !!box && box.top >= -1 && box.bottom <= innerHeight;
          },
          undefined,
          { timeout: 2000 },
        )
        .catch(() => undefined);
      const target = await page.evaluate(() => {
        const e = document.querySelector(':target');
        const box = e?.getBoundingClientRect();
        return e
          ? {
              text: e.textContent,
              inView: !!box && box.top >= -1 && box.bottom <= innerHeight,
              inBody: !!e.closest('.report-body'),
            }
          : null;
      });
      expect(target, figure.text).toEqual({ text: figure.text, inView: true, inBody: true });
    }
    await page.close();
  });

  it('an authority’s figures by year: the table and the chart say what its reports say', async () => {
    const own = reports.filter((r) => r.authority === '梁山县人民政府' && r.year !== null);
    const page = await browser.newPage();
    await page.goto(`${server.url}authorities/liangshanxianrenminzhengfu/`);
    const row = page.locator('#figures ~ .table-wrap tbody tr').filter({ hasText: '行政诉讼（应诉）案件' });
    for (const r of own) {
      const value = r.figures.find((f) => f.indicator === 'litigationCases')?.value;
      expect(await row.textContent()).toContain(`${value} 件`);
    }
    const chart = page.locator('.figure-chart svg[role="img"]').first();
    const label = (await chart.getAttribute('aria-label')) ?? '';
    for (const r of own) expect(label).toContain(String(r.year));
    expect(
      await page
        .locator('.figure-chart svg')
        .first()
        .evaluate((svg) => svg.querySelectorAll('rect').length),
    ).toBeGreaterThanOrEqual(own.length);
    await page.close();
  });

  it('a region page: its government’s figures by year, and its sub-regions compared, as the reports say', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}regions/shandongsheng/jiningshi/liangshanxian/`);
    const own = reports.filter((r) => r.authority === '梁山县人民政府' && r.year !== null);
    const row = page.locator('#figures ~ .table-wrap tbody tr').filter({ hasText: '行政机关负责人出庭应诉率' });
    expect(await row.locator('td').allTextContents()).toEqual(own.map(() => '100%'));
    await page.goto(`${server.url}regions/shandongsheng/`);
    const city = reports.find((r) => r.authority === '济宁市人民政府' && r.year === 2023);
    const compared = page.locator('#sub-figures ~ section').filter({ hasText: '行政诉讼（应诉）案件' });
    expect(await compared.locator('tbody tr').allTextContents()).toEqual([
      `济宁市${city?.figures.find((f) => f.indicator === 'litigationCases')?.value} 件`,
    ]);
    await page.close();
  });

  it('the national table of an indicator lists every report of the year stating it, largest first in its by-value order', async () => {
    const stating = reports.filter((r) => r.year === 2023 && r.figures.some((f) => f.indicator === 'litigationCases'));
    const page = await browser.newPage();
    await page.goto(`${server.url}figures/litigationCases/`);
    expect(await page.locator('nav.coverage-years a').allTextContents()).toContain(`2023 年度（${stating.length}）`);
    await page.goto(`${server.url}figures/litigationCases/2023/by-value/`);
    const values = await page.locator('tbody td[data-label="数值"]').allTextContents();
    expect(values).toHaveLength(stating.length);
    const numbers = values.map((v) => Number.parseFloat(v.replace(/^约 /, '')));
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    await page.close();
  });
});

describe('figures data', () => {
  it('figures.csv holds one row per figure of the archive, the same as figures.json', () => {
    const [header, ...rows] = parseCsv(readFileSync(join(site.dist, 'figures.csv'), 'utf8').slice(1));
    const json = JSON.parse(readFileSync(join(site.dist, 'figures.json'), 'utf8')) as {
      rows: Record<string, unknown>[];
    };
    const total = reports.reduce((n, r) => n + r.figures.length, 0);
    expect(total).toBeGreaterThan(10);
    expect(rows).toHaveLength(total);
    expect(json.rows).toHaveLength(total);
    const text = header?.indexOf('原文') ?? -1;
    expect(new Set(rows.map((r) => r[text]))).toEqual(new Set(reports.flatMap((r) => r.figures.map((f) => f.text))));
  });
});
