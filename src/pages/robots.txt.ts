import { withBase } from '../lib/urls.ts';
import { readSiteConfig } from '../site.config.ts';

export function GET() {
  const config = readSiteConfig();
  const sitemap = new URL(withBase(config.base, '/sitemap-index.xml'), `${config.site}/`).href;
  return new Response(`User-agent: *\nAllow: /\n\nSitemap: ${sitemap}\n`, {
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}
