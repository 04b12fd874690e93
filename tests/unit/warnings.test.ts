/**
 * Each warning tells the webmaster what to do: the sidecar field that settles it, or that nothing is to
 * be done (src/lib/warnings.ts) — checked on every warning the conversion gives over the real reports
 * of the fixtures and on hand-made texts that miss each field.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertSource } from '../../src/lib/convert.ts';
import { resolveRegionNames } from '../../src/lib/region.ts';
import { fixInSidecar, SIDECAR_EXAMPLES, warnedField } from '../../src/lib/warnings.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures');

async function warningsOf(path: string, text: string): Promise<string[]> {
  return (await convertSource({ path, bytes: new TextEncoder().encode(text) })).fields.warnings;
}

describe('warnings', () => {
  it('each names the sidecar field that settles it, or says nothing is to be done', async () => {
    const texts = ['seeds', 'dev', 'corpus'].flatMap((dir) =>
      readdirSync(join(FIXTURES, dir))
        .filter((f) => f.endsWith('.txt'))
        .map((f) => ({ path: f, text: readFileSync(join(FIXTURES, dir, f), 'utf8') })),
    );
    texts.push(
      { path: 'x.txt', text: '坚持依法行政，推进法治政府建设，各项工作取得新成效。' },
      {
        path: 'y.txt',
        text: '鼓楼区2023年法治政府建设情况报告\n2023年，鼓楼区坚持依法行政，應(yīng)急學(xué)習(xí)貫徹(chè)。\uffff',
      },
      { path: 'z.txt', text: '法治政府建设情况报告\n2023年，全省坚持依法行政，山东各地取得新成效。' },
    );
    const warnings = (await Promise.all(texts.map((t) => warningsOf(t.path, t.text)))).flat();
    expect(warnings.length).toBeGreaterThan(100);
    const unclear = warnings.filter((w) => warnedField(w) === null && !w.endsWith('（无需处理）'));
    expect(unclear).toEqual([]);
    // Every field a warning can be about occurs among them.
    expect(new Set(warnings.map(warnedField))).toEqual(
      new Set([null, 'title', 'authority', 'year', 'region', 'published']),
    );
  });

  it('of a sidecar or folder region that cannot be placed, name the region field too', () => {
    const { warnings } = resolveRegionNames(['山东省', '不存在县']);
    expect(warnings.map(warnedField)).toEqual(['region']);
  });

  it('come with the line to write in the upload’s own sidecar', () => {
    expect(fixInSidecar('未找到发布日期（published）', '山东省/报告.meta.yaml')).toBe(
      `如需更正，在旁注文件 山东省/报告.meta.yaml 中写 ${SIDECAR_EXAMPLES.published}`,
    );
    expect(fixInSidecar('无法确定地区（region）', 'a.meta.yaml')).toMatch(/region: .*或把上传文件放进该地区的目录/);
    expect(fixInSidecar('已去除转换工具留下的 3 处拼音注音（无需处理）', 'a.meta.yaml')).toBeNull();
  });
});
