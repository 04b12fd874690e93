/**
 * The browsing pages, catalog and downloads of a real build of tests/fixtures/archive (reports with
 * complete frontmatter, built without the ingest) published under the sub-path /fzbg/: every
 * expectation is derived from the reports' frontmatter.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { load } from 'cheerio';
import { unzipSync } from 'fflate';
import { describe, expect, inject, it } from 'vitest';
import { placeOf } from '../../src/lib/archive.ts';
import { CATALOG_COLUMNS, CATALOG_HEADERS_ZH } from '../../src/lib/catalog.ts';
import type { Report } from '../../src/lib/report.ts';
import { serializeReportFile } from '../../src/lib/report-file.ts';
import { downloadPaths, regionPath } from '../../src/lib/urls.ts';
import { parseCsv } from '../helpers/csv.ts';
import { fileFor, htmlFiles, listedReports, pagePath, readPage } from '../helpers/dist.ts';
import { FIXTURE_ARCHIVE, fixtureArchive } from '../helpers/fixture-archive.ts';

const site = inject('archiveSite');
const BASE = '/fzbg/';
const fixture = fixtureArchive();
const reports = fixture.map((f) => f.report);
const html = (path: string) => {
  const file = fileFor(site.dist, BASE, `${BASE}${path.replace(/^\//, '')}`);
  if (!file) throw new Error(`no page at ${path}`);
  return load(readFileSync(file, 'utf8'));
};
// The site's own pages (an HTML upload offered for download is not one of them).
const pages = htmlFiles(site.dist)
  .filter((file) => !file.includes('/downloads/'))
  .map((file) => readPage(site.dist, BASE, file));
const permalink = (r: Report) => `https://www.example.gov.cn/fzbg/reports/${r.slug}/`;
const slugs = (list: Report[]) => list.map((r) => r.slug).sort();
const bySlug = new Map(reports.map((r) => [r.slug, r]));

describe('the fixture archive', () => {
  it('is the generator’s output, committed (regenerate with npx tsx tests/helpers/fixture-archive.ts)', () => {
    expect(reports.length).toBeGreaterThanOrEqual(20);
    for (const { report, body, upload } of fixture) {
      const md = join(FIXTURE_ARCHIVE, 'reports', String(report.year ?? 'undated'), `${report.slug}.md`);
      expect(readFileSync(md, 'utf8'), report.slug).toBe(serializeReportFile(report, body));
      expect(readFileSync(join(FIXTURE_ARCHIVE, 'sources', report.source.path)).equals(upload)).toBe(true);
    }
  });
});

describe('links and reach', () => {
  it('has no broken internal link, resource or in-page anchor, and no link outside the base path', () => {
    const broken: string[] = [];
    for (const page of pages) {
      for (const link of page.links) {
        const [path = '', anchor] = link.split('#');
        if (!path.startsWith(BASE)) {
          broken.push(`${page.path} → ${link} (outside ${BASE})`);
          continue;
        }
        const target = path === page.path ? page.file : fileFor(site.dist, BASE, path);
        if (!target) broken.push(`${page.path} → ${link}`);
        else if (
          anchor &&
          target.endsWith('.html') &&
          !readPage(site.dist, BASE, target).ids.has(decodeURIComponent(anchor))
        )
          broken.push(`${page.path} → ${link} (no such anchor)`);
      }
    }
    expect(pages.length).toBeGreaterThan(60);
    expect(broken).toEqual([]);
  });

  it('reaches every report from the home page in three clicks or fewer', () => {
    const byPath = new Map(pages.map((p) => [p.path, p]));
    const depth = new Map<string, number>([[BASE, 0]]);
    const queue = [BASE];
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
    expect(reports.filter((r) => !depth.has(`${BASE}reports/${r.slug}/`)).map((r) => r.slug)).toEqual([]);
  });
});

describe('browsing pages list exactly the right reports', () => {
  it('one page per report and nothing else under /reports/', () => {
    const reportPages = pages.filter((p) => p.path.startsWith(`${BASE}reports/`)).map((p) => p.path);
    expect(reportPages.sort()).toEqual(reports.map((r) => `${BASE}reports/${r.slug}/`).sort());
  });

  it('each year page: that year’s reports, grouped by province then city', () => {
    const years = [...new Set(reports.map((r) => r.year).filter((y): y is number => y !== null))];
    const $index = html('/years/');
    for (const year of years) {
      const expected = reports.filter((r) => r.year === year);
      const file = fileFor(site.dist, BASE, `${BASE}years/${year}/`) as string;
      expect(listedReports(file), String(year)).toEqual(slugs(expected));
      expect($index(`a[href="${BASE}years/${year}/"]`).text()).toContain(String(year));
      // Each province section holds exactly that province's reports.
      const $ = html(`/years/${year}/`);
      $('main section.place-group').each((_, section) => {
        const name = $(section).find('h2').first().text().replace(/（.*$/, '');
        const listed = $(section)
          .find('a[href*="/reports/"]')
          .toArray()
          .map((a) => /\/reports\/([^/]+)\//.exec($(a).attr('href') ?? '')?.[1]);
        const want = expected.filter((r) => (r.region.province ?? '地区未确定') === name);
        expect(listed.sort(), `${year} ${name}`).toEqual(slugs(want));
      });
    }
    expect(fileFor(site.dist, BASE, `${BASE}years/undated/`)).toBeNull();
  });

  it('each region level that has reports has a page listing its own and everything below it', () => {
    const expected = new Map<string, Report[]>();
    for (const r of reports) {
      const chain = placeOf(r.region).map((p) => p.name);
      for (let i = 1; i <= chain.length; i++) {
        const path = regionPath(chain.slice(0, i));
        expected.set(path, [...(expected.get(path) ?? []), r]);
      }
    }
    const regionPages = pages
      .map((p) => p.path.slice(BASE.length - 1))
      .filter((p) => p.startsWith('/regions/') && p !== '/regions/')
      // Beside a region page: its feed's page, and (in a large archive) a province's bodies.
      .filter((p) => !/\/(rss|authorities)\/$/.test(p));
    expect(regionPages.sort()).toEqual([...expected.keys()].sort());
    // Municipalities skip the city level; townships get their own page.
    expect(expected.has('/regions/beijingshi/haidianqu/zhongguancunjiedao/')).toBe(true);
    expect(expected.has('/regions/shandongsheng/jiningshi/liangshanxian/xiaolukouzhen/')).toBe(true);
    for (const [path, list] of expected) {
      const $ = html(path);
      expect(listedReports(fileFor(site.dist, BASE, `${BASE}${path.slice(1)}`) as string), path).toEqual(slugs(list));
      // Grouped by year, newest first.
      const years = $('main .year-group h3')
        .toArray()
        .map((h) => Number.parseInt($(h).text(), 10))
        .filter(Number.isFinite);
      expect(years, path).toEqual([...years].sort((a, b) => b - a));
    }
  });

  it('a region page shows its breadcrumbs and its child regions with counts', () => {
    const $ = html('/regions/shandongsheng/jiningshi/');
    expect(
      $('.breadcrumbs li')
        .toArray()
        .map((li) => $(li).text().trim()),
    ).toEqual(['首页', '地区', '山东省', '济宁市']);
    const child = $('main .region-grid a').first();
    expect(child.attr('href')).toBe(`${BASE}regions/shandongsheng/jiningshi/liangshanxian/`);
    expect(child.text()).toContain('梁山县');
    expect(child.find('.count').text()).toContain(String(reports.filter((r) => r.region.county === '梁山县').length));
  });

  it('/regions/ lists the provinces with counts and the reports that have no region', () => {
    const $ = html('/regions/');
    const provinces = new Set(reports.map((r) => r.region.province).filter(Boolean));
    expect($('main .region-grid a').length).toBe(provinces.size);
    expect(listedReports(fileFor(site.dist, BASE, `${BASE}regions/`) as string)).toEqual(
      slugs(reports.filter((r) => !r.region.province)),
    );
  });

  it('each authority page lists that body’s reports, newest first', () => {
    const bodies = new Set(reports.map((r) => r.authority).filter((a): a is string => !!a));
    const authorityPages = pages.filter((p) => /\/authorities\/[^/]+\/$/.test(p.path));
    expect(authorityPages).toHaveLength(bodies.size);
    for (const page of authorityPages) {
      const $ = load(readFileSync(page.file, 'utf8'));
      const name = $('h1').text();
      const listed = $('main table.series a[href*="/reports/"]')
        .toArray()
        .map((a) => bySlug.get(/\/reports\/([^/]+)\//.exec($(a).attr('href') ?? '')?.[1] ?? '') as Report);
      expect(slugs(listed), name).toEqual(slugs(reports.filter((r) => r.authority === name)));
      const years = listed.map((r) => r.year ?? 0);
      expect(years).toEqual([...years].sort((a, b) => b - a));
    }
  });

  it('/authorities/ lists every issuing body once, under its province', () => {
    const $ = html('/authorities/');
    const bodies = [...new Set(reports.map((r) => r.authority).filter((a): a is string => !!a))];
    const listed = $('main .place-group .region-grid a')
      .toArray()
      .map((a) => $(a).contents().first().text());
    expect(listed.sort()).toEqual(bodies.sort());
    $('main .place-group').each((_, section) => {
      const province = $(section).find('h2').contents().first().text();
      $(section)
        .find('.region-grid a')
        .each((_, a) => {
          const name = $(a).contents().first().text();
          const latest = reports.filter((r) => r.authority === name).sort((x, y) => (y.year ?? 0) - (x.year ?? 0))[0];
          expect(latest?.region.province ?? '地区未确定（含国务院部门）', name).toBe(province);
        });
    });
  });

  it('the home page shows the latest additions, counts by year and by province, and ways in', () => {
    const $ = html('/');
    const latest = [...reports].sort((a, b) => (a.added < b.added ? 1 : -1))[0] as Report;
    expect($('main a[href*="/reports/"]').first().attr('href')).toBe(`${BASE}reports/${latest.slug}/`);
    for (const year of new Set(reports.map((r) => r.year).filter((y) => y !== null))) {
      const li = $(`main a[href="${BASE}years/${year}/"]`).parent();
      expect(li.text()).toContain(`${reports.filter((r) => r.year === year).length} 份`);
    }
    const sd = $(`main a[href="${BASE}regions/shandongsheng/"]`).parent();
    expect(sd.text()).toContain(`${reports.filter((r) => r.region.province === '山东省').length} 份`);
    expect($(`form[action="${BASE}search/"][method="get"] input[name="q"]`).length).toBeGreaterThan(0);
  });
});

describe('a report page', () => {
  const r = bySlug.get('2023-liangshanxian-renminzhengfu') as Report;
  const $ = html(`/reports/${r.slug}/`);

  it('has the title, the metadata panel with the region chain as links, and breadcrumbs', () => {
    expect($('article h1').text()).toBe(r.title);
    const panel = $('.meta-panel').text();
    for (const value of [r.authority, `${r.year} 年`, r.published, r.added]) expect(panel).toContain(value);
    expect(
      $('.meta-panel dd a[href*="/regions/"]')
        .toArray()
        .map((a) => $(a).attr('href')),
    ).toEqual([
      `${BASE}regions/shandongsheng/`,
      `${BASE}regions/shandongsheng/jiningshi/`,
      `${BASE}regions/shandongsheng/jiningshi/liangshanxian/`,
    ]);
    expect(
      $('.breadcrumbs li')
        .toArray()
        .map((li) => $(li).text().trim()),
    ).toEqual(['首页', '地区', '山东省', '济宁市', '梁山县', r.title]);
  });

  it('shows the 文号 when there is one and warnings politely when there are any', () => {
    const withNumber = reports.find((x) => x.docNumber) as Report;
    expect(html(`/reports/${withNumber.slug}/`)('.meta-panel').text()).toContain(withNumber.docNumber);
    const warned = reports.find((x) => x.warnings.length > 0) as Report;
    const $w = html(`/reports/${warned.slug}/`);
    expect($w('.meta-panel details.warnings li').length).toBe(warned.warnings.length);
    expect($('.meta-panel details.warnings').length).toBe(0);
  });

  it('has a table of contents whose anchors are the body’s headings', () => {
    const toc = $('nav.toc a')
      .toArray()
      .map((a) => ({ href: $(a).attr('href'), text: $(a).text() }));
    expect(toc.length).toBe(5);
    for (const { href, text } of toc) expect($(`article ${href}`).text(), href).toBe(text);
  });

  it('links the same body’s previous year and the other reports of the same region and year', () => {
    expect($('a[rel="prev"]').attr('href')).toBe(`${BASE}reports/2022-liangshanxian-renminzhengfu/`);
    expect($('a[rel="next"]').length).toBe(0);
    expect($('.related .report-list a').attr('href')).toBe(`${BASE}reports/2023-liangshanxian-sifaju/`);
    const middle = html('/reports/2022-shandongsheng-renminzhengfu/');
    expect(middle('a[rel="prev"]').attr('href')).toBe(`${BASE}reports/2021-shandongsheng-renminzhengfu/`);
    expect(middle('a[rel="next"]').attr('href')).toBe(`${BASE}reports/2023-shandongsheng-renminzhengfu/`);
  });

  it('offers the original upload, the Markdown, and a GB/T 7714 citation with the permalink', () => {
    expect($('a[download]').first().attr('href')).toBe(`${BASE}downloads/${r.slug}/original.md`);
    // Saved under the report's title, not original.md.
    expect($('a[download]').first().attr('download')).toBe(`${r.title}.md`);
    const number = r.docNumber ? `: ${r.docNumber}` : '';
    expect($('.citation').text()).toContain(`${r.authority}. ${r.title}${number}[EB/OL]. (${r.published})`);
    expect($('.citation').text()).not.toContain('引用日期]');
    expect($('.citation').text()).toContain(permalink(r));
  });

  it('has canonical, Open Graph and JSON-LD (Report by a GovernmentOrganization)', () => {
    expect($('link[rel="canonical"]').attr('href')).toBe(permalink(r));
    expect($('meta[property="og:url"]').attr('content')).toBe(permalink(r));
    expect($('meta[property="og:title"]').attr('content')).toBe(r.title);
    expect($('meta[property="article:published_time"]').attr('content')).toBe(r.published);
    const ld = JSON.parse($('script[type="application/ld+json"]').text());
    expect(ld['@type']).toBe('Report');
    expect(ld.url).toBe(permalink(r));
    expect(ld.author).toMatchObject({ '@type': 'GovernmentOrganization', name: r.authority });
    expect(ld.publisher).toMatchObject({ '@type': 'GovernmentOrganization', name: r.authority });
    if (r.published) expect(ld.datePublished).toBe(r.published);
  });

  it('gives every form an action (an empty one is invalid HTML)', () => {
    let forms = 0;
    for (const page of pages) {
      const $p = load(readFileSync(page.file, 'utf8'));
      $p('form').each((_, form) => {
        forms++;
        expect($p(form).attr('action') ?? '', page.path).toMatch(/^\/fzbg\/search\/$/);
      });
    }
    expect(forms).toBeGreaterThan(pages.length);
  });

  it('names a sharing image on every page, one that exists at the size it says', () => {
    for (const path of ['/', `/reports/${r.slug}/`, '/authorities/', '/rss/']) {
      const $p = html(path);
      expect($p('meta[property="og:image"]').attr('content'), path).toBe(
        'https://www.example.gov.cn/fzbg/og-image.png',
      );
      expect($p('meta[property="og:image:alt"]').attr('content'), path).toBeTruthy();
    }
    const png = readFileSync(join(site.dist, 'og-image.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
    expect($('meta[property="og:image:width"]').attr('content')).toBe('1200');
    expect($('meta[property="og:image:height"]').attr('content')).toBe('630');
  });

  it('marks only the article for search and keeps navigation out of it', () => {
    for (const x of reports) {
      const $x = html(`/reports/${x.slug}/`);
      expect($x('[data-pagefind-body]').length, x.slug).toBe(1);
      expect($x('article[data-pagefind-body] h1').text()).toBe(x.title);
    }
    for (const path of ['/', '/regions/', '/years/2023/', '/authorities/'])
      expect(html(path)('[data-pagefind-body]').length, path).toBe(0);
  });

  it('escapes hostile text: no markup or script from a report reaches the page', () => {
    const hostile = reports.find((x) => x.title.includes('<script>')) as Report;
    const page = readFileSync(fileFor(site.dist, BASE, `${BASE}reports/${hostile.slug}/`) as string, 'utf8');
    const $h = load(page);
    expect($h('article h1').text()).toBe(hostile.title);
    expect($h('article script, article img, article [onerror]').length).toBe(0);
    expect($h('a[href^="javascript:"]').length).toBe(0);
    // Shown as text, where a reader can see it.
    expect($h('article').text()).toContain('<script>alert("x")</script>');
    expect($h('script').length).toBe(3); // JSON-LD, the large-text switch and the citation's copy button
  });

  it('is at most 30 KB of HTML and CSS compressed, with no script file', () => {
    const css = readFileSync(
      join(site.dist, ($('link[rel="stylesheet"]').attr('href') ?? '').slice(BASE.length - 1) || '/missing.css'),
    );
    for (const x of reports) {
      const page = readFileSync(fileFor(site.dist, BASE, `${BASE}reports/${x.slug}/`) as string);
      expect(gzipSync(page).length + gzipSync(css).length, x.slug).toBeLessThanOrEqual(30 * 1024);
      expect(page.toString()).not.toMatch(/<script[^>]+src=/);
    }
  });
});

describe('downloads and catalog', () => {
  it('serves every original upload byte for byte (a web page inside a ZIP), and the report Markdown', () => {
    for (const { report, upload } of fixture) {
      const paths = downloadPaths(report);
      expect(paths.packaged, report.slug).toBe(report.source.format === 'html');
      const original = fileFor(site.dist, BASE, `${BASE}${paths.original.slice(1)}`);
      expect(original, report.slug).not.toBeNull();
      const bytes = readFileSync(original as string);
      const published = paths.packaged ? Object.values(unzipSync(bytes))[0] : bytes;
      expect(Buffer.from(published as Uint8Array).equals(upload), report.slug).toBe(true);
      const md = fileFor(site.dist, BASE, `${BASE}downloads/${report.slug}/${report.slug}.md`);
      expect(readFileSync(md as string, 'utf8')).toBe(
        readFileSync(join(site.reports, String(report.year ?? 'undated'), `${report.slug}.md`), 'utf8'),
      );
    }
  });

  const expectedRow = (r: Report) => ({
    title: r.title,
    authority: r.authority,
    year: r.year,
    province: r.region.province,
    city: r.region.city,
    county: r.region.county,
    township: r.region.township,
    regionCode: r.region.code,
    level: r.level,
    docNumber: r.docNumber,
    addressee: r.addressee,
    published: r.published,
    added: r.added,
    permalink: permalink(r),
    sourceFormat: r.source.format,
    sourceSha256: r.source.sha256,
    originalUrl: `https://www.example.gov.cn${BASE}downloads/${r.slug}/original.${r.source.path.split('.').pop()}${/^(html?|svg|xml|xhtml)$/.test(r.source.path.split('.').pop() ?? '') ? '.zip' : ''}`,
    markdownUrl: `https://www.example.gov.cn${BASE}downloads/${r.slug}/${r.slug}.md`,
  });

  it('reports.json lists every report with its metadata and permalink', () => {
    const json = JSON.parse(readFileSync(join(site.dist, 'reports.json'), 'utf8'));
    expect(json.count).toBe(reports.length);
    const rows = new Map((json.reports as { permalink: string }[]).map((row) => [row.permalink, row]));
    for (const r of reports) expect(rows.get(permalink(r)), r.slug).toEqual(expectedRow(r));
  });

  it('reports.csv is UTF-8 with a BOM and holds the same rows', () => {
    const text = readFileSync(join(site.dist, 'reports.csv'), 'utf8');
    expect(text.startsWith('\ufeff')).toBe(true);
    const [header, ...rows] = parseCsv(text.slice(1));
    expect(rows).toHaveLength(reports.length);
    const byLink = new Map(rows.map((row) => [row[header?.indexOf('permalink') ?? -1], row]));
    for (const r of reports) {
      const row = byLink.get(permalink(r));
      const want = expectedRow(r);
      expect(Object.fromEntries((header ?? []).map((h, i) => [h, row?.[i]])), r.slug).toEqual(
        Object.fromEntries(
          Object.entries(want).map(([k, v]) => [k, v === null ? '' : String(v).replace(/^([=+\-@])/, "'$1")]),
        ),
      );
    }
  });

  it('reports.zh.csv holds the same rows under a header row in Chinese', () => {
    const [zh, ...rows] = parseCsv(readFileSync(join(site.dist, 'reports.zh.csv'), 'utf8').slice(1));
    const [, ...same] = parseCsv(readFileSync(join(site.dist, 'reports.csv'), 'utf8').slice(1));
    expect(zh).toEqual(CATALOG_COLUMNS.map((c) => CATALOG_HEADERS_ZH[c]));
    expect(zh?.slice(0, 3)).toEqual(['标题', '发文机关', '报告年度']);
    expect(rows).toEqual(same);
  });

  it('says on /authorities/ where a body is when its name does not', () => {
    const $a = html('/authorities/');
    const tiles = $a('.region-grid a')
      .toArray()
      .map((a) => ({ name: $a(a).children().first().contents().first().text(), place: $a(a).find('.place').text() }));
    expect(tiles.length).toBeGreaterThan(0);
    for (const { name, place } of tiles) if (place) expect(place, name).toMatch(/^（.+）$/);
    // A body named with its place carries no note.
    expect(tiles.find((t) => t.name === '梁山县小路口镇人民政府')?.place).toBe('');
  });

  it('writes a sitemap of every page, robots.txt pointing to it, and a 404 page', () => {
    const sitemap = readFileSync(join(site.dist, 'sitemap-0.xml'), 'utf8');
    for (const r of reports) expect(sitemap).toContain(`<loc>${permalink(r)}</loc>`);
    // Each report page's <lastmod> is the day the archive added it.
    for (const r of reports)
      expect(sitemap, r.slug).toMatch(new RegExp(`<loc>${permalink(r)}</loc><lastmod>${r.added}`));
    expect(sitemap).toContain('<loc>https://www.example.gov.cn/fzbg/regions/beijingshi/haidianqu/</loc>');
    expect(readFileSync(join(site.dist, 'robots.txt'), 'utf8')).toContain(
      'Sitemap: https://www.example.gov.cn/fzbg/sitemap-index.xml',
    );
    const $404 = load(readFileSync(join(site.dist, '404.html'), 'utf8'));
    expect($404('h1').text()).toBe('页面不存在');
    expect($404(`a[href="${BASE}"]`).length).toBeGreaterThan(0);
    // Served for any missing address: no canonical URL of its own, kept out of search engines.
    expect($404('link[rel="canonical"]').length).toBe(0);
    expect($404('meta[name="robots"]').attr('content')).toBe('noindex');
    expect(sitemap).not.toContain('404');
  });
});

describe('every page', () => {
  it('has the header (site name, nav, plain GET search form) and footer, and one h1', () => {
    for (const page of pages) {
      const $ = load(readFileSync(page.file, 'utf8'));
      expect($('html').attr('lang'), page.path).toBe('zh-CN');
      expect($('h1').length, page.path).toBe(1);
      expect($('a.skip-link[href="#main"]').length).toBe(1);
      expect($('main#main').length).toBe(1);
      const nav = $('nav[aria-label="主导航"] a')
        .toArray()
        .map((a) => $(a).text());
      expect(nav).toEqual(expect.arrayContaining(['首页', '按地区', '按年度', '搜索']));
      expect($(`header form[method="get"][action="${BASE}search/"] input[name="q"]`).length, page.path).toBe(1);
      expect($('footer').length).toBe(1);
      expect(pagePath(site.dist, page.file)).not.toContain('..');
    }
  });
});
