/**
 * A report file as a webmaster may hand-edit it (--skip-ingest): saved with CRLF line ends, or with a
 * byte-order mark, it is the same report to every stage — the pages, the feeds, the search index, the
 * downloads — since all of them read it through one parser (src/lib/report-file.ts).
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listReportFiles } from '../../src/collection/report-files.ts';
import { buildArchiveSite } from '../helpers/build-site.ts';
import { FIXTURE_ARCHIVE } from '../helpers/fixture-archive.ts';

describe('a hand-edited report file', () => {
  let root = '';
  afterAll(() => root && rmSync(root, { recursive: true, force: true }));

  it('with CRLF line ends or a byte-order mark is built, indexed and published like any other', async () => {
    const files = listReportFiles(join(FIXTURE_ARCHIVE, 'reports'));
    const [crlf, bom] = [files[0] as string, files[1] as string];
    const site = await buildArchiveSite(FIXTURE_ARCHIVE, {}, (reports) => {
      const at = (f: string) => join(reports, f);
      writeFileSync(at(crlf), readFileSync(at(crlf), 'utf8').replace(/\n/g, '\r\n'));
      writeFileSync(at(bom), `\uFEFF${readFileSync(at(bom), 'utf8')}`);
    });
    root = site.root;
    const manifest = JSON.parse(readFileSync(join(site.dist, 'pagefind/gongkai-shards.json'), 'utf8')) as {
      shards: { count: number }[];
    };
    expect(manifest.shards.reduce((n, s) => n + s.count, 0)).toBe(files.length);
    for (const file of [crlf, bom]) {
      const slug = file.replace(/^.*\//, '').replace(/\.md$/, '');
      expect(readdirSync(join(site.dist, 'reports', slug))).toContain('index.html');
      expect(readdirSync(join(site.dist, 'downloads', slug))).toContain(`${slug}.md`);
    }
  });
});
