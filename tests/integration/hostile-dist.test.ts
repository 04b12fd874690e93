/**
 * Nothing a report carries becomes active or unreadable anywhere in the built site: generated hostile
 * uploads beside the sample archive (through the ingest), and reports edited by hand with the same
 * payloads and forbidden characters (--skip-ingest, where no converter cleans them first). Every page,
 * feed, sitemap and catalog is scanned (tests/helpers/dist-scan.ts).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listReportFiles } from '../../src/collection/report-files.ts';
import { type BuiltSite, buildArchiveSite, buildSite, runBuild } from '../helpers/build-site.ts';
import { scanDist } from '../helpers/dist-scan.ts';
import { FIXTURE_ARCHIVE } from '../helpers/fixture-archive.ts';
import { hostileUploads, MARKER, PAYLOADS } from '../helpers/hostile-uploads.ts';
import { treeHashes } from '../helpers/tree-hashes.ts';

const ORIGIN = 'https://www.example.gov.cn';
const built: BuiltSite[] = [];
afterAll(async () => {
  for (const site of built) await rm(site.root, { recursive: true, force: true });
});

describe('a site built from hostile reports', () => {
  it('generated hostile uploads: every page, feed and catalog is inert and well-formed', async () => {
    const site = await buildSite('content/sources', { GONGKAI_BASE: '/fzbg/', GONGKAI_SITE: ORIGIN });
    built.push(site);
    for (const upload of hostileUploads(27, 30)) {
      await mkdir(dirname(join(site.sources, upload.path)), { recursive: true });
      await writeFile(join(site.sources, upload.path), upload.bytes);
    }
    // A file outside content/sources, linked into it: refused, named, and nowhere in the site.
    const secret = `机密 ${MARKER} 此文件在 content/sources 之外`;
    await writeFile(join(site.root, 'secret.txt'), secret);
    await symlink(join(site.root, 'secret.txt'), join(site.sources, '恶意', '外部链接.txt'));
    const before = await treeHashes(site.sources);
    const result = runBuild(site, { GONGKAI_BASE: '/fzbg/', GONGKAI_SITE: ORIGIN });
    expect(result.status, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/✗ 恶意\/外部链接\.txt：.*content\/sources 之外/);
    expect(await treeHashes(site.sources)).toEqual(before);
    // The payloads are there, as text: the scan below looks at pages that really carry them.
    expect(listReportFiles(site.reports).length).toBeGreaterThanOrEqual(30);
    expect(readFileSync(join(site.dist, 'rss.xml'), 'utf8')).toContain(MARKER);
    expect(scanDist(site.dist, ORIGIN)).toEqual([]);
    for (const file of readdirSync(site.dist, { recursive: true, withFileTypes: true }))
      if (file.isFile())
        expect(readFileSync(join(file.parentPath, file.name)).includes(Buffer.from(secret)), file.name).toBe(false);
  });

  it('reports edited by hand with payloads and forbidden characters in their fields and bodies', async () => {
    const site = await buildArchiveSite(FIXTURE_ARCHIVE, { GONGKAI_BASE: '/fzbg/', GONGKAI_SITE: ORIGIN }, (dir) => {
      for (const [i, file] of listReportFiles(dir).slice(0, 6).entries()) {
        const path = join(dir, file);
        const text = readFileSync(path, 'utf8');
        const payload = (PAYLOADS[i * 3] as string).replace(/\n/g, ' ');
        // YAML escapes put an ESC, a NUL-like C0 control and U+FFFE into the title and the authority.
        const edited = text
          .replace(
            /^title: "(.*)"$/m,
            (_, t: string) => `title: "${t}\\e\\x01\\uFFFE${payload.replace(/["\\]/g, '\\$&')}"`,
          )
          .replace(/^authority: "(.*)"$/m, (_, a: string) => `authority: "${a}\\x1b${MARKER}"`);
        writeFileSync(
          path,
          `${edited}\n\u001b\u0000${PAYLOADS.join('\n\n')}\n\n![图](https://evil.example/${MARKER}.png)\n`,
        );
      }
    });
    built.push(site);
    expect(scanDist(site.dist, ORIGIN)).toEqual([]);
  });
});
