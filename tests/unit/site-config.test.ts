/**
 * The configuration (src/site.config.ts): every GONGKAI_* variable with its default, the values it takes,
 * and an error naming the variable and the value for any other — never a silent default. The commands
 * stop on such an error before any work, with exit code 2 (the build's own test is
 * tests/integration/config.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CONFIG_DEFAULTS,
  ConfigError,
  cachePathsOf,
  configSchema,
  incrementalBuild,
  readConfig,
  readPipelinePaths,
  readSiteConfig,
} from '../../src/site.config.ts';

/** The message readConfig throws for env, or null when it reads it. */
function errorOf(env: Record<string, string>): string | null {
  try {
    readConfig(env);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
}

describe('defaults', () => {
  it('serve the sample archive locally, with one cache folder and a subfolder per stage', () => {
    const config = readConfig({});
    expect(config.site).toEqual({
      site: 'http://localhost:4321',
      base: '/',
      name: '法治政府建设报告公开库',
      organisation: '公开（Gongkai）示例站点',
      feedLimit: 50,
      listPageSize: 200,
      downloadsOrigin: null,
    });
    expect(config.paths).toEqual({ sources: 'content/sources', reports: 'content/reports', outDir: 'dist' });
    expect(config.cache).toEqual({
      root: 'node_modules/.cache/gongkai',
      astro: 'node_modules/.cache/gongkai/astro',
      compare: 'node_modules/.cache/gongkai/compare',
      search: 'node_modules/.cache/gongkai/search',
      ingest: 'node_modules/.cache/gongkai/ingest',
      ocr: 'node_modules/.cache/gongkai/ocr',
      lock: 'node_modules/.cache/gongkai/build.lock',
      stamp: 'node_modules/.cache/gongkai/build-stamp.json',
    });
    expect(config).toMatchObject({ incremental: true, skipIngest: false, today: null });
    expect(config.ingest.convertSeconds).toBe(120);
    expect(config.ingest.convertMemoryMb).toBe(2048);
    expect(config.ingest.workers).toBeGreaterThanOrEqual(1);
    expect(config.ingest.workers).toBeLessThanOrEqual(4);
    expect(config.search.shardSize).toBe(500);
    expect(config.search.workers).toBeGreaterThanOrEqual(1);
    expect(config.search.workers).toBeLessThanOrEqual(2);
    expect(CONFIG_DEFAULTS).toEqual(config);
  });

  it('apply to a variable set to the empty string (a CI variable declared without a value)', () => {
    const empty = Object.fromEntries(Object.keys(configSchema.shape).map((name) => [name, '']));
    expect(readConfig(empty)).toEqual(readConfig({}));
  });

  it('keep the shapes the pages and stages use', () => {
    const env = { GONGKAI_BASE: 'fzbg', GONGKAI_OUT_DIR: '/tmp/x', GONGKAI_INCREMENTAL: '0' };
    expect(readSiteConfig(env)).toEqual(readConfig(env).site);
    expect(readPipelinePaths(env)).toEqual({
      sources: 'content/sources',
      reports: 'content/reports',
      outDir: '/tmp/x',
    });
    expect(incrementalBuild(env)).toBe(false);
    expect(incrementalBuild({})).toBe(true);
    expect(cachePathsOf('/srv/cache').astro).toBe('/srv/cache/astro');
  });
});

describe('valid values', () => {
  it('are read as their variable takes them', () => {
    const config = readConfig({
      GONGKAI_SITE: 'https://www.example.gov.cn/',
      GONGKAI_BASE: '/fzbg',
      GONGKAI_NAME: '某某县法治政府建设报告',
      GONGKAI_ORG: '某某县司法局',
      GONGKAI_FEED_LIMIT: '4',
      GONGKAI_DOWNLOADS_ORIGIN: ' https://files.example.gov.cn/fzbg/ ',
      GONGKAI_SOURCES_DIR: '/srv/s',
      GONGKAI_REPORTS_DIR: '/srv/r',
      GONGKAI_OUT_DIR: '/srv/d',
      GONGKAI_CACHE_DIR: '/srv/c',
      GONGKAI_INCREMENTAL: '0',
      GONGKAI_SKIP_INGEST: '1',
      GONGKAI_TODAY: '2026-01-10',
      GONGKAI_INGEST_WORKERS: ' 3 ',
      GONGKAI_CONVERT_SECONDS: '30',
      GONGKAI_CONVERT_MEMORY_MB: '512',
      GONGKAI_SEARCH_SHARD_SIZE: '4',
      GONGKAI_SEARCH_WORKERS: '1',
      GONGKAI_CJK_FONT: '/srv/font.ttc',
    });
    expect(config.site).toEqual({
      site: 'https://www.example.gov.cn',
      base: '/fzbg/',
      name: '某某县法治政府建设报告',
      organisation: '某某县司法局',
      feedLimit: 4,
      listPageSize: 200,
      downloadsOrigin: 'https://files.example.gov.cn/fzbg',
    });
    expect(config.paths).toEqual({ sources: '/srv/s', reports: '/srv/r', outDir: '/srv/d' });
    expect(config.cache).toEqual(cachePathsOf('/srv/c'));
    expect(config).toMatchObject({
      incremental: false,
      skipIngest: true,
      today: '2026-01-10',
      cjkFont: '/srv/font.ttc',
    });
    expect(config.ingest).toEqual({ workers: 3, convertSeconds: 30, convertMemoryMb: 512 });
    expect(config.search).toEqual({ shardSize: 4, workers: 1 });
  });

  it('give every base path one leading and one trailing slash', () => {
    for (const [raw, base] of [
      ['/', '/'],
      ['//', '/'],
      ['fzbg', '/fzbg/'],
      ['/fzbg/', '/fzbg/'],
      ['/gongkai/fzbg', '/gongkai/fzbg/'],
      ['/法治/', '/法治/'],
    ])
      expect(readConfig({ GONGKAI_BASE: raw as string }).site.base).toBe(base);
  });

  it('pass the variables only the tests read', () => {
    expect(errorOf({ GONGKAI_KEEP_TEST_SITE: '1', GONGKAI_FAULT_SEED: '3', GONGKAI_TEST_FS_DELAY_MS: '5' })).toBeNull();
  });
});

describe('a wrong value', () => {
  it('is an error naming the variable and the value, not a default', () => {
    expect(errorOf({ GONGKAI_FEED_LIMIT: 'abc' })).toBe('GONGKAI_FEED_LIMIT 应为正整数（现为「abc」）');
  });

  it.each([
    ['GONGKAI_FEED_LIMIT', '0', '应为正整数'],
    ['GONGKAI_FEED_LIMIT', '-3', '应为正整数'],
    ['GONGKAI_FEED_LIMIT', '1.5', '应为正整数'],
    ['GONGKAI_FEED_LIMIT', '4abc', '应为正整数'],
    ['GONGKAI_INGEST_WORKERS', 'many', '应为正整数'],
    ['GONGKAI_CONVERT_SECONDS', '1e3', '应为正整数'],
    ['GONGKAI_CONVERT_MEMORY_MB', '2GB', '应为正整数'],
    ['GONGKAI_SEARCH_SHARD_SIZE', '99999999999999999999', '应为正整数'],
    ['GONGKAI_SEARCH_WORKERS', '0', '应为正整数'],
    ['GONGKAI_INCREMENTAL', 'yes', '应为 0 或 1'],
    ['GONGKAI_SKIP_INGEST', 'true', '应为 0 或 1'],
    ['GONGKAI_SITE', 'www.example.gov.cn', '应为 http(s) 网址，如 https://www.example.gov.cn'],
    ['GONGKAI_SITE', 'ftp://example.gov.cn', '应为 http(s) 网址，如 https://www.example.gov.cn'],
    ['GONGKAI_DOWNLOADS_ORIGIN', 'files.example.gov.cn', '应为 http(s) 网址，如 https://files.example.gov.cn/fzbg'],
    ['GONGKAI_BASE', '/fz bg/', '应为网址路径，如 /fzbg/'],
    ['GONGKAI_BASE', '/fzbg?x=1', '应为网址路径，如 /fzbg/'],
    ['GONGKAI_TODAY', '2023-02-30', '应为真实存在的日期，格式 YYYY-MM-DD'],
    ['GONGKAI_TODAY', '20260110', '应为真实存在的日期，格式 YYYY-MM-DD'],
  ])('%s=%s', (name, value, expected) => {
    expect(errorOf({ [name]: value })).toBe(`${name} ${expected}（现为「${value}」）`);
  });

  it('is one line per wrong variable, all of them at once', () => {
    const message = errorOf({ GONGKAI_FEED_LIMIT: 'abc', GONGKAI_INCREMENTAL: 'no', GONGKAI_FEEDLIMIT: '4' });
    expect(message?.split('\n')).toEqual([
      'GONGKAI_FEED_LIMIT 应为正整数（现为「abc」）',
      'GONGKAI_INCREMENTAL 应为 0 或 1（现为「no」）',
      'GONGKAI_FEEDLIMIT 不是本项目的配置变量（是否想写 GONGKAI_FEED_LIMIT？）；可用的变量见 README「Configuration」',
    ]);
  });

  it('includes a GONGKAI_* variable the project does not know (a misspelt name would be ignored)', () => {
    expect(errorOf({ GONGKAI_SHARD_SIZE: '4' })).toMatch(
      /^GONGKAI_SHARD_SIZE 不是本项目的配置变量（是否想写 GONGKAI_SEARCH_SHARD_SIZE？）/,
    );
    expect(errorOf({ GONGKAI_COLOUR: 'red' })).toBe(
      'GONGKAI_COLOUR 不是本项目的配置变量；可用的变量见 README「Configuration」',
    );
  });
});

describe('the commands', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'gongkai-config-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const TSX = resolve('node_modules/tsx/dist/cli.mjs');
  const ASTRO = resolve('node_modules/astro/bin/astro.mjs');

  it.each([
    ['npm run ingest', [TSX, 'scripts/ingest.ts']],
    ['npm run validate', [TSX, 'scripts/validate.ts']],
    ['npm run dev', [TSX, 'scripts/dev.ts', '--port', '0']],
    ['astro build (astro.config.mjs)', [ASTRO, 'build']],
  ])(
    '%s stops on a wrong value before any work, exit code 2',
    (_name, args) => {
      const root = mkdtempSync(join(scratch, 'site-'));
      const result = spawnSync(process.execPath, args, {
        env: {
          ...process.env,
          ASTRO_TELEMETRY_DISABLED: '1',
          GONGKAI_SOURCES_DIR: join(root, 'sources'),
          GONGKAI_REPORTS_DIR: join(root, 'reports'),
          GONGKAI_OUT_DIR: join(root, 'dist'),
          GONGKAI_CACHE_DIR: join(root, 'cache'),
          GONGKAI_FEED_LIMIT: 'abc',
        },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(result.stderr).toContain('✗ 配置错误：GONGKAI_FEED_LIMIT 应为正整数（现为「abc」）');
      expect(result.status).toBe(2);
      expect(readdirSync(root)).toEqual([]);
    },
    60_000,
  );
});

describe('one place', () => {
  const SOURCE_DIRS = ['src', 'scripts'];
  const files = (dir: string): string[] =>
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && /\.(ts|mjs|astro)$/.test(entry.name))
      .map((entry) => join(entry.parentPath, entry.name));

  it('no module but src/site.config.ts reads a GONGKAI_* variable', () => {
    const readers = [...SOURCE_DIRS.flatMap(files), 'astro.config.mjs'].filter(
      (file) =>
        resolve(file) !== resolve('src/site.config.ts') &&
        /\benv(\.|\[\s*['"`])GONGKAI_/.test(readFileSync(file, 'utf8')),
    );
    expect(readers).toEqual([]);
  });

  it("the README's configuration table lists every variable, and only those", () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.slice(
      readme.indexOf('### Configuration'),
      readme.indexOf('\n### ', readme.indexOf('### Configuration') + 1),
    );
    const rows = section.split('\n').filter((line) => line.startsWith('| `GONGKAI_'));
    const listed = rows.flatMap((row) =>
      [...(row.split('|')[1] ?? '').matchAll(/GONGKAI_[A-Z0-9_]+/g)].map((m) => m[0]),
    );
    expect(listed.sort()).toEqual(Object.keys(configSchema.shape).sort());
  });
});
