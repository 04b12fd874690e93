/**
 * The site stage's Astro run: `astro build` as a child process, and what to tell the webmaster when it fails.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * What to tell the webmaster when Astro fails: the file it names, and how to fix it. A generated
 * report that does not match the schema means it was edited by hand (or an older converter wrote it).
 */
export function astroFailure(output: string, reportsDir: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: Astro colours its messages
  const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
  // Astro out of memory (reported above ~100,000 reports, withastro/astro#10485): nothing to edit in a file.
  if (/JavaScript heap out of memory|Reached heap limit/.test(plain))
    return [
      '✗ 网页生成失败：Astro 内存不足（Node 的堆内存上限）',
      '    → 报告太多，一次构建容纳不下：把归档分片构建（README「National scale」：npm run build -- --shard，再 npm run assemble），',
      '      或在内存更大的机器上设 NODE_OPTIONS=--max-old-space-size=<MB> 后重试。',
    ].join('\n');
  const file = /Location:\s*\n?\s*(\S+?)(?::\d+:\d+)?\s*$/m.exec(plain)?.[1];
  const lines = [`✗ 网页生成失败${file ? `：${file}` : ''}（原因见上方 Astro 的错误信息）`];
  if (file && resolve(file).startsWith(resolve(reportsDir))) {
    lines.push(
      `    → 这是由上传文件生成的报告，不应直接修改：删除它即可由 npm run build 重新生成；要更正元数据，请写在上传文件旁的 .meta.yaml 旁注文件中；`,
      `      若直接维护 Markdown（--skip-ingest），请按 README「The Markdown schema」改正上面指出的字段。`,
    );
  } else {
    lines.push('    → 请按上方信息修改所指文件；若是刚修改过的网站代码，先运行 npm run check 查看详细问题。');
  }
  return lines.join('\n');
}

/** Runs `astro build` as a child process, passing its output through; resolves with its status and output. */
export function runAstro(): Promise<{ status: number | null; output: string }> {
  return new Promise((done) => {
    // Astro ends with this build even when the build is killed (scripts/lib/shared/exit-with-parent.mjs).
    const watchdog = pathToFileURL(resolve('scripts/lib/shared/exit-with-parent.mjs')).href;
    const astro = resolve('node_modules/astro/bin/astro.mjs');
    const child = spawn(process.execPath, ['--import', watchdog, astro, 'build', '--silent'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      output += chunk.toString('utf8');
    });
    child.on('error', (error) => done({ status: null, output: `${output}\n${error.message}` }));
    child.on('close', (status) => done({ status, output }));
  });
}
