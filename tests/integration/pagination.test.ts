/**
 * Lists that scale (issue 24): the fixture archive built with three reports a page (GONGKAI_LIST_PAGE_SIZE=3), so
 * that its year and region lists run over several pages. Every report of a year or region is listed on exactly one
 * of its pages, the pages link each other (pager, rel=prev/next) and resolve, the first page keeps its address,
 * and the jump list reaches every province on whatever page it begins. In Chromium: axe finds nothing on a
 * paginated page at 375 and 1280 px, and the next page is reached from the keyboard.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../../scripts/lib/site/static-server.ts';
import { axeViolations } from '../helpers/axe.ts';
import { launchChromium } from '../helpers/browser.ts';
import { type BuiltSite, buildArchiveSite } from '../helpers/build-site.ts';
import { fileFor, listedReports } from '../helpers/dist.ts';
import { FIXTURE_ARCHIVE } from '../helpers/fixture-archive.ts';

let site: BuiltSite;
beforeAll(async () => {
  site = await buildArchiveSite(FIXTURE_ARCHIVE, { GONGKAI_LIST_PAGE_SIZE: '3', GONGKAI_TODAY: '2026-01-01' });
}, 300_000);
afterAll(() => {
  if (site) rmSync(site.root, { recursive: true, force: true });
});

/** The catalog's reports, with their slugs (from their permalinks). */
const catalog = () => {
  const { reports } = JSON.parse(readFileSync(join(site.dist, 'reports.json'), 'utf8')) as {
    reports: { permalink: string; year: number | null; province: string | null }[];
  };
  return { reports: reports.map((r) => ({ ...r, slug: /\/reports\/([^/]+)\/$/.exec(r.permalink)?.[1] ?? '' })) };
};

/** The year with the most reports: its list runs over several pages. */
function busiestYear(): number {
  const counts = new Map<number, number>();
  for (const r of catalog().reports) if (r.year !== null) counts.set(r.year, (counts.get(r.year) ?? 0) + 1);
  const [year, count] = [...counts].sort((a, b) => b[1] - a[1])[0] as [number, number];
  expect(count).toBeGreaterThan(3);
  return year;
}

/** A list's pages, first to last, by following its rel=next links. */
function pagesOf(firstPath: string): string[] {
  const files: string[] = [];
  let path: string | undefined = firstPath;
  while (path) {
    const file = fileFor(site.dist, site.base, path);
    expect(file, path).not.toBeNull();
    files.push(file as string);
    const $ = load(readFileSync(file as string, 'utf8'));
    const next = $('link[rel="next"]').attr('href');
    if (next) expect($('.pager a[rel="next"]').first().attr('href')).toBe(next);
    path = next;
    expect(files.length).toBeLessThan(50);
  }
  return files;
}

