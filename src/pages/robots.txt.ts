import { absoluteUrl } from '../lib/urls.ts';
import { readSiteConfig } from '../site.config.ts';

export function GET() {
  const config = readSiteConfig();
  const sitemap = absoluteUrl(config, '/sitemap-index.xml');
  return new Response(`User-agent: *\nAllow: /\n\nSitemap: ${sitemap}\n`, {
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}
