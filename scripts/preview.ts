/**
 * npm run preview — serves dist/ at http://localhost:4321 (under the configured base path).
 */
import { readConfigOrExit } from '../src/site.config.ts';
import { readArgs } from './lib/shared/cli-args.ts';
import { serveStatic } from './lib/site/static-server.ts';

readArgs('用法：npm run preview\n在 http://localhost:4321（或环境变量 PORT、HOST）预览 dist/ 中已构建的站点。', {});

const config = readConfigOrExit();
const port = Number(process.env.PORT ?? 4321);
const running = await serveStatic({
  root: config.paths.outDir,
  base: config.site.base,
  port,
  host: process.env.HOST ?? 'localhost',
});
console.log(`站点预览：${running.url}（按 Ctrl+C 结束）`);
