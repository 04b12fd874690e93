/**
 * Where the page render's CPU time goes (issue 28): a V8 CPU profile (node --cpu-prof, a .cpuprofile file) summed
 * by self time into what a reader of the figures can act on — Astro itself, markdown-it, Vite/Rollup, the site's own
 * code (Astro bundles src/ into chunks named after their modules), the other packages, Node's own modules, and the
 * garbage collector — and the functions that take the most. Pure: works on the parsed profile.
 */

export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Sampled time in all, seconds. */
  seconds: number;
  /** Self time by part, seconds, largest first. */
  parts: { part: string; seconds: number; share: number }[];
  /** The functions with the most self time: part, name, file (the last two path segments). */
  functions: ProfiledFunction[];
  /** The same within each of the five largest parts. */
  withinParts: Record<string, ProfiledFunction[]>;
  /** Self time by file (a bundled chunk is named after its module) within the site's own code. */
  siteFiles: { file: string; seconds: number; share: number }[];
}

export interface ProfiledFunction {
  part: string;
  name: string;
  file: string;
  seconds: number;
  share: number;
}

const SITE = 'the site (src/, bundled)';

/** The part a function belongs to, by its script's URL (or V8's pseudo-frames: (garbage collector), (program)…). */
export function partOf(url: string, functionName: string): string {
  if (!url) {
    if (functionName === '(garbage collector)') return 'garbage collector';
    if (functionName === '(idle)') return 'idle';
    return functionName.startsWith('(') ? `V8 ${functionName}` : 'native';
  }
  if (url.startsWith('node:')) return 'Node (its own modules)';
  // The innermost node_modules names the package (a nested copy is its own package).
  const pkg = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
  if (pkg) {
    if (pkg === 'astro' || pkg.startsWith('@astrojs/')) return 'Astro';
    if (pkg === 'markdown-it' || pkg.startsWith('markdown-it-') || pkg === 'linkify-it' || pkg === 'mdurl')
      return 'markdown-it';
    if (pkg === 'vite' || pkg === 'rollup' || pkg === 'esbuild' || pkg.startsWith('@rollup/')) return 'Vite / Rollup';
    if (pkg === 'zod') return 'zod (content schema)';
    return `other packages (${pkg})`;
  }
  // Astro's build output: its own runtime bundled into chunks of its own (server_*, the prerender entry), and the
  // pages and the project's modules, bundled into chunks named after them.
  if (
    /(\/chunks\/(server|astro|render|sequence|noop|renderers|entrypoint|_virtual)[_-][^/]*|\/prerender-entry[^/]*)$/.test(
      url,
    )
  )
    return 'Astro (its runtime, bundled)';
  if (/\/(dist|\.astro|\.prerender|chunks|pages)\//.test(url) || /\/src\//.test(url)) return SITE;
  return 'other';
}

export function summarizeProfiles(profiles: readonly CpuProfile[], top = 25): ProfileSummary {
  const byPart = new Map<string, number>();
  const byFunction = new Map<string, { part: string; name: string; file: string; us: number }>();
  let total = 0;
  for (const profile of profiles) {
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    for (const [i, id] of profile.samples.entries()) {
      const us = profile.timeDeltas[i] ?? 0;
      const node = nodes.get(id);
      if (!node || us <= 0) continue;
      const { functionName, url, lineNumber } = node.callFrame;
      const part = partOf(url, functionName);
      if (part === 'idle') continue;
      total += us;
      byPart.set(part, (byPart.get(part) ?? 0) + us);
      const file = url.split('/').slice(-2).join('/');
      const key = `${url}:${lineNumber}:${functionName}`;
      const entry = byFunction.get(key) ?? { part, name: functionName || '(anonymous)', file, us: 0 };
      entry.us += us;
      byFunction.set(key, entry);
    }
  }
  const seconds = (us: number) => Math.round(us / 1e4) / 100;
  const share = (us: number) => (total ? Math.round((us / total) * 1000) / 1000 : 0);
  const parts = [...byPart]
    .sort((a, b) => b[1] - a[1])
    .map(([part, us]) => ({ part, seconds: seconds(us), share: share(us) }));
  const ranked = [...byFunction.values()]
    .sort((a, b) => b.us - a.us)
    .map(({ us, ...f }) => ({ ...f, seconds: seconds(us), share: share(us) }));
  const siteFiles = new Map<string, number>();
  for (const f of byFunction.values()) if (f.part === SITE) siteFiles.set(f.file, (siteFiles.get(f.file) ?? 0) + f.us);
  return {
    seconds: seconds(total),
    parts,
    siteFiles: [...siteFiles]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([file, us]) => ({ file, seconds: seconds(us), share: share(us) })),
    functions: ranked.slice(0, top),
    withinParts: Object.fromEntries(
      parts.slice(0, 5).map(({ part }) => [part, ranked.filter((f) => f.part === part).slice(0, 10)]),
    ),
  };
}
