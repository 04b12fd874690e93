/**
 * npx tsx scripts/generate-corpus.ts --reports N [--seed S] [--out DIR] [--formats txt,html,docx,pdf,…]
 *   [--unusable 0.01] [--folders 0.2] [--series] [--manifest FILE]
 *
 * Writes N generated uploads (see scripts/lib/shared/corpus-generator.ts) into DIR and a manifest of what
 * each file truly is beside it (DIR-manifest.json unless --manifest says where: not inside DIR, where
 * the ingest would take it for an upload). The same options give byte-identical files.
 */
import { defaultManifestPath, writeCorpus } from './lib/bench/corpus-writer.ts';
import { readArgs } from './lib/shared/cli-args.ts';
import {
  DEFAULT_FORMATS,
  type GeneratedFormat,
  type GeneratorOptions,
  generateCorpus,
} from './lib/shared/corpus-generator.ts';

if (import.meta.url === `file://${process.argv[1]}`) {
  const values = readArgs(
    `用法：npm run generate -- [--reports N] [--seed S] [--out DIR] [--formats ${[...new Set(DEFAULT_FORMATS)].join(',')}]
        [--unusable 0.01] [--folders 0.2] [--series] [--manifest FILE]
写入 N 份生成的上传文件（默认 100 份，到 generated/sources），并在其旁写出每个文件真实内容的清单。`,
    {
      reports: { type: 'string', default: '100' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string', default: 'generated/sources' },
      formats: { type: 'string' },
      unusable: { type: 'string' },
      folders: { type: 'string' },
      manifest: { type: 'string' },
      series: { type: 'boolean', default: false },
    },
  );
  const reports = Number(values.reports);
  const seed = Number(values.seed);
  const formats = values.formats?.split(',').map((f) => f.trim()) as GeneratedFormat[] | undefined;
  const bad = formats?.filter((f) => !DEFAULT_FORMATS.includes(f));
  if (!Number.isInteger(reports) || reports < 0 || !Number.isFinite(seed) || bad?.length) {
    console.error(
      `用法：--reports N（非负整数） --seed S --out DIR --formats ${[...new Set(DEFAULT_FORMATS)].join(',')}` +
        (bad?.length ? `；未知格式：${bad.join(',')}` : ''),
    );
    process.exit(2);
  }
  const options: GeneratorOptions = {
    reports,
    seed,
    ...(formats ? { formats } : {}),
    ...(values.unusable ? { unusableShare: Number(values.unusable) } : {}),
    ...(values.folders ? { folderShare: Number(values.folders) } : {}),
    ...(values.series ? { series: true } : {}),
  };
  const files = await generateCorpus(options);
  const manifest = values.manifest ?? defaultManifestPath(values.out);
  await writeCorpus(values.out, files, options, manifest);
  console.log(`${files.length} uploads written to ${values.out}; manifest: ${manifest}`);
}
