/**
 * A worker of scripts/lib/site/compare-stage.ts: aligns the pairs of reports it is sent (src/lib/compare-page.ts)
 * and writes each compare page's parts to the stage's cache, one file per pair. Answers with the pairs that
 * failed, then exits.
 */
import { type CompareJob, makeFragment } from './compare-stage.ts';

process.on('message', (message: { jobs: CompareJob[] }) => {
  const failed: { path: string; message: string }[] = [];
  for (const job of message.jobs) {
    try {
      makeFragment(job);
    } catch (error) {
      failed.push({ path: job.fragment, message: (error as Error).message });
    }
  }
  process.send?.({ failed }, () => process.exit(0));
});
