// @ts-check
import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';
import { readPipelinePaths, readSiteConfig } from './src/site.config.ts';

const site = readSiteConfig();
const paths = readPipelinePaths();

export default defineConfig({
  site: site.site,
  base: site.base,
  outDir: paths.outDir,
  // Tests and benchmarks build several sites side by side: each gets its own cache.
  cacheDir: process.env.GONGKAI_CACHE_DIR ?? './node_modules/.astro',
  trailingSlash: 'always',
  build: { format: 'directory' },
  // 'jsx' compression glues adjacent inline text together, which corrupts what the search
  // index sees (two words become one token). Keep whitespace as written.
  compressHTML: false,
  // No client-side prefetching or other injected scripts: pages ship no JavaScript but search.
  prefetch: false,
  devToolbar: { enabled: false },
  // GONGKAI_INCREMENTAL=1: Astro 7.2's experimental incremental build. Report pages return a cacheKey
  // (src/lib/page-data.ts); unchanged ones are copied from the previous build in cacheDir. Measured in
  // README → Rebuilding after a new upload.
  experimental: { incrementalBuild: process.env.GONGKAI_INCREMENTAL === '1' },
  integrations: [sitemap({ filter: (page) => !page.includes('/downloads/') })],
});
