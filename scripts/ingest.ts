/**
 * npm run ingest — content/sources/** → content/reports/**.md
 *
 *   npm run ingest [-- --strict] [-- --quiet]
 *
 * Exit codes: 0 everything converted; 1 an upload failed (or, with --strict, has warnings), another run
 * holds the lock, or the disk is full or read-only (scripts/lib/shared/run-guard.ts); 2 usage error.
 */
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { type GongkaiConfig, readConfigOrExit } from '../src/site.config.ts';
import { ingestOptionsOf, runIngest } from './lib/ingest/engine.ts';
import { printSummary } from './lib/ingest/summary.ts';
import { guardedPaths, guardedRun } from './lib/shared/run-guard.ts';

export const USAGE = `用法：npm run ingest [-- 选项]
  --strict   把警告也当作失败（退出码 1）
  --quiet    只输出汇总
  --help     显示本帮助
把 content/sources/ 下的上传文件转换为 content/reports/ 下的 Markdown。`;

export async function ingestCommand(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs({
      args: argv,
      options: { strict: { type: 'boolean' }, quiet: { type: 'boolean' }, help: { type: 'boolean' } },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.values.help) {
    console.log(USAGE);
    return 0;
  }
  // A wrong GONGKAI_* value stops here, exit code 2, before the lock is taken or anything is written.
  const config = readConfigOrExit();
  // One run at a time in a folder, stale temporary files removed first, a full or read-only disk named.
  return guardedRun('npm run ingest', guardedPaths(config), () =>
    ingest(config, Boolean(args.values.strict), Boolean(args.values.quiet)),
  );
}

async function ingest(config: GongkaiConfig, strict: boolean, quiet: boolean): Promise<number> {
  const bar = process.stdout.isTTY
    ? new cliProgress.SingleBar(
        { format: '转换 [{bar}] {value}/{total} {path}', hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  let lastPlain = -1;
  const summary = await runIngest({
    ...ingestOptionsOf(config),
    onProgress: (done, total, path) => {
      if (bar) {
        if (done === 0) bar.start(total, 0, { path });
        bar.update(done, { path: path.slice(-40) });
        if (done === total) bar.stop();
      } else if (total >= 100) {
        const tenth = Math.floor((done / total) * 10);
        if (tenth !== lastPlain) {
          lastPlain = tenth;
          console.log(`转换进度 ${done}/${total}`);
        }
      }
    },
  });
  printSummary(summary, { quiet });
  if (summary.failed.length > 0) return 1;
  if (strict && summary.warnings.length > 0) return 1;
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await ingestCommand(process.argv.slice(2));
}
