/**
 * A worker of scripts/lib/site/compare-stage.ts: aligns the pairs of reports it is sent (src/lib/compare-page.ts)
 * and writes each compare page's parts to the stage's cache, one file per pair. Answers with the pairs that
 * failed, then exits.
 */
import { type CompareJob, makeFragments } from './compare-stage.ts';

process.on('message', (message: { jobs: CompareJob[] }) => {
  process.send?.({ failed: makeFragments(message.jobs) }, () => process.exit(0));
});
