/**
 * npm run ingest — content/sources/** → content/reports/**.md
 * The only I/O of the ingest: walking, reading, writing. Conversion is in src/lib.
 */
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { convertSource } from '../src/lib/convert.ts';
import { toFrontmatterMarkdown } from '../src/lib/markdown.ts';
import { readPipelinePaths } from '../src/site.config.ts';

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(full)));
    else if (/\.(txt|md)$/i.test(entry.name)) files.push(full);
  }
  return files;
}

async function writeAtomic(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, content);
  await rename(tmp, path);
}

export async function ingest(): Promise<number> {
  const paths = readPipelinePaths();
  const today = new Date().toISOString().slice(0, 10);
  let failed = 0;
  for (const file of await walk(paths.sources)) {
    const rel = relative(paths.sources, file).split(sep).join('/');
    try {
      const { report, body } = convertSource({ path: rel, bytes: await readFile(file), added: today });
      await writeAtomic(join(paths.reports, `${report.slug}.md`), toFrontmatterMarkdown(report, body));
    } catch (error) {
      failed++;
      console.error(`✗ ${rel}: ${(error as Error).message}`);
    }
  }
  return failed === 0 ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await ingest();
}
