/**
 * npm run validate — checks content/sources (uploads and sidecars) without writing anything:
 * for a pre-commit hook or a CI step. Exit 1 when an upload or sidecar has an error.
 */
import { readPipelinePaths } from '../src/site.config.ts';
import { runIngest } from './lib/ingest/engine.ts';
import { printSummary } from './lib/ingest/summary.ts';

const paths = readPipelinePaths();
const summary = await runIngest({ sources: paths.sources, reports: paths.reports, dryRun: true });
printSummary(summary);
process.exitCode =
  summary.failed.length > 0 || (process.argv.includes('--strict') && summary.warnings.length > 0) ? 1 : 0;
