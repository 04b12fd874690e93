/**
 * Builds the four sites the integration tests build (tests/setup/build-sample-site.ts) and prints one
 * SHA-256 per site over every file of its content/reports and dist/, plus the files that differ from an
 * earlier run's fingerprint when one is given. For refactors that must not change the output:
 *
 *   npx tsx tests/tools/output-fingerprint.ts > /tmp/before.json      (on the old commit)
 *   npx tsx tests/tools/output-fingerprint.ts /tmp/before.json        (on the new one: lists differences)
 */
import { createHash } from 'node:crypto';
import { cp, readFile, rm } from 'node:fs/promises';
import { buildArchiveSite, buildSite, rebuildSite } from '../helpers/build-site.ts';
import { FIXTURE_ARCHIVE } from '../helpers/fixture-archive.ts';
import { treeHashes } from '../helpers/tree-hashes.ts';

const sites = {
  sample: () => buildSite('content/sources'),
  dev: () => buildSite('tests/fixtures/dev', { GONGKAI_SEARCH_SHARD_SIZE: '4' }, (p) => !p.endsWith('.tsv')),
  subpath: async () => {
    const env = { GONGKAI_BASE: '/fzbg/', GONGKAI_SITE: 'https://www.example.gov.cn' };
    const site = await buildSite('content/sources', env);
    await cp('tests/fixtures/hostile', site.sources, { recursive: true });
    return rebuildSite(site, env);
  },
  archive: () =>
    buildArchiveSite(FIXTURE_ARCHIVE, { GONGKAI_BASE: '/fzbg/', GONGKAI_SITE: 'https://www.example.gov.cn' }),
};

type Fingerprint = Record<string, { sha: string; files: Record<string, string> }>;
const out: Fingerprint = {};
for (const [name, build] of Object.entries(sites)) {
  const site = await build();
  const files = {
    ...Object.fromEntries(Object.entries(await treeHashes(site.reports)).map(([k, v]) => [`reports${k}`, v])),
    ...Object.fromEntries(Object.entries(await treeHashes(site.dist)).map(([k, v]) => [`dist${k}`, v])),
  };
  const sorted = Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1)));
  out[name] = { sha: createHash('sha256').update(JSON.stringify(sorted)).digest('hex'), files: sorted };
  await rm(site.root, { recursive: true, force: true });
}

const before = process.argv[2] ? (JSON.parse(await readFile(process.argv[2], 'utf8')) as Fingerprint) : null;
if (!before) console.log(JSON.stringify(out, null, 1));
else {
  let same = true;
  for (const [name, { sha, files }] of Object.entries(out)) {
    const old = before[name];
    if (old?.sha === sha) {
      console.log(`${name}: identical (${Object.keys(files).length} files)`);
      continue;
    }
    same = false;
    const paths = new Set([...Object.keys(files), ...Object.keys(old?.files ?? {})]);
    const differ = [...paths].filter((p) => files[p] !== old?.files[p]);
    console.log(`${name}: ${differ.length} files differ\n  ${differ.slice(0, 40).join('\n  ')}`);
  }
  process.exitCode = same ? 0 : 1;
}
