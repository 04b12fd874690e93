/**
 * Nothing outside content/sources is read: symbolic links, hidden files and names the file system cannot
 * give back, in a real folder.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listSources } from '../../scripts/lib/ingest/engine.ts';
import { fileInside } from '../../scripts/lib/shared/contained-path.ts';
import { copyDownloads } from '../../scripts/lib/site/downloads.ts';

const root = mkdtempSync(join(tmpdir(), 'gongkai-listing-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const outside = join(root, 'outside');
const sources = join(root, 'sources');
mkdirSync(outside);
mkdirSync(join(sources, '山东/济宁'), { recursive: true });
writeFileSync(join(outside, 'secret.txt'), '机密：不应发布');
writeFileSync(join(sources, '山东/济宁/报告.txt'), '报告正文');
symlinkSync(join(outside, 'secret.txt'), join(sources, '外部链接.txt'));
symlinkSync('/etc/passwd', join(sources, 'passwd.txt'));
symlinkSync(outside, join(sources, '外部文件夹'));
symlinkSync('山东/济宁/报告.txt', join(sources, '内部链接.txt'));
symlinkSync('山东', join(sources, '内部文件夹'));
symlinkSync('不存在.txt', join(sources, '断开的链接.txt'));
symlinkSync('循环b.txt', join(sources, '循环a.txt'));
symlinkSync('循环a.txt', join(sources, '循环b.txt'));
writeFileSync(join(sources, '.隐藏的报告.txt'), '报告正文');
mkdirSync(join(sources, '.隐藏文件夹'));
writeFileSync(join(sources, '.隐藏文件夹/报告.txt'), '报告正文');
writeFileSync(join(sources, '.DS_Store'), '');

describe('the uploads under content/sources', () => {
  const listing = listSources(sources);

  it('follow a symbolic link only to a file inside the folder', () => {
    expect(listing.files).toEqual(['内部链接.txt', '山东/济宁/报告.txt']);
  });

  it('name every link that is not followed, and why, never passing one over in silence', () => {
    const why = Object.fromEntries(listing.refused.map((r) => [r.path, r.message]));
    expect(Object.keys(why).sort()).toEqual(
      ['passwd.txt', '内部文件夹', '外部文件夹', '外部链接.txt', '循环a.txt', '循环b.txt', '断开的链接.txt'].sort(),
    );
    expect(why['外部链接.txt']).toMatch(/content\/sources 之外/);
    expect(why['passwd.txt']).toMatch(/content\/sources 之外/);
    expect(why['循环a.txt']).toMatch(/循环/);
    expect(why['断开的链接.txt']).toMatch(/不存在/);
    expect(why.内部文件夹).toMatch(/文件夹/);
    for (const r of listing.refused) expect(r.hint).toBeTruthy();
  });

  it('name hidden files and folders (a report hidden by mistake), and pass over only system files', () => {
    expect(listing.hidden.map((h) => h.path)).toEqual(['.隐藏文件夹', '.隐藏的报告.txt']);
    expect(listing.hidden[1]?.hint).toMatch(/去掉名称开头的“\.”/);
  });

  it('resolve a recorded path against the folder, links and all', () => {
    expect(fileInside(sources, '内部链接.txt')).toMatchObject({ ok: true });
    expect(fileInside(sources, '../outside/secret.txt')).toMatchObject({ ok: false, reason: 'outside' });
    expect(fileInside(sources, '外部链接.txt')).toMatchObject({ ok: false, reason: 'outside' });
    expect(fileInside(sources, '山东')).toMatchObject({ ok: false, reason: 'not-a-file' });
  });
});

describe('the downloads step', () => {
  it('publishes no file from outside the folder, whatever a report says, and names each report refused', async () => {
    const reports = join(root, 'reports');
    const dist = join(root, 'dist');
    mkdirSync(reports);
    const report = (slug: string, path: string) => {
      const file = join(reports, `${slug}.md`);
      writeFileSync(file, `---\nslug: ${slug}\n---\n`);
      return {
        file,
        report: { slug, source: { path, sha256: '0'.repeat(64), format: 'txt' as const, encoding: null } },
      };
    };
    const result = await copyDownloads(
      [report('ok', '山东/济宁/报告.txt'), report('climbs', '../outside/secret.txt'), report('linked', '外部链接.txt')],
      sources,
      dist,
    );
    expect(readFileSync(join(dist, 'downloads/ok/original.txt'), 'utf8')).toBe('报告正文');
    expect(result.refused.map((r) => r.path.split('/').pop())).toEqual(['climbs.md', 'linked.md']);
    const published = listSources(join(dist, 'downloads')).files;
    expect(published).toEqual(['climbs/climbs.md', 'linked/linked.md', 'ok/ok.md', 'ok/original.txt']);
    for (const file of published) expect(readFileSync(join(dist, 'downloads', file), 'utf8')).not.toContain('机密');
  });
});
