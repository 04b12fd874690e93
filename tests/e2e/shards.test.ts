/**
 * The archive built in shards and assembled (issue 24; README → National scale), through the commands a
 * CI workflow runs (`npm run shards -- --json`, `npm run build -- --shard <id>`, `npm run assemble`),
 * against a single `npm run build` of the same uploads: the same pages, byte for byte (but the search
 * bundle, whose shard ids carry their archive shard's prefix), and search in Chromium finding every
 * report that contains a query across all shards. Then one upload changes: rebuilding its shard and
 * assembling again equals rebuilding everything. And shards that cannot make one archive are refused.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawQueries, expectedReports, type SearchTexts, searchTexts } from '../../scripts/lib/bench/search-truth.ts';
import { type RunningServer, serveStatic } from '../../scripts/lib/site/static-server.ts';
import { parseQuery, type QueryPart } from '../../src/lib/search/tokens.ts';
import { launchChromium } from '../helpers/browser.ts';
import { fileFor, htmlFiles, readPage } from '../helpers/dist.ts';
import { treeHashes } from '../helpers/tree-hashes.ts';

const FIXTURES = resolve('tests/fixtures');
/** Three folders, three shards: real reports of three provinces, and a series (a compare page) in one. */
const LAYOUT: Record<string, string[]> = {
  shandong: [
    ...readdirSync(join(FIXTURES, 'seeds'))
      .filter((f) => f.endsWith('.txt'))
      .map((f) => `seeds/${f}`),
    'dev/008.txt',
    'dev/048.txt',
  ],
  hebei: ['dev/053.txt', 'dev/066.txt'],
  shaanxi: ['compare/shaanxi-2022.txt', 'compare/shaanxi-2023.txt', 'dev/058.txt', 'dev/061.txt'],
};

const REPORTS = Object.values(LAYOUT).flat().length;

const root = mkdtempSync(join(tmpdir(), 'gongkai-shards-'));
const sources = join(root, 'sources');
const env = {
  ...process.env,
  GONGKAI_SITE: 'https://fzbg.example.gov.cn',
  GONGKAI_BASE: '/',
  GONGKAI_TODAY: '2026-12-01',
  GONGKAI_SOURCES_DIR: sources,
  GONGKAI_SHARDS_DIR: join(root, 'shards'),
};
const single = {
  ...env,
  GONGKAI_REPORTS_DIR: join(root, 'single', 'reports'),
  GONGKAI_OUT_DIR: join(root, 'single', 'dist'),
  GONGKAI_CACHE_DIR: join(root, 'single', 'cache'),
};
const assembled = { ...env, GONGKAI_OUT_DIR: join(root, 'assembled'), GONGKAI_CACHE_DIR: join(root, 'assemble-cache') };

function npm(args: string[], vars: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  return spawnSync('npm', ['run', '--silent', ...args], { env: vars, encoding: 'utf8', maxBuffer: 64 << 20 });
}

