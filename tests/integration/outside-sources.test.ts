/**
 * Nothing outside content/sources is read or published: a hand-edited report whose source.path climbs
 * out, a symbolic link to a file outside — through `npm run build -- --skip-ingest` and through the ingest.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runIngest } from '../../scripts/lib/ingest/engine.ts';
import { type BuiltSite, runBuild } from '../helpers/build-site.ts';
import { FIXTURE_ARCHIVE } from '../helpers/fixture-archive.ts';

const SECRET = '机密：此文件在 content/sources 之外';
const root = mkdtempSync(join(tmpdir(), 'gongkai-outside-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
writeFileSync(join(root, 'secret.txt'), SECRET);

const REPORTS = ['2024/2024-changshaxian-renminzhengfu.md', '2024/2024-hangzhoushi-renminzhengfu.md'];
const site: BuiltSite = {
  root,
  sources: join(root, 'sources'),
  reports: join(root, 'reports'),
  dist: join(root, 'dist'),
  base: '/',
  site: 'https://fzbg.example.gov.cn',
  stdout: '',
};
const pathOf = (report: string) =>
  /\n {2}path: "([^"]+)"/.exec(readFileSync(join(site.reports, report), 'utf8'))?.[1] as string;
for (const report of REPORTS) {
  mkdirSync(join(site.reports, '2024'), { recursive: true });
  cpSync(join(FIXTURE_ARCHIVE, 'reports', report), join(site.reports, report));
  const upload = pathOf(report);
  mkdirSync(join(site.sources, upload, '..'), { recursive: true });
  cpSync(join(FIXTURE_ARCHIVE, 'sources', upload), join(site.sources, upload));
}

function everyFileUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('npm run build -- --skip-ingest', () => {
  it('refuses a report whose source.path climbs out of content/sources, naming the file and the field', () => {
    const file = join(site.reports, REPORTS[0] as string);
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace(/\n {2}path: "[^"]+"/, '\n  path: "../secret.txt"'));
    const result = runBuild(site, { GONGKAI_SKIP_INGEST: '1' });
    writeFileSync(file, original);
    // Astro colours its error (bold field names) when the runner gives it a colour terminal, as CI does.
    const output = stripVTControlCharacters(`${result.stdout}\n${result.stderr}`);
    expect(result.status).not.toBe(0);
    expect(output).toContain('2024-changshaxian-renminzhengfu');
    expect(output).toMatch(/source\.path: 应为 content\/sources 之内的相对路径/);
    expect(output).toContain('content/sources');
    for (const f of everyFileUnder(root).filter((f) => !f.endsWith('secret.txt')))
      expect(readFileSync(f).includes(Buffer.from(SECRET)), f).toBe(false);
  });

  it('publishes no original through a symbolic link to a file outside, says so, and builds the rest', () => {
    const upload = join(site.sources, pathOf(REPORTS[0] as string));
    rmSync(upload);
    symlinkSync(join(root, 'secret.txt'), upload);
    const result = runBuild(site, { GONGKAI_SKIP_INGEST: '1' });
    expect(result.status, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/✗ .*2024-changshaxian-renminzhengfu\.md：原件未发布：.*content\/sources 之外/);
    expect(readdirSync(join(site.dist, 'downloads/2024-changshaxian-renminzhengfu'))).toEqual([
      '2024-changshaxian-renminzhengfu.md',
    ]);
    expect(readdirSync(join(site.dist, 'downloads/2024-hangzhoushi-renminzhengfu'))).toContain('original.txt');
    for (const f of everyFileUnder(site.dist)) expect(readFileSync(f).includes(Buffer.from(SECRET)), f).toBe(false);
  });
});

describe('the ingest', () => {
  it('names a symbolic link to a file outside and a hidden upload on every run, and converts the rest', async () => {
    const options = { sources: site.sources, reports: join(root, 'ingested'), cacheDir: null, today: '2026-01-01' };
    writeFileSync(join(site.sources, '.草稿.txt'), '某县人民政府关于2024年度法治政府建设情况的报告');
    for (let run = 0; run < 2; run++) {
      const summary = await runIngest(options);
      const failed = summary.failed.map((f) => f.path);
      expect(failed, `run ${run}`).toEqual([pathOf(REPORTS[0] as string)]);
      expect(summary.failed[0]?.message).toMatch(/符号链接未跟随/);
      expect(summary.warnings.filter((w) => w.path === '.草稿.txt' && !w.unchanged)).toHaveLength(1);
      expect(summary.total).toBe(2);
    }
    for (const f of everyFileUnder(options.reports)) expect(readFileSync(f, 'utf8')).not.toContain(SECRET);
  });
});
