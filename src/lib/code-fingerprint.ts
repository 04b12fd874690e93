/**
 * A fingerprint of the code that produced a cached result: every module reachable from the entry
 * modules through their imports (static, dynamic with a literal path, re-exports, JSON), by content,
 * and the version of every package they import. A cache keyed by it cannot be served stale after a
 * change to any module that made its bytes — which a hand-kept list of files could (it once left out
 * four of the search index's modules).
 *
 * Pure: the caller says how to read a module and a package's version (src/collection/project-code.ts).
 */
import { createHash } from 'node:crypto';

export interface ModuleSource {
  /** A module's text by its project-relative '/'-separated path, or null when there is no such file. */
  read(path: string): string | null;
  /** An installed package's version, or null when it is not installed. */
  packageVersion(name: string): string | null;
}

export interface CodeFingerprint {
  /** 16 hex digits over the modules' contents and the packages' versions. */
  hash: string;
  /** The project modules it covers, sorted. */
  modules: string[];
  /** The packages they import, with their versions, sorted by name. */
  packages: [string, string][];
}

/** Every module specifier in a module's text: imports, re-exports and dynamic imports of a literal. */
export function importSpecifiers(text: string): string[] {
  return [
    ...text.matchAll(/^\s*(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]/gm),
    ...text.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
    ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1] as string);
}

/** A relative specifier resolved against the importing module's path ('/'-separated, no . or ..). */
export function resolveRelative(from: string, specifier: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const part of specifier.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

/** The package a bare specifier names ('@scope/name/sub' → '@scope/name'); null for Node's own modules. */
export function packageOf(specifier: string): string | null {
  if (specifier.startsWith('node:')) return null;
  // Astro's virtual modules (astro:content) are Astro's code.
  if (/^astro:/.test(specifier)) return 'astro';
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

const CODE = /\.(ts|mts|js|mjs|astro)$/;

export function codeFingerprint(entries: readonly string[], source: ModuleSource): CodeFingerprint {
  const modules = new Map<string, string>();
  const packages = new Map<string, string>();
  const visit = (path: string) => {
    if (modules.has(path)) return;
    const text = source.read(path);
    // A module that cannot be read still counts by name: its appearing later changes the hash.
    modules.set(path, text ?? '\u0000missing');
    if (text === null || !CODE.test(path)) return;
    for (const specifier of importSpecifiers(text)) {
      if (specifier.startsWith('.')) visit(resolveRelative(path, specifier));
      else {
        const name = packageOf(specifier);
        if (name !== null && !packages.has(name)) packages.set(name, source.packageVersion(name) ?? 'missing');
      }
    }
  };
  for (const entry of entries) visit(entry);
  const sortedModules = [...modules.keys()].sort();
  const sortedPackages = [...packages.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  const h = createHash('sha256');
  for (const path of sortedModules) h.update(`${path}\u0000${modules.get(path)}\u0000`);
  for (const [name, version] of sortedPackages) h.update(`${name}@${version}\u0000`);
  return { hash: h.digest('hex').slice(0, 16), modules: sortedModules, packages: sortedPackages };
}