function ok(result: SpawnSyncReturns<string>): string {
  if (result.status !== 0) throw new Error(`exit ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** The shards as the CI's list job sees them, each built, then assembled: what the workflows run, in order. */
function buildInShards(): { id: string; folder: string }[] {
  const shards = JSON.parse(ok(npm(['shards', '--', '--json'], env))) as { id: string; folder: string }[];
  for (const { id } of shards) ok(npm(['build', '--', '--shard', id], env));
  assembledOutput = ok(npm(['assemble'], assembled));
  return shards;
}

/** Every file under dir, relative, '/'-separated, sorted. */
function files(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

/** The files two sites differ in (missing from one, or other bytes), outside the search bundle. */
async function differences(a: string, b: string): Promise<string[]> {
  const [ha, hb] = await Promise.all([treeHashes(a), treeHashes(b)]);
  const outside = (hashes: Record<string, string>) => Object.keys(hashes).filter((f) => !f.startsWith('/pagefind/'));
  const diff: string[] = [];
  for (const f of outside(ha))
    if (hb[f] === undefined) diff.push(f.slice(1));
    else if (ha[f] !== hb[f]) diff.push(`≠${f.slice(1)}`);
  for (const f of outside(hb)) if (ha[f] === undefined) diff.push(`+${f.slice(1)}`);
  return diff;
}

let shards: { id: string; folder: string }[] = [];
/** What the first assemble said. */
let assembledOutput = '';
let texts: SearchTexts = new Map();
let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  for (const [folder, list] of Object.entries(LAYOUT)) {
    mkdirSync(join(sources, folder), { recursive: true });
    for (const file of list) cpSync(join(FIXTURES, file), join(sources, folder, file.split('/').at(-1) as string));
  }
  // The webmaster names the body the two reposts leave out (a sidecar): the same body's years, a compare page.
  for (const year of [2022, 2023])
    writeFileSync(join(sources, 'shaanxi', `shaanxi-${year}.meta.yaml`), 'authority: 陕西省人民政府\n');
  ok(npm(['build'], single));
  shards = buildInShards();
  ({ texts } = await searchTexts(single.GONGKAI_REPORTS_DIR));
  server = await serveStatic({ root: assembled.GONGKAI_OUT_DIR, base: '/' });
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(`${server.url}search/`);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Every report the search page's engine finds, across every shard of the assembled index. */
async function found(parts: QueryPart[]): Promise<string[]> {
  return page.evaluate(`(async () => {
    const run = await window.gongkai.engine.run({ query: ${JSON.stringify(parts)}, filters: {}, sort: 'year-desc' });
    return (await run.next(1e6)).map((d) => d.url).sort();
  })()`);
}

describe('an archive built in three shards and assembled', () => {
  it('lists one shard per folder, each built into its own folder with a manifest', () => {
    expect(shards).toEqual([
      { id: 'hebei', folder: 'hebei' },
      { id: 'shaanxi', folder: 'shaanxi' },
      { id: 'shandong', folder: 'shandong' },
    ]);
    for (const { folder } of shards) {
      const manifest = JSON.parse(readFileSync(join(env.GONGKAI_SHARDS_DIR, folder, 'manifest.json'), 'utf8'));
      expect(manifest.reports.length).toBe(LAYOUT[folder]?.length);
      // Each shard's ingest saw its own folder only.
      for (const report of manifest.reports) expect(report.source.path.startsWith(`${folder}/`)).toBe(true);
    }
  });

  it('equals a single build of the same uploads, file for file and byte for byte (outside the search bundle)', async () => {
    const paths = files(single.GONGKAI_OUT_DIR);
    expect(paths.filter((p) => /^compare\/[^/]+\/[^/]+\/index\.html$/.test(p))).toHaveLength(1);
    expect(paths.filter((p) => /^reports\/[^/]+\/index\.html$/.test(p))).toHaveLength(REPORTS);
    expect(await differences(single.GONGKAI_OUT_DIR, assembled.GONGKAI_OUT_DIR)).toEqual([]);
    // The provinces and bodies each shard holds alone kept the shard's own region and authority pages.
    const taken = /(\d+) 个省级地区、(\d+) 个发文机关的 (\d+) 个网页取自分片/.exec(assembledOutput);
    expect(Number(taken?.[1])).toBeGreaterThanOrEqual(3);
    expect(Number(taken?.[3])).toBeGreaterThan(20);
  });

  it('has every internal link of the assembled site resolving (pages, resources, downloads)', () => {
    const dist = assembled.GONGKAI_OUT_DIR;
    const broken: string[] = [];
    const pages = htmlFiles(dist).map((file) => readPage(dist, '/', file));
    for (const page of pages)
      for (const link of page.links) {
        const path = link.split('#')[0] ?? '';
        if (path !== page.path && !fileFor(dist, '/', path)) broken.push(`${page.path} → ${link}`);
      }
    expect(pages.length).toBeGreaterThan(50);
    expect(broken).toEqual([]);
  });

  it('searches every shard from one search page: recall and quoted precision 1.0', async () => {
    const bundle = JSON.parse(readFileSync(join(assembled.GONGKAI_OUT_DIR, 'pagefind', 'gongkai-shards.json'), 'utf8'));
    expect(bundle.shards.length).toBeGreaterThanOrEqual(3);
    const misses: string[] = [];
    for (const q of drawQueries(texts, 30, 24)) {
      const want = expectedReports(texts, q);
      for (const [kind, parts] of [
        ['unquoted', parseQuery(q).parts],
        ['quoted', parseQuery(`"${q}"`).parts],
      ] as const) {
        const got = await found(parts);
        if (JSON.stringify(got) !== JSON.stringify(want))
          misses.push(`${kind} ${q}: ${got.length} found, ${want.length} contain it`);
      }
    }
    expect(misses).toEqual([]);
    // Found in every shard's reports, not only in one.
    const everywhere = expectedReports(texts, '法治');
    expect(everywhere).toHaveLength(REPORTS);
    expect(await found(parseQuery('法治').parts)).toEqual(everywhere);
  }, 180_000);

  it('after one upload changes, its shard rebuilt and assembled again equals a full rebuild', async () => {
    const upload = join(sources, 'hebei', '066.txt');
    writeFileSync(upload, `${readFileSync(upload, 'utf8')}\n\n分片重建测试：此段为新增内容。\n`);
    ok(npm(['build'], single));
    const rebuilt = ok(npm(['build', '--', '--shard', 'hebei'], env));
    expect(rebuilt).toContain('更新 1');
    ok(npm(['assemble'], assembled));
    expect(await differences(single.GONGKAI_OUT_DIR, assembled.GONGKAI_OUT_DIR)).toEqual([]);
    const markdown = files(assembled.GONGKAI_OUT_DIR).filter((f) => f.startsWith('downloads/') && f.endsWith('.md'));
    expect(
      markdown.some((f) => readFileSync(join(assembled.GONGKAI_OUT_DIR, f), 'utf8').includes('分片重建测试')),
    ).toBe(true);
  }, 300_000);

  it('refuses shards that cannot make one archive, naming the report and leaving dist/ as it was', () => {
    const before = files(assembled.GONGKAI_OUT_DIR);
    // The same upload in a second folder: two shards publish the same address.
    cpSync(join(sources, 'hebei', '053.txt'), join(sources, 'shaanxi', '053.txt'));
    ok(npm(['build', '--', '--shard', 'shaanxi'], env));
    const refused = npm(['assemble'], assembled);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/报告地址在不止一个分片中出现：2025-zhaoxian[^\n]*（hebei、shaanxi）/);
    expect(refused.stderr).toContain('→');
    expect(files(assembled.GONGKAI_OUT_DIR)).toEqual(before);
  }, 300_000);

  it('names a shard that does not exist, and the ones that do', () => {
    const result = npm(['build', '--', '--shard', 'guangdong'], env);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('没有分片「guangdong」');
    expect(result.stderr).toContain('hebei、shaanxi、shandong');
  });
});
