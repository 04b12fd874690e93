/**
 * Reading a built site: its HTML pages, their links, and where a URL path lands on disk.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { load } from 'cheerio';

export function htmlFiles(dist: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.html')) out.push(p);
    }
  };
  walk(dist);
  return out;
}

/** The site path of a built file: dist/regions/x/index.html → /regions/x/ (without the base). */
export function pagePath(dist: string, file: string): string {
  return `/${relative(dist, file)
    .replace(/\\/g, '/')
    .replace(/index\.html$/, '')}`;
}

/** The file a site path (under the base) is served from, or null. */
export function fileFor(dist: string, base: string, urlPath: string): string | null {
  if (!urlPath.startsWith(base)) return null;
  const rest = decodeURIComponent(urlPath.slice(base.length));
  const candidate = join(dist, rest);
  if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  const index = join(candidate, 'index.html');
  return existsSync(index) ? index : null;
}

export interface PageLinks {
  file: string;
  path: string;
  /** Internal links and resources (href/src not starting with a scheme), resolved against the page. */
  links: string[];
  ids: Set<string>;
}

export function readPage(dist: string, base: string, file: string): PageLinks {
  const $ = load(readFileSync(file, 'utf8'));
  const path = `${base}${pagePath(dist, file).slice(1)}`;
  const links: string[] = [];
  $('a[href], link[href], script[src], img[src]').each((_, el) => {
    const value = $(el).attr('href') ?? $(el).attr('src') ?? '';
    if (/^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith('//')) return;
    links.push(new URL(value, `http://site${path}`).pathname + (value.includes('#') ? `#${value.split('#')[1]}` : ''));
  });
  const ids = new Set<string>();
  $('[id]').each((_, el) => {
    ids.add($(el).attr('id') ?? '');
  });
  return { file, path, links, ids };
}

/** Report links listed in a page's <main>. */
export function listedReports(file: string): string[] {
  const $ = load(readFileSync(file, 'utf8'));
  return [
    ...new Set(
      $('main a[href*="/reports/"]')
        .toArray()
        .map((a) => /\/reports\/([^/]+)\//.exec($(a).attr('href') ?? '')?.[1] ?? '')
        .filter(Boolean),
    ),
  ].sort();
}
