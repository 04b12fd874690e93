import { afterEach, describe, expect, it, vi } from 'vitest';
import { textPdf } from '../../scripts/lib/shared/corpus-generator.ts';
import { readPdf } from '../../src/lib/formats/pdf.ts';

describe('readPdf', () => {
  afterEach(() => vi.restoreAllMocks());

  it('reads the text layer of a PDF set in an embedded CJK font, and prints nothing while doing it', async () => {
    // pdf.js reports every oddity of a subset font program it repairs on the console; a batch of PDFs
    // once buried the ingest's own messages under tens of thousands of such lines.
    const printed: unknown[][] = [];
    for (const method of ['log', 'warn', 'error', 'info'] as const)
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void printed.push(args));
    const lines = [
      '某某县人民政府关于2024年度法治政府建设情况的报告',
      '一、深入学习贯彻习近平法治思想，推进严格规范公正文明执法。',
    ];
    const { text } = await readPdf(await textPdf(lines));
    expect(text.replace(/\s/g, '')).toContain(lines[0]);
    expect(text.replace(/\s/g, '')).toContain('推进严格规范公正文明执法');
    expect(printed).toEqual([]);
  });
});
