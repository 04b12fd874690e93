import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, inject, it } from 'vitest';

const site = inject('sampleSite');

describe('the sample archive build', () => {
  it('writes one report page per source', async () => {
    const sources = await readdir(site.sources);
    const pages = await readdir(join(site.dist, 'reports'));
    expect(pages.length).toBe(sources.length);
    for (const slug of pages) {
      const html = await readFile(join(site.dist, 'reports', slug, 'index.html'), 'utf8');
      expect(html).toContain('<html lang="zh-CN">');
      expect(html).toContain('<article class="report report-layout" data-pagefind-body>');
    }
  });

  it('renders each report body from its Markdown', async () => {
    const html = await readFile(
      join(site.dist, 'reports', (await readdir(join(site.dist, 'reports')))[0] ?? '', 'index.html'),
      'utf8',
    );
    expect(html).toMatch(/<p>[^<]{20,}/);
  });

  it('writes a Pagefind bundle holding one record per report', async () => {
    expect((await stat(join(site.dist, 'pagefind', 'pagefind.js'))).isFile()).toBe(true);
    const entry = JSON.parse(await readFile(join(site.dist, 'pagefind', 'pagefind-entry.json'), 'utf8'));
    // One Pagefind "language" per search shard (src/lib/search/shards.ts), none that Pagefind segments.
    const counts = Object.values(entry.languages as Record<string, { page_count: number }>).map((l) => l.page_count);
    expect(counts.reduce((a, b) => a + b, 0)).toBe((await readdir(site.sources)).length);
  });

  it('publishes an RSS feed listing the reports', async () => {
    const xml = await readFile(join(site.dist, 'rss.xml'), 'utf8');
    const feed = new XMLParser().parse(xml);
    const items = [feed.rss.channel.item].flat();
    expect(items.length).toBe((await readdir(site.sources)).length);
    for (const item of items) expect(item.link).toMatch(/^https:\/\/fzbg\.example\.gov\.cn\/reports\/[a-z0-9-]+\/$/);
  });
});
