/**
 * npm run generate -- --reports N [--seed S] [--out DIR] [--formats txt,html,docx,…]
 * Writes N generated uploads (see scripts/lib/corpus-generator.ts) and a manifest.json beside them.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { type GeneratedFormat, generateCorpus } from './lib/corpus-generator.ts';

export async function writeCorpus(out: string, files: Awaited<ReturnType<typeof generateCorpus>>): Promise<void> {
  for (const file of files) {
    await mkdir(dirname(join(out, file.path)), { recursive: true });
    await writeFile(join(out, file.path), file.bytes);
  }
  const manifest = files.map((f) => ({ path: f.path, ...f.truth }));
  await writeFile(
    join(out, '..', `${out.split('/').filter(Boolean).pop()}-manifest.json`),
    `${JSON.stringify(manifest, null, 1)}\n`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      reports: { type: 'string', default: '100' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string', default: 'generated/sources' },
      formats: { type: 'string' },
    },
  });
  const files = await generateCorpus({
    reports: Number(values.reports),
    seed: Number(values.seed),
    ...(values.formats ? { formats: values.formats.split(',') as GeneratedFormat[] } : {}),
  });
  await writeCorpus(values.out, files);
  console.log(`${files.length} uploads written to ${values.out}`);
}
