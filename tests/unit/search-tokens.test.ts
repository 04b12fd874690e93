import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decode,
  encode,
  fromIndexText,
  indexTokens,
  normaliseForSearch,
  parseQuery,
} from '../../src/lib/search/tokens.ts';

describe('search tokens', () => {
  it('index every run as overlapping bigrams plus its last character', () => {
    expect(indexTokens('法治政府，建设')).toEqual(['法治', '治政', '政府', '府', '建设', '设']);
    expect(indexTokens('2024年')).toEqual(['20', '02', '24', '4年', '年']);
  });

  it('normalise full-width forms, case and traditional characters alike', () => {
    expect(normaliseForSearch('２０２４ＡＢＣ')).toBe('2024abc');
    expect(normaliseForSearch('政協提案張官營鎮')).toBe('政协提案张官营镇');
  });

  it('encode characters reversibly, in fixed width, ending in a digit', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (s) => {
        const chars = [...s].filter((c) => (c.codePointAt(0) ?? 0) < 466_560);
        const code = encode(chars.join(''));
        expect(code.length).toBe(chars.length * 4);
        expect(decode(code)).toBe(chars.join(''));
        if (code) expect(code).toMatch(/[0-9]$/);
      }),
    );
  });

  it('turn queries into Pagefind terms and phrases', () => {
    expect(parseQuery('法治政府').pagefind).toBe(['法治', '治政', '政府'].map(encode).join(' '));
    expect(parseQuery('"八五普法"')).toMatchObject({
      pagefind: `"${['八五', '五普', '普法'].map(encode).join(' ')}"`,
      exact: true,
      terms: ['八五普法'],
    });
    expect(parseQuery('“法治，政府”').pagefind).toBe(`"${['法治', '治', '政府'].map(encode).join(' ')}"`);
    expect(parseQuery('法').pagefind).toBe(encode('法'));
    expect(parseQuery('！？').pagefind).toBe('');
  });

  it('read indexed tokens back as text, keeping highlights', () => {
    const indexed = indexTokens('推进法治政府建设').map(encode);
    indexed[2] = `\ue000${indexed[2]}\ue001`;
    expect(fromIndexText(indexed.join(' ')).replace(/[\ue000\ue001]/g, '')).toBe('推进法治政府建设');
    expect(fromIndexText(indexed.join(' '))).toContain('\ue000');
  });
});
