/**
 * The incremental build (the default; Astro's experimental incremental build over a kept dist/): after
 * new and removed uploads, the rebuilt site must be exactly the site a fresh build that renders every
 * page makes, while unchanged pages are left as they are, neither rendered nor written.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cachePathsOf } from '../../src/site.config.ts';
import { type BuiltSite, buildArchiveSite, buildSite, rebuildSite, runBuild } from '../helpers/build-site.ts';
import { FIXTURE_ARCHIVE } from '../helpers/fixture-archive.ts';

const ENV = { GONGKAI_INCREMENTAL: '1', GONGKAI_TODAY: '2026-01-01' };
const sites: BuiltSite[] = [];
afterAll(() => {
  for (const site of sites) rmSync(site.root, { recursive: true, force: true });
});

function digests(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

/** Astro's incremental-build record, in the site's cache folder (GONGKAI_CACHE_DIR, tests/helpers/build-site.ts). */
const incrementalRecord = (site: BuiltSite) =>
  join(cachePathsOf(join(site.root, 'cache')).astro, 'incremental-build.json');

function keyedPages(site: BuiltSite): Map<string, string> {
  const manifest = JSON.parse(readFileSync(incrementalRecord(site), 'utf8')) as {
    routes: Record<string, { paths: Record<string, { cacheKey: string }> }>;
  };
  return new Map(
    Object.values(manifest.routes).flatMap((r) => Object.entries(r.paths).map(([p, e]) => [p, e.cacheKey] as const)),
  );
}

/** A fresh, non-incremental build of the same uploads. */
async function freshBuildOf(site: BuiltSite): Promise<Map<string, string>> {
  const fresh = await buildSite(site.sources, { GONGKAI_TODAY: ENV.GONGKAI_TODAY, GONGKAI_INCREMENTAL: '0' });
  sites.push(fresh);
  return digests(fresh.dist);
}

