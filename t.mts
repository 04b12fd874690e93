import { readFileSync } from 'node:fs';
import { convertAll } from './scripts/lib/convert-pool.ts';
const report = readFileSync('content/sources/000_fa3c1ac41b8e6c63.txt');
const long = Buffer.from('推进法治政府建设，各项工作取得新成效。\n'.repeat(2_400_000));
const job = (path: string, bytes: Uint8Array) => ({ path, load: async () => ({ path, bytes, sidecar: null }) });
const t = performance.now();
const r = await convertAll([job('a.txt', report), job('slow.txt', long), job('c.txt', report)], { workers: 2, parallelFrom: 1, seconds: 4 });
console.log(r.map((x) => x.ok ? 'ok' : x.error.message), (performance.now()-t)/1000);
