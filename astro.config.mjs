// @ts-check
import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';
import { providedPaths } from './src/collection/provided.ts';
import { keptOutput } from './src/integrations/kept-output.ts';
import { reportAddedDates } from './src/integrations/report-dates.ts';
import { absoluteUrl, reportPermalink } from './src/lib/urls.ts';
import { readConfigOrExit } from './src/site.config.ts';

// A wrong GONGKAI_* value stops Astro here too (`astro build` or `astro check` run by hand), with the
// same message and exit code 2 as the project's commands.
const config = readConfigOrExit();
const { incremental } = config;

export default defineConfig({
  site: config.site.site,
  base: config.site.base,
  outDir: config.paths.outDir,
  // Astro's part of the one cache folder (GONGKAI_CACHE_DIR): tests and benchmarks build several sites
  // side by side, each with its own.
  cacheDir: config.cache.astro,
  trailingSlash: 'always',
  // Pages rendered eight at a time: Astro awaits each page's folder and file writes, and a build that
  // renders one page at a time sat idle for half of its time waiting on them (2,000 reports, 5,862
  // pages on the project's 2-core machine: 15.0–15.9 s → 10.7–11.2 s for the pages, +50 MB).
  build: { format: 'directory', concurrency: 8 },
  // 'jsx' compression glues adjacent inline text together, which corrupts what the search
  // index sees (two words become one token). Keep whitespace as written.
  compressHTML: false,
  // No client-side prefetching or other injected scripts: pages ship no JavaScript but search.
  prefetch: false,
  devToolbar: { enabled: false },
  // The incremental build (Astro 7.2's experimental incrementalBuild; README → Rebuilding after a new
  // upload): pages return a cacheKey (src/lib/page-data.ts). dist/ is then kept rather than emptied, so
  // that a page whose key is unchanged is neither rendered nor written again; what no route produces
  // any more is removed after the build (keptOutput). downloads/, pagefind/ and compare/ are build.ts's.
  experimental: { incrementalBuild: incremental },
  vite: { build: { emptyOutDir: !incremental } },
  integrations: [
    sitemap({
      // The frame of the pages made outside Astro is removed after the build (scripts/lib/site/compare-stage.ts).
      filter: (page) => !page.includes('/downloads/') && !page.endsWith('/page-frame/'),
      // npm run assemble renders no report page (they are the shards'): their addresses are listed all the same.
      // So are the region, coverage and authority pages it takes from the shards (src/collection/provided.ts).
      customPages: config.reportPages
        ? []
        : [
            ...[...reportAddedDates(config.paths.reports).keys()].map((slug) => reportPermalink(config.site, slug)),
            ...providedPaths().map((path) => absoluteUrl(config.site, path)),
          ],
      // A report page's <lastmod>: the day the archive added it (src/integrations/report-dates.ts).
      serialize: (() => {
        /** @type {Map<string, string> | undefined} */
        let added;
        return (item) => {
          added ??= reportAddedDates(config.paths.reports);
          const slug = /\/reports\/([^/]+)\/$/.exec(item.url)?.[1];
          const day = slug ? added.get(slug) : undefined;
          return day ? { ...item, lastmod: day } : item;
        };
      })(),
    }),
    keptOutput({
      incremental,
      ownedElsewhere: [
        'downloads',
        'pagefind',
        '_headers',
        'compare',
        'sitemap-compare.xml',
        // npm run assemble puts the shards' report pages in place after Astro.
        ...(config.reportPages ? [] : ['reports']),
      ],
    }),
  ],
});
