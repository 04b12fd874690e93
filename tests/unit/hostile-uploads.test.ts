/**
 * Hostile and unlucky uploads, one batch beside real reports: each is published, or refused with a
 * message in Chinese that says what to do, and the rest of the batch goes on; no upload is modified;
 * the same failures are named again on the next run.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { type IngestSummary, runIngest } from '../../scripts/lib/ingest/engine.ts';
import { makeDocx } from '../helpers/make-uploads.ts';

const root = mkdtempSync(join(tmpdir(), 'gongkai-hostile-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const sources = join(root, 'sources');
const reports = join(root, 'reports');
mkdirSync(sources);
const real = readFileSync('content/sources/000_fa3c1ac41b8e6c63.txt', 'utf8');
/** A real report made distinct, so that no two uploads are duplicates of each other. */
const variant = (n: string) => `${real}\n附：${n}。`;

/** A ZIP whose central directory leaves out its last entry (the entry's bytes stay in the stream). */
function withoutLastDirectoryEntry(zip: Uint8Array): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.length - 22;
  const [count, directoryAt] = [view.getUint16(end + 10, true), view.getUint32(end + 16, true)];
  let at = directoryAt;
  for (let i = 0; i < count - 1; i++)
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  const eocd = zip.slice(end);
  const v = new DataView(eocd.buffer);
  v.setUint16(8, count - 1, true);
  v.setUint16(10, count - 1, true);
  v.setUint32(12, at - directoryAt, true);
  const out = new Uint8Array(at + 22);
  out.set(zip.subarray(0, at));
  out.set(eocd, at);
  return out;
}

const files: Record<string, string | Uint8Array> = {
  'year1900.txt': variant('1'),
  'year1900.meta.yaml': 'year: 1900\n',
  'date-13-45.txt': variant('2'),
  'date-13-45.meta.yaml': 'published: 2023-13-45\n',
  'date-02-30.txt': variant('3'),
  'date-02-30.meta.yaml': 'published: 2023-02-30\n',
  'long-slug.txt': variant('4'),
  'long-slug.meta.yaml': `slug: ${'a'.repeat(300)}\n`,
  'slug-a.txt': variant('5'),
  'slug-a.meta.yaml': 'slug: same-slug\n',
  'slug-b.txt': variant('6'),
  'slug-b.meta.yaml': 'slug: same-slug\n',
  'control.txt': variant('7').replace('法治', '法\u001b治').replace('政府', '政\ufffe府').replace('建设', '建\uffff设'),
  'gbk-sidecar.txt': variant('8'),
  'gbk-sidecar.meta.yaml': iconv.encode('title: 某某县人民政府关于2023年度法治政府建设情况的报告（旁注）\n', 'gbk'),
  'binary-sidecar.txt': variant('9'),
  'binary-sidecar.meta.yaml': new Uint8Array([0xff, 0xfe, 0xfd, 0x00, 0x81, 0x30, 0xff, 0xff]),
  'encrypted.pdf': readFileSync('tests/fixtures/uploads/加密.pdf'),
  'old-word.docx': new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)]),
  // 300 MB of zeros in 300 KB: refused from the sizes the archive declares, before anything inflates it.
  'bomb.docx': zipSync({
    '[Content_Types].xml': new TextEncoder().encode('<Types/>'),
    'word/document.xml': new Uint8Array(300 * 1024 * 1024),
  }),
  'entity.docx': zipSync({
    'word/document.xml': new TextEncoder().encode(
      '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY sec "x">]><w:document>&sec;</w:document>',
    ),
  }),
  // A part the stream holds and the directory does not list: the two views of the archive disagree.
  'hidden-part.docx': withoutLastDirectoryEntry(
    zipSync({
      '[Content_Types].xml': new TextEncoder().encode('<Types/>'),
      'word/document.xml': new TextEncoder().encode('<w:document/>'),
      'word/hidden.xml': new TextEncoder().encode('<x/>'),
    }),
  ),
  'deep.html': `<html><body>${'<div>'.repeat(5000)}法治政府建设情况的报告${'</div>'.repeat(5000)}</body></html>`,
};

const hashes = () =>
  Object.fromEntries(
    readdirSync(sources).map((f) => [
      f,
      createHash('sha256')
        .update(readFileSync(join(sources, f)))
        .digest('hex'),
    ]),
  );

describe('a batch of hostile uploads', async () => {
  for (const [name, content] of Object.entries(files)) writeFileSync(join(sources, name), content);
  writeFileSync(join(sources, 'word.docx'), await makeDocx(variant('10').split('\n')));
  const before = hashes();
  const run = () => runIngest({ sources, reports, cacheDir: null, today: '2026-01-01' });
  const first: IngestSummary = await run();
  const failed = Object.fromEntries(first.failed.map((f) => [f.path, `${f.message} → ${f.hint}`]));

  it('refuses each with a message that says what to do', () => {
    expect(failed['year1900.txt']).toMatch(/year：年份应在 1949–2100 之间/);
    expect(failed['date-13-45.txt']).toMatch(/published：应为真实存在的日期/);
    expect(failed['date-02-30.txt']).toMatch(/published：应为真实存在的日期/);
    expect(failed['long-slug.txt']).toMatch(/slug：最多 100 个字符/);
    expect(failed['binary-sidecar.txt']).toMatch(/编码无法识别|“字段: 值”的列表/);
    expect(failed['encrypted.pdf']).toMatch(/PDF 已加密.*请上传未加密的版本/);
    expect(failed['old-word.docx']).toMatch(/旧版 Word（\.doc）.*加密/);
    expect(failed['bomb.docx']).toMatch(/压缩炸弹/);
    expect(failed['entity.docx']).toMatch(/DOCTYPE/);
    expect(failed['hidden-part.docx']).toMatch(/目录与其中的内容不一致/);
    expect(failed['deep.html']).toMatch(/嵌套超过/);
    for (const message of Object.values(failed)) expect(message).not.toMatch(/xmldom|No password|call stack|ENOENT/);
  });

  it('gives one upload one report: a slug already taken refuses the newcomer, naming the holder', () => {
    expect(failed['slug-b.txt']).toMatch(/slug「same-slug」已被 slug-a\.txt 的报告使用/);
    expect(failed['slug-a.txt']).toBeUndefined();
    expect(readdirSync(reports, { recursive: true }).map(String)).toContain(join('2024', 'same-slug.md'));
  });

  it('publishes the rest: control characters removed with a warning, a GBK sidecar read as GBK', () => {
    const published = readdirSync(reports, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.md'));
    const texts = published.map((f) => readFileSync(join(reports, f), 'utf8'));
    expect(texts.some((t) => t.includes('某某县人民政府关于2023年度法治政府建设情况的报告（旁注）'))).toBe(true);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what must be absent
    for (const t of texts) expect(t).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
    expect(first.warnings.some((w) => w.path === 'control.txt' && /已删除 3 个/.test(w.message))).toBe(true);
    expect(first.added).toContain('word.docx');
    // Counted once each: 新增 + 更新 + 未变 + 失败 = 报告.
    expect(first.added.length + first.updated.length + first.unchanged + first.failed.length).toBe(first.total);
    for (const f of first.failed) expect(first.added).not.toContain(f.path);
  });

  it('names the same failures on the next run, and modifies no upload', async () => {
    const second = await run();
    expect(second.failed.map((f) => f.path).sort()).toEqual(first.failed.map((f) => f.path).sort());
    expect(hashes()).toEqual(before);
  });
});
