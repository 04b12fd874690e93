/**
 * The one place where a deployment is configured. Every value has a default that
 * serves the sample archive locally, and an environment variable that overrides it
 * (see README → Configuration).
 */
export interface SiteConfig {
  /** Absolute origin (and optional path) the site is published at, e.g. https://www.example.gov.cn */
  site: string;
  /** Base path under that origin, always starting and ending with '/', e.g. /fzbg/ */
  base: string;
  /** The site's name, shown in the header, titles and feeds. */
  name: string;
  /** The organisation that runs the archive, shown in the footer and feeds. */
  organisation: string;
  /** How many items the site-wide feed holds. */
  feedLimit: number;
  /**
   * Where dist/downloads/ is published when not beside the pages: an origin (and path) of its own, e.g.
   * https://files.example.gov.cn/fzbg, without a trailing slash; null: under the site's base path.
   */
  downloadsOrigin: string | null;
}

function normaliseBase(raw: string | undefined): string {
  const trimmed = (raw ?? '/').trim().replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '/' : `/${trimmed}/`;
}

function downloadsOriginOf(raw: string | undefined): string | null {
  const origin = raw?.trim().replace(/\/+$/, '') || null;
  if (origin && !/^https?:\/\/[^/\s]+(\/\S*)?$/.test(origin))
    throw new Error(
      `GONGKAI_DOWNLOADS_ORIGIN 应为 http(s) 网址，如 https://files.example.gov.cn/fzbg（现为「${origin}」）`,
    );
  return origin;
}

export function readSiteConfig(env: Record<string, string | undefined> = process.env): SiteConfig {
  const feedLimit = Number.parseInt(env.GONGKAI_FEED_LIMIT ?? '', 10);
  return {
    site: (env.GONGKAI_SITE ?? 'http://localhost:4321').replace(/\/+$/, ''),
    base: normaliseBase(env.GONGKAI_BASE),
    name: env.GONGKAI_NAME ?? '法治政府建设报告公开库',
    organisation: env.GONGKAI_ORG ?? '公开（Gongkai）示例站点',
    feedLimit: Number.isFinite(feedLimit) && feedLimit > 0 ? feedLimit : 50,
    downloadsOrigin: downloadsOriginOf(env.GONGKAI_DOWNLOADS_ORIGIN),
  };
}

/** Where the pipeline reads and writes; overridable so that tests and benchmarks use temporary folders. */
export interface PipelinePaths {
  sources: string;
  reports: string;
  outDir: string;
}

export function readPipelinePaths(env: Record<string, string | undefined> = process.env): PipelinePaths {
  return {
    sources: env.GONGKAI_SOURCES_DIR ?? 'content/sources',
    reports: env.GONGKAI_REPORTS_DIR ?? 'content/reports',
    outDir: env.GONGKAI_OUT_DIR ?? 'dist',
  };
}

/**
 * Whether the build is incremental (the default; GONGKAI_INCREMENTAL=0 turns it off): Astro's
 * experimental incremental build renders only the pages whose cache key changed and keeps dist/
 * between builds (astro.config.mjs). Pages compute their cache keys only then.
 */
export function incrementalBuild(env: Record<string, string | undefined> = process.env): boolean {
  return env.GONGKAI_INCREMENTAL !== '0';
}
