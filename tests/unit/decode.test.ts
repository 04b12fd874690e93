import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/lib/decode.ts';

const sample = '梁山县人民政府办公室关于2024年法治政府建设情况的报告';

describe('decodeText', () => {
  it('reads UTF-8 with and without BOM', () => {
    const plain = new TextEncoder().encode(sample);
    expect(decodeText(plain)).toEqual({ text: sample, encoding: 'utf-8' });
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...plain]);
    expect(decodeText(bom)).toEqual({ text: sample, encoding: 'utf-8' });
  });

  it('detects GB18030', () => {
    expect(decodeText(iconv.encode(sample, 'gb18030'))).toEqual({ text: sample, encoding: 'gb18030' });
  });

  it('detects UTF-16 by its BOM', () => {
    const le = iconv.encode(sample, 'utf-16le');
    expect(decodeText(new Uint8Array([0xff, 0xfe, ...le])).text).toBe(sample);
  });
});
