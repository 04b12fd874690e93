/**
 * npm run validate — checks content/sources (uploads and sidecars) without writing anything:
 * for a pre-commit hook or a CI step. Exit 1 when an upload or sidecar has an error.
 */
import { readConfigOrExit } from '../src/site.config.ts';
import { ingestOptionsOf, runIngest } from './lib/ingest/engine.ts';
import { printSummary } from './lib/ingest/summary.ts';
import { readArgs } from './lib/shared/cli-args.ts';

const args = readArgs(
  `用法：npm run validate [-- --strict]
检查 content/sources/ 中的上传文件和旁注文件，不写入任何文件；有错误时退出码为 1。
  --strict  把警告也当作错误`,
  { strict: { type: 'boolean' } },
);

// A wrong GONGKAI_* value is a usage error (exit code 2), said before any upload is read.
const config = readConfigOrExit();
const summary = await runIngest({ ...ingestOptionsOf(config), dryRun: true });
printSummary(summary);
process.exitCode = summary.failed.length > 0 || (args.strict === true && summary.warnings.length > 0) ? 1 : 0;
