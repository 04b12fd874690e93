/**
 * npm run dev: the webmaster drops an upload into the sources folder while a page is open; the
 * watcher ingests it, Astro's dev server sees the new Markdown, and the open page reloads with it.
 * Removing the upload takes it away again.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';

let browser: Browser;
let dev: ChildProcess | undefined;
let root: string;
let output = '';

beforeAll(async () => {
  browser = await launchChromium();
  root = mkdtempSync(join(tmpdir(), 'gongkai-dev-'));
  cpSync('content/sources', join(root, 'sources'), { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  if (dev?.pid) {
    dev.kill('SIGTERM');
    await new Promise((done) => dev?.once('exit', done));
  }
  rmSync(root, { recursive: true, force: true });
});

/** Starts scripts/dev.ts on a free port and resolves with the address Astro prints. */
function startDev(): Promise<string> {
  dev = spawn(process.execPath, [resolve('node_modules/tsx/dist/cli.mjs'), 'scripts/dev.ts', '--port', '0'], {
    env: {
      // Vitest's own variables (VITEST, NODE_ENV=test…) would put Astro's dev server in test mode.
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(VITEST|NODE_ENV$|TEST$)/.test(k))),
      GONGKAI_SOURCES_DIR: join(root, 'sources'),
      GONGKAI_REPORTS_DIR: join(root, 'reports'),
      GONGKAI_CACHE_DIR: join(root, 'cache'),
      GONGKAI_TODAY: '2026-01-01',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((found, fail) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      // biome-ignore lint/suspicious/noControlCharactersInRegex: Astro colours its banner
      const url = /Local\s+(http:\/\/[^\s]+\/)/.exec(output.replace(/\u001b\[[0-9;]*m/g, ''))?.[1];
      if (url) found(url);
    };
    dev?.stdout?.on('data', read);
    dev?.stderr?.on('data', read);
    dev?.once('exit', (code) => fail(new Error(`dev exited (${code}):\n${output}`)));
  });
}

describe('npm run dev', () => {
  it('ingests a new upload and reloads the open page; a removed upload disappears', async () => {
    const url = await startDev();
    const page = await browser.newPage();
    await page.goto(`${url}years/`);
    expect(await page.locator('main').textContent()).not.toContain('2025');
    let loads = 0;
    page.on('load', () => loads++);

    copyFileSync('tests/fixtures/dev/053.txt', join(root, 'sources', '赵县 2025.txt'));
    await expect.poll(() => loads, { timeout: 45_000, interval: 250 }).toBeGreaterThan(0);
    await expect
      .poll(async () => (await page.locator('main').textContent()) ?? '', { timeout: 30_000, interval: 500 })
      .toContain('2025');
    const year = await page.request.get(`${url}years/2025/`);
    expect(year.status()).toBe(200);
    expect(await year.text()).toContain('赵县人民政府关于2025年度法治政府建设情况的报告');
    expect(output).toMatch(/新增 1/);

    const before = loads;
    rmSync(join(root, 'sources', '赵县 2025.txt'));
    await expect.poll(() => loads, { timeout: 45_000, interval: 250 }).toBeGreaterThan(before);
    await expect
      .poll(async () => (await page.locator('main').textContent()) ?? '', { timeout: 30_000, interval: 500 })
      .not.toContain('2025');
    expect(output).toMatch(/删除 1/);
    await page.close();
  }, 180_000);
});
