/**
 * The README's first command, `npm start` (npm run build, then npm run preview), run as the webmaster runs it —
 * through npm, so that the scripts run on the Node that the `node` devDependency brings — over the sample uploads
 * in content/sources (read, never written: the reports, dist/ and the cache go to a temporary folder). It serves
 * the sample archive: the home page, the search page, a report page and its download answer.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'cheerio';
import { afterAll, describe, expect, it } from 'vitest';

let start: ChildProcess | undefined;
const root = mkdtempSync(join(tmpdir(), 'gongkai-start-'));
afterAll(async () => {
  if (start?.pid) {
    // npm runs the build and then the preview as children of its own: the whole group is stopped.
    try {
      process.kill(-start.pid, 'SIGTERM');
    } catch {}
    await new Promise((done) => (start?.exitCode === null ? start.once('exit', done) : done(null)));
  }
  rmSync(root, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((found, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, 'localhost', () => {
      const address = server.address();
      server.close(() => found(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('npm start', () => {
  it('builds the sample archive and serves it', async () => {
    const port = await freePort();
    let output = '';
    start = spawn('npm', ['start'], {
      detached: true,
      env: {
        // Vitest's own variables would put the build in test mode; the webmaster's shell has none of them.
        ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(VITEST|NODE_ENV$|TEST$)/.test(k))),
        GONGKAI_REPORTS_DIR: join(root, 'reports'),
        GONGKAI_OUT_DIR: join(root, 'dist'),
        GONGKAI_CACHE_DIR: join(root, 'cache'),
        PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = await new Promise<string>((found, fail) => {
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const served = /站点预览：(http:\/\/\S+?)（/.exec(output)?.[1];
        if (served) found(served);
      };
      start?.stdout?.on('data', read);
      start?.stderr?.on('data', read);
      start?.once('exit', (code) => fail(new Error(`npm start exited (${code}):\n${output}`)));
    });
    expect(url).toBe(`http://localhost:${port}/`);
    expect(output).toContain('报告 5 份');

    const home = await fetch(url);
    expect(home.status).toBe(200);
    const $ = load(await home.text());
    expect($('html').attr('lang')).toBe('zh-CN');
    const reportHref = $('a[href^="/reports/"]').first().attr('href');
    expect(reportHref).toBeTruthy();
    const report = await fetch(new URL(reportHref as string, url));
    expect(report.status).toBe(200);
    const page = load(await report.text());
    expect(page('h1').text().length).toBeGreaterThan(0);
    const download = page('a[href*="/downloads/"]').first().attr('href');
    expect(download).toBeTruthy();
    expect((await fetch(new URL(download as string, url))).status).toBe(200);
    expect((await fetch(new URL('search/', url))).status).toBe(200);
    expect((await fetch(new URL('pagefind/gongkai-shards.json', url))).status).toBe(200);
  }, 300_000);
});
