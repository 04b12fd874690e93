import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../../scripts/lib/corpus-generator.ts';
import { convertSource } from '../../src/lib/convert.ts';
import { gazetteer } from '../../src/lib/gazetteer.ts';
import { resolveRegionNames } from '../../src/lib/region.ts';

const digest = (files: Awaited<ReturnType<typeof generateCorpus>>) =>
  createHash('sha256')
    .update(files.map((f) => `${f.path}:${createHash('sha256').update(f.bytes).digest('hex')}`).join('\n'))
    .digest('hex');

describe('the corpus generator', () => {
  it('is deterministic for a seed, and another seed gives another corpus', async () => {
    const a = await generateCorpus({ reports: 60, seed: 5 });
    expect(digest(await generateCorpus({ reports: 60, seed: 5 }))).toBe(digest(a));
    expect(digest(await generateCorpus({ reports: 60, seed: 6 }))).not.toBe(digest(a));
  });

  it('makes realistic uploads: real region chains, every format readable, unusable ones flagged', async () => {
    const files = await generateCorpus({ reports: 120, seed: 9, unusableShare: 0.05 });
    const g = gazetteer();
    const formats = new Set<string>();
    let unusable = 0;
    for (const file of files) {
      if (!file.truth) {
        unusable++;
        await expect(convertSource({ path: file.path, bytes: file.bytes })).rejects.toThrow();
        continue;
      }
      formats.add(file.truth.format);
      const resolved = resolveRegionNames(file.truth.region);
      expect(resolved.warnings, file.truth.region.join('/')).toEqual([]);
      expect(
        g
          .chain(g.byCode(resolved.region.code ?? '') ?? { code: '', name: '', level: 'province', parent: null })
          .map((d) => d.name),
      ).toEqual(file.truth.region);
      const converted = await convertSource({ path: file.path, bytes: file.bytes });
      expect(converted.fields.title, file.path).toBe(file.truth.title);
      expect(converted.fields.year, file.path).toBe(file.truth.year);
    }
    expect(unusable).toBeGreaterThan(0);
    expect([...formats].sort()).toEqual(['docx', 'html', 'txt', 'txt-gb18030', 'txt-utf16']);
    const texts = new Set(files.filter((f) => f.truth).map((f) => createHash('sha256').update(f.bytes).digest('hex')));
    expect(texts.size).toBe(files.filter((f) => f.truth).length);
  });
});
