/**
 * Indexes search shards (ShardJob messages over the IPC channel) with its own Pagefind service, one
 * shard at a time: each shard's index is written, then dropped from memory before the next. Run by
 * scripts/lib/search/index-build.ts, several at once; exits when the parent disconnects.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import * as pagefind from 'pagefind';
import { readReportFile } from '../../../src/collection/report-files.ts';
import { buildFacetTable, type FacetPage } from '../../../src/lib/search/facets.ts';
import { reportPath, withBase } from '../../../src/lib/urls.ts';
import { searchDocument } from './document.ts';
import { FACET_FILE_PREFIX, type ShardJob } from './index-build.ts';

/** Records sent to Pagefind before waiting for their answers (hides the round trip). */
const IN_FLIGHT = 16;

async function buildShard(job: ShardJob): Promise<void> {
  // The shard id is the index's language: Pagefind has no stemmer or segmenter for it, and the
  // tokens are pre-segmented anyway (src/lib/search/tokens.ts).
  const { index, errors } = await pagefind.createIndex({ forceLanguage: job.id, writePlayground: false });
  if (!index) throw new Error(`pagefind: ${errors.join('; ')}`);
  const pending: Promise<void>[] = [];
  for (const file of job.files) {
    const { report, body } = await readReportFile(file);
    const url = withBase(job.base, reportPath(report.slug));
    pending.push(
      index.addHTMLFile({ url, content: searchDocument(report, body) }).then((added) => {
        if (added.errors.length) throw new Error(`pagefind (${file}): ${added.errors.join('; ')}`);
      }),
    );
    if (pending.length >= IN_FLIGHT) await pending.shift();
  }
  await Promise.all(pending);
  const tmp = `${job.out}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  const written = await index.writeFiles({ outputPath: tmp });
  if (written.errors.length) throw new Error(`pagefind: ${written.errors.join('; ')}`);
  await index.deleteIndex();
  await writeFacetTable(tmp, job.id);
  await rm(job.out, { recursive: true, force: true });
  await rename(tmp, job.out);
}

/** Pagefind's fragments are gzipped JSON after a fixed signature. */
const FRAGMENT_SIGNATURE = 'pagefind_dcd';

/**
 * The shard's facet table (src/lib/search/facets.ts), read back from the fragments Pagefind wrote, so
 * that its page ids are Pagefind's own. Written gzipped beside Pagefind's filter files and named by
 * content hash like them (so the deploy configs cache it the same way): filter/gongkai-facets.<shard>.<hash>.pf_filter.
 */
async function writeFacetTable(bundle: string, shard: string): Promise<void> {
  const dir = join(bundle, 'fragment');
  const pages: FacetPage[] = [];
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.pf_fragment'))) {
    const text = gunzipSync(await readFile(join(dir, name))).toString('utf8');
    const json = JSON.parse(text.startsWith(FRAGMENT_SIGNATURE) ? text.slice(FRAGMENT_SIGNATURE.length) : text);
    pages.push({ id: name.slice(0, -'.pf_fragment'.length), filters: json.filters ?? {} });
  }
  const bytes = gzipSync(JSON.stringify(buildFacetTable(pages)), { level: 9 });
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
  await mkdir(join(bundle, 'filter'), { recursive: true });
  await writeFile(join(bundle, 'filter', `${FACET_FILE_PREFIX}${shard}.${hash}.pf_filter`), bytes);
}

// Jobs arrive one at a time over the IPC channel; the parent disconnects when it has no more.
process.on('message', (job: ShardJob) => {
  buildShard(job).then(
    () => process.send?.({ done: job.id }),
    (error: unknown) =>
      process.send?.({ error: `${job.id}: ${error instanceof Error ? error.message : String(error)}` }),
  );
});
process.on('disconnect', () => {
  void pagefind.close().then(() => process.exit(0));
});
