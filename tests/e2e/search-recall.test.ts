/**
 * Search recall and precision in Chromium, at scale: a generated archive of 500 reports (plus the
 * real dev corpus) is built exactly as `npm run build` does; queries are drawn BY RULE from the
 * reports themselves (spans of 2–6 word characters at positions chosen by a seeded generator) and
 * the search results are compared with plain substring search over the same texts.
 */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Converter } from 'opencc-js/cn2t';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { writeCorpus } from '../../scripts/generate-corpus.ts';
import { generateCorpus } from '../../scripts/lib/corpus-generator.ts';
import { type RunningServer, serveStatic } from '../../scripts/lib/static-server.ts';
import { bodyBlocks } from '../../src/lib/search/record.ts';
import { normaliseForSearch, parseQuery, wordRuns } from '../../src/lib/search/tokens.ts';
import { regionChain } from '../../src/lib/urls.ts';
import { launchChromium } from '../helpers/browser.ts';
import { type BuiltSite, buildSite } from '../helpers/build-site.ts';

let site: BuiltSite;
let server: RunningServer;
let browser: Browser;
let page: Page;
/** Per report URL: its searchable text as runs of normalised word characters, separated by \u0000. */
const texts = new Map<string, string>();

async function markdownFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await markdownFiles(p)));
    else if (p.endsWith('.md')) out.push(p);
  }
  return out;
}

beforeAll(async () => {
  const staging = await mkdtemp(join(tmpdir(), 'gongkai-recall-'));
  await writeCorpus(
    join(staging, 'sources'),
    await generateCorpus({
      reports: 500,
      seed: 2026,
      formats: ['txt', 'txt', 'html', 'txt-gb18030'],
      unusableShare: 0,
    }),
  );
  // Small shards (about one or two per year): results are merged across ~15 of them.
  site = await buildSite(join(staging, 'sources'), { GONGKAI_SEARCH_SHARD_SIZE: '40' });
  for (const file of await markdownFiles(site.reports)) {
    const [, yaml = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(await readFile(file, 'utf8')) ?? [];
    const data = parse(yaml);
    const about = [data.authority, regionChain(data.region).join(''), data.docNumber].filter(Boolean).join(' ');
    const blocks = [data.title, about, ...bodyBlocks(body).map((b) => b.text)];
    texts.set(`/reports/${data.slug}/`, blocks.flatMap((b) => wordRuns(b)).join('\u0000'));
  }
  server = await serveStatic({ root: site.dist, base: site.base });
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(`${server.url}search/`);
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Seeded spans of 2–6 word characters drawn from the reports' own text. */
function drawQueries(count: number, seed: number): string[] {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const all = [...texts.values()];
  const queries = new Set<string>();
  while (queries.size < count) {
    const text = all[Math.floor(next() * all.length)] ?? '';
    const length = 2 + Math.floor(next() * 5);
    const start = Math.floor(next() * Math.max(1, text.length - length));
    const span = text.slice(start, start + length);
    if ([...span].length === length && !span.includes('\u0000')) queries.add(span);
  }
  return [...queries];
}

function expected(query: string): string[] {
  const q = normaliseForSearch(query);
  return [...texts.entries()]
    .filter(([, t]) => t.includes(q))
    .map(([url]) => url)
    .sort();
}

/**
 * Every report the search page's engine finds for a Pagefind query (all shards, all results), read in
 * the given order: each order walks the shards differently (a year at a time, merged by score, merged by date).
 */
async function found(pagefindQuery: string, sort = 'year-desc'): Promise<string[]> {
  // A string, not a function: the test runner would rewrite code inside a function.
  return page.evaluate(`(async () => {
    const run = await window.gongkai.engine.run({ query: ${JSON.stringify(pagefindQuery)}, filters: {}, sort: ${JSON.stringify(sort)} });
    const all = await run.next(1e6);
    return all.map((d) => d.url).sort();
  })()`);
}

describe('search recall over a generated archive of 500 reports', () => {
  const queries = () => drawQueries(120, 7);

  it('finds every report that contains an unquoted query', async () => {
    expect(texts.size).toBeGreaterThanOrEqual(480);
    const misses: string[] = [];
    for (const q of queries()) {
      const want = expected(q);
      const got = new Set(await found(parseQuery(q).pagefind));
      const missing = want.filter((u) => !got.has(u));
      if (missing.length) misses.push(`${q}: ${missing.length} of ${want.length} missing`);
    }
    expect(misses).toEqual([]);
  });

  it('returns exactly the reports containing a quoted phrase', async () => {
    const wrong: string[] = [];
    for (const q of queries()) {
      const want = expected(q);
      const got = await found(parseQuery(`"${q}"`).pagefind, 'relevance');
      if (JSON.stringify(got) !== JSON.stringify(want))
        wrong.push(`"${q}": expected ${want.length}, got ${got.length}`);
    }
    expect(wrong).toEqual([]);
  });

  it('finds the simplified text from a traditional-character query', async () => {
    const toTraditional = Converter({ from: 'cn', to: 'tw' });
    const misses: string[] = [];
    let changed = 0;
    for (const q of queries()) {
      const traditional = toTraditional(q);
      if (traditional !== q) changed++;
      const got = new Set(await found(parseQuery(traditional).pagefind, 'published-desc'));
      const missing = expected(q).filter((u) => !got.has(u));
      if (missing.length) misses.push(`${traditional} (${q}): ${missing.length} missing`);
    }
    expect(changed).toBeGreaterThan(30);
    expect(misses).toEqual([]);
  });

  it('treats full-width and half-width letters and digits alike', async () => {
    const digits = drawQueries(400, 11)
      .filter((q) => /[0-9a-z]/.test(q))
      .slice(0, 20);
    expect(digits.length).toBeGreaterThan(3);
    for (const q of digits) {
      const wide = q.replace(/[0-9a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
      expect(await found(parseQuery(`"${wide}"`).pagefind), wide).toEqual(expected(q));
    }
  });

  it('gives the same count on the search page as through the index', async () => {
    for (const q of drawQueries(5, 99)) {
      await page.goto(`${server.url}search/?q=${encodeURIComponent(`"${q}"`)}`);
      await page.waitForFunction(() => /找到|没有/.test(document.getElementById('search-status')?.textContent ?? ''));
      const status = await page.textContent('#search-status');
      const want = expected(q).length;
      expect(status, q).toBe(want ? `找到 ${want} 份报告` : '没有找到包含这些词语的报告。');
    }
  });
});
