/**
 * Search recall and precision in Chromium, at scale: a generated archive of 500 reports (plus the
 * real dev corpus) is built exactly as `npm run build` does; queries are drawn BY RULE from the
 * reports themselves (spans of 2–6 word characters at positions chosen by a seeded generator) and
 * the search results are compared with plain substring search over the same texts.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Converter } from 'opencc-js/cn2t';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCorpus } from '../../scripts/lib/bench/corpus-writer.ts';
import {
  drawPairs as drawPairsFrom,
  drawQueries as drawQueriesFrom,
  drawTermSets as drawTermSetsFrom,
  expectedReports,
  type SearchTexts,
  searchTexts,
  seeded,
  spanOf,
} from '../../scripts/lib/bench/search-truth.ts';
import { generateCorpus } from '../../scripts/lib/shared/corpus-generator.ts';
import { type RunningServer, serveStatic } from '../../scripts/lib/site/static-server.ts';
import { OTHER_READINGS } from '../../src/lib/chinese-script.ts';
import { COUNT_AHEAD_SHARDS, planShards } from '../../src/lib/search/shards.ts';
import { normaliseForSearch, parseQuery, type QueryPart } from '../../src/lib/search/tokens.ts';
import { axeViolations } from '../helpers/axe.ts';
import { launchChromium } from '../helpers/browser.ts';
import { type BuiltSite, buildSite } from '../helpers/build-site.ts';

let site: BuiltSite;
let server: RunningServer;
let browser: Browser;
let page: Page;
/** Per report URL: its searchable text (scripts/lib/bench/search-truth.ts). */
let texts: SearchTexts = new Map();
/** Per report URL: its slug and year (to place it in its shard). */
let placed = new Map<string, { slug: string; year: number | null }>();

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
  ({ texts, placed } = await searchTexts(site.reports));
  server = await serveStatic({ root: site.dist, base: site.base });
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(`${server.url}search/`);
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const drawQueries = (count: number, seed: number) => drawQueriesFrom(texts, count, seed);
const drawPairs = (count: number, seed: number) => drawPairsFrom(texts, count, seed);
const expected = (query: string) => expectedReports(texts, query);

/**
 * A fresh browser context (nothing cached) that records the shards whose files of the given kinds (folders
 * of the bundle) it fetches, while `recording` is true.
 */
async function shardRecorder(kinds = 'index|fragment') {
  const context = await browser.newContext();
  const fresh = await context.newPage();
  const recorder = { shards: new Set<string>(), recording: true };
  const file = new RegExp(`/(?:${kinds})/([a-z0-9]+)_[^/]*$`, 'i');
  context.on('request', (request) => {
    const shard = file.exec(request.url())?.[1]?.toLowerCase();
    if (shard && recorder.recording) recorder.shards.add(shard);
  });
  return { context, fresh, recorder };
}

/**
 * The search page's count once it is complete: a search over more shards than the page counts at once
 * says how far it counted and offers the rest, which is then counted on request.
 */
async function completeStatus(on: Page): Promise<string> {
  await on.waitForFunction(() => /找到|没有/.test(document.getElementById('search-status')?.textContent ?? ''));
  if (await on.isVisible('#count-all')) {
    await on.click('#count-all');
    await on.waitForFunction(() => document.getElementById('count-all')?.hidden === true);
    await on.waitForFunction(() => /找到|没有/.test(document.getElementById('search-status')?.textContent ?? ''));
  }
  return (await on.textContent('#search-status')) ?? '';
}

/** The bigram found in the most reports (drawn by rule, not chosen), and in how many. */
function mostCommonBigram(): [string, number] {
  const reportsWith = new Map<string, number>();
  for (const text of texts.values()) {
    const chars = [...text];
    const seen = new Set<string>();
    for (let i = 0; i + 1 < chars.length; i++)
      if (chars[i] !== '\u0000' && chars[i + 1] !== '\u0000') seen.add(`${chars[i]}${chars[i + 1]}`);
    for (const bigram of seen) reportsWith.set(bigram, (reportsWith.get(bigram) ?? 0) + 1);
  }
  return [...reportsWith.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0] ?? ['', 0];
}

