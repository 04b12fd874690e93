import { feedXsl } from '../lib/feed-style.ts';
import { readSiteConfig } from '../site.config.ts';

/** The XSLT that shows a feed opened in a browser as a Chinese page (built here to know the base path). */
export function GET() {
  const config = readSiteConfig();
  return new Response(feedXsl({ base: config.base, name: config.name }), {
    headers: { 'Content-Type': 'text/xsl; charset=utf-8' },
  });
}
