/**
 * npm run dev — ingest once, then run Astro's dev server.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { ingestCommand } from './ingest.ts';

await ingestCommand([]);
spawn(process.execPath, [resolve('node_modules/astro/bin/astro.mjs'), 'dev'], {
  stdio: 'inherit',
  env: { ...process.env, ASTRO_DEV_BACKGROUND: '0', ASTRO_TELEMETRY_DISABLED: '1' },
});
