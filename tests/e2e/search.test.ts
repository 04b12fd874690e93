/**
 * The search page in Chromium: results, facets, sort, URL state, back and forward, keyboard.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningServer, serveStatic } from '../../scripts/lib/site/static-server.ts';
import { CATALOG_COLUMNS } from '../../src/lib/catalog.ts';
import { launchChromium } from '../helpers/browser.ts';
import { parseCsv } from '../helpers/csv.ts';

const sample = inject('sampleSite');
const dev = inject('devSite');
const subpath = inject('subpathSite');
let servers: RunningServer[] = [];
let browser: Browser;

beforeAll(async () => {
  servers = [
    await serveStatic({ root: sample.dist, base: sample.base }),
    await serveStatic({ root: dev.dist, base: dev.base }),
    await serveStatic({ root: subpath.dist, base: subpath.base }),
  ];
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  for (const s of servers) await s.close();
});

const settled = (page: Page) =>
  page.waitForFunction(() => /找到|没有|无法/.test(document.getElementById('search-status')?.textContent ?? ''));
const resultTitles = (page: Page) => page.locator('#search-results > li h3 a').allTextContents();

describe('search page', () => {
  it('finds the report that contains a Chinese phrase, from the header search box', async () => {
    const page = await browser.newPage();
    await page.goto(servers[0]?.url ?? '');
    await page.fill('#site-q', '张官营镇');
    await page.press('#site-q', 'Enter');
    await settled(page);
    expect((await resultTitles(page))[0]).toContain('张官营镇');
    expect(await page.locator('#search-results mark').count()).toBeGreaterThan(0);
    await page.close();
  });

  it('keeps query, filters and sort in the URL; back and forward restore them', async () => {
    const page = await browser.newPage();
    const base = `${servers[1]?.url}search/`;
    await page.goto(`${base}?q=${encodeURIComponent('法治政府')}`);
    await settled(page);
    const all = await page.locator('#search-results > li').count();
    const status = await page.textContent('#search-status');
    expect(Number(/找到 (\d+)/.exec(status ?? '')?.[1])).toBeGreaterThan(10);

    // A year facet narrows the results and lands in the URL.
    const yearBox = page.locator('#facets input[name="year"]').first();
    const year = await yearBox.getAttribute('value');
    await yearBox.click(); // the facets re-render after each change
    await page.waitForURL(/year=/);
    await settled(page);
    expect(page.url()).toContain(`year=${year}`);
    const narrowed = Number(/找到 (\d+)/.exec((await page.textContent('#search-status')) ?? '')?.[1]);
    expect(narrowed).toBeGreaterThan(0);
    expect(narrowed).toBeLessThan(Number(/找到 (\d+)/.exec(status ?? '')?.[1]));
    for (const meta of await page.locator('.result-meta').allTextContents()) expect(meta).toContain(`${year} 年度`);

    // Sort by year, oldest first.
    await page.locator('#facets input[name="year"]:checked').click();
    await page.waitForURL((url) => !url.search.includes('year='));
    await page.selectOption('#sort', 'year-asc');
    await page.waitForURL(/sort=year-asc/);
    await settled(page);
    const years = (await page.locator('.result-meta').allTextContents())
      .map((t) => Number(/(\d{4}) 年度/.exec(t)?.[1] ?? 0))
      .filter(Boolean);
    expect(years).toEqual([...years].sort((a, b) => a - b));

    // Back: no sort; back again: the year filter; forward: no filter.
    await page.goBack();
    await settled(page);
    expect(await page.inputValue('#sort')).toBe('');
    await page.goBack();
    await settled(page);
    expect(await page.locator(`#facets input[value="${year}"]`).isChecked()).toBe(true);
    await page.goForward();
    await settled(page);
    expect(await page.locator(`#facets input[value="${year}"]`).isChecked()).toBe(false);

    // The shared URL opens the same search.
    const shared = await browser.newPage();
    await shared.goto(`${base}?q=${encodeURIComponent('法治政府')}&year=${year}`);
    await settled(shared);
    expect(await shared.textContent('#search-status')).toBe(`${year} 年度：找到 ${narrowed} 份报告`);
    expect(all).toBeGreaterThan(0);
    await shared.close();
    await page.close();
  });

  it('shows more results on demand and moves focus to the first new one', async () => {
    const page = await browser.newPage();
    await page.goto(`${servers[1]?.url}search/?q=${encodeURIComponent('法治')}`);
    await settled(page);
    expect(await page.locator('#search-results > li').count()).toBe(10);
    await page.click('#more');
    await page.waitForFunction(() => document.querySelectorAll('#search-results > li').length > 10);
    expect(
      await page.evaluate(
        () => document.activeElement?.closest('li') === document.querySelectorAll('#search-results > li')[10],
      ),
    ).toBe(true);
    await page.close();
  });

  it('shows results as the reader types, without adding a history entry per keystroke', async () => {
    const page = await browser.newPage();
    await page.goto(`${servers[0]?.url}search/`);
    const length = await page.evaluate(() => history.length);
    await page.type('#q', '张官营', { delay: 30 });
    await settled(page);
    expect((await resultTitles(page))[0]).toContain('张官营镇');
    expect(page.url()).toContain(`q=${encodeURIComponent('张官营')}`);
    expect(await page.evaluate(() => history.length)).toBe(length);
    await page.close();
  });

  it('says so when nothing is found, in the live region', async () => {
    const page = await browser.newPage();
    await page.goto(`${servers[1]?.url}search/?q=${encodeURIComponent('"量子纠缠"')}`);
    await settled(page);
    expect(await page.getAttribute('#search-status', 'aria-live')).toBe('polite');
    expect(await page.textContent('#search-status')).toBe('没有找到包含这些词语的报告。');
    await page.close();
  });

  it('lists the newest year first by default, and a year facet counts exactly that year', async () => {
    const page = await browser.newPage();
    await page.goto(`${servers[1]?.url}search/?q=${encodeURIComponent('法治政府')}`);
    await settled(page);
    while (await page.isVisible('#more')) {
      const n = await page.locator('#search-results > li').count();
      await page.click('#more');
      // Each result appears as it loads; the list is aria-busy until the page of results is complete.
      await page.waitForFunction(
        (k) =>
          document.querySelectorAll('#search-results > li').length > k &&
          document.getElementById('search-results')?.getAttribute('aria-busy') === 'false',
        n,
      );
    }
    const years = (await page.locator('.result-meta').allTextContents()).map((t) =>
      Number(/(\d{4}) 年度/.exec(t)?.[1] ?? 0),
    );
    expect(years.length).toBe(Number(/找到 (\d+)/.exec((await page.textContent('#search-status')) ?? '')?.[1]));
    expect(years).toEqual([...years].sort((a, b) => b - a));
    // Every year's facet count is the number of that year's results; the dev site's shards are tiny,
    // so years share shards and a year is split over several.
    const facet = await page
      .locator('#facets input[name="year"]')
      .evaluateAll((boxes) =>
        boxes.map((b) => [(b as HTMLInputElement).value, /（(\d+)）/.exec(b.parentElement?.textContent ?? '')?.[1]]),
      );
    expect(facet.length).toBeGreaterThan(3);
    for (const [year, count] of facet)
      expect(Number(count), year ?? '').toBe(years.filter((y) => String(y) === year).length);
    await page.close();
  });

  it('orders by publication date across shards, and every order finds the same reports', async () => {
    const page = await browser.newPage();
    await page.goto(`${servers[1]?.url}search/`);
    const read = (sort: string) =>
      page.evaluate(`(async () => {
        const { engine, parseQuery } = window.gongkai;
        const run = await engine.run({ query: parseQuery('法治').parts, filters: {}, sort: ${JSON.stringify(sort)} });
        return (await run.next(1e6)).map((d) => ({ url: d.url, date: d.meta.date, year: d.meta.year }));
      })()`) as Promise<{ url: string; date: string; year: string }[]>;
    const byDate = await read('published-desc');
    expect(byDate.length).toBeGreaterThan(20);
    const dates = byDate.map((r) => r.date ?? '');
    expect(dates).toEqual([...dates].sort().reverse());
    // Undated reports come last in both directions, after every dated one.
    const undated = dates.filter((d) => !d).length;
    expect(undated).toBeGreaterThan(0);
    expect(byDate.slice(-undated).every((r) => !r.date)).toBe(true);
    const oldest = await read('published-asc');
    const dated = oldest.slice(0, oldest.length - undated).map((r) => r.date);
    expect(dated.every(Boolean)).toBe(true);
    expect(dated).toEqual([...dated].sort());
    expect(oldest.slice(-undated).every((r) => !r.date)).toBe(true);
    const urls = (list: { url: string }[]) => list.map((r) => r.url).sort();
    for (const sort of ['relevance', 'year-desc', 'year-asc'])
      expect(urls(await read(sort)), sort).toEqual(urls(byDate));
    await page.close();
  });

  it("downloads Pagefind's WebAssembly once however many shards a search opens", async () => {
    // Each shard's Pagefind instance asks for the WebAssembly again; a host's validators (which the
    // project's server sends, as static hosts do) must make every request after the first a 304.
    const context = await browser.newContext();
    const page = await context.newPage();
    const bodies: Promise<number>[] = [];
    context.on('requestfinished', (request) => {
      if (/wasm\.[^/]*\.pagefind$/.test(request.url()))
        bodies.push(request.sizes().then((sizes) => sizes.responseBodySize));
    });
    await page.goto(`${servers[1]?.url}search/?q=${encodeURIComponent('法治政府')}`);
    await settled(page);
    await page.waitForLoadState('networkidle');
    const sizes = await Promise.all(bodies);
    const wasmFile = readdirSync(join(dev.dist, 'pagefind')).find((f) => /^wasm\..*\.pagefind$/.test(f)) ?? '';
    expect(sizes.length).toBeGreaterThan(1);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(statSync(join(dev.dist, 'pagefind', wasmFile)).size);
    await context.close();
  });

  it('loads the newest shard while the reader types, and only the shards a search needs when it opens on one', async () => {
    const manifest = JSON.parse(readFileSync(join(dev.dist, 'pagefind', 'gongkai-shards.json'), 'utf8')) as {
      shards: { id: string; years: number[] }[];
    };
    const newest = manifest.shards[0];
    const oldest = manifest.shards.filter((s) => s.years.length).at(-1);
    const tables = async (path: string, settle: (page: Page) => Promise<unknown>) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const ids: string[] = [];
      context.on('request', (request) => {
        const id = /pagefind\.([a-z0-9]+)_[0-9a-f]+\.pf_meta$/.exec(request.url())?.[1];
        if (id) ids.push(id);
      });
      await page.goto(`${servers[1]?.url}${path}`);
      await settle(page);
      await page.waitForLoadState('networkidle');
      await context.close();
      return ids;
    };
    // Opened empty: the newest shard's page table before any query.
    expect(await tables('search/', async () => undefined)).toEqual([newest?.id]);
    // Opened on the oldest year: that year's shards only.
    const year = String(oldest?.years.at(-1));
    const opened = await tables(`search/?year=${year}`, settled);
    const wanted = manifest.shards.filter((s) => s.years.includes(Number(year))).map((s) => s.id);
    expect(opened.length).toBeGreaterThan(0);
    expect(
      opened.every((id) => wanted.includes(id)),
      opened.join(' '),
    ).toBe(true);
  });

  it('links results and sections with a text fragment that highlights the terms on the report page', async () => {
    const page = await browser.newPage();
    await page.goto(`${servers[1]?.url}search/?q=${encodeURIComponent('"行政复议"')}`);
    await settled(page);
    const first = await page.locator('#search-results > li h3 a').first().getAttribute('href');
    expect(first).toMatch(/^\/reports\/[a-z0-9-]+\/#:~:text=/);
    expect(decodeURIComponent(first ?? '')).toContain('text=行政复议');
    const subs = await page.locator('.sub-results a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(subs.length).toBeGreaterThan(0);
    for (const href of subs) expect(href).toMatch(/^\/reports\/[a-z0-9-]+\/#h-[0-9-]+:~:text=/);
    // The section exists on the report page.
    const [path, hash] = (subs[0] ?? '').split('#');
    await page.goto(`${servers[1]?.url}${(path ?? '').slice(1)}`);
    expect(await page.locator(`[id="${(hash ?? '').split(':~:')[0]}"]`).count()).toBe(1);
    await page.close();
  });

  it('works under a base path, asking only for files below it', async () => {
    const page = await browser.newPage();
    const requested: string[] = [];
    page.context().on('request', (r) => {
      requested.push(r.url());
    });
    await page.goto(`${servers[2]?.url}search/?q=${encodeURIComponent('张官营镇')}`);
    await settled(page);
    expect((await resultTitles(page))[0]).toContain('张官营镇');
    // Results and their sections link below the base path, once.
    await page.goto(`${servers[2]?.url}search/?q=${encodeURIComponent('法治政府')}`);
    await settled(page);
    const links = await page.locator('#search-results a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links.some((href) => /\/#[^:]/.test(href ?? ''))).toBe(true);
    for (const href of links) expect(href).toMatch(/^\/fzbg\/reports\/[^/]+\//);
    const origin = new URL(servers[2]?.url ?? '').origin;
    for (const url of requested) expect(url.startsWith(`${origin}/fzbg/`), url).toBe(true);
    expect(requested.some((u) => u.includes('/fzbg/pagefind/'))).toBe(true);
    await page.close();
  });

  it('names the filters in the count, shows them as chips to remove, and keeps the focus on a ticked box', async () => {
    const page = await browser.newPage();
    await page.goto(`${servers[1]?.url}search/?q=${encodeURIComponent('法治政府')}`);
    await settled(page);
    const box = page.locator('#facets input[name="year"]').first();
    const year = (await box.getAttribute('value')) ?? '';
    await box.focus();
    await page.keyboard.press('Space');
    await page.waitForURL(/year=/);
    await page.waitForFunction(() => /：找到/.test(document.getElementById('search-status')?.textContent ?? ''));
    expect(await page.textContent('#search-status')).toMatch(new RegExp(`^${year} 年度：找到 \\d+ 份报告$`));
    // The focus stays on the box just ticked (drawn again with the new counts), not on <body>.
    expect(
      await page.evaluate(() => [
        document.activeElement?.getAttribute('name'),
        (document.activeElement as HTMLInputElement | null)?.checked,
      ]),
    ).toEqual(['year', true]);
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe(year);
    // A second year can be added, and both are chips; 清除全部条件 removes every filter.
    expect(await page.locator('#active-filters li').allTextContents()).toEqual([`${year} 年度 ✕`]);
    expect(await page.textContent('#filter-count')).toBe('（已选 1 项）');
    const other = page.locator(`#facets input[name="year"]:not([value="${year}"])`).first();
    expect(await other.count()).toBe(1);
    await other.check();
    await page.waitForFunction(() => document.querySelectorAll('#active-filters li').length === 2);
    await page.click('#clear-filters');
    await page.waitForURL((url) => !url.search.includes('year='));
    await page.waitForFunction(() =>
      /^(找到|在已统计)/.test(document.getElementById('search-status')?.textContent ?? ''),
    );
    expect(await page.isHidden('#active-filters')).toBe(true);
    await page.close();
  });

  it('shows each result’s publication date and 文号, and says undated reports come last by date', async () => {
    const page = await browser.newPage();
    await page.goto(`${servers[1]?.url}search/?q=${encodeURIComponent('法治政府')}&sort=published-desc`);
    await settled(page);
    expect(await page.isVisible('#sort-note')).toBe(true);
    const cites = await page.locator('.result-cite').allTextContents();
    expect(cites.length).toBeGreaterThan(0);
    for (const cite of cites) expect(cite).toMatch(/^(发布日期 \d{4}-\d{2}-\d{2}|未注明发布日期)( · 文号 .+)?$/);
    expect(cites[0]).toMatch(/^发布日期/);
    await page.close();
  });

  it('lists every report of a filter with no query, newest year first', async () => {
    const page = await browser.newPage();
    await page.goto(`${servers[1]?.url}search/?q=${encodeURIComponent('法治')}`);
    await settled(page);
    const year = (await page.locator('#facets input[name="year"]').first().getAttribute('value')) ?? '';
    await page.goto(`${servers[1]?.url}search/?year=${year}`);
    await settled(page);
    const status = (await page.textContent('#search-status')) ?? '';
    expect(status).toMatch(new RegExp(`^${year} 年度：找到 \\d+ 份报告$`));
    // Filters that are exactly a year offer that year's feed (its page, which says how to subscribe).
    expect(await page.getAttribute('#feed-offer a', 'href')).toBe(`/years/${year}/rss/`);
    expect((await page.request.get(`${servers[1]?.url}years/${year}/rss/`)).status()).toBe(200);
    expect((await page.request.get(`${servers[1]?.url}years/${year}/rss.xml`)).status()).toBe(200);
    for (const meta of await page.locator('.result-meta').allTextContents()) expect(meta).toContain(`${year} 年度`);
    await page.close();
  });

  it('offers the year filter for a year among the terms', async () => {
    const page = await browser.newPage();
    await page.goto(`${servers[1]?.url}search/?q=${encodeURIComponent('法治 2023')}`);
    await settled(page);
    expect(await page.textContent('#year-offer')).toContain('只看 2023 年度的报告？');
    await page.click('#year-offer button');
    await page.waitForURL(/year=2023/);
    expect(new URL(page.url()).searchParams.get('q')).toBe('法治');
    await page.close();
  });

  it('names the terms that nothing contains when nothing is found, and offers a search without each', async () => {
    const page = await browser.newPage();
    await page.goto(`${servers[1]?.url}search/?q=${encodeURIComponent('法治政府 量子纠缠')}`);
    await settled(page);
    await page.waitForSelector('#no-results-help:not([hidden])');
    expect(await page.textContent('#no-results-help p')).toBe('没有报告包含：「量子纠缠」。');
    const links = await page.locator('#no-results-help a').allTextContents();
    expect(links).toEqual(['去掉「法治政府」再搜：量子纠缠', '去掉「量子纠缠」再搜：法治政府']);
    await page.click('#no-results-help a >> nth=1');
    await page.waitForURL((url) => url.searchParams.get('q') === '法治政府');
    await page.waitForFunction(() =>
      /^(找到|在已统计)/.test(document.getElementById('search-status')?.textContent ?? ''),
    );
    expect(await page.isHidden('#no-results-help')).toBe(true);
    await page.close();
  });

  it('puts the count and the results right after the search box on a phone, the filters behind 筛选', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 812 } });
    await page.goto(`${servers[1]?.url}search/?q=${encodeURIComponent('法治政府')}`);
    await settled(page);
    expect(await page.evaluate(() => (document.getElementById('filters') as HTMLDetailsElement).open)).toBe(false);
    const form = await page.locator('#search-form').boundingBox();
    const first = await page.locator('#search-results > li').first().boundingBox();
    // Between the form and the first result: the 筛选 line, the count (and the offer to count the rest), not six
    // filter groups: the first result is on the first screen.
    expect((first?.y ?? 0) - ((form?.y ?? 0) + (form?.height ?? 0))).toBeLessThan(320);
    expect(first?.y ?? 1e9).toBeLessThan(812);
    // Wide screens show the filters open beside the results.
    const wide = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await wide.goto(`${servers[1]?.url}search/?q=${encodeURIComponent('法治政府')}`);
    await settled(wide);
    expect(await wide.evaluate(() => (document.getElementById('filters') as HTMLDetailsElement).open)).toBe(true);
    expect(await wide.getAttribute('.skip-link[href="#results-heading"]', 'href')).toBe('#results-heading');
    await wide.close();
    await page.close();
  });

  it('reaches the results by keyboard in a few presses, then every result in order', async () => {
    /** Tab until focus is on a result's title; how many presses it took (Infinity past 60). */
    const tabsToFirstResult = async (page: Page) => {
      for (let n = 1; n <= 60; n++) {
        await page.keyboard.press('Tab');
        if (await page.evaluate(() => !!document.activeElement?.closest('#search-results > li h3'))) return n;
      }
      return Number.POSITIVE_INFINITY;
    };
    // A phone: the filters are behind 筛选, the results follow the search box.
    const phone = await browser.newPage({ viewport: { width: 375, height: 812 } });
    await phone.goto(`${servers[1]?.url}search/?q=${encodeURIComponent('法治政府')}`);
    await settled(phone);
    await phone.focus('#q');
    expect(await tabsToFirstResult(phone)).toBeLessThanOrEqual(8);
    // Each further Tab walks the results in their order: title, then the links inside the card, then the next.
    const order: number[] = [];
    for (let n = 0; n < 60 && order.length < 5; n++) {
      const index = await phone.evaluate(() => {
        const item = document.activeElement?.closest('#search-results > li');
        return item ? [...(item.parentElement?.children ?? [])].indexOf(item) : -1;
      });
      if (index >= 0 && order.at(-1) !== index) order.push(index);
      await phone.keyboard.press('Tab');
    }
    expect(order).toEqual([0, 1, 2, 3, 4]);
    await phone.close();
    // A wide screen, the filters open beside the results: the skip link goes straight to them.
    const wide = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await wide.goto(`${servers[1]?.url}search/?q=${encodeURIComponent('法治政府')}`);
    await settled(wide);
    await wide.focus('#q');
    await wide.evaluate(() => {
      (document.querySelector('#search-results > li') as HTMLElement).dataset.seen = '1';
      (document.querySelector('.skip-link[href="#results-heading"]') as HTMLElement).focus();
    });
    await wide.keyboard.press('Enter');
    // Following the link to the results does not search again (the results would be rebuilt under the focus).
    expect(await wide.getAttribute('#search-results > li:first-child', 'data-seen')).toBe('1');
    expect(await tabsToFirstResult(wide)).toBeLessThanOrEqual(3);
    await wide.close();
  });

  it('downloads the results as CSV with the catalog’s columns, one row per report found', async () => {
    const page = await browser.newPage();
    await page.goto(`${servers[1]?.url}search/?q=${encodeURIComponent('"行政复议"')}`);
    await settled(page);
    const urls = (await page.evaluate(`(async () => {
      const { engine, parseQuery } = window.gongkai;
      const run = await engine.run({ query: parseQuery('"行政复议"').parts, filters: {}, sort: 'year-desc' });
      return (await run.next(1e6)).map((d) => d.url);
    })()`)) as string[];
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-results')]);
    expect(download.suggestedFilename()).toMatch(/^搜索结果-.*行政复议.*\.csv$/);
    const rows = parseCsv(readFileSync((await download.path()) ?? '', 'utf8').replace(/^\ufeff/, ''));
    expect(rows[0]).toEqual([...CATALOG_COLUMNS]);
    const permalink = rows[0]?.indexOf('permalink') ?? -1;
    expect(rows.slice(1).map((r) => new URL(r[permalink] ?? '').pathname)).toEqual(
      urls.map((u) => new URL(u, 'http://x').pathname),
    );
    await page.close();
  });

  it('quotes the sentence with its punctuation, marks only the terms, and links the section by its real heading', async () => {
    const page = await browser.newPage();
    await page.goto(`${servers[1]?.url}search/?q=${encodeURIComponent('行政复议')}`);
    await settled(page);
    await page.waitForSelector('#search-results > li .snippet-section');
    const first = page.locator('#search-results > li').first();
    const excerpt = (await first.locator('p.excerpt').textContent()) ?? '';
    expect(excerpt).toMatch(/[，。；、“”《》（）]/);
    const marks = await page.locator('#search-results > li > p.excerpt mark').allTextContents();
    expect(marks.length).toBeGreaterThan(0);
    for (const m of marks) expect(m).toBe('行政复议');
    // The section: its heading as written (一、 / （一） / 1.), linking to that heading on the report page.
    const section = first.locator('.snippet-section');
    expect(await section.textContent()).toMatch(
      /^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.．、])/,
    );
    const href = (await section.getAttribute('href')) ?? '';
    const [path, hash] = href.split('#');
    const report = await browser.newPage();
    await report.goto(`${servers[1]?.url}${(path ?? '').slice(1)}`);
    expect(await report.locator(`[id="${(hash ?? '').split(':~:')[0]}"]`).textContent()).toBe(
      await section.textContent(),
    );
    await report.close();
    // Sub-results read their headings as written too: 一、 and （一） stay apart.
    for (const title of await page.locator('.sub-results > li > a').allTextContents())
      expect(title).not.toMatch(/^[一二三四五六七八九十]+ /);
    await page.close();
  });

  it('combines values of one filter (any of them), each value’s count staying what it adds', async () => {
    const page = await browser.newPage();
    await page.goto(`${servers[1]?.url}search/?q=${encodeURIComponent('"法治政府"')}`);
    await settled(page);
    if (await page.isVisible('#count-all')) {
      await page.click('#count-all');
      await page.waitForFunction(() => document.getElementById('count-all')?.hidden === true);
    }
    const provinceCounts = async () =>
      Object.fromEntries(
        await page
          .locator('#facets input[name="province"]')
          .evaluateAll((boxes) =>
            boxes.map((b) => [
              (b as HTMLInputElement).value,
              Number(/（(\d+)）/.exec(b.parentElement?.textContent ?? '')?.[1] ?? -1),
            ]),
          ),
      ) as Record<string, number>;
    const before = await provinceCounts();
    const [a, b] = Object.keys(before).filter((p) => (before[p] ?? 0) > 0);
    expect(b).toBeDefined();
    await page.locator(`#facets input[name="province"][value="${a}"]`).check();
    await page.waitForFunction((p) => document.getElementById('search-status')?.textContent?.startsWith(`${p}：`), a);
    if (await page.isVisible('#count-all')) {
      await page.click('#count-all');
      await page.waitForFunction(() => document.getElementById('count-all')?.hidden === true);
      await page.waitForFunction(() => /：找到/.test(document.getElementById('search-status')?.textContent ?? ''));
    }
    const after = await provinceCounts();
    expect(after[b as string]).toBe(before[b as string]);
    // Filters that are exactly one region offer that region's feed.
    await page.waitForSelector('#feed-offer:not([hidden])');
    const feed = (await page.getAttribute('#feed-offer a', 'href')) ?? '';
    expect(feed).toMatch(/^\/regions\/[a-z0-9-]+\/rss\/$/);
    expect(await page.textContent('#feed-offer a')).toContain(a as string);
    expect((await page.request.get(`${servers[1]?.url}${feed.slice(1)}`)).status()).toBe(200);
    await page.locator(`#facets input[name="province"][value="${b}"]`).check();
    await page.waitForFunction(() => document.querySelectorAll('#active-filters li').length === 2);
    await page.waitForFunction(() =>
      /：(找到|在已统计)/.test(document.getElementById('search-status')?.textContent ?? ''),
    );
    if (await page.isVisible('#count-all')) {
      await page.click('#count-all');
      await page.waitForFunction(() => document.getElementById('count-all')?.hidden === true);
    }
    const status = (await page.textContent('#search-status')) ?? '';
    expect(Number(/找到 (\d+) 份/.exec(status)?.[1])).toBe((before[a as string] ?? 0) + (before[b as string] ?? 0));
    await page.close();
  });

  it('does not shift the layout as results and filters arrive (CLS ≤ 0.1), on a phone and on a wide screen', async () => {
    for (const viewport of [
      { width: 375, height: 812 },
      { width: 1280, height: 900 },
    ]) {
      const page = await browser.newPage({ viewport });
      await page.addInitScript(() => {
        (window as unknown as { cls: number }).cls = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[])
            if (!entry.hadRecentInput) (window as unknown as { cls: number }).cls += entry.value;
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await page.goto(`${servers[1]?.url}search/?q=${encodeURIComponent('法治政府')}`);
      await settled(page);
      await page.waitForTimeout(1000);
      const cls = await page.evaluate(() => (window as unknown as { cls: number }).cls);
      expect(cls, `${viewport.width}px`).toBeLessThanOrEqual(0.1);
      await page.close();
    }
  });

  it('announces a new count once in the live region (no "searching" first)', async () => {
    const page = await browser.newPage();
    await page.goto(`${servers[1]?.url}search/`);
    await page.evaluate(() => {
      const status = document.getElementById('search-status') as HTMLElement;
      (window as unknown as { said: string[] }).said = [];
      new MutationObserver(() => {
        const text = status.textContent ?? '';
        if (text) (window as unknown as { said: string[] }).said.push(text);
      }).observe(status, { childList: true, characterData: true, subtree: true });
    });
    await page.fill('#q', '行政复议');
    await page.press('#q', 'Enter');
    await settled(page);
    await page.waitForTimeout(500);
    const said = await page.evaluate(() => (window as unknown as { said: string[] }).said);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/找到/);
    await page.close();
  });
});
