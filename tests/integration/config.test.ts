/**
 * A wrong setting stops `npm run build` before any work: exit code 2, the message names the variable and
 * the value, and nothing is written — no reports, no ledger, no dist/, no cache, no lock. Before, an
 * invalid GONGKAI_FEED_LIMIT quietly became 50 and the site was published with it.
 */
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type BuiltSite, runBuild } from '../helpers/build-site.ts';

const roots: string[] = [];
afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

describe('npm run build with a wrong setting', () => {
  it('GONGKAI_FEED_LIMIT=abc: exit code 2, a message naming the variable and the value, nothing written', async () => {
    const root = await mkdtemp(join(tmpdir(), 'gongkai-config-'));
    roots.push(root);
    const site: BuiltSite = {
      root,
      sources: join(root, 'sources'),
      reports: join(root, 'reports'),
      dist: join(root, 'dist'),
      base: '/',
      site: 'https://fzbg.example.gov.cn',
      stdout: '',
    };
    await cp('content/sources', site.sources, { recursive: true });

    const result = runBuild(site, { GONGKAI_FEED_LIMIT: 'abc', GONGKAI_TODAY: '2026-01-10' });

    expect(result.stderr).toContain('✗ 配置错误：GONGKAI_FEED_LIMIT 应为正整数（现为「abc」）');
    expect(result.status).toBe(2);
    // Not a step of the build started: neither the ingest's first line nor anything after it.
    expect(result.stdout).not.toMatch(/①|②|③/);
    expect(await readdir(root)).toEqual(['sources']);
  });
});