describe('incremental build', () => {
  it('rebuilds after new and removed uploads exactly as a full build would, rendering only the pages they affect', async () => {
    const site = await buildSite('tests/fixtures/dev', ENV, (path) => !path.endsWith('.tsv'));
    sites.push(site);
    const before = keyedPages(site);
    expect(before.size).toBeGreaterThan(30);

    // Two new uploads: the same text under a new name would be a duplicate, so take seeds not in dev.
    for (const name of readdirSync('content/sources').slice(0, 2)) {
      copyFileSync(join('content/sources', name), join(site.sources, `new-${name}`));
    }
    const times = (dir: string) => new Map([...digests(dir).keys()].map((f) => [f, statSync(join(dir, f)).mtimeMs]));
    const timesBefore = times(site.dist);
    rebuildSite(site, ENV);
    const after = keyedPages(site);
    const rendered = [...after].filter(([path, key]) => before.get(path) !== key).length;
    const reportPages = (keys: Map<string, string>) => [...keys.keys()].filter((p) => p.startsWith('/reports/')).length;
    expect(reportPages(after)).toBe(reportPages(before) + 2);
    expect(rendered).toBeGreaterThanOrEqual(2);
    expect(rendered).toBeLessThan(after.size / 2);
    expect(digests(site.dist)).toEqual(await freshBuildOf(site));
    // The pages whose key did not change were not written again (nor their downloads copied).
    const timesAfter = times(site.dist);
    const untouched = [...after]
      .filter(([path, key]) => before.get(path) === key && path.startsWith('/reports/'))
      .map(([path]) => `${path.replace(/^\//, '')}index.html`);
    expect(untouched.length).toBeGreaterThan(10);
    for (const file of untouched) expect(timesAfter.get(file), file).toBe(timesBefore.get(file));
    const downloads = [...timesBefore.keys()].filter((f) => f.startsWith('downloads/'));
    expect(downloads.filter((f) => timesAfter.get(f) !== timesBefore.get(f))).toEqual([]);

    const removed = readdirSync(site.sources).find((n) => n.startsWith('new-')) as string;
    rmSync(join(site.sources, removed));
    rebuildSite(site, ENV);
    expect(reportPages(keyedPages(site))).toBe(reportPages(before) + 1);
    expect(digests(site.dist)).toEqual(await freshBuildOf(site));

    // A build that renders everything does not record what it rendered: it forgets the record, so that
    // a later incremental build cannot keep a page from what the record knew.
    rebuildSite(site, { ...ENV, GONGKAI_INCREMENTAL: '0' });
    expect(existsSync(incrementalRecord(site))).toBe(false);
  }, 300_000);

  it('writes a compare page again only when one of its two reports changed', async () => {
    const env = { ...ENV, GONGKAI_SKIP_INGEST: '1' };
    const site = await buildArchiveSite(FIXTURE_ARCHIVE, env);
    sites.push(site);
    // The compare pages are made outside Astro (scripts/lib/site/compare-stage.ts), which records their keys.
    const comparePages = () =>
      new Map(
        Object.entries(
          (
            JSON.parse(readFileSync(join(cachePathsOf(join(site.root, 'cache')).compare, 'written.json'), 'utf8')) as {
              pages: Record<string, string>;
            }
          ).pages,
        ),
      );
    const before = comparePages();
    const compares = [...before.keys()];
    expect(compares.length).toBeGreaterThanOrEqual(6);
    const written = (p: string) => statSync(join(site.dist, p, 'index.html')).mtimeMs;
    const timesBefore = new Map(compares.map((p) => [p, written(p)]));
    // A hand edit of the 2023 report of 山东省人民政府: its two comparisons change, no other.
    const file = join(site.reports, '2023', '2023-shandongsheng-renminzhengfu.md');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/(## 二、[^\n]*\n\n)/, '$1新增的一句话，说明本年度的新情况。\n\n'));
    rebuildSite(site, env);
    const after = comparePages();
    const changed = compares.filter((p) => before.get(p) !== after.get(p)).sort();
    // 2023 is the last of the body's three years: one pair holds it.
    expect(changed).toEqual(['/compare/2022-shandongsheng-renminzhengfu/2023-shandongsheng-renminzhengfu/']);
    // The others are left as they were, not written again.
    expect(compares.filter((p) => written(p) !== timesBefore.get(p))).toEqual(changed);
    const page = readFileSync(
      join(site.dist, 'compare/2022-shandongsheng-renminzhengfu/2023-shandongsheng-renminzhengfu/index.html'),
      'utf8',
    );
    expect(page).toContain('<ins>新增的一句话，说明本年度的新情况。</ins>');
  }, 300_000);

  it('does next to nothing when nothing changed, and builds again when dist/, a setting or --force says so', async () => {
    const env = { ...ENV, GONGKAI_SKIP_INGEST: '1' };
    const site = await buildArchiveSite(FIXTURE_ARCHIVE, env);
    sites.push(site);
    const built = digests(site.dist);
    const times = () => new Map([...built.keys()].map((f) => [f, statSync(join(site.dist, f)).mtimeMs]));
    const timesBefore = times();
    const skipped = (out: string) => out.includes('无需重建');

    // Nothing changed: no stage after the ingest runs, not a file is written.
    const again = rebuildSite(site, env);
    expect(skipped(again.stdout), again.stdout).toBe(true);
    expect(again.stdout).toContain('未变');
    expect(times()).toEqual(timesBefore);

    // A page deleted from dist/ (or a file edited there) is noticed: the site is built again, as before.
    const page = [...built.keys()].find((f) => f.startsWith('reports/')) as string;
    rmSync(join(site.dist, page));
    const repaired = rebuildSite(site, env);
    expect(skipped(repaired.stdout)).toBe(false);
    expect(digests(site.dist)).toEqual(built);
    expect(skipped(rebuildSite(site, env).stdout)).toBe(true);

    // A setting that changes the pages builds again; so does --force, with nothing changed.
    const renamed = rebuildSite(site, { ...env, GONGKAI_NAME: '另一个名称的报告库' });
    expect(skipped(renamed.stdout)).toBe(false);
    expect(readFileSync(join(site.dist, 'index.html'), 'utf8')).toContain('另一个名称的报告库');
    expect(skipped(rebuildSite(site, env, ['--force']).stdout)).toBe(false);
    expect(digests(site.dist)).toEqual(built);
    // A hand edit of a report's Markdown is an input like an upload.
    expect(skipped(rebuildSite(site, env).stdout)).toBe(true);
    const report = join(site.reports, '2023', '2023-shandongsheng-renminzhengfu.md');
    writeFileSync(report, `${readFileSync(report, 'utf8')}\n补充的一句话。\n`);
    const edited = rebuildSite(site, env);
    expect(skipped(edited.stdout)).toBe(false);
    expect(
      readFileSync(join(site.dist, 'reports', '2023-shandongsheng-renminzhengfu', 'index.html'), 'utf8'),
    ).toContain('补充的一句话。');
  }, 400_000);

  it('skips even the ingest when no upload changed since the last build, naming again the uploads that failed', async () => {
    const site = await buildSite('tests/fixtures/seeds', ENV, (path) => !path.endsWith('.tsv'));
    sites.push(site);
    const noIngest = (out: string) => out.includes('无需转换');
    const written = () =>
      new Map(
        readdirSync(site.reports, { recursive: true, encoding: 'utf8' }).map((f) => [
          f,
          statSync(join(site.reports, f)).mtimeMs,
        ]),
      );
    const before = written();
    const distBefore = digests(site.dist);

    const again = rebuildSite(site, ENV);
    expect(noIngest(again.stdout), again.stdout).toBe(true);
    expect(written()).toEqual(before);
    expect(digests(site.dist)).toEqual(distBefore);

    // A changed upload is converted and published.
    const upload = join(site.sources, readdirSync(site.sources).find((f) => f.endsWith('.txt')) as string);
    writeFileSync(upload, `${readFileSync(upload, 'utf8')}\n\n新增的一段话，用于检验重建。\n`);
    const changed = rebuildSite(site, ENV);
    expect(noIngest(changed.stdout)).toBe(false);
    expect(changed.stdout).toContain('更新 1');

    // An upload that fails is named by every build, with exit code 1; once converted by the same code and tools
    // and unchanged, it would fail the same way, so the next build names it again without converting it again.
    writeFileSync(join(site.sources, '空白.txt'), '');
    for (const skipped of [false, true]) {
      const failing = runBuild(site, ENV);
      expect(failing.status).toBe(1);
      expect(noIngest(failing.stdout), failing.stdout).toBe(skipped);
      expect(failing.stdout).toContain('✗ 空白.txt');
      expect(failing.stdout).toContain('1 个上传文件未能发布');
    }
    rmSync(join(site.sources, '空白.txt'));
    expect(runBuild(site, ENV).status).toBe(0);
    expect(noIngest(rebuildSite(site, ENV).stdout)).toBe(true);
  }, 400_000);
});
