/**
 * The webmaster's day, end to end: a site under a base path works in a browser; a new upload appears
 * everywhere after one rebuild and disappears everywhere when removed; `npm run validate` catches a
 * broken sidecar.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningServer, serveStatic } from '../../scripts/lib/site/static-server.ts';
import { parseQuery } from '../../src/lib/search/tokens.ts';
import { launchChromium } from '../helpers/browser.ts';
import { buildSite, rebuildSite } from '../helpers/build-site.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('a site under a base path (/fzbg/)', () => {
  const site = inject('subpathSite');

  it('requests nothing outside the base path, and nothing it requests is missing', async () => {
    const server: RunningServer = await serveStatic({ root: site.dist, base: site.base });
    const page = await browser.newPage();
    const requests: { url: string; status: number }[] = [];
    page.on('response', (r) => requests.push({ url: r.url(), status: r.status() }));
    const origin = new URL(server.url).origin;
    await page.goto(server.url);
    const region = await page.locator('main a[href*="/regions/"]').first().getAttribute('href');
    await page.goto(`${origin}${region}`);
    await page.locator('main .report-card a').first().click();
    await page.waitForLoadState();
    await page.locator('a[download]').first().getAttribute('href');
    await page.fill('#site-q', '法治');
    await page.press('#site-q', 'Enter');
    await page.waitForFunction(() => /找到/.test(document.getElementById('search-status')?.textContent ?? ''));
    await page.locator('#search-results a').first().click();
    await page.waitForLoadState();
    expect(page.url()).toMatch(/\/fzbg\/reports\/[a-z0-9-]+\/#:~:text=/);
    for (const link of await page
      .locator('a[href^="/"]')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) {
      expect(link.startsWith('/fzbg/'), link).toBe(true);
    }
    expect(requests.length).toBeGreaterThan(10);
    for (const r of requests) {
      expect(new URL(r.url).pathname.startsWith('/fzbg/'), r.url).toBe(true);
      expect(r.status, r.url).toBeLessThan(400);
    }
    await page.close();
    await server.close();
  });

  it('every page kind links, loads and downloads only under the base path, and every link resolves', async () => {
    const server: RunningServer = await serveStatic({ root: site.dist, base: site.base });
    const origin = new URL(server.url).origin;
    const page = await browser.newPage();
    const responses: { url: string; status: number }[] = [];
    page.on('response', (r) => responses.push({ url: r.url(), status: r.status() }));
    const links = new Set<string>();
    const visit = async (path: string) => {
      await page.goto(`${origin}${path}`);
      await page.waitForLoadState('networkidle');
      for (const attr of ['href', 'src', 'action']) {
        for (const value of await page
          .locator(`[${attr}]`)
          .evaluateAll((els, a) => els.map((el) => el.getAttribute(a) ?? ''), attr)) {
          if (/^(#|mailto:|tel:)/.test(value) || value === '') continue;
          const url = new URL(value, page.url());
          // Absolute links to the site itself (canonical, Open Graph, JSON-LD) name the public address.
          if (url.origin === site.site) expect(url.pathname.startsWith(site.base), value).toBe(true);
          else if (url.origin === origin) links.add(url.pathname);
          else throw new Error(`${path}: link or resource outside the site: ${value}`);
        }
      }
    };
    await visit(site.base);
    const firstIn = async (selector: string) => {
      const href = await page.locator(selector).first().getAttribute('href');
      expect(href, selector).toBeTruthy();
      return new URL(href ?? '', page.url()).pathname;
    };
    const region = await firstIn('main a[href*="/regions/"]');
    const year = await firstIn('main a[href*="/years/2"]');
    await visit(region);
    const report = await firstIn('main a[href*="/reports/"]');
    await visit(year);
    await visit(report);
    const authority = await firstIn('a[href*="/authorities/"]');
    await visit(authority);
    await visit(`${site.base}regions/`);
    await visit(`${site.base}years/`);
    await visit(`${site.base}authorities/`);
    await visit(`${site.base}search/?q=${encodeURIComponent('法治')}`);
    await page.waitForFunction(() => /找到/.test(document.getElementById('search-status')?.textContent ?? ''));
    await page.goto(`${origin}${site.base}rss.xml`);
    await page.goto(`${origin}${site.base}no-such-page/`).catch(() => undefined);

    for (const r of responses) {
      const path = new URL(r.url).pathname;
      expect(path.startsWith(site.base), r.url).toBe(true);
      if (!path.includes('no-such-page')) expect(r.status, r.url).toBeLessThan(400);
    }
    expect(responses.some((r) => r.url.includes('/pagefind/'))).toBe(true);
    // Every internal link of every page kind (navigation, downloads, feeds, catalog, assets) resolves.
    expect(links.size).toBeGreaterThan(30);
    for (const link of links) {
      expect(link.startsWith(site.base), link).toBe(true);
      const response = await page.request.get(`${origin}${link}`);
      expect(response.status(), link).toBeLessThan(400);
    }
    expect([...links].some((l) => l.includes('/downloads/'))).toBe(true);
    expect([...links].some((l) => l.endsWith('/rss.xml'))).toBe(true);
    await page.close();
    await server.close();
  });
});

describe('a new upload, after one rebuild', () => {
  it('appears on its region and year pages, in search and in the feeds; removed, it is gone everywhere', async () => {
    const site = await buildSite('content/sources');
    const server = await serveStatic({ root: site.dist, base: site.base });
    const page = await browser.newPage();
    const searchCount = async (phrase: string) => {
      await page.goto(`${server.url}search/?q=${encodeURIComponent(`"${phrase}"`)}`);
      await page.waitForFunction(() => /找到|没有/.test(document.getElementById('search-status')?.textContent ?? ''));
      return page.locator('#search-results > li').count();
    };
    const phrase = '赵县始终坚持';
    expect(await searchCount(phrase)).toBe(0);
    expect(parseQuery(phrase).exact).toBe(false);

    copyFileSync('tests/fixtures/dev/053.txt', join(site.sources, '赵县 2025.txt'));
    rebuildSite(site);
    const read = (path: string) => readFileSync(join(site.dist, path), 'utf8');
    expect(read('regions/hebeisheng/shijiazhuangshi/zhaoxian/index.html')).toContain(
      '赵县人民政府关于2025年度法治政府建设情况的报告',
    );
    expect(read('years/2025/index.html')).toContain('赵县人民政府关于2025年度法治政府建设情况的报告');
    expect(read('rss.xml')).toContain('赵县人民政府关于2025年度法治政府建设情况的报告');
    expect(read('regions/hebeisheng/rss.xml')).toContain('赵县人民政府关于2025年度法治政府建设情况的报告');
    expect(await searchCount(phrase)).toBe(1);

    rmSync(join(site.sources, '赵县 2025.txt'));
    rebuildSite(site);
    expect(() => read('regions/hebeisheng/index.html')).toThrow();
    expect(() => read('years/2025/index.html')).toThrow();
    expect(read('rss.xml')).not.toContain('赵县');
    expect(await searchCount(phrase)).toBe(0);
    await page.close();
    await server.close();
    rmSync(site.root, { recursive: true, force: true });
  });
});

describe('npm run validate', () => {
  it('names a broken sidecar, says what is wrong, and exits 1 without writing anything', async () => {
    const site = inject('sampleSite');
    const sidecar = join(site.sources, '000_fa3c1ac41b8e6c63.meta.yaml');
    writeFileSync(sidecar, 'year: 去年\nregion: [山东省\n');
    const before = readFileSync(join(site.root, 'ledger.json'), 'utf8');
    const result = spawnSync(process.execPath, [resolve('node_modules/tsx/dist/cli.mjs'), 'scripts/validate.ts'], {
      env: { ...process.env, GONGKAI_SOURCES_DIR: site.sources, GONGKAI_REPORTS_DIR: site.reports },
      encoding: 'utf8',
    });
    rmSync(sidecar);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/000_fa3c1ac41b8e6c63\.txt：旁注文件不是有效的 YAML/);
    expect(result.stdout).toMatch(/→ 请修改 000_fa3c1ac41b8e6c63\.meta\.yaml/);
    expect(readFileSync(join(site.root, 'ledger.json'), 'utf8')).toBe(before);
  });
});
