import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type OutputFile, staleOutputFiles } from '../../src/lib/stale-output.ts';

const started = 1_700_000_000_000;
const rule = (produced: string[], publicFiles: string[] = []) => ({
  produced: new Set(produced),
  publicFiles: new Set(publicFiles),
  ownedElsewhere: ['downloads', 'pagefind'],
  startedMs: started,
});

describe('stale output files of a kept dist/', () => {
  it('are the old files no route produced, outside public/ and the folders other stages own', () => {
    const files: OutputFile[] = [
      { path: 'reports/kept/index.html', mtimeMs: started - 5_000 }, // cached by the incremental build
      { path: 'reports/removed/index.html', mtimeMs: started - 5_000 }, // its report is gone
      { path: 'regions/x/rss.xml', mtimeMs: started - 5_000 }, // a feed no region has any more
      { path: '_astro/new.css', mtimeMs: started + 10 }, // written by this build's Vite
      { path: '_astro/old.css', mtimeMs: started - 5_000 }, // an older bundle
      { path: 'sitemap-1.xml', mtimeMs: started - 5_000 }, // a sitemap part the smaller archive lacks
      { path: 'favicon.svg', mtimeMs: started - 90_000_000 }, // public/, copied with its own time
      { path: 'downloads/removed/original.txt', mtimeMs: started - 5_000 },
      { path: 'pagefind/pagefind.js', mtimeMs: started - 5_000 },
    ];
    expect(staleOutputFiles(files, rule(['reports/kept/index.html'], ['favicon.svg']))).toEqual([
      '_astro/old.css',
      'regions/x/rss.xml',
      'reports/removed/index.html',
      'sitemap-1.xml',
    ]);
  });

  it('never names a produced, public, owned or freshly written file', () => {
    const path = fc
      .array(fc.constantFrom('a', 'b', 'reports', 'downloads', 'pagefind', 'index.html', 'x.xml'), {
        minLength: 1,
        maxLength: 4,
      })
      .map((parts) => parts.join('/'));
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ path, mtimeMs: fc.integer({ min: started - 1e6, max: started + 1e6 }) }), {
          selector: (f) => f.path,
        }),
        fc.array(path),
        fc.array(path),
        (files, produced, publicFiles) => {
          const stale = new Set(staleOutputFiles(files, rule(produced, publicFiles)));
          for (const f of files) {
            const top = f.path.split('/')[0];
            const protectedFile =
              produced.includes(f.path) ||
              publicFiles.includes(f.path) ||
              top === 'downloads' ||
              top === 'pagefind' ||
              f.mtimeMs >= started;
            expect(stale.has(f.path)).toBe(!protectedFile);
          }
        },
      ),
    );
  });
});
