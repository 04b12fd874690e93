/**
 * The ingest command end to end on temporary folders: formats, incremental runs, duplicates,
 * overrides, hostile uploads, and the promise that sources are never touched.
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runIngest } from '../../scripts/lib/ingest/engine.ts';
import { reportSchema } from '../../src/lib/report.ts';
import { makeDocx, makeGovernmentPage, makePdf, makeScannedPdf } from '../helpers/make-uploads.ts';
import { treeHashes } from '../helpers/tree-hashes.ts';

const SEEDS = 'tests/fixtures/seeds';
let root: string;
let sources: string;
let reports: string;

async function readReports(): Promise<Map<string, { data: Record<string, unknown>; body: string; raw: string }>> {
  const out = new Map();
  for (const [path] of Object.entries(await treeHashes(reports))) {
    if (!path.endsWith('.md')) continue;
    const raw = await readFile(join(reports, path), 'utf8');
    const [, yaml = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(raw) ?? [];
    const data = parse(yaml) as Record<string, unknown>;
    out.set((data.source as { path: string }).path, { data, body, raw });
  }
  return out;
}

// The uploads' remembered hashes live outside root: root's tree is compared byte for byte between runs.
const ingest = (today = '2026-01-10') => runIngest({ sources, reports, today, cacheDir: `${root}-cache` });

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'gongkai-ingest-'));
  sources = join(root, 'sources');
  reports = join(root, 'reports');
  await mkdir(sources, { recursive: true });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('ingest', () => {
  it('converts the sample archive into valid frontmatter Markdown and never touches the sources', async () => {
    await cp(SEEDS, sources, { recursive: true, filter: (p) => !p.endsWith('.tsv') });
    const before = await treeHashes(sources);
    const summary = await ingest();
    expect(summary.failed).toEqual([]);
    expect(summary.added).toHaveLength(5);
    const out = await readReports();
    expect(out.size).toBe(5);
    for (const { data } of out.values()) expect(() => reportSchema.parse(data)).not.toThrow();
    expect(await treeHashes(sources)).toEqual(before);
  });

  it('is incremental, byte-identical on a re-run, and keeps `added` dates', async () => {
    await cp(SEEDS, sources, { recursive: true, filter: (p) => !p.endsWith('.tsv') });
    await ingest('2026-01-10');
    const first = await treeHashes(root);
    const again = await ingest('2026-02-01');
    expect(again.unchanged).toBe(5);
    expect(again.added.length + again.updated.length).toBe(0);
    expect(await treeHashes(root)).toEqual(first);

    // A changed upload is converted again, keeping its first-seen date and its permalink.
    const [name] = (await readdir(sources)).filter((f) => f.endsWith('.txt'));
    const path = join(sources, name ?? '');
    const slugBefore = (await readReports()).get(name ?? '')?.data.slug;
    await writeFile(path, `${await readFile(path, 'utf8')}\n（五）新增段落。补充说明本年度工作。`);
    const changed = await ingest('2026-03-01');
    expect(changed.updated).toEqual([name]);
    const after = (await readReports()).get(name ?? '');
    expect(after?.data.added).toBe('2026-01-10');
    expect(after?.data.slug).toBe(slugBefore);
    expect(after?.body).toContain('补充说明本年度工作');

    // An upload changed in place with its size and modification time put back (as `cp -p` or a
    // careless tool could) is still seen as changed: its remembered hash is not trusted.
    await new Promise((done) => setTimeout(done, 2100)); // past the racy window: the hash is now trusted
    expect((await ingest('2026-03-02')).unchanged).toBe(5);
    const before = await stat(path);
    const text = await readFile(path, 'utf8');
    const same = text.replace('补充说明本年度工作', '补充说明本年度任务');
    expect(Buffer.byteLength(same)).toBe(before.size);
    await writeFile(path, same);
    await utimes(path, before.atime, before.mtime);
    const replaced = await ingest('2026-03-02');
    expect(replaced.updated).toEqual([name]);
    expect((await readReports()).get(name ?? '')?.body).toContain('补充说明本年度任务');

    // A removed upload removes its report.
    await rm(path);
    const removed = await ingest();
    expect(removed.removed).toEqual([name]);
    expect((await readReports()).has(name ?? '')).toBe(false);
  });

  it('publishes the same text uploaded twice (other name, other encoding) once, naming the copy', async () => {
    const text = await readFile(join(SEEDS, '000_fa3c1ac41b8e6c63.txt'), 'utf8');
    await writeFile(join(sources, 'a.txt'), text);
    await writeFile(join(sources, '副本 报告.txt'), iconv.encode(text.replace(/\n/g, '\r\n'), 'gb18030'));
    const summary = await ingest();
    expect(summary.duplicates.map((d) => d.path)).toEqual(['副本 报告.txt']);
    const out = await readReports();
    expect(out.size).toBe(1);
    expect(out.get('a.txt')?.data.duplicates).toEqual(['副本 报告.txt']);
  });

  it('decodes every encoding of a real report to the same body', async () => {
    const text = await readFile(join(SEEDS, '001_9a9185d006596f76.txt'), 'utf8');
    const variants: Record<string, Uint8Array> = {
      'utf8.txt': Buffer.from(text),
      'bom.txt': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
      'gb.txt': iconv.encode(text, 'gb18030'),
      'u16le.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]),
      'u16be.txt': iconv.encode(text, 'utf-16be'),
      'crlf.txt': Buffer.from(text.replace(/\n/g, '\r\n')),
      'cr.txt': Buffer.from(text.replace(/\n/g, '\r')),
    };
    const bodies = new Set<string>();
    for (const [name, bytes] of Object.entries(variants)) {
      await rm(sources, { recursive: true, force: true });
      await rm(reports, { recursive: true, force: true });
      await rm(join(root, 'ledger.json'), { force: true });
      await mkdir(sources);
      await writeFile(join(sources, name), bytes);
      const summary = await ingest();
      expect(summary.failed, name).toEqual([]);
      const [report] = (await readReports()).values();
      expect(report?.data.title, name).toBe('鲁山县张官营镇人民政府关于2024年法治政府建设情况的报告');
      expect(report?.body.length, name).toBeGreaterThan(2500);
      bodies.add(report?.body ?? '');
    }
    expect(bodies.size).toBe(1);
  });

  it('reads HTML pages, Word documents and PDFs, and refuses a scan that needs OCR', async () => {
    const text = await readFile(join(SEEDS, '003_045163cef6a9308d.txt'), 'utf8');
    const lines = text.split('\n').filter((l) => l.trim());
    await writeFile(
      join(sources, 'page.html'),
      makeGovernmentPage('某某县人民政府关于2024年度法治政府建设情况的报告', lines.slice(2, 12), {
        published: '2025-01-20',
        source: '某某县司法局',
      }),
    );
    await writeFile(join(sources, 'report.docx'), await makeDocx(lines));
    await writeFile(
      join(sources, 'english.pdf'),
      await makePdf(['Annual report on law-based government 2023', 'The county government ...']),
    );
    await writeFile(join(sources, 'scan.pdf'), await makeScannedPdf());
    const summary = await ingest();
    expect(summary.failed.map((f) => f.path)).toEqual(['scan.pdf']);
    expect(summary.failed[0]?.message).toMatch(/OCR/);
    const out = await readReports();
    const page = out.get('page.html');
    expect(page?.data).toMatchObject({
      title: '某某县人民政府关于2024年度法治政府建设情况的报告',
      published: '2025-01-20',
      year: 2024,
    });
    expect(page?.body).not.toMatch(/首页|网站标识码|tracker/);
    expect(out.get('report.docx')?.data).toMatchObject({
      title: '蓝山县人民政府办公室2022年度法治政府建设工作报告',
      year: 2022,
    });
    expect(out.get('english.pdf')?.body).toContain('Annual report');
  });

  it('applies folder defaults and sidecars, sidecar first', async () => {
    const text = await readFile(join(SEEDS, '002_0c07f546518aa335.txt'), 'utf8');
    await mkdir(join(sources, '山东省/枣庄市/台儿庄区'), { recursive: true });
    await writeFile(join(sources, '山东省/枣庄市/台儿庄区/2021 报告.txt'), text);
    await writeFile(join(sources, 'b.txt'), text.replace('2021年度', '2022年度').replace('台政办字', '某政办字'));
    await writeFile(
      join(sources, 'b.meta.yaml'),
      'title: "改过的标题: 含冒号 # 与 \'引号\'"\nregion: 河南省/平顶山市/鲁山县\nauthority: 某区人民政府办公室\npublished: 2023-02-01\n',
    );
    const summary = await ingest();
    expect(summary.failed).toEqual([]);
    const out = await readReports();
    expect(out.get('山东省/枣庄市/台儿庄区/2021 报告.txt')?.data.region).toMatchObject({
      county: '台儿庄区',
      code: '370405',
    });
    expect(out.get('b.txt')?.data).toMatchObject({
      title: "改过的标题: 含冒号 # 与 '引号'",
      authority: '某区人民政府办公室',
      published: '2023-02-01',
      region: { province: '河南省', city: '平顶山市', county: '鲁山县' },
      level: 'county',
    });
  });

  it('names a broken sidecar and goes on with the batch', async () => {
    const text = await readFile(join(SEEDS, '000_fa3c1ac41b8e6c63.txt'), 'utf8');
    await writeFile(join(sources, 'a.txt'), text);
    await writeFile(join(sources, 'a.meta.yaml'), 'year: 二〇二四\ntitel: x\n');
    await writeFile(join(sources, 'b.txt'), text.replace('梁山县', '汶上县'));
    const summary = await ingest();
    expect(summary.failed).toHaveLength(1);
    expect(summary.failed[0]).toMatchObject({ path: 'a.txt' });
    expect(summary.failed[0]?.message).toMatch(/year/);
    expect(summary.failed[0]?.message).toMatch(/titel/);
    expect((await readReports()).has('b.txt')).toBe(true);
  });

  it('survives hostile uploads: injection, YAML-breaking titles, huge, empty and binary files', async () => {
    const hostileTitle = `---\ntitle: x\n---\n"关于2024年: #法治 '政府'建设情况的报告"`;
    await writeFile(
      join(sources, 'inject.txt'),
      `<script>alert(1)</script>关于2024年法治政府建设情况的报告\n<img src=x onerror=alert(1)>正文第一段，坚持依法行政，推进法治政府建设，各项工作取得新成效。[点我](javascript:alert(1))`,
    );
    await writeFile(
      join(sources, 'yaml.txt'),
      `${hostileTitle}\n正文：坚持依法行政，推进法治政府建设，各项工作取得新成效，群众满意度不断提升。`,
    );
    await writeFile(
      join(sources, 'huge.txt'),
      '（一）加强学习。坚持依法行政，推进法治政府建设，各项工作取得新成效。\n'.repeat(60_000),
    );
    await writeFile(join(sources, 'empty.txt'), '');
    await writeFile(join(sources, 'binary.txt'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    await writeFile(join(sources, 'notes.xlsx'), 'x');
    const summary = await ingest();
    expect(summary.failed.map((f) => f.path).sort()).toEqual(['binary.txt', 'empty.txt', 'notes.xlsx']);
    for (const f of summary.failed) expect(f.hint).toBeTruthy();
    const out = await readReports();
    expect(out.size).toBe(3);
    for (const { data } of out.values()) expect(() => reportSchema.parse(data)).not.toThrow();
    expect(out.get('huge.txt')?.body.length).toBeGreaterThan(2_000_000);
  });

  it('exits 0 when all converted, 1 when an upload failed or (with --strict) warned, 2 on a usage error', async () => {
    const run = (args: string[]) =>
      spawnSync(process.execPath, [resolve('node_modules/tsx/dist/cli.mjs'), 'scripts/ingest.ts', ...args], {
        env: { ...process.env, GONGKAI_SOURCES_DIR: sources, GONGKAI_REPORTS_DIR: reports },
        encoding: 'utf8',
      });
    await writeFile(join(sources, 'a.txt'), await readFile(join(SEEDS, '000_fa3c1ac41b8e6c63.txt')));
    expect(run([]).status).toBe(0);
    expect(run(['--strict']).status).toBe(1);
    expect(run(['--bogus']).status).toBe(2);
    await writeFile(join(sources, 'empty.txt'), '');
    const failed = run([]);
    expect(failed.status).toBe(1);
    expect(failed.stdout).toMatch(/empty\.txt：文件为空/);
  });
});
