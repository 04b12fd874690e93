/**
 * npm run dev — for editing: ingests content/sources, runs Astro's dev server, and watches the
 * sources: a new, changed or removed upload (or sidecar) is ingested again, Astro sees the changed
 * content/reports and the open page reloads. The search index is only built by `npm run build`.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { watch } from 'chokidar';
import { readConfigOrExit } from '../src/site.config.ts';
import { ingestOptionsOf, runIngest } from './lib/ingest/engine.ts';
import { printSummary } from './lib/ingest/summary.ts';
import { guardedPaths, guardedRun } from './lib/shared/run-guard.ts';

// A wrong GONGKAI_* value stops here, exit code 2, before the first ingest and before Astro starts.
const config = readConfigOrExit();
const paths = config.paths;

let running: Promise<void> | undefined;
let again = false;

/** One ingest at a time; changes arriving meanwhile trigger exactly one more run. */
function ingest(): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    do {
      again = false;
      // Each ingest under the build lock (a build in another terminal writes the same reports); a busy
      // lock or a full disk is said and the dev server goes on: the next change tries again.
      await guardedRun('npm run dev', guardedPaths(config), async () => {
        const summary = await runIngest(ingestOptionsOf(config));
        printSummary(summary, { quiet: summary.added.length + summary.updated.length + summary.removed.length === 0 });
        return 0;
      });
    } while (again);
    running = undefined;
  })();
  return running;
}

await ingest();
const astro = spawn(process.execPath, [resolve('node_modules/astro/bin/astro.mjs'), 'dev', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, ASTRO_DEV_BACKGROUND: '0', ASTRO_TELEMETRY_DISABLED: '1' },
});
const watcher = watch(paths.sources, { ignoreInitial: true, awaitWriteFinish: { stabilityThreshold: 300 } });
watcher.on('all', (event, path) => {
  console.log(`[sources] ${event} ${path}`);
  void ingest();
});
const stop = () => {
  void watcher.close();
  astro.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
astro.on('exit', (code) => {
  void watcher.close();
  process.exit(code ?? 0);
});
