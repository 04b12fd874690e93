/**
 * Builds a whole site (ingest → Astro → search index) from a folder of sources into a
 * temporary folder, exactly as `npm run build` does, and says where everything went.
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface BuiltSite {
  root: string;
  sources: string;
  reports: string;
  dist: string;
  base: string;
  site: string;
  stdout: string;
}

export async function buildSite(
  fromSources: string,
  env: Record<string, string> = {},
  filter: (path: string) => boolean = () => true,
): Promise<BuiltSite> {
  const root = await mkdtemp(join(tmpdir(), 'gongkai-site-'));
  const sources = join(root, 'sources');
  await cp(resolve(fromSources), sources, { recursive: true, filter });
  return rebuildSite(
    {
      root,
      sources,
      reports: join(root, 'reports'),
      dist: join(root, 'dist'),
      base: env.GONGKAI_BASE ?? '/',
      site: env.GONGKAI_SITE ?? 'https://fzbg.example.gov.cn',
      stdout: '',
    },
    env,
  );
}

/**
 * Builds a site from an archive that already has its reports (sources/ + reports/, as in
 * tests/fixtures/archive) without running the ingest: the pages see exactly those reports.
 */
export async function buildArchiveSite(
  fromArchive: string,
  env: Record<string, string> = {},
  /** Changes to the copied reports before the build (a hand edit). */
  edit: (reportsDir: string) => void = () => {},
): Promise<BuiltSite> {
  const root = await mkdtemp(join(tmpdir(), 'gongkai-site-'));
  const site: BuiltSite = {
    root,
    sources: join(root, 'sources'),
    reports: join(root, 'reports'),
    dist: join(root, 'dist'),
    base: env.GONGKAI_BASE ?? '/',
    site: env.GONGKAI_SITE ?? 'https://fzbg.example.gov.cn',
    stdout: '',
  };
  await cp(resolve(fromArchive, 'sources'), site.sources, { recursive: true });
  await cp(resolve(fromArchive, 'reports'), site.reports, { recursive: true });
  edit(site.reports);
  return rebuildSite(site, { ...env, GONGKAI_SKIP_INGEST: '1' });
}

/** Runs the build again over an existing temporary site (after its sources changed). */
export function rebuildSite(site: BuiltSite, env: Record<string, string> = {}, args: string[] = []): BuiltSite {
  const result = runBuild(site, env, args);
  if (result.status !== 0) {
    throw new Error(`build failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return { ...site, stdout: result.stdout };
}

/** Runs `npm run build`'s script over a temporary site and gives back how it ended, whatever the exit code. */
export function runBuild(site: BuiltSite, env: Record<string, string> = {}, args: string[] = []) {
  return spawnSync(process.execPath, [resolve('node_modules/tsx/dist/cli.mjs'), 'scripts/build.ts', ...args], {
    env: {
      ...process.env,
      GONGKAI_SITE: site.site,
      GONGKAI_BASE: site.base,
      ...env,
      GONGKAI_SOURCES_DIR: site.sources,
      GONGKAI_REPORTS_DIR: site.reports,
      GONGKAI_OUT_DIR: site.dist,
      GONGKAI_CACHE_DIR: join(site.root, 'cache'),
    },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}
