/**
 * Which files of a kept output folder a build no longer produces.
 *
 * With the incremental build, dist/ is not emptied before Astro runs: a page whose cache key is
 * unchanged is neither rendered nor written again, it stays where the previous build put it. What
 * must then go by hand is what nothing produces any more — the page of a removed report, the region
 * page of a region that lost its last report, an old sitemap part. A file is stale when this build
 * did not produce (or keep) it, it is not a file of public/, it is not in a folder another stage owns
 * (downloads/, pagefind/), and it was last written before the build started (what Vite and the
 * integrations write during the build — bundles, the sitemap — is this build's).
 */
export interface OutputFile {
  /** Relative to the output folder, with '/' separators. */
  path: string;
  mtimeMs: number;
}

export interface StaleRule {
  /** Files this build rendered or kept (Astro's routes), relative, '/'-separated. */
  produced: ReadonlySet<string>;
  /** Files of public/, copied by Vite on every build. */
  publicFiles: ReadonlySet<string>;
  /** Top-level folders and files written by other stages of the pipeline, e.g. 'downloads', '_headers'. */
  ownedElsewhere: readonly string[];
  /** When the build started (ms since the epoch). */
  startedMs: number;
}

export function staleOutputFiles(files: readonly OutputFile[], rule: StaleRule): string[] {
  return files
    .filter((f) => {
      const top = f.path.split('/')[0] ?? '';
      if (rule.ownedElsewhere.includes(top)) return false;
      if (rule.produced.has(f.path) || rule.publicFiles.has(f.path)) return false;
      return f.mtimeMs < rule.startedMs;
    })
    .map((f) => f.path)
    .sort();
}