describe('paginated lists', () => {
  it('list every report of a year on exactly one of its pages, three at most a page', () => {
    const { reports } = catalog();
    const years = [...new Set(reports.map((r) => r.year).filter((y): y is number => y !== null))];
    let paginated = 0;
    for (const year of years) {
      const files = pagesOf(`${site.base}years/${year}/`);
      const listed = files.map((f) => listedReports(f));
      for (const page of listed) expect(page.length).toBeLessThanOrEqual(3);
      expect(listed.flat().sort()).toEqual(
        reports
          .filter((r) => r.year === year)
          .map((r) => r.slug)
          .sort(),
      );
      if (files.length > 1) {
        paginated++;
        expect(files[1]).toBe(join(site.dist, 'years', String(year), 'p', '2', 'index.html'));
        const second = load(readFileSync(files[1] as string, 'utf8'));
        expect(second('h1').text()).toContain('（第 2 页）');
        expect(second('link[rel="prev"]').attr('href')).toBe(`${site.base}years/${year}/`);
        expect(second('.pager [aria-current="page"]').first().text()).toBe('2');
        expect(second('link[rel="canonical"]').attr('href')).toMatch(new RegExp(`/years/${year}/p/2/$`));
      }
    }
    expect(paginated).toBeGreaterThan(0);
  });

  it('reach every province from the jump list, on the page where it begins', () => {
    const year = busiestYear();
    const $ = load(readFileSync(join(site.dist, 'years', String(year), 'index.html'), 'utf8'));
    const links = $('.jump-list a')
      .toArray()
      .map((a) => $(a).attr('href') ?? '');
    expect(links.length).toBeGreaterThan(1);
    // Some province begins on a later page: its link leads there, not to an anchor of this page.
    expect(links.some((href) => /\/p\/\d+\/#p-\d+$/.test(href))).toBe(true);
    for (const href of links) {
      const [path, id] = href.split('#');
      const file = path ? fileFor(site.dist, site.base, path) : join(site.dist, 'years', String(year), 'index.html');
      expect(file, href).not.toBeNull();
      const target = load(readFileSync(file as string, 'utf8'));
      expect(target(`#${id}`).length, href).toBe(1);
      // The province begins there: its heading does not say it goes on from the page before.
      expect(target(`#${id}`).text()).not.toContain('接上页');
    }
  });

  it('split a region list too, keeping its sub-regions and figures on the first page', () => {
    const { reports } = catalog();
    const province = '山东省';
    const inProvince = reports.filter((r) => r.province === province).map((r) => r.slug);
    expect(inProvince.length).toBeGreaterThan(3);
    const first = load(readFileSync(join(site.dist, 'regions', 'shandongsheng', 'index.html'), 'utf8'));
    const files = pagesOf(`${site.base}regions/shandongsheng/`);
    expect(files.length).toBe(Math.ceil(inProvince.length / 3));
    // Only the lists count: the first page also links reports from its key figures.
    const listedOnPages = files.flatMap((f) => {
      const $ = load(readFileSync(f, 'utf8'));
      return $('.year-group a[href*="/reports/"]')
        .toArray()
        .map((a) => /\/reports\/([^/]+)\//.exec($(a).attr('href') ?? '')?.[1] ?? '');
    });
    expect(listedOnPages.sort()).toEqual(inProvince.sort());
    expect(first('h2').text()).toContain('下辖地区');
    const last = load(readFileSync(files.at(-1) as string, 'utf8'));
    expect(last('h2').text()).not.toContain('下辖地区');
    expect(existsSync(join(site.dist, 'regions', 'shandongsheng', 'p', '1'))).toBe(false);
  });
});

describe('paginated authority lists', () => {
  /** The body pages a list page links to, by slug. */
  const bodiesListed = (file: string) => {
    const $ = load(readFileSync(file, 'utf8'));
    return $('main a[href*="/authorities/"]')
      .toArray()
      .map((a) => /\/authorities\/([^/]+)\/$/.exec($(a).attr('href') ?? '')?.[1] ?? '')
      .filter((slug) => slug !== '' && slug !== 'p');
  };
  const allBodies = () =>
    readdirSync(join(site.dist, 'authorities'), { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name !== 'p')
      .map((e) => e.name);

  it('list every body on exactly one page of the index or of its province, three at most a page', () => {
    const first = load(readFileSync(join(site.dist, 'authorities', 'index.html'), 'utf8'));
    const provincePages = first('main a[href$="/authorities/"]')
      .toArray()
      .map((a) => first(a).attr('href') ?? '')
      .filter((href) => href.includes('/regions/'));
    // The fixture's bodies are in several provinces: the index lists the provinces.
    expect(provincePages.length).toBeGreaterThan(1);
    const listed: string[] = [];
    let paginated = 0;
    for (const firstPage of [`${site.base}authorities/`, ...provincePages]) {
      const files = pagesOf(firstPage);
      if (files.length > 1) paginated++;
      for (const f of files) {
        const bodies = bodiesListed(f);
        expect(bodies.length, f).toBeLessThanOrEqual(3);
        listed.push(...bodies);
      }
    }
    expect(paginated).toBeGreaterThan(0);
    expect(listed.sort()).toEqual(allBodies().sort());
  });

  it("give a province's later page its own address, title and rel=prev", () => {
    const dir = readdirSync(join(site.dist, 'regions'), { withFileTypes: true }).find((e) =>
      existsSync(join(site.dist, 'regions', e.name, 'authorities', 'p', '2', 'index.html')),
    );
    expect(dir).toBeDefined();
    const $ = load(
      readFileSync(join(site.dist, 'regions', dir?.name ?? '', 'authorities', 'p', '2', 'index.html'), 'utf8'),
    );
    expect($('h1').text()).toContain('（第 2 页）');
    expect($('link[rel="prev"]').attr('href')).toBe(`${site.base}regions/${dir?.name}/authorities/`);
    expect($('link[rel="canonical"]').attr('href')).toMatch(/\/authorities\/p\/2\/$/);
    expect(existsSync(join(site.dist, 'regions', dir?.name ?? '', 'authorities', 'p', '1'))).toBe(false);
  });
});

describe('paginated lists in Chromium', () => {
  it('have no axe violations on a phone and a wide screen, and the next page is a Tab and Enter away', async () => {
    const server = await serveStatic({ root: site.dist, base: site.base });
    const browser = await launchChromium();
    try {
      const year = busiestYear();
      for (const width of [375, 1280]) {
        const page = await browser.newPage({ viewport: { width, height: 900 } });
        for (const path of [
          `years/${year}/p/2/`,
          'regions/shandongsheng/p/2/',
          'regions/shandongsheng/authorities/p/2/',
        ]) {
          await page.goto(`${server.url}${path}`);
          expect(await axeViolations(page), `${path} at ${width}px`).toEqual([]);
          expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        }
        await page.close();
      }
      const page = await browser.newPage();
      await page.goto(`${server.url}years/${year}/`);
      let reached = false;
      for (let i = 0; i < 200 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = await page.evaluate(() => document.activeElement?.getAttribute('rel') === 'next');
      }
      expect(reached).toBe(true);
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/p\/2\/$/);
      await page.close();
    } finally {
      await browser.close();
      await server.close();
    }
  }, 120_000);
});
