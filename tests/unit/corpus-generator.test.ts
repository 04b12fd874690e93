import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCorpus } from '../../scripts/lib/bench/corpus-writer.ts';
import { canWritePdf, type GeneratedFile, generateCorpus } from '../../scripts/lib/shared/corpus-generator.ts';
import { convertSource } from '../../src/lib/convert.ts';
import { UnusableUpload } from '../../src/lib/formats/index.ts';
import { gazetteer } from '../../src/lib/gazetteer.ts';

const digest = (files: GeneratedFile[]) =>
  createHash('sha256')
    .update(files.map((f) => `${f.path}:${createHash('sha256').update(f.bytes).digest('hex')}`).join('\n'))
    .digest('hex');

async function treeDigest(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (d: string): Promise<void> => {
    for (const e of (await readdir(d, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else hash.update(`${relative(dir, p)}\n`).update(await readFile(p));
    }
  };
  await walk(dir);
  return hash.digest('hex');
}

describe('the corpus generator', () => {
  it('is deterministic for a seed: byte-identical files and manifest; another seed gives another corpus', async () => {
    const options = { reports: 40, seed: 5, unusableShare: 0.1 };
    const a = await generateCorpus(options);
    expect(digest(await generateCorpus(options))).toBe(digest(a));
    expect(digest(await generateCorpus({ ...options, seed: 6 }))).not.toBe(digest(a));
    // Written to disk twice (in different folders): the same bytes, manifest included.
    const dirs = [await mkdtemp(join(tmpdir(), 'gongkai-gen-')), await mkdtemp(join(tmpdir(), 'gongkai-gen-'))];
    for (const dir of dirs) await writeCorpus(join(dir, 'sources'), a, options);
    expect(await treeDigest(dirs[0] as string)).toBe(await treeDigest(dirs[1] as string));
  }, 60_000);

  it('makes realistic uploads: real region chains, every format readable as the truth says, unusable ones flagged', async () => {
    const files = await generateCorpus({ reports: 150, seed: 9, unusableShare: 0.06 });
    const g = gazetteer();
    const formats = new Set<string>();
    const levels = new Set<string>();
    const forms = new Set<string>();
    const kinds = new Set<string>();
    let titlesRight = 0;
    let usable = 0;
    for (const file of files) {
      if (!file.truth) {
        kinds.add(file.unusable ?? '');
        await expect(convertSource({ path: file.path, bytes: file.bytes }), file.path).rejects.toBeInstanceOf(
          UnusableUpload,
        );
        continue;
      }
      usable++;
      const t = file.truth;
      formats.add(t.format);
      levels.add(t.level);
      forms.add(t.titleForm);
      // The region is a real chain of the gazetteer, from the province down to the body's division.
      const division = g.byCode(t.regionCode);
      expect(division?.level).toBe(t.level);
      expect(g.chain(division as NonNullable<typeof division>).map((d) => d.name)).toEqual(t.region);
      expect(t.year).toBeGreaterThanOrEqual(2015);
      expect(t.year).toBeLessThanOrEqual(2025);
      expect(t.authority.startsWith(t.region[t.region.length - 1] as string)).toBe(true);
      // The file decodes to the text the manifest says it holds.
      const converted = await convertSource({ path: file.path, bytes: file.bytes });
      const squash = (s: string) => s.replace(/[\s#*>_\\`-]/g, '');
      const body = squash(converted.body);
      for (const line of t.text.split('\n').slice(-6, -2)) expect(body, file.path).toContain(squash(line));
      expect(converted.fields.year, file.path).toBe(t.year);
      if (converted.fields.title === t.title) titlesRight++;
    }
    expect(kinds).toEqual(new Set(['empty', 'binary', 'pdf-no-text']));
    expect([...formats].sort()).toEqual(
      ['docx', 'html', ...(canWritePdf() ? ['pdf'] : []), 'txt', 'txt-bom', 'txt-gb18030', 'txt-utf16'].sort(),
    );
    expect([...levels].sort()).toEqual(['city', 'county', 'province', 'township']);
    expect(forms.size).toBe(4);
    // Every title block form is one the ingest reads (its accuracy is the ingest's to keep).
    expect(titlesRight / usable).toBeGreaterThan(0.95);
    // No two reports are the same text.
    expect(new Set(files.filter((f) => f.truth).map((f) => f.truth?.text)).size).toBe(usable);
  }, 120_000);

  it('makes series of one body over 2–10 consecutive years, each year mostly the text of the year before', async () => {
    const files = (await generateCorpus({ reports: 120, seed: 3, unusableShare: 0, series: true, formats: ['txt'] }))
      .map((f) => f.truth)
      .filter((t) => t !== null);
    const bodies = new Map<string, NonNullable<GeneratedFile['truth']>[]>();
    for (const t of files) {
      const key = `${t.authority}|${t.regionCode}`;
      bodies.set(key, [...(bodies.get(key) ?? []), t]);
    }
    const lengths = [...bodies.values()].map((list) => list.length);
    // The last series may be cut short by the corpus's end.
    expect(lengths.slice(0, -1).every((n) => n >= 2 && n <= 10)).toBe(true);
    let shared = 0;
    let total = 0;
    for (const list of bodies.values()) {
      const years = list.map((t) => t.year);
      expect(years).toEqual(years.map((_, i) => (years[0] as number) + i));
      for (let i = 1; i < list.length; i++) {
        const before = new Set((list[i - 1]?.text ?? '').split('\n').map((l) => l.replace(/\d+/g, '')));
        const lines = (list[i]?.text ?? '').split('\n').map((l) => l.replace(/\d+/g, ''));
        shared += lines.filter((l) => before.has(l)).length;
        total += lines.length;
      }
    }
    expect(shared / total).toBeGreaterThan(0.5);
  }, 60_000);

  it('gives a municipality’s districts no city level', async () => {
    const files = await generateCorpus({ reports: 400, seed: 11, formats: ['txt'], unusableShare: 0 });
    const municipal = files.filter((f) => /^(北京市|天津市|上海市|重庆市)$/.test(f.truth?.region[0] ?? ''));
    expect(municipal.length).toBeGreaterThan(0);
    for (const f of municipal) expect(isMunicipalChain(f.truth?.region ?? [])).toBe(true);
  }, 60_000);
});

/** A municipality's chain goes straight from the municipality to its districts (no 市辖区 placeholder). */
function isMunicipalChain(region: string[]): boolean {
  return region.length === 1 || /(区|县)$/.test(region[1] ?? '');
}
