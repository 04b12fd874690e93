import { describe, expect, it } from 'vitest';
import { astroFailure } from '../../scripts/lib/site/astro.ts';

describe('astroFailure', () => {
  const astroOutput = (file: string) =>
    `[InvalidContentEntryDataError] reports → x data does not match collection schema.\n\n  \u001b[1myear\u001b[22m: Expected type "number", received "string"\n  Location:\n    ${file}:0:0\n  Stack trace:\n    at getEntryData`;

  it('names the report file and says how to fix a generated report', () => {
    const message = astroFailure(astroOutput('/srv/site/content/reports/2021/2021-x.md'), '/srv/site/content/reports');
    expect(message).toContain('✗ 网页生成失败：/srv/site/content/reports/2021/2021-x.md');
    expect(message).toContain('删除它即可由 npm run build 重新生成');
    expect(message).toContain('.meta.yaml');
  });

  it('names any other file, and still says what to do when Astro names none', () => {
    expect(astroFailure(astroOutput('/srv/site/src/pages/index.astro'), '/srv/site/content/reports')).toContain(
      'npm run check',
    );
    expect(astroFailure('something broke', 'content/reports')).toMatch(/^✗ 网页生成失败（/);
  });

  it('says Astro ran out of memory, and what to do, rather than pointing at a file', () => {
    const oom =
      '<--- Last few GCs --->\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n 1: 0xb8a3a1 node::Abort()';
    const message = astroFailure(oom, 'content/reports');
    expect(message).toContain('内存不足');
    expect(message).toContain('npm run build -- --shard');
    expect(message).not.toContain('所指文件');
  });
});
