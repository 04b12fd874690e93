/**
 * The browsing pages of a real build of the 41 dev reports (many provinces, levels and years).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'cheerio';
import { describe, expect, inject, it } from 'vitest';
import { AUTHORITIES_ON_ONE_PAGE, placeOf } from '../../src/lib/archive.ts';
import { regionPath } from '../../src/lib/urls.ts';
import { fileFor, htmlFiles, listedReports, pagePath, readPage } from '../helpers/dist.ts';

const site = inject('devSite');
const catalog = JSON.parse(readFileSync(join(site.dist, 'reports.json'), 'utf8')) as {
  count: number;
  reports: {
    title: string;
    year: number | null;
    province: string | null;
    city: string | null;
    county: string | null;
    township: string | null;
    permalink: string;
    sourceSha256: string;
    sourceFormat: string;
  }[];
};
const slugOf = (permalink: string) => /\/reports\/([^/]+)\/$/.exec(permalink)?.[1] ?? '';
const pages = htmlFiles(site.dist).map((file) => readPage(site.dist, site.base, file));

describe('pages of the dev archive', () => {
  it('has a page for every report', () => {
    expect(catalog.count).toBe(41);
    for (const r of catalog.reports)
      expect(fileFor(site.dist, site.base, `/reports/${slugOf(r.permalink)}/`), r.title).not.toBeNull();
  });

  it('lists the issuing bodies by province on pages of their own once there are many', () => {
    const html = (path: string) => load(readFileSync(fileFor(site.dist, site.base, path) as string, 'utf8'));
    const $ = html('/authorities/');
    const authorityPages = pages.filter((p) => /^\/authorities\/[^/]+\/$/.test(p.path)).length;
    expect(authorityPages).toBeGreaterThan(AUTHORITIES_ON_ONE_PAGE);
    // The index lists provinces (and bodies without a province), not every body: short on a phone.
    const provinceLinks = $('main > .region-grid a')
      .toArray()
      .map((a) => $(a).attr('href') ?? '');
    expect(provinceLinks.length).toBeGreaterThan(1);
    const listed: string[] = $('main .place-group .region-grid a')
      .toArray()
      .map((a) => $(a).attr('href') ?? '');
    for (const href of provinceLinks) {
      expect(href).toMatch(/^\/regions\/[a-z]+\/authorities\/$/);
      const $p = html(href);
      expect($p('h1').text()).toMatch(/的发文机关$/);
      const bodies = $p('main .region-grid a').toArray();
      // The tile's count on the index is the number of bodies on the province's page.
      const tile = $(`main > .region-grid a[href="${href}"] .count`).text();
      expect(tile).toBe(`${bodies.length} 个机关`);
      listed.push(...bodies.map((a) => $p(a).attr('href') ?? ''));
    }
    // Every body is on exactly one of these pages.
    expect(listed.length).toBe(authorityPages);
    expect(new Set(listed).size).toBe(authorityPages);
  });

  it('has no broken internal link, resource or in-page anchor', () => {
    const broken: string[] = [];
    for (const page of pages) {
      for (const link of page.links) {
        const [path = '', anchor] = link.split('#');
        const target = path === page.path ? page.file : fileFor(site.dist, site.base, path);
        if (!target) broken.push(`${page.path} → ${link}`);
        else if (
          anchor &&
          target.endsWith('.html') &&
          !readPage(site.dist, site.base, target).ids.has(decodeURIComponent(anchor))
        )
          broken.push(`${page.path} → ${link} (no such anchor)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('reaches every report from the home page in three clicks or fewer', () => {
    const byPath = new Map(pages.map((p) => [p.path, p]));
    const depth = new Map<string, number>([['/', 0]]);
    const queue = ['/'];
    while (queue.length) {
      const path = queue.shift() as string;
      const d = depth.get(path) as number;
      if (d === 3) continue;
      for (const link of byPath.get(path)?.links ?? []) {
        const target = link.split('#')[0] ?? '';
        if (byPath.has(target) && !depth.has(target)) {
          depth.set(target, d + 1);
          queue.push(target);
        }
      }
    }
    const unreachable = catalog.reports
      .filter((r) => !depth.has(`/reports/${slugOf(r.permalink)}/`))
      .map((r) => r.title);
    expect(unreachable).toEqual([]);
  });

  it('lists exactly the right reports on every year page', () => {
    const years = new Set(catalog.reports.map((r) => r.year).filter((y) => y !== null));
    expect(years.size).toBeGreaterThan(5);
    for (const year of years) {
      const expected = catalog.reports
        .filter((r) => r.year === year)
        .map((r) => slugOf(r.permalink))
        .sort();
      const file = fileFor(site.dist, site.base, `/years/${year}/`);
      expect(file).not.toBeNull();
      expect(listedReports(file as string), String(year)).toEqual(expected);
    }
  });

  it('lists exactly the right reports on every region page (its own and those below it)', () => {
    const expected = new Map<string, string[]>();
    for (const r of catalog.reports) {
      // A region without its province cannot be placed (see placeOf): it is listed on /regions/ instead.
      const chain = placeOf({ ...r, code: null }).map((p) => p.name);
      for (let i = 1; i <= chain.length; i++) {
        const path = regionPath(chain.slice(0, i));
        expected.set(path, [...(expected.get(path) ?? []), slugOf(r.permalink)]);
      }
    }
    const regionPages = htmlFiles(join(site.dist, 'regions'))
      .map((f) => pagePath(site.dist, f))
      .filter((p) => p !== '/regions/')
      // Beside a region page: its feed's page, and a province's bodies (this archive has many).
      .filter((p) => !/\/(rss|authorities)\/$/.test(p));
    expect(regionPages.sort()).toEqual([...expected.keys()].sort());
    expect(regionPages.length).toBeGreaterThan(40);
    for (const [path, slugs] of expected) {
      expect(listedReports(fileFor(site.dist, site.base, path) as string), path).toEqual([...new Set(slugs)].sort());
    }
  });

  it('serves each original upload byte for byte', () => {
    for (const r of catalog.reports) {
      const slug = slugOf(r.permalink);
      const file = fileFor(site.dist, site.base, `/downloads/${slug}/original.${r.sourceFormat}`);
      expect(file, slug).not.toBeNull();
      expect(
        createHash('sha256')
          .update(readFileSync(file as string))
          .digest('hex'),
      ).toBe(r.sourceSha256);
    }
  });

  it('exports the catalog as CSV with a BOM, one row per report', () => {
    const csv = readFileSync(join(site.dist, 'reports.csv'), 'utf8');
    expect(csv.startsWith('\ufeff')).toBe(true);
    const rows = csv.trimEnd().split('\r\n');
    expect(rows[0]).toMatch(/^\ufefftitle,authority,year,province/);
    expect(rows).toHaveLength(catalog.count + 1);
  });

  it('gives every page a language, a title, one h1, a skip link and landmarks', () => {
    for (const page of pages.filter((p) => !p.path.includes('/downloads/'))) {
      const html = readFileSync(page.file, 'utf8');
      expect(html, page.path).toContain('<html lang="zh-CN">');
      expect(html.match(/<h1[\s>]/g)?.length, page.path).toBe(1);
      expect(html).toContain('href="#main"');
      expect(html).toMatch(/<main id="main"/);
    }
  });

  it('makes no third-party request: no external script, stylesheet, font or image', () => {
    for (const page of pages) {
      const html = readFileSync(page.file, 'utf8');
      expect(html.match(/<(script|img|iframe)[^>]+src="(https?:)?\/\//g), page.path).toBeNull();
      expect(html.match(/<link[^>]+rel="(stylesheet|preload|icon)"[^>]+href="(https?:)?\/\//g), page.path).toBeNull();
    }
  });

  it('writes a sitemap and robots.txt', () => {
    expect(readFileSync(join(site.dist, 'robots.txt'), 'utf8')).toMatch(
      /Sitemap: https:\/\/fzbg\.example\.gov\.cn\/sitemap-index\.xml/,
    );
    expect(readFileSync(join(site.dist, 'sitemap-0.xml'), 'utf8')).toContain('/reports/');
  });
});
