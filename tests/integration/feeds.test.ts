/**
 * RSS feeds of real builds: well-formed RSS 2.0, right items in the right order, stable guids,
 * nothing executable from a hostile upload, correct under a sub-path.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { load } from 'cheerio';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, inject, it } from 'vitest';
import { buildArchiveSite, rebuildSite } from '../helpers/build-site.ts';
import { htmlFiles } from '../helpers/dist.ts';
import { FIXTURE_ARCHIVE } from '../helpers/fixture-archive.ts';

const dev = inject('devSite');
const subpath = inject('subpathSite');
const parser = new XMLParser({ ignoreAttributes: false });
const RFC822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

interface Item {
  title: string;
  link: string;
  guid: { '#text': string; '@_isPermaLink': string };
  pubDate: string;
  description: string;
  'content:encoded': string;
  category: string | string[];
  'dc:date': string;
  'h:a': { '@_href': string; '#text': string };
}

function feedFiles(dist: string): string[] {
  return [
    join(dist, 'rss.xml'),
    ...htmlFiles(dist)
      .map((f) => f.replace(/index\.html$/, 'rss.xml'))
      // A region or year page has its feed beside it; the feed's own page and a province's bodies do not.
      .filter((f) => existsSync(f) || !/\/(rss|authorities)\/rss\.xml$/.test(f))
      .filter((f) => /\/(regions|years)\/.+\/rss\.xml$/.test(f)),
  ];
}

function readFeed(file: string): { channel: Record<string, unknown>; items: Item[]; xml: string } {
  const xml = readFileSync(file, 'utf8');
  const validation = XMLValidator.validate(xml);
  if (validation !== true) throw new Error(`${file}: ${JSON.stringify(validation)}`);
  const channel = parser.parse(xml).rss.channel;
  return { channel, items: [channel.item ?? []].flat(), xml };
}

/** The channel's rel="self" address (its other atom:link is the HTML page, rel="alternate"). */
function selfLink(channel: Record<string, unknown>): string | undefined {
  const links = [channel['atom:link']].flat() as Record<string, string>[];
  return links.find((l) => l['@_rel'] === 'self')?.['@_href'];
}

