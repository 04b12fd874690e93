/**
 * Downloads that cannot run: every original and Markdown download of a site built with a hostile saved
 * web page among its uploads, opened in Chromium — with the headers the deploy guides set, and from a
 * host that sets none. A control (the same web page served as a page) proves the probe sees a script run.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { load } from 'cheerio';
import { unzipSync } from 'fflate';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningServer, serveStatic } from '../../scripts/lib/site/static-server.ts';
import { launchChromium } from '../helpers/browser.ts';

const site = inject('subpathSite');
const HOSTILE = 'tests/fixtures/hostile/网页/外站保存的网页.html';
const hostileBytes = readFileSync(HOSTILE);
const hostileSha = createHash('sha256').update(hostileBytes).digest('hex');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Opens url in a fresh context; what it asked for beyond the navigation, and whether a script ran. */
async function open(url: string) {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  const download = page.waitForEvent('download', { timeout: 3000 }).then(
    (d) => d.suggestedFilename(),
    () => null,
  );
  // A download aborts the navigation: that is the expected outcome, not a failure.
  await page.goto(url).catch(() => undefined);
  const saved = await download;
  await page.waitForTimeout(200);
  const cookies = await context.cookies();
  await context.close();
  return { others: requests.filter((r) => r !== url), dialogs, cookies, saved };
}

describe('downloads', () => {
  const downloads = join(site.dist, 'downloads');

  it('publish nothing a browser would render as a page: a saved web page is zipped, its bytes unchanged', () => {
    const files = filesUnder(downloads);
    expect(files.length).toBeGreaterThan(4);
    for (const file of files)
      expect(file, file).toMatch(/\/(original\.(pdf|docx|doc|ofd|png|txt|md|html\.zip|htm\.zip)|[a-z0-9-]+\.md)$/);
    const zips = files.filter((f) => f.endsWith('.zip'));
    expect(zips).toHaveLength(1);
    const entries = unzipSync(readFileSync(join(downloads, zips[0] as string)));
    expect(Object.keys(entries)).toEqual(['外站保存的网页.html']);
    expect(Buffer.from(entries['外站保存的网页.html'] as Uint8Array).equals(hostileBytes)).toBe(true);
    // The report page says it is a ZIP and shows the upload's SHA-256, which the bytes in the ZIP have.
    const slug = (zips[0] as string).split('/')[0] as string;
    const $ = load(readFileSync(join(site.dist, 'reports', slug, 'index.html'), 'utf8'));
    const link = $('a[download]').first();
    expect(link.attr('href')).toBe(`/fzbg/downloads/${slug}/original.html.zip`);
    expect(link.text()).toContain('ZIP 压缩包');
    expect($('code.hash').first().text()).toBe(hostileSha);
    // Hosts that read a _headers file make every download an attachment.
    expect(readFileSync(join(site.dist, '_headers'), 'utf8')).toContain(
      '/fzbg/downloads/*\n  Content-Disposition: attachment',
    );
  });

  it('the probe sees a script run when the same web page is served as a page (control)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-control-'));
    copyFileSync(HOSTILE, join(dir, 'page.html'));
    const server = await serveStatic({ root: dir, base: '/' });
    const result = await open(`${server.url}page.html`);
    await server.close();
    rmSync(dir, { recursive: true, force: true });
    expect(result.others.some((r) => r.includes('/beacon'))).toBe(true);
  });

  for (const headers of [true, false]) {
    it(`run no script and make no request when opened, ${headers ? 'with the deploy guides’ headers' : 'from a host that sets no headers'}`, async () => {
      const server: RunningServer = await serveStatic({ root: site.dist, base: site.base, downloadHeaders: headers });
      const origin = new URL(server.url).origin;
      try {
        for (const file of filesUnder(downloads)) {
          const url = `${origin}${site.base}downloads/${file}`;
          const result = await open(url);
          expect(result.others, url).toEqual([]);
          expect(result.dialogs, url).toBe(0);
          expect(result.cookies, url).toEqual([]);
          if (headers) expect(result.saved, `${url} is saved, not shown`).not.toBeNull();
          if (file.endsWith('.zip')) expect(result.saved, `${url} is saved, not shown`).not.toBeNull();
        }
      } finally {
        await server.close();
      }
      // Every download opened in turn, each waiting for what Chromium does with it (some a few seconds): about a
      // minute for the sample site's forty-odd files on a busy 2-core machine, too close to the default bound.
    }, 240_000);
  }
});
