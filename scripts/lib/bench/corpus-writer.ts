/** Writes a generated corpus to disk: the uploads into a folder, the manifest of what each truly is beside it. */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { type GeneratedFile, type GeneratorOptions, manifestOf } from '../shared/corpus-generator.ts';

/** The manifest's default place: beside the folder, never inside it. */
export function defaultManifestPath(out: string): string {
  const dir = resolve(out);
  return join(dirname(dir), `${basename(dir)}-manifest.json`);
}

export async function writeCorpus(
  out: string,
  files: GeneratedFile[],
  options: GeneratorOptions = { reports: files.length },
  manifest: string = defaultManifestPath(out),
): Promise<void> {
  const dirs = new Set(files.map((f) => dirname(join(out, f.path))));
  for (const dir of dirs) await mkdir(dir, { recursive: true });
  for (const file of files) await writeFile(join(out, file.path), file.bytes);
  await writeFile(manifest, manifestOf(files, options));
}
