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
  functions: { part: string; name: string; file: string; seconds: number; share: number }[];
}

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
  // Astro's build output: the pages and the project's modules, bundled into chunks named after them.
  if (/\/(dist|\.astro|\.prerender|chunks|pages)\//.test(url) || /\/src\//.test(url)) return 'the site (src/, bundled)';
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
  return {
    seconds: seconds(total),
    parts: [...byPart]
      .sort((a, b) => b[1] - a[1])
      .map(([part, us]) => ({ part, seconds: seconds(us), share: share(us) })),
    functions: [...byFunction.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map(({ us, ...f }) => ({ ...f, seconds: seconds(us), share: share(us) })),
  };
}
