/**
 * The coverage pages of the fixture archive (under /fzbg/) in real Chromium: each status reads in words
 * for a screen reader and as a symbol without colour, the summary agrees with the table, a cell's link lands
 * on the report, and the data files agree with the pages. (axe, 320/375 px and the keyboard: pages-browser.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningServer, serveStatic } from '../../scripts/lib/site/static-server.ts';
import { launchChromium } from '../helpers/browser.ts';
import { parseCsv } from '../helpers/csv.ts';

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

const COUNTY = 'coverage/shandongsheng/jiningshi/liangshanxian/';

describe('coverage pages in Chromium', () => {
  it('a county’s year page: every town with its status, a summary that agrees, the rule in words', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 812 } });
    await page.goto(`${server.url}${COUNTY}2023/`);
    expect(await page.textContent('h1')).toBe('梁山县 2023 年度报告公开情况');
    expect(await page.textContent('main')).toContain('「本库未收录」只表示本站没有收到这份报告，不表示该单位没有公开');
    expect(await page.textContent('main')).not.toMatch(/未公开/);
    const rows = page.locator('#cov-units ~ .table-wrap tbody tr');
    expect(await rows.count()).toBe(14);
    const town = rows.filter({ hasText: '小路口镇' });
    expect(await town.locator('td[data-label="状态"]').textContent()).toBe('按时公开');
    expect(await town.locator('td[data-label="发布日期"]').textContent()).toBe('2024-03-10');
    const statuses = await rows.locator('td[data-label="状态"]').allTextContents();
    const summary = await page.locator('.coverage-counts li').allTextContents();
    expect(summary).toContain(`按时公开 ${statuses.filter((s) => s === '按时公开').length} 个`);
    expect(summary).toContain(`本库未收录 ${statuses.filter((s) => s === '本库未收录').length} 个`);
    // Table headers for screen readers: a column header per column, a row header per unit.
    expect(await page.locator('#cov-units ~ .table-wrap thead th[scope="col"]').count()).toBe(4);
    expect(await page.locator('#cov-units ~ .table-wrap tbody th[scope="row"]').count()).toBe(14);
    await town.locator('td[data-label="报告"] a').click();
    await page.waitForURL(/\/reports\//);
    expect(await page.textContent('h1')).toContain('小路口镇人民政府');
    await page.close();
  });

  it('the unit × year grid: symbols with a legend, words for screen readers, links to the reports', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}${COUNTY}`);
    const legend = await page.locator('.coverage-legend').textContent();
    for (const words of ['按时公开', '逾期公开', '日期不明', '日期存疑', '本库未收录']) expect(legend).toContain(words);
    const header = await page.locator('#cov-units ~ .table-wrap thead th').allTextContents();
    expect(header).toEqual(['单位', '2024', '2023', '2022', '2021', '2020', '本库报告（含下辖）']);
    const townRow = page.locator('#cov-units ~ .table-wrap tbody tr').filter({ hasText: '小路口镇' });
    expect(await townRow.locator('td').last().textContent()).toBe('1');
    const town = page.locator('#cov-units ~ .table-wrap tbody tr').filter({ hasText: '小路口镇' });
    const cell = town.locator('td').nth(1); // 2023
    expect(await cell.locator('[aria-hidden="true"]').textContent()).toBe('✓');
    const link = cell.locator('a');
    expect(await link.textContent()).toContain('按时公开，2024-03-10 发布');
    expect(await link.getAttribute('href')).toMatch(/\/fzbg\/reports\/2023-xiaolukouzhen-renminzhengfu\/$/);
    const own = page.locator('#cov-own ~ .table-wrap tbody th');
    expect(await own.allTextContents()).toEqual(['梁山县人民政府', '梁山县司法局']);
    await page.close();
  });

  it('is reached from the region, year and every page’s footer', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}regions/shandongsheng/jiningshi/liangshanxian/`);
    await page.getByRole('link', { name: /梁山县各单位历年报告公开情况/ }).click();
    await page.waitForURL(new RegExp(`${COUNTY}$`));
    await page.goto(`${server.url}years/2023/`);
    await page.getByRole('link', { name: /2023 年度各地报告公开情况/ }).click();
    await page.waitForURL(/\/coverage\/2023\/$/);
    expect(await page.locator('#cov-units ~ .table-wrap tbody tr').count()).toBe(31);
    await page.getByRole('link', { name: '各地公开情况' }).click();
    await page.waitForURL(/\/coverage\/$/);
    await page.close();
  });
});

describe('coverage data', () => {
  it('coverage.csv and coverage.json hold the same rows, one per unit and year', () => {
    const data = JSON.parse(readFileSync(join(site.dist, 'coverage.json'), 'utf8')) as {
      columns: string[];
      rows: (string | number | null)[][];
    };
    const json = { rows: data.rows.map((r) => Object.fromEntries(data.columns.map((c, i) => [c, r[i] ?? null]))) };
    const [header, ...rows] = parseCsv(readFileSync(join(site.dist, 'coverage.csv'), 'utf8').slice(1));
    expect(header?.[0]).toBe('所属地区');
    expect(rows).toHaveLength(json.rows.length);
    const town = json.rows.find((r) => r.unit === '小路口镇' && r.year === 2023);
    expect(town).toMatchObject({ status: 'onTime', published: '2024-03-10', region: '山东省济宁市梁山县' });
    expect(String(town?.reportUrl)).toMatch(/\/fzbg\/reports\/2023-xiaolukouzhen-renminzhengfu\/$/);
    expect(json.rows.every((r) => r.status !== 'missing' || r.reportUrl === null)).toBe(true);
  });
});