describe('RSS feeds', () => {
  it('are valid RSS 2.0: well-formed, required elements, RFC 822 dates, unique guids, absolute links', () => {
    const files = feedFiles(dev.dist);
    expect(files.length).toBeGreaterThan(40);
    for (const file of files) {
      const { channel, items, xml } = readFeed(file);
      expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
      expect(xml).toMatch(/<rss version="2.0"/);
      expect(channel.title, file).toBeTruthy();
      expect(channel.description, file).toBeTruthy();
      expect(channel.link).toMatch(/^https:\/\/fzbg\.example\.gov\.cn\//);
      expect(channel.language).toBe('zh-cn');
      expect(channel.lastBuildDate).toMatch(RFC822);
      expect(items.length, file).toBeGreaterThan(0);
      const guids = items.map((i) => i.guid['#text']);
      expect(new Set(guids).size).toBe(guids.length);
      for (const item of items) {
        expect(item.title).toBeTruthy();
        expect(item.link).toMatch(/^https:\/\/fzbg\.example\.gov\.cn\/reports\/[a-z0-9-]+\/$/);
        expect(item.pubDate).toMatch(RFC822);
        expect(item['content:encoded'].length).toBeGreaterThan(item.description.length);
      }
    }
  });

  it('hold the newest publications first, each region feed its reports and those below it', () => {
    const catalog = JSON.parse(readFileSync(join(dev.dist, 'reports.json'), 'utf8')) as {
      reports: { permalink: string; published: string | null; added: string; province: string | null }[];
    };
    const site = readFeed(join(dev.dist, 'rss.xml')).items;
    expect(site).toHaveLength(Math.min(50, catalog.reports.length));
    const dates = site.map((i) => new Date(i.pubDate).getTime());
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    const newest = catalog.reports
      .map((r) => r.published ?? r.added)
      .sort()
      .at(-1);
    expect(new Date(site[0]?.pubDate ?? '').toISOString().slice(0, 10)).toBe(newest);

    const shandong = readFeed(join(dev.dist, 'regions/shandongsheng/rss.xml'))
      .items.map((i) => i.link)
      .sort();
    expect(shandong).toEqual(
      catalog.reports
        .filter((r) => r.province === '山东省')
        .map((r) => r.permalink)
        .sort(),
    );
  });

  it('carry categories: region names, year and issuing body', () => {
    const item = readFeed(join(dev.dist, 'rss.xml')).items.find((i) => [i.category].flat().length >= 3);
    expect([item?.category].flat().join()).toMatch(/(省|市|区|自治区).*\d{4}年度/);
  });

  it('never carry script, event handlers, javascript: links or iframes from a hostile upload', () => {
    let checked = 0;
    for (const file of feedFiles(subpath.dist)) {
      for (const item of readFeed(file).items) {
        // A feed reader renders title, description and content:encoded as HTML: parse them as it would.
        for (const html of [item.title, item.description, item['content:encoded']]) {
          const $ = load(String(html));
          expect($('script, iframe, object, embed, img').length, file).toBe(0);
          $('*').each((_, el) => {
            for (const [name, value] of Object.entries((el as { attribs?: Record<string, string> }).attribs ?? {})) {
              expect(name.startsWith('on'), `${file}: ${name}`).toBe(false);
              expect(/^\s*javascript:/i.test(value), `${file}: ${value}`).toBe(false);
            }
          });
          checked++;
        }
      }
    }
    const hostile = readFeed(join(subpath.dist, 'rss.xml')).items.find((i) =>
      i['content:encoded'].includes('落实第一责任人职责'),
    );
    expect(hostile, 'the hostile upload is in the feed').toBeDefined();
    expect(checked).toBeGreaterThan(10);
  });

  it('use the sub-path in every link when the site lives under one', () => {
    const { channel, items, xml } = readFeed(join(subpath.dist, 'rss.xml'));
    expect(channel.link).toBe('https://www.example.gov.cn/fzbg/');
    for (const item of items) expect(item.link).toMatch(/^https:\/\/www\.example\.gov\.cn\/fzbg\/reports\//);
    // No XSLT (Chromium covers such a page with a removal banner): a CSS stylesheet and an HTML page instead.
    expect(xml).not.toMatch(/text\/xsl|\.xsl/);
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?><\?xml-stylesheet href="\/fzbg\/rss.css" type="text\/css"\?>/,
    );
    expect(xml).toContain('<atom:link href="https://www.example.gov.cn/fzbg/rss/" rel="alternate" type="text/html"/>');
    for (const item of items) {
      expect(item['dc:date']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(item['h:a']['@_href']).toBe(item.link);
      expect(String(item['h:a']['#text'])).toBe(item.title);
    }
    expect(existsSync(join(subpath.dist, 'rss/index.html'))).toBe(true);
    expect(existsSync(join(subpath.dist, 'regions/shandongsheng/rss/index.html'))).toBe(true);
    expect(existsSync(join(subpath.dist, 'years/2024/rss/index.html'))).toBe(true);
    expect(selfLink(channel)).toBe('https://www.example.gov.cn/fzbg/rss.xml');
    const region = readFeed(join(subpath.dist, 'regions/shandongsheng/rss.xml'));
    expect(region.channel.link).toBe('https://www.example.gov.cn/fzbg/regions/shandongsheng/');
    expect(selfLink(region.channel)).toBe('https://www.example.gov.cn/fzbg/regions/shandongsheng/rss.xml');
  });

  it('hold the newest GONGKAI_FEED_LIMIT additions and every other report of their days, site-wide and per region and year', async () => {
    const site = await buildArchiveSite(FIXTURE_ARCHIVE, { GONGKAI_FEED_LIMIT: '4' });
    try {
      const catalog = JSON.parse(readFileSync(join(site.dist, 'reports.json'), 'utf8')) as {
        reports: {
          permalink: string;
          published: string | null;
          added: string;
          province: string | null;
          year: number | null;
        }[];
      };
      // Newest additions first; within a day the newest publication (undated last), the newest year, the slug;
      // the fourth's day is never cut.
      const newest = (list: typeof catalog.reports) => {
        const sorted = [...list].sort(
          (a, b) =>
            (a.added === b.added ? 0 : a.added < b.added ? 1 : -1) ||
            (a.published === b.published
              ? 0
              : !a.published
                ? 1
                : !b.published
                  ? -1
                  : a.published < b.published
                    ? 1
                    : -1) ||
            (b.year ?? 0) - (a.year ?? 0) ||
            (a.permalink < b.permalink ? -1 : 1),
        );
        const last = sorted[3]?.added;
        return sorted.filter((r, i) => i < 4 || r.added === last).map((r) => r.permalink);
      };
      const links = (file: string) => readFeed(join(site.dist, file)).items.map((i) => i.link);
      expect(catalog.reports.length).toBeGreaterThan(4);
      expect(links('rss.xml')).toEqual(newest(catalog.reports));
      expect(links('regions/shandongsheng/rss.xml')).toEqual(
        newest(catalog.reports.filter((r) => r.province === '山东省')),
      );
      expect(links('years/2023/rss.xml')).toEqual(newest(catalog.reports.filter((r) => r.year === 2023)));
      for (const file of feedFiles(site.dist)) expect(readFeed(file).items.length, file).toBeGreaterThan(0);
    } finally {
      await rm(site.root, { recursive: true, force: true });
    }
  });

  it('keep every guid across a rebuild and a re-ingest, and write the same bytes', async () => {
    const before = readFileSync(join(subpath.dist, 'rss.xml'), 'utf8');
    await rm(subpath.reports, { recursive: true, force: true });
    rebuildSite(subpath);
    expect(readFileSync(join(subpath.dist, 'rss.xml'), 'utf8')).toBe(before);
    // A webmaster fixes a title in a sidecar: the item changes, its guid does not.
    const guids = readFeed(join(subpath.dist, 'rss.xml'))
      .items.map((i) => i.guid['#text'])
      .sort();
    writeFileSync(join(subpath.sources, '000_fa3c1ac41b8e6c63.meta.yaml'), 'title: 更正后的标题\n');
    rebuildSite(subpath);
    const after = readFeed(join(subpath.dist, 'rss.xml'));
    expect(after.items.map((i) => i.guid['#text']).sort()).toEqual(guids);
    expect(after.items.map((i) => i.title)).toContain('更正后的标题');
  });
});
