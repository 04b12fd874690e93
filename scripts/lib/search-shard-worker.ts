/**
 * Indexes search shards (a JSON list of ShardJob on stdin) with its own Pagefind service, one shard at
 * a time: each shard's index is written, then dropped from memory before the next. Run by
 * scripts/lib/search-index.ts, several at once.
 */
import { rename, rm } from 'node:fs/promises';
import * as pagefind from 'pagefind';
import { searchDocument } from '../../src/lib/search/record.ts';
import { reportPath, withBase } from '../../src/lib/urls.ts';
import { readReportFile, type ShardJob } from './search-index.ts';

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
      index.addHTMLFile({ url, content: searchDocument(report, body, url) }).then((added) => {
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
  await rm(job.out, { recursive: true, force: true });
  await rename(tmp, job.out);
}

let input = '';
for await (const chunk of process.stdin) input += chunk;
const jobs = JSON.parse(input) as ShardJob[];
try {
  for (const job of jobs) await buildShard(job);
} finally {
  await pagefind.close();
}
