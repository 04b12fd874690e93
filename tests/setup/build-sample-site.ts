/**
 * Builds the sample archive (content/sources) and the dev corpus once for all integration and browser tests.
 */

import { cp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildArchiveSite, buildSite, rebuildSite } from '../helpers/build-site.ts';
import { FIXTURE_ARCHIVE } from '../helpers/fixture-archive.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    sampleSite: import('../helpers/build-site.ts').BuiltSite;
    /** The 41 real reports of tests/fixtures/dev: many provinces, levels and years. */
    devSite: import('../helpers/build-site.ts').BuiltSite;
    /** The sample archive plus a hostile upload, published under a sub-path (/fzbg/). */
    subpathSite: import('../helpers/build-site.ts').BuiltSite;
    /** tests/fixtures/archive (reports with complete frontmatter, no ingest), published under /fzbg/. */
    archiveSite: import('../helpers/build-site.ts').BuiltSite;
  }
}

export default async function setup(project: TestProject) {
  const site = await buildSite('content/sources');
  // Tiny search shards, so that the browser tests cross shard boundaries: years packed together and
  // years split into buckets (src/lib/search/shards.ts).
  const dev = await buildSite(
    'tests/fixtures/dev',
    { GONGKAI_SEARCH_SHARD_SIZE: '4' },
    (path) => !path.endsWith('.tsv'),
  );
  const subpath = await buildSite('content/sources', {
    GONGKAI_BASE: '/fzbg/',
    GONGKAI_SITE: 'https://www.example.gov.cn',
  });
  await cp('tests/fixtures/hostile', subpath.sources, { recursive: true });
  // A .doc, an .ofd and a scanned page (read by OCR): uploads in the formats government sites publish.
  await cp('tests/fixtures/formats', join(subpath.sources, '其他格式'), { recursive: true });
  rebuildSite(subpath);
  const archive = await buildArchiveSite(FIXTURE_ARCHIVE, {
    GONGKAI_BASE: '/fzbg/',
    GONGKAI_SITE: 'https://www.example.gov.cn',
  });
  project.provide('sampleSite', site);
  project.provide('devSite', dev);
  project.provide('subpathSite', subpath);
  project.provide('archiveSite', archive);
  return async () => {
    if (process.env.GONGKAI_KEEP_TEST_SITE) return;
    await rm(site.root, { recursive: true, force: true });
    await rm(dev.root, { recursive: true, force: true });
    await rm(subpath.root, { recursive: true, force: true });
    await rm(archive.root, { recursive: true, force: true });
  };
}
