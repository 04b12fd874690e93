/**
 * A small static file server for dist/: used by `npm run preview` and by the browser tests,
 * so that both see the site exactly as a plain web server under the configured base path would —
 * validators included: like the usual static hosts (nginx, GitHub Pages) it sends Last-Modified and an
 * ETag and answers a conditional request with 304. 'no-cache' makes the browser ask every time, so a
 * preview after a rebuild never shows a stale page; what did not change costs a 304, not its bytes
 * (the search page's shards each ask for Pagefind's WebAssembly, 54 KB, and get it from the cache).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { DOWNLOAD_HEADERS } from '../../../src/lib/downloads.ts';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.xsl': 'text/xsl; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.pagefind': 'application/wasm',
  '.pdf': 'application/pdf',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.zip': 'application/zip',
};

export interface ServeOptions {
  root: string;
  base?: string;
  port?: number;
  host?: string;
  /**
   * Send DOWNLOAD_HEADERS with every file under downloads/, as the deploy guides have the host do
   * (default). Off, the server is a host that sets no headers: the tests prove the downloads are inert
   * even then.
   */
  downloadHeaders?: boolean;
}

export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export async function serveStatic(options: ServeOptions): Promise<RunningServer> {
  const root = resolve(options.root);
  const base = options.base ?? '/';
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      let pathname = decodeURIComponent(url.pathname);
      if (!pathname.startsWith(base)) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
        return;
      }
      pathname = `/${pathname.slice(base.length)}`;
      let file = normalize(join(root, pathname));
      if (!file.startsWith(root)) {
        res.writeHead(403).end();
        return;
      }
      let info = await stat(file).catch(() => null);
      if (info?.isDirectory()) {
        if (!url.pathname.endsWith('/')) {
          res.writeHead(301, { location: `${url.pathname}/${url.search}` }).end();
          return;
        }
        file = join(file, 'index.html');
        info = await stat(file).catch(() => null);
      }
      if (!info?.isFile()) {
        const notFound = join(root, '404.html');
        const nf = await stat(notFound).catch(() => null);
        res.writeHead(404, { 'content-type': MIME['.html'] });
        if (nf?.isFile()) createReadStream(notFound).pipe(res);
        else res.end('<!doctype html><title>404</title><p>页面不存在</p>');
        return;
      }
      const downloadHeaders =
        options.downloadHeaders !== false && pathname.startsWith('/downloads/') ? DOWNLOAD_HEADERS : {};
      const etag = `"${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}"`;
      const validators = { etag, 'last-modified': info.mtime.toUTCString(), 'cache-control': 'no-cache' };
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, validators).end();
        return;
      }
      res.writeHead(200, {
        'content-type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-length': info.size,
        ...validators,
        ...downloadHeaders,
      });
      if (req.method === 'HEAD') res.end();
      else createReadStream(file).pipe(res);
    } catch {
      res.writeHead(500).end();
    }
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((ok) => server.listen(options.port ?? 0, host, ok));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    server,
    url: `http://${host}:${port}${base}`,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}
