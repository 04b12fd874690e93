/**
 * The shard rule and the assemble step's checks (src/lib/shards.ts), and a shard's ingest walking its
 * own folder only (listSources with a scope).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulateShards } from '../../scripts/lib/bench/shard-simulation.ts';
import { listSources } from '../../scripts/lib/ingest/engine.ts';
import { shardSettings } from '../../scripts/lib/site/shard-build.ts';
import { buildArchive } from '../../src/lib/archive.ts';
import { type Report, reportSchema } from '../../src/lib/report.ts';
import {
  type ArchiveShardManifest,
  assembleProblems,
  inShard,
  providedPages,
  reportViewKey,
  searchShardPrefix,
  shardFolderName,
  shardIds,
  shardOfUpload,
  shardPageKeys,
  shardScope,
  TOP_LEVEL_SHARD,
} from '../../src/lib/shards.ts';
import { CONFIG_DEFAULTS } from '../../src/site.config.ts';
import { makeReport } from '../helpers/make-report.ts';

const segment = fc.stringMatching(/^[a-z0-9一-龥][a-z0-9一-龥_-]{0,8}$/);
const uploadPath = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => `${parts.join('/')}.txt`);

describe('the shard of an upload', () => {
  it('is its first folder; a split folder is split once more by its subfolders; the top level is "."', () => {
    expect(shardOfUpload('shandong/jinan/a.docx', [])).toBe('shandong');
    expect(shardOfUpload('a.docx', [])).toBe(TOP_LEVEL_SHARD);
    expect(shardOfUpload('henan/2024/x/a.pdf', ['henan'])).toBe('henan/2024');
    expect(shardOfUpload('henan/a.pdf', ['henan'])).toBe('henan');
    expect(shardIds(['b/1.txt', 'a/2.txt', 'b/c/3.txt', '4.txt'], [])).toEqual(['.', 'a', 'b']);
  });

  it('is one shard for every upload, and that shard claims it (property)', () => {
    fc.assert(
      fc.property(fc.array(uploadPath, { maxLength: 20 }), fc.array(segment, { maxLength: 3 }), (paths, split) => {
        const ids = shardIds(paths, split);
        for (const path of paths)
          expect(ids.filter((id) => inShard(path, id, split))).toEqual([shardOfUpload(path, split)]);
      }),
    );
  });

  it('has a folder name and a search prefix that are safe and distinct (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(uploadPath, { maxLength: 20 }),
        fc.array(segment, { maxLength: 3 }),
        (paths, split) => {
          const ids = shardIds(paths, split);
          const folders = ids.map(shardFolderName);
          expect(new Set(folders).size).toBe(ids.length);
          for (const folder of folders) expect(folder).not.toMatch(/[/\\]|^\.|^$/);
          for (const prefix of ids.map(searchShardPrefix)) expect(prefix).toMatch(/^[a-z0-9]+$/);
        },
      ),
    );
  });

  it("is walked alone by its ingest: a folder's subtree, a split folder's own files, the top level's files", () => {
    const root = mkdtempSync(join(tmpdir(), 'gongkai-scope-'));
    for (const path of ['top.txt', 'shandong/a.txt', 'shandong/jinan/b.txt', 'henan/c.txt', 'henan/2024/d.txt']) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), '报告');
    }
    const walked = (id: string, split: string[] = []) => listSources(root, shardScope(id, split)).files;
    expect(walked('shandong')).toEqual(['shandong/a.txt', 'shandong/jinan/b.txt']);
    expect(walked(TOP_LEVEL_SHARD)).toEqual(['top.txt']);
    expect(walked('henan', ['henan'])).toEqual(['henan/c.txt']);
    expect(walked('henan/2024', ['henan'])).toEqual(['henan/2024/d.txt']);
    expect(walked('guangdong')).toEqual([]);
    // Every upload in exactly one shard's walk.
    const all = listSources(root).files;
    const split = ['henan'];
    expect(
      shardIds(all, split)
        .flatMap((id) => walked(id, split))
        .sort(),
    ).toEqual(all);
  });
});

function manifestOf(shard: string, reports: Report[], settings = 's'): ArchiveShardManifest {
  const archive = buildArchive(reports);
  return {
    version: 1,
    shard,
    settings,
    reports,
    views: Object.fromEntries(reports.map((r) => [r.slug, reportViewKey(settings, archive, r)])),
    feedBodies: {},
    search: { version: 2, shards: [] },
    pages: shardPageKeys(settings, archive),
  };
}

const report = (slug: string, year: number, province: string, authority: string | null = null): Report =>
  makeReport(slug, { year, authority, region: { province, city: null, county: null, township: null, code: null } });

describe('what the assemble step refuses', () => {
  it('accepts shards whose report pages are the pages the national archive gives them', () => {
    const shards = [
      manifestOf('shandong', [report('2024-a', 2024, '山东省'), report('2023-a', 2023, '山东省')]),
      manifestOf('hebei', [report('2024-b', 2024, '河北省')]),
    ];
    expect(assembleProblems(shards, 's', buildArchive)).toEqual([]);
  });

  it('names a report address published by two shards, and both shards', () => {
    const shards = [
      manifestOf('a', [report('2024-x', 2024, '山东省')]),
      manifestOf('b', [report('2024-x', 2024, '河北省')]),
    ];
    const problems = assembleProblems(shards, 's', buildArchive);
    expect(problems.map((p) => p.message)).toEqual([expect.stringContaining('2024-x（a、b）')]);
  });

  it('names shards built with other settings, and how to rebuild them', () => {
    const problems = assembleProblems(
      [manifestOf('a', [report('2024-x', 2024, '山东省')], 'other')],
      's',
      buildArchive,
    );
    expect(problems[0]?.hint).toContain('npm run build -- --shard a');
  });

  it('names the reports whose pages depend on another shard (one body split across shards by year)', () => {
    const body = '山东省人民政府';
    const shards = [
      manifestOf('shandong/2023', [report('2023-sd', 2023, '山东省', body)]),
      manifestOf('shandong/2024', [report('2024-sd', 2024, '山东省', body)]),
    ];
    const problems = assembleProblems(shards, 's', buildArchive);
    expect(problems).toHaveLength(2);
    expect(problems[0]?.message).toContain('2023-sd');
    expect(problems[1]?.message).toContain('2024-sd');
  });
});

describe('the pages the assemble step takes from the shards', () => {
  it('are those of a province or body one shard holds alone, and not of one split across shards', () => {
    const shards = [
      manifestOf('a', [report('2024-a', 2024, '山东省', '山东省司法厅'), report('2024-c', 2024, '河南省')]),
      manifestOf('b', [report('2024-b', 2024, '河北省', '河北省司法厅'), report('2023-c', 2023, '河南省')]),
    ];
    const all = shards.flatMap((m) => m.reports);
    const provided = providedPages(shards, 's', buildArchive(all));
    expect([...provided.provinces]).toEqual(
      expect.arrayContaining([
        [expect.stringMatching(/^\/regions\/shandong/), 'a'],
        [expect.stringMatching(/^\/regions\/hebei/), 'b'],
      ]),
    );
    expect([...provided.provinces.keys()].some((path) => path.startsWith('/regions/henan'))).toBe(false);
    expect(provided.authorities.size).toBe(2);
  });

  it('are none whose page the shard rendered with other settings', () => {
    const shards = [manifestOf('a', [report('2024-a', 2024, '山东省', '山东省司法厅')], 'old')];
    const provided = providedPages(shards, 'new', buildArchive(shards[0]?.reports ?? []));
    expect(provided.provinces.size + provided.authorities.size).toBe(0);
  });
});

describe('the simulated national archive (npm run bench-assemble)', () => {
  it('writes per-province shard manifests that assemble without a problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-simulated-'));
    const written = simulateShards(dir, {
      reports: 400,
      years: 8,
      firstYear: 2018,
      seed: 3,
      site: CONFIG_DEFAULTS.site,
    });
    expect(written.reduce((n, s) => n + s.reports, 0)).toBe(400);
    const manifests = written.map(
      (s) => JSON.parse(readFileSync(join(dir, s.shard, 'manifest.json'), 'utf8')) as ArchiveShardManifest,
    );
    for (const m of manifests) {
      expect(new Set(m.reports.map((r) => r.region.province)).size).toBe(1);
      for (const r of m.reports) expect(reportSchema.safeParse(r).success).toBe(true);
    }
    expect(assembleProblems(manifests, shardSettings(CONFIG_DEFAULTS.site), buildArchive)).toEqual([]);
  });
});
