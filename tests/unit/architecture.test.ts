/**
 * The stages' dependencies run one way (CONTRIBUTING.md): an entry point (scripts/*.ts) → its stage
 * (scripts/lib/<stage>/) → the pure core (src/lib/). These checks read every import of the project's
 * code and fail on one that goes the wrong way, naming the file and the import.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSpecifiers } from '../../src/lib/code-fingerprint.ts';

const ROOT = join(import.meta.dirname, '../..');
const CODE = /\.(ts|mjs|astro)$/;

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && CODE.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)).split('\\').join('/'));
}

/** Every module a file imports (static, dynamic, re-exports, Astro frontmatter and <script>), resolved to a project path when relative. */
function importsOf(file: string): string[] {
  const specifiers = importSpecifiers(readFileSync(join(ROOT, file), 'utf8'));
  return specifiers.map((s) =>
    s.startsWith('.')
      ? normalize(join(dirname(file), s))
          .split('\\')
          .join('/')
      : s,
  );
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
/** Node modules a pure module may use: computation only, no file system, processes, network or clock of the machine. */
const PURE_NODE = new Set(['node:crypto', 'crypto']);

const entryPoints = readdirSync(join(ROOT, 'scripts'), { withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.ts'))
  .map((e) => `scripts/${e.name}`);
const everyFile = ['src', 'scripts', 'tests'].flatMap(filesUnder).concat('astro.config.mjs');
const edges = everyFile.flatMap((from) => importsOf(from).map((to) => ({ from, to })));
type Edge = { from: string; to: string };
const violations = (allowed: (edge: Edge) => boolean, among: Edge[] = edges) =>
  among.filter((e) => !allowed(e)).map((e) => `${e.from} → ${e.to}`);

const rules = {
  noEntryImported: ({ to }: Edge) => !entryPoints.includes(to),
  pureCore: ({ from, to }: Edge) => {
    if (!from.startsWith('src/lib/')) return true;
    if (NODE_BUILTINS.has(to)) return PURE_NODE.has(to);
    return (
      !/^(scripts|src\/(collection|client|pages|components|layouts|integrations))\//.test(to) && to !== 'astro:content'
    );
  },
  siteApartFromCli: ({ from, to }: Edge) => !(from.startsWith('src/') && to.startsWith('scripts/')),
  stagesApart: ({ from, to }: Edge) => {
    const stageOf = (path: string) => /^scripts\/lib\/([^/]+)\//.exec(path)?.[1];
    const [a, b] = [stageOf(from), stageOf(to)];
    // The benchmarks measure every stage; every stage may use the shared helpers.
    return !a || !b || a === b || b === 'shared' || a === 'bench';
  },
};

describe('dependencies run one way', () => {
  it('finds the imports it checks (a guard against a pattern that matches nothing)', () => {
    expect(edges.length).toBeGreaterThan(300);
    expect(edges).toContainEqual({ from: 'scripts/build.ts', to: 'scripts/lib/ingest/engine.ts' });
  });

  it('each rule flags the imports it forbids', () => {
    const bad: Edge[] = [
      { from: 'scripts/dev.ts', to: 'scripts/ingest.ts' },
      { from: 'src/lib/region.ts', to: 'node:fs' },
      { from: 'src/lib/region.ts', to: 'src/collection/reports.ts' },
      { from: 'src/pages/index.astro', to: 'scripts/lib/site/downloads.ts' },
      { from: 'scripts/lib/site/downloads.ts', to: 'scripts/lib/ingest/engine.ts' },
    ];
    const flagged = Object.values(rules).flatMap((rule) => violations(rule, bad));
    expect(flagged.sort()).toEqual(bad.map((e) => `${e.from} → ${e.to}`).sort());
  });

  it('no file imports an entry point (scripts/*.ts): what two commands share lives in a stage', () => {
    expect(violations(rules.noEntryImported)).toEqual([]);
  });

  it('the pure core (src/lib/) does no I/O: no file system, processes or network, nothing from the edges', () => {
    expect(violations(rules.pureCore)).toEqual([]);
  });

  it('the site (src/) never reaches into the command line (scripts/), and a stage uses no other stage but the shared helpers', () => {
    expect(violations(rules.siteApartFromCli)).toEqual([]);
    expect(violations(rules.stagesApart)).toEqual([]);
  });

  it('browser code (src/client/) uses only the pure core: no Node module, no Markdown parser', () => {
    const closure = new Set<string>();
    const visit = (file: string) => {
      for (const to of importsOf(file)) {
        if (closure.has(to)) continue;
        closure.add(to);
        if (to.startsWith('src/') && /\.(ts|mjs)$/.test(to)) visit(to);
      }
    };
    for (const file of filesUnder('src/client')) visit(file);
    const forbidden = [...closure].filter(
      (m) => NODE_BUILTINS.has(m) || m === 'markdown-it' || m.startsWith('opencc-js') || m === 'yaml',
    );
    expect(forbidden).toEqual([]);
  });
});
