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
});
