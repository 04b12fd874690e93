/**
 * Search recall and precision at scale (issue 19's target), on its own:
 *
 *   npx tsx scripts/lib/bench/search-accuracy.ts --reports DIR --site DIST [--base /] [--queries 60] [--out FILE.json]
 *
 * DIR is a content/reports folder and DIST the site built from it, search index included (`npm run bench --
 * --keep` leaves both). Queries are drawn by rule from the reports' text (search-truth.ts, the same rules as
 * the recall test at 500 reports) and asked of the search page's own engine in Chromium, every result read;
 * the truth is plain substring search over the same texts. Per kind of query: how many queries found exactly
 * the right reports, recall (found ∩ true / true) and precision (found ∩ true / found) over all results.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Converter } from 'opencc-js/cn2t';
import type { Page } from 'playwright-core';
import { parseQuery, type QueryPart } from '../../../src/lib/search/tokens.ts';
import { readArgs } from '../shared/cli-args.ts';
import { serveStatic } from '../site/static-server.ts';
import { launchChromium } from './chromium.ts';
import {
  drawPairs,
  drawQueries,
  drawTermSets,
  expectedReports,
  type SearchTexts,
  searchTexts,
} from './search-truth.ts';

export interface AccuracyOfKind {
  queries: number;
  exact: number;
  relevant: number;
  found: number;
  recall: number;
  precision: number;
  seconds: number;
  /** The first queries that were not exact, with what was missing and what was extra. */
  misses: string[];
}

interface Case {
  query: string;
  want: string[];
}

async function found(page: Page, parts: QueryPart[]): Promise<string[]> {
  // A string, not a function: the bundler of this script would rewrite code inside a function.
  return page.evaluate(`(async () => {
    const run = await window.gongkai.engine.run({ query: ${JSON.stringify(parts)}, filters: {}, sort: 'relevance' });
    // In batches: every result's fragment at once is thousands of requests for a query found everywhere.
    const urls = [];
    for (;;) {
      const batch = await run.next(250);
      urls.push(...batch.map((d) => d.url));
      if (batch.length < 250) return urls;
    }
  })()`);
}

async function measureKind(page: Page, cases: Case[]): Promise<AccuracyOfKind> {
  const started = performance.now();
  let exact = 0;
  let relevant = 0;
  let foundCount = 0;
  let hits = 0;
  const misses: string[] = [];
  for (const { query, want } of cases) {
    const got = new Set((await found(page, parseQuery(query).parts)).map((u) => new URL(u, 'http://x').pathname));
    const truth = new Set(want);
    const right = [...got].filter((u) => truth.has(u)).length;
    relevant += truth.size;
    foundCount += got.size;
    hits += right;
    if (right === truth.size && got.size === truth.size) exact++;
    else if (misses.length < 10)
      misses.push(`${query}: ${truth.size - right} missing of ${truth.size}, ${got.size - right} extra`);
  }
  return {
    queries: cases.length,
    exact,
    relevant,
    found: foundCount,
    recall: relevant ? hits / relevant : 1,
    precision: foundCount ? hits / foundCount : 1,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    misses,
  };
}

/** The cases of each kind: terms unquoted and quoted, traditional, two terms, three or four. */
export function accuracyCases(texts: SearchTexts, count: number): Record<string, Case[]> {
  const expected = (q: string) => expectedReports(texts, q);
  const both = (terms: string[]) => terms.map(expected).reduce((x, y) => x.filter((u) => y.includes(u)));
  const toTraditional = Converter({ from: 'cn', to: 'tw' });
  const single = drawQueries(texts, count, 7);
  return {
    unquoted: single.map((q) => ({ query: q, want: expected(q) })),
    quoted: single.map((q) => ({ query: `"${q}"`, want: expected(q) })),
    traditional: single.map((q) => {
      const t = toTraditional(q);
      return { query: t, want: expected(t) };
    }),
    twoTerms: drawPairs(texts, Math.ceil(count / 2), 13).map(([a, b], i) => ({
      query: i % 2 ? `${b} "${a}"` : `${b} ${a}`,
      want: both([a, b]),
    })),
    threeOrFourTerms: drawTermSets(texts, Math.ceil(count / 4), 41).map((terms) => ({
      query: terms.map((t, i) => (i % 2 ? `"${t}"` : t)).join(' '),
      want: both(terms),
    })),
  };
}

export async function measureSearchAccuracy(options: {
  reportsDir: string;
  siteDir: string;
  base: string;
  queries: number;
}): Promise<{ reports: number; kinds: Record<string, AccuracyOfKind> }> {
  const { texts } = await searchTexts(options.reportsDir);
  const cases = accuracyCases(texts, options.queries);
  const server = await serveStatic({ root: options.siteDir, base: options.base });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}search/`);
    await page.waitForFunction('!!window.gongkai');
    const kinds: Record<string, AccuracyOfKind> = {};
    for (const [kind, list] of Object.entries(cases)) {
      kinds[kind] = await measureKind(page, list);
      const k = kinds[kind];
      console.log(
        `${kind.padEnd(18)} ${k.exact}/${k.queries} exact, recall ${k.recall.toFixed(4)}, precision ${k.precision.toFixed(4)} (${k.relevant} relevant, ${k.found} found), ${k.seconds} s`,
      );
    }
    return { reports: texts.size, kinds };
  } finally {
    await browser.close();
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const usage =
    '用法：npx tsx scripts/lib/bench/search-accuracy.ts --reports DIR --site DIST [--base /] [--queries 60] [--out FILE.json]';
  const values = readArgs(usage, {
    reports: { type: 'string' },
    site: { type: 'string' },
    base: { type: 'string', default: '/' },
    queries: { type: 'string', default: '60' },
    out: { type: 'string' },
  });
  if (!values.reports || !values.site) {
    console.error(usage);
    process.exit(2);
  }
  const result = await measureSearchAccuracy({
    reportsDir: resolve(values.reports),
    siteDir: resolve(values.site),
    base: values.base,
    queries: Number(values.queries),
  });
  if (values.out) await writeFile(values.out, `${JSON.stringify(result, null, 2)}\n`);
}
