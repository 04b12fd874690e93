import { convertSource } from '../src/lib/convert.ts';
import { generateCorpus } from './lib/shared/corpus-generator.ts';

const corpus = await generateCorpus({ reports: 2000, seed: 1, formats: ['txt'], unusableShare: 0 });
const texts = corpus.filter((f) => f.truth?.format === 'txt');
await convertSource({ path: 'warm/up.txt', bytes: texts[0]!.bytes });
for (let r = 0; r < 2; r++) {
  const t = performance.now();
  for (const f of texts) await convertSource({ path: f.path, bytes: f.bytes });
  console.log(texts.length, 'texts', Math.round(texts.length / ((performance.now() - t) / 1000)), '/s one core');
}
