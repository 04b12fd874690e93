/**
 * A scan of a built site for anything a hostile report could have made active or unreadable: every
 * page, feed, sitemap, catalog and style file outside downloads/ (attachments, tested on their own)
 * and pagefind/ (the compressed index, tested in the browser). Returns one line per finding.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { load } from 'cheerio';
import { XMLValidator } from 'fast-xml-parser';
import { removeUnreadable } from '../../src/lib/text-hygiene.ts';
import { MARKER } from './hostile-uploads.ts';

const TEXT = /\.(html|xml|xsl|json|csv|txt|css|js|mjs|svg|webmanifest)$|(^|\/)_headers$/;
/** Elements that load or run something, or change where the page's links and forms go. */
const FORBIDDEN_ELEMENTS = new Set(['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'portal']);
/** Attributes that make the browser fetch without a click. */
const LOADING = ['src', 'srcset', 'poster', 'data', 'background'];
const URL_ATTRIBUTES = [...LOADING, 'href', 'action', 'formaction', 'xlink:href', 'ping'];

export function scanDist(dist: string, origin: string): string[] {
  const findings: string[] = [];
  const files = readdirSync(dist, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dist, join(e.parentPath, e.name)).split('\\').join('/'))
    .filter((f) => !/^(downloads|pagefind)\//.test(f) && TEXT.test(f));
  const sameOrigin = (url: string) => !/^[a-z][a-z0-9+.-]*:|^\/\//i.test(url.trim()) || url.trim().startsWith(origin);
  for (const file of files) {
    const text = readFileSync(join(dist, file), 'utf8');
    const say = (what: string) => findings.push(`${file}: ${what}`);
    const unreadable = removeUnreadable(text).removed;
    if (unreadable) say(`${unreadable} character(s) XML forbids or no reader can take`);
    if (/\.(xml|xsl)$/.test(file)) {
      const valid = XMLValidator.validate(text);
      if (valid !== true) say(`ill-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
    }
    if (file.endsWith('.json'))
      try {
        JSON.parse(text);
      } catch (error) {
        say(`ill-formed JSON: ${(error as Error).message}`);
      }
    // @namespace url(…) names a namespace; nothing is fetched.
    const styles = (css: string) => css.replace(/^\s*@namespace[^;]*;/gm, '');
    if (file.endsWith('.css') && /url\(\s*['"]?(https?:)?\/\//i.test(styles(text)))
      say('a style loads from another site');
    if (!file.endsWith('.html')) continue;
    const $ = load(text);
    $('*').each((_, element) => {
      if (element.type !== 'tag') return;
      const tag = element.name.toLowerCase();
      if (FORBIDDEN_ELEMENTS.has(tag)) say(`<${tag}>`);
      if (tag === 'meta' && /refresh/i.test(element.attribs['http-equiv'] ?? '')) say('<meta http-equiv=refresh>');
      if (tag === 'script' && $(element).text().includes(MARKER)) say('a script carrying a payload');
      if (tag === 'style' && /url\(\s*['"]?(https?:)?\/\//i.test($(element).text()))
        say('a style loads from another site');
      const loads =
        tag === 'link' && /stylesheet|icon|preload|modulepreload|prefetch|manifest/i.test(element.attribs.rel ?? '');
      for (const [name, value] of Object.entries(element.attribs)) {
        const attribute = name.toLowerCase();
        if (attribute.startsWith('on')) say(`<${tag} ${attribute}=…>`);
        if (attribute === 'style' && /url\(/i.test(value)) say(`<${tag} style="…url(…)">`);
        if (!URL_ATTRIBUTES.includes(attribute)) continue;
        if (/^\s*(javascript|vbscript|data):/i.test(value)) say(`<${tag} ${attribute}="${value.slice(0, 40)}">`);
        if ((LOADING.includes(attribute) || (loads && attribute === 'href')) && !sameOrigin(value))
          say(`<${tag} ${attribute}="${value.slice(0, 60)}"> loads from another site`);
        if ((tag === 'form' && attribute === 'action') || attribute === 'formaction')
          if (!sameOrigin(value)) say(`<${tag} ${attribute}="${value.slice(0, 60)}"> sends to another site`);
      }
    });
  }
  return findings;
}
