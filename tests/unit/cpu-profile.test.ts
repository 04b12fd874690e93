import { describe, expect, it } from 'vitest';
import { type CpuProfile, partOf, summarizeProfiles } from '../../scripts/lib/bench/cpu-profile.ts';

describe('partOf', () => {
  it('names the part a frame belongs to by its script', () => {
    expect(partOf('file:///p/node_modules/astro/dist/core/render.js', 'renderPage')).toBe('Astro');
    expect(partOf('file:///p/node_modules/@astrojs/sitemap/dist/index.js', 'x')).toBe('Astro');
    expect(partOf('file:///p/node_modules/markdown-it/lib/parser_block.mjs', 'parse')).toBe('markdown-it');
    expect(partOf('file:///p/node_modules/.pnpm/x/node_modules/vite/dist/node.js', 'x')).toBe('Vite / Rollup');
    expect(partOf('file:///p/node_modules/cheerio/dist/esm/load.js', 'load')).toBe('other packages (cheerio)');
    expect(partOf('file:///p/dist/.prerender/chunks/archive_Bx1.mjs', 'buildArchive')).toBe('the site (src/, bundled)');
    expect(partOf('file:///p/dist/.prerender/chunks/server_UE8OVB-D.mjs', 'renderPage')).toBe(
      'Astro (its runtime, bundled)',
    );
    expect(partOf('file:///p/dist/.prerender/prerender-entry.ibk_h5x1.mjs', 'createAstro')).toBe(
      'Astro (its runtime, bundled)',
    );
    expect(partOf('node:internal/fs/promises', 'readFile')).toBe('Node (its own modules)');
    expect(partOf('', '(garbage collector)')).toBe('garbage collector');
    expect(partOf('', '(program)')).toBe('V8 (program)');
  });
});

describe('summarizeProfiles', () => {
  it('sums self time by part and function, leaving idle out, over several threads', () => {
    const frame = (id: number, functionName: string, url: string) => ({
      id,
      callFrame: { functionName, url, lineNumber: id },
    });
    const profile: CpuProfile = {
      nodes: [
        frame(1, '(root)', ''),
        frame(2, 'render', 'file:///p/node_modules/astro/dist/render.js'),
        frame(3, 'parse', 'file:///p/node_modules/markdown-it/index.mjs'),
        frame(4, '(idle)', ''),
      ],
      samples: [2, 2, 3, 4, 2],
      timeDeltas: [1e6, 1e6, 2e6, 5e6, 1e6],
    };
    const summary = summarizeProfiles([profile, { ...profile, samples: [3], timeDeltas: [1e6] }]);
    expect(summary.seconds).toBe(6);
    expect(summary.parts).toEqual([
      { part: 'Astro', seconds: 3, share: 0.5 },
      { part: 'markdown-it', seconds: 3, share: 0.5 },
    ]);
    expect(summary.functions[0]).toMatchObject({ name: 'render', file: 'dist/render.js', seconds: 3 });
  });
});
