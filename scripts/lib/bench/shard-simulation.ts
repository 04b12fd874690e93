/**
 * The national archive simulated without bodies (issue 24's "simulation of the million"): per-province
 * shard manifests (src/lib/shards.ts) of N generated reports — bodies drawn from the real gazetteer, each
 * reporting every year of the period, as the regulation asks — written as `npm run build -- --shard`
 * writes them, with an empty dist/ beside each, so that `npm run assemble` can be measured on them.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { authoritySlug, buildArchive } from '../../../src/lib/archive.ts';
import { feedSelection } from '../../../src/lib/feed.ts';
import { gazetteer } from '../../../src/lib/gazetteer.ts';
import { INDICATORS } from '../../../src/lib/indicators.ts';
import { type Report, reportSchema } from '../../../src/lib/report.ts';
import { feedAnnounced, shardFolderName, shardManifest } from '../../../src/lib/shards.ts';
import type { SiteConfig } from '../../../src/site.config.ts';
import { writeAtomic } from '../shared/atomic-files.ts';
import { authorityFor, divisionsByLevel, prng } from '../shared/corpus-generator.ts';
import { ARCHIVE_SHARD_MANIFEST, shardSettings } from '../site/shard-build.ts';

export interface SimulationOptions {
  reports: number;
  /** The years every body reports (8: a million reports at ~125,000 a year). */
  years: number;
  firstYear: number;
  seed: number;
  site: SiteConfig;
}

/** Writes one shard folder per province under dir; returns the shards and their report counts. */
export function simulateShards(dir: string, options: SimulationOptions): { shard: string; reports: number }[] {
  const rand = prng(options.seed);
  const pick = <T>(items: T[]): T => items[Math.floor(rand() * items.length)] as T;
  const g = gazetteer();
  const byLevel = divisionsByLevel();
  const byShard = new Map<string, Report[]>();
  const bodies = Math.ceil(options.reports / options.years) * 2;
  const namesOfSlug = new Map<string, string>();
  let made = 0;
  for (let b = 0; b < bodies && made < options.reports; b++) {
    const r = rand();
    const level = r < 0.02 ? 'province' : r < 0.1 ? 'city' : r < 0.35 ? 'county' : 'township';
    const division = pick(byLevel[level]);
    const chain = g.chain(division);
    const at = (l: string) => chain.find((d) => d.level === l)?.name ?? null;
    const region = {
      province: at('province'),
      city: at('city'),
      county: at('county'),
      township: at('township'),
      code: division.code,
    };
    // The full official name, as the extraction expands it (光山县城关镇人民政府): two 城关镇 of two
    // provinces are two bodies, each with its own page.
    const parents = chain
      .filter((d) => d.level !== 'province' && d.code !== division.code)
      .map((d) => d.name)
      .join('');
    const authority = `${parents}${authorityFor(division, rand, pick)}`;
    // Two bodies whose names romanise alike (homophone places) get their page addresses in order of
    // appearance in the whole archive, which a shard cannot know: assemble refuses them (src/lib/shards.ts).
    // Such pairs are left out of the simulation, which measures the assemble step, not that refusal.
    const slug = authoritySlug(authority);
    if ((namesOfSlug.get(slug) ?? authority) !== authority) continue;
    namesOfSlug.set(slug, authority);
    const shard = `p${chain[0]?.code.slice(0, 2) ?? '00'}`;
    const list = byShard.get(shard) ?? [];
    byShard.set(shard, list);
    for (let y = 0; y < options.years && made < options.reports; y++, made++) {
      const year = options.firstYear + y;
      const indicator = pick([...INDICATORS]);
      const value = Math.floor(rand() * 200);
      const figures =
        rand() < 0.6
          ? [
              {
                indicator: indicator.id,
                value,
                unit: indicator.unit,
                approx: false,
                text: `${indicator.label}${value}${indicator.unit}`,
                section: 'h-1',
              },
            ]
          : [];
      const day = String(1 + Math.floor(rand() * 28)).padStart(2, '0');
      list.push({
        title: `${authority}关于${year}年度法治政府建设情况的报告`,
        authority,
        year,
        region,
        level,
        docNumber: null,
        addressee: null,
        published: `${year + 1}-03-${day}`,
        added: `${year + 1}-04-${day}`,
        source: {
          path: `${shard}/${b}-${year}.txt`,
          sha256: (b * 31 + year).toString(16).padStart(64, '0'),
          format: 'txt',
          encoding: 'utf-8',
        },
        slug: `${year}-b${b.toString(36)}`,
        duplicates: [],
        warnings: [],
        figures,
        series: null,
      } as Report);
    }
  }
  // The simulated records are reports the schema accepts (a sample: parsing a million costs minutes).
  for (const list of byShard.values()) reportSchema.parse(list[0]);

  const settings = shardSettings(options.site);
  const written: { shard: string; reports: number }[] = [];
  for (const [shard, reports] of [...byShard].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const archive = buildArchive(reports);
    const feedBodies: Record<string, string> = {};
    for (const slug of feedAnnounced(archive, (list) => feedSelection(list, options.site.feedLimit)))
      feedBodies[slug] = '## 一、主要工作\n\n依法行政工作有序推进。';
    const manifest = shardManifest(shard, settings, archive, feedBodies, { version: 2, shards: [] });
    const folder = join(dir, shardFolderName(shard));
    mkdirSync(join(folder, 'dist'), { recursive: true });
    writeAtomic(join(folder, ARCHIVE_SHARD_MANIFEST), `${JSON.stringify(manifest)}\n`);
    written.push({ shard, reports: reports.length });
  }
  return written;
}
