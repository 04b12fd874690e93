/**
 * npm run validate — checks content/sources (uploads and sidecars) without writing anything:
 * for a pre-commit hook or a CI step. Exit 1 when an upload or sidecar has an error.
 */
import { readConfigOrExit } from '../src/site.config.ts';
import { ingestOptionsOf, runIngest } from './lib/ingest/engine.ts';
import { printSummary } from './lib/ingest/summary.ts';

// A wrong GONGKAI_* value is a usage error (exit code 2), said before any upload is read.
const config = readConfigOrExit();
const summary = await runIngest({ ...ingestOptionsOf(config), dryRun: true });
printSummary(summary);
process.exitCode =
  summary.failed.length > 0 || (process.argv.includes('--strict') && summary.warnings.length > 0) ? 1 : 0;