/**
 * Every report the search page's engine finds for a Pagefind query (all shards, all results), read in
 * the given order: each order walks the shards differently (a year at a time, merged by score, merged by date).
 */
async function found(parts: QueryPart[], sort = 'year-desc'): Promise<string[]> {
  // A string, not a function: the test runner would rewrite code inside a function.
  return page.evaluate(`(async () => {
    const run = await window.gongkai.engine.run({ query: ${JSON.stringify(parts)}, filters: {}, sort: ${JSON.stringify(sort)} });
    const all = await run.next(1e6);
    return all.map((d) => d.url).sort();
  })()`);
}

/** A test that asks a hundred queries and reads every result of each: more than the project's minute on a slow runner. */
const LOOP_TIMEOUT = 180_000;

describe('search recall over a generated archive of 500 reports', () => {
  const queries = () => drawQueries(120, 7);

  it(
    'finds exactly the reports that contain an unquoted term (recall and precision 1.0)',
    async () => {
      expect(texts.size).toBeGreaterThanOrEqual(480);
      const misses: string[] = [];
      for (const q of queries()) {
        const want = expected(q);
        const got = await found(parseQuery(q).parts);
        const missing = want.filter((u) => !got.includes(u));
        const loose = got.filter((u) => !want.includes(u));
        if (missing.length || loose.length)
          misses.push(`${q}: ${missing.length} of ${want.length} missing, ${loose.length} that do not contain it`);
      }
      expect(misses).toEqual([]);
    },
    LOOP_TIMEOUT,
  );

  it(
    'finds exactly the reports that contain a single character',
    async () => {
      const next = seeded(5);
      const all = [...texts.values()];
      const chars = new Set<string>();
      while (chars.size < 40) {
        const char = spanOf(all[Math.floor(next() * all.length)] ?? '', 1, next);
        if (char) chars.add(char);
      }
      const wrong: string[] = [];
      for (const c of chars) {
        const got = await found(parseQuery(c).parts, 'relevance');
        if (JSON.stringify(got) !== JSON.stringify(expected(c)))
          wrong.push(`${c}: expected ${expected(c).length}, got ${got.length}`);
      }
      expect(wrong).toEqual([]);
    },
    LOOP_TIMEOUT,
  );

  it('returns exactly the reports containing a quoted phrase', async () => {
    const wrong: string[] = [];
    for (const q of queries()) {
      const want = expected(q);
      const got = await found(parseQuery(`"${q}"`).parts, 'relevance');
      if (JSON.stringify(got) !== JSON.stringify(want))
        wrong.push(`"${q}": expected ${want.length}, got ${got.length}`);
    }
    expect(wrong).toEqual([]);
  });

  it(
    'finds exactly the reports holding the simplified text of a traditional-character query',
    async () => {
      const toTraditional = Converter({ from: 'cn', to: 'tw' });
      const misses: string[] = [];
      let changed = 0;
      for (const q of queries()) {
        const traditional = toTraditional(q);
        if (traditional !== q) changed++;
        const got = await found(parseQuery(traditional).parts, 'published-desc');
        const missing = expected(q).filter((u) => !got.includes(u));
        if (missing.length) misses.push(`${traditional} (${q}): ${missing.length} missing`);
        // Precision too: exactly the reports holding one of the simplified spellings it may stand for.
        if (JSON.stringify(got) !== JSON.stringify(expected(traditional)))
          misses.push(`${traditional}: ${got.length} found, ${expected(traditional).length} hold a spelling of it`);
      }
      expect(changed).toBeGreaterThan(30);
      expect(misses).toEqual([]);
    },
    LOOP_TIMEOUT,
  );

  it('finds the simplified text from a traditional query the character table alone would miss (隨著 → 随着)', async () => {
    const toTraditional = Converter({ from: 'cn', to: 'tw' });
    // Spans around the characters a traditional character of several readings stands for (着 of 著, 了 of
    // 瞭), kept when their traditional form normalises to another text.
    const readings = new Set(Object.values(OTHER_READINGS).flatMap((r) => [...r]));
    const next = seeded(13);
    const hard = new Set<string>();
    for (const text of texts.values()) {
      const chars = [...text];
      const at = chars.flatMap((ch, i) => (readings.has(ch) ? [i] : []));
      for (let tries = 0; tries < 10 && at.length > 0; tries++) {
        const i = at[Math.floor(next() * at.length)] as number;
        const span = chars.slice(Math.max(0, i - 1 - Math.floor(next() * 3)), i + 2 + Math.floor(next() * 2)).join('');
        if (span.includes('\u0000') || normaliseForSearch(toTraditional(span)) === normaliseForSearch(span)) continue;
        hard.add(span);
        break;
      }
      if (hard.size === 20) break;
    }
    expect(hard.size).toBeGreaterThanOrEqual(10);
    const misses: string[] = [];
    for (const q of hard) {
      const traditional = toTraditional(q);
      const want = expected(q);
      const loose = new Set(await found(parseQuery(traditional).parts));
      const quoted = new Set(await found(parseQuery(`"${traditional}"`).parts, 'published-desc'));
      const missing = want.filter((u) => !loose.has(u) || !quoted.has(u));
      if (missing.length) misses.push(`${traditional} (${q}): ${missing.length} of ${want.length} missing`);
    }
    expect(misses).toEqual([]);
  });

  it('treats full-width and half-width letters and digits alike', async () => {
    const digits = drawQueries(400, 11)
      .filter((q) => /[0-9a-z]/.test(q))
      .slice(0, 20);
    expect(digits.length).toBeGreaterThan(3);
    for (const q of digits) {
      const wide = q.replace(/[0-9a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
      expect(await found(parseQuery(`"${wide}"`).parts), wide).toEqual(expected(q));
    }
  });

  it('returns exactly the reports containing a quoted phrase across punctuation', async () => {
    // Spans across one break between runs inside a paragraph (drawn by rule), the break written as
    // punctuation; half end one character after it (a run-end token alone must then tell them apart).
    const next = seeded(31);
    const all = [...texts.values()];
    const spans = new Set<string>();
    while (spans.size < 40) {
      const text = all[Math.floor(next() * all.length)] ?? '';
      const at = text.indexOf('\u0000', Math.floor(next() * text.length));
      if (at < 0) continue;
      const left = 1 + Math.floor(next() * 4);
      const right = spans.size % 2 ? 1 : 1 + Math.floor(next() * 4);
      const span = text.slice(at - left, at + 1 + right);
      if (at - left < 0 || [...span].length !== left + 1 + right) continue;
      if (span.split('\u0000').length === 2 && !span.includes('\u0001')) spans.add(span);
    }
    const wrong: string[] = [];
    for (const span of spans) {
      const query = `"${span.replace('\u0000', '，')}"`;
      const want = [...texts.entries()]
        .filter(([, t]) => t.includes(span))
        .map(([url]) => url)
        .sort();
      const got = await found(parseQuery(query).parts);
      if (JSON.stringify(got) !== JSON.stringify(want))
        wrong.push(`${query}: ${got.length} found, ${want.length} expected`);
    }
    expect(wrong).toEqual([]);
  });

  it('intersects quoted phrases and unquoted terms with each other: exactly the reports containing all', async () => {
    const wrong: string[] = [];
    for (const [a, b] of drawPairs(40, 13)) {
      const both = expected(a).filter((u) => expected(b).includes(u));
      // Two phrases: exactly the reports containing both.
      const phrases = await found(parseQuery(`"${a}" “${b}”`).parts, 'relevance');
      if (JSON.stringify(phrases) !== JSON.stringify(both))
        wrong.push(`"${a}" "${b}": expected ${both.length}, got ${phrases.length}`);
      // A phrase and an unquoted term: exactly the reports containing both, too.
      const mixed = await found(parseQuery(`${b} "${a}"`).parts, 'published-asc');
      if (JSON.stringify(mixed) !== JSON.stringify(both))
        wrong.push(`${b} "${a}": expected ${both.length}, got ${mixed.length}`);
      // Two unquoted terms, in either order.
      const words = await found(parseQuery(`${b} ${a}`).parts, 'year-desc');
      if (JSON.stringify(words) !== JSON.stringify(both))
        wrong.push(`${b} ${a}: expected ${both.length}, got ${words.length}`);
    }
    expect(wrong).toEqual([]);
  });

  it(
    'finds exactly the reports containing all of 3 or 4 terms, quoted or not, in any order',
    async () => {
      const wrong: string[] = [];
      for (const [n, terms] of drawTermSetsFrom(texts, 30, 41).entries()) {
        const want = terms.map(expected).reduce((x, y) => x.filter((u) => y.includes(u)));
        const query = terms.map((t, i) => (i % 2 ? `"${t}"` : t)).join(' ');
        const got = await found(parseQuery(query).parts, n % 3 ? 'year-desc' : 'relevance');
        if (JSON.stringify(got) !== JSON.stringify(want))
          wrong.push(`${query}: expected ${want.length}, got ${got.length}`);
      }
      expect(wrong).toEqual([]);
    },
    LOOP_TIMEOUT,
  );

  it('counts the reports and their facets of a query of two phrases on the search page', async () => {
    for (const [a, b] of drawPairs(4, 17)) {
      await page.goto(`${server.url}search/?q=${encodeURIComponent(`"${a}" "${b}"`)}`);
      const want = expected(a).filter((u) => expected(b).includes(u)).length;
      expect(await completeStatus(page), `${a} ${b}`).toBe(
        want ? `找到 ${want} 份报告` : '没有找到包含这些词语的报告。',
      );
      if (!want) continue;
      const years = await page
        .locator('#facets input[name="year"]')
        .evaluateAll((boxes) =>
          boxes.map((box) => Number(/（(\d+)）/.exec(box.parentElement?.textContent ?? '')?.[1] ?? 0)),
        );
      expect(
        years.reduce((x, y) => x + y, 0),
        `${a} ${b}`,
      ).toBe(want);
    }
  });

  it('gives the same count on the search page as through the index', async () => {
    for (const q of drawQueries(5, 99)) {
      await page.goto(`${server.url}search/?q=${encodeURIComponent(`"${q}"`)}`);
      const status = await completeStatus(page);
      const want = expected(q).length;
      expect(status, q).toBe(want ? `找到 ${want} 份报告` : '没有找到包含这些词语的报告。');
    }
  });

  it('reads the first results of a query found everywhere from one shard, however many the newest year has', async () => {
    // The bigram found in the most reports (drawn by rule, not chosen): its first page could come from
    // any shard of the newest year; it must come from the first one only, and the rest of the year must
    // still follow in order.
    const [common, reports] = mostCommonBigram();
    expect(reports).toBeGreaterThan(texts.size * 0.9);
    const manifest = JSON.parse(await readFile(join(site.dist, 'pagefind', 'gongkai-shards.json'), 'utf8')) as {
      shards: { id: string; years: number[] }[];
    };
    const [newest] = manifest.shards;
    const newestYear = newest?.years[0];
    expect(manifest.shards.filter((s) => s.years.includes(newestYear ?? -1)).length).toBeGreaterThan(1);

    const { context, fresh, recorder } = await shardRecorder();
    await fresh.goto(`${server.url}search/`);
    await fresh.waitForLoadState('networkidle');
    const years: number[] = await fresh.evaluate(`(async () => {
      const run = await window.gongkai.engine.run({ query: ${JSON.stringify(parseQuery(common).parts)}, filters: {}, sort: 'year-desc' });
      const first = await run.next(10);
      return first.map((d) => Number(d.meta.year));
    })()`);
    recorder.recording = false;
    expect(years).toHaveLength(10);
    expect(years.every((y) => y === newestYear)).toBe(true);
    expect([...recorder.shards]).toEqual([newest?.id]);
    await context.close();
  });

  it('counts a query found everywhere in the first shards only, and the rest of the archive when asked', async () => {
    const [common] = mostCommonBigram();
    const manifest = JSON.parse(await readFile(join(site.dist, 'pagefind', 'gongkai-shards.json'), 'utf8')) as {
      shards: { id: string; years: number[]; count: number }[];
    };
    expect(manifest.shards.length).toBeGreaterThan(COUNT_AHEAD_SHARDS);
    const { context, fresh, recorder } = await shardRecorder('index|fragment|filter');
    await fresh.goto(`${server.url}search/?q=${encodeURIComponent(common)}`);
    await fresh.waitForFunction(() => /找到|没有/.test(document.getElementById('search-status')?.textContent ?? ''));
    await fresh.waitForLoadState('networkidle');
    // Counted: the first shards in reading order (newest first), and no other shard fetched.
    const counted = manifest.shards.slice(0, COUNT_AHEAD_SHARDS);
    expect([...recorder.shards].sort()).toEqual(counted.map((s) => s.id).sort());
    const countedReports = counted.reduce((sum, s) => sum + s.count, 0);
    const partial = /^在已统计的 (\d+) 份报告中找到 (\d+) 份，其余 (\d+) 份尚未统计。$/.exec(
      (await fresh.textContent('#search-status')) ?? '',
    );
    // The reports of the counted shards that contain it (shards planned as the build plans them).
    const plan = planShards(
      [...placed.entries()].map(([url, p]) => ({ ...p, url })),
      40,
    );
    expect(plan.map((s) => s.id)).toEqual(manifest.shards.map((s) => s.id));
    const inCounted = new Set(plan.slice(0, COUNT_AHEAD_SHARDS).flatMap((s) => s.members.map((m) => m.url)));
    const foundThere = expected(common).filter((url) => inCounted.has(url)).length;
    expect(partial?.slice(1).map(Number)).toEqual([countedReports, foundThere, texts.size - countedReports]);
    const countedYears = new Set(counted.flatMap((s) => s.years));
    const years = await fresh
      .locator('#facets input[name="year"]')
      .evaluateAll((boxes) =>
        boxes.map((box) => [box.getAttribute('value'), /（(\d+)）/.exec(box.parentElement?.textContent ?? '')?.[1]]),
      );
    // A year wholly inside the counted shards has its count; any other is offered uncounted.
    const wholly = (y: number) => manifest.shards.filter((s) => s.years.includes(y)).every((s) => counted.includes(s));
    for (const [year, n] of years) expect(n !== undefined, `${year}`).toBe(wholly(Number(year)));
    expect(years.some(([, n]) => n === undefined)).toBe(true);
    expect([...countedYears].some((y) => wholly(y))).toBe(true);
    expect(await fresh.textContent('#facets .facet-note')).toBe(`计数只含已统计的 ${countedReports} 份报告。`);
    expect(await fresh.textContent('#count-all')).toBe(`统计其余 ${texts.size - countedReports} 份报告`);
    expect(await axeViolations(fresh)).toEqual([]);

    // Asked for the rest: every shard counted, the facets complete, and the focus on the count.
    const want = expected(common).length;
    await fresh.click('#count-all');
    await fresh.waitForFunction(() => document.getElementById('count-all')?.hidden === true);
    expect(await fresh.textContent('#search-status')).toBe(`找到 ${want} 份报告`);
    expect(await fresh.evaluate(() => document.activeElement?.id)).toBe('search-status');
    expect(await fresh.locator('#facets .facet-note').count()).toBe(0);
    const yearCounts = await fresh
      .locator('#facets input[name="year"]')
      .evaluateAll((boxes) =>
        boxes.map((box) => Number(/（(\d+)）/.exec(box.parentElement?.textContent ?? '')?.[1] ?? Number.NaN)),
      );
    expect(yearCounts.reduce((x, y) => x + y, 0)).toBe(want);
    expect(recorder.shards.size).toBe(manifest.shards.length);

    // Results read beyond the shards counted at first are always counted with them.
    const beyond: { count: number; complete: boolean } = await fresh.evaluate(`(async () => {
      const run = await window.gongkai.engine.run({ query: ${JSON.stringify(parseQuery(common).parts)}, filters: {}, sort: 'year-desc' });
      await run.next(${countedReports + 1});
      return run.totals(1);
    })()`);
    expect(beyond.count).toBeGreaterThan(countedReports);
    expect(beyond.complete).toBe(false);
    await context.close();
  });

  it('reads the first results by date from the shards whose dates can hold them, and every result in date order', async () => {
    const [common] = mostCommonBigram();
    const manifest = JSON.parse(await readFile(join(site.dist, 'pagefind', 'gongkai-shards.json'), 'utf8')) as {
      shards: { id: string; dates?: [string, string] }[];
    };
    expect(manifest.shards.every((s) => s.dates)).toBe(true);
    for (const sort of ['published-desc', 'published-asc']) {
      const { context, fresh, recorder } = await shardRecorder();
      recorder.recording = false;
      await fresh.goto(`${server.url}search/`);
      await fresh.waitForLoadState('networkidle');
      recorder.recording = true;
      const first: string[] = await fresh.evaluate(`(async () => {
        window.run = await window.gongkai.engine.run({ query: ${JSON.stringify(parseQuery(common).parts)}, filters: {}, sort: '${sort}' });
        return (await window.run.next(10)).map((d) => d.meta.date);
      })()`);
      recorder.recording = false;
      expect(first).toHaveLength(10);
      // Every shard that may hold a result before the tenth was read, and no other (but the first in order).
      const last = first.at(-1) as string;
      const desc = sort === 'published-desc';
      const mayHold = manifest.shards.filter(({ dates: [from, to] = ['', ''] }) => (desc ? to >= last : from <= last));
      const firstInOrder = [...manifest.shards].sort((a, b) => {
        const [x, y] = desc ? [b.dates?.[1] ?? '', a.dates?.[1] ?? ''] : [a.dates?.[0] ?? '', b.dates?.[0] ?? ''];
        return x < y ? -1 : x > y ? 1 : 0;
      })[0];
      expect([...recorder.shards].sort(), sort).toEqual(
        [...new Set([...mayHold.map((s) => s.id), firstInOrder?.id ?? ''])].sort(),
      );
      expect(recorder.shards.size, sort).toBeLessThan(manifest.shards.length);
      // Read on to the end: every report with the bigram, in date order.
      const rest: string[] = await fresh.evaluate(
        `(async () => (await window.run.next(1e6)).map((d) => d.meta.date))()`,
      );
      const dates = [...first, ...rest];
      expect(dates).toHaveLength(expected(common).length);
      const sorted = [...dates].sort();
      expect(dates, sort).toEqual(desc ? sorted.reverse() : sorted);
      await context.close();
    }
  });

  it('ranks the reports that contain a quoted phrase as the same words unquoted would, not all alike', async () => {
    // Pagefind scores every exact-phrase match 1.0; the page ranks them by the words' own score instead.
    // Phrases: the four-character spans found in the most reports short of half (drawn by rule).
    const reportsWith = new Map<string, number>();
    for (const text of texts.values()) {
      const seen = new Set<string>();
      for (let i = 0; i + 4 <= text.length; i += 2) {
        const span = text.slice(i, i + 4);
        if (!span.includes('\u0000') && [...span].length === 4) seen.add(span);
      }
      for (const span of seen) reportsWith.set(span, (reportsWith.get(span) ?? 0) + 1);
    }
    const phrases = [...reportsWith.entries()]
      .filter(([, n]) => n <= texts.size / 2)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 3)
      .map(([span]) => span);
    const rank = (query: string): Promise<string[]> =>
      page.evaluate(`(async () => {
        const run = await window.gongkai.engine.run({ query: ${JSON.stringify(parseQuery(query).parts)}, filters: {}, sort: 'relevance' });
        return (await run.next(1e6)).map((d) => d.url);
      })()`);
    for (const phrase of phrases) {
      const exact = await rank(`"${phrase}"`);
      expect([...exact].sort(), phrase).toEqual(expected(phrase));
      const loose = await rank(phrase);
      const inPhrase = new Set(exact);
      expect(exact, phrase).toEqual(loose.filter((url) => inPhrase.has(url)));
      // Not the order of the shards (what equal scores would give): the newest year is not simply first.
      const yearOf = (url: string) => placed.get(url)?.year ?? 0;
      const years = exact.map(yearOf);
      expect(years, phrase).not.toEqual([...years].sort((a, b) => b - a));
    }
  });
});
