import { describe, expect, it } from 'vitest';
import {
  hasTraditionalChars,
  isTraditional,
  isTraditionalChar,
  SIMPLIFIED_CHAR,
  TRADITIONAL_CHAR,
} from '../../src/lib/chinese-script.ts';
import { toSimplified } from '../../src/lib/chinese-script-opencc.ts';
import { normaliseForSearch } from '../../src/lib/search/tokens.ts';

describe('the traditional → simplified table', () => {
  it('knows a traditional character and not a simplified one', () => {
    const county = '縣';
    expect(isTraditionalChar(county)).toBe(true);
    expect(SIMPLIFIED_CHAR[county]).toBe('县');
    expect(isTraditionalChar('县')).toBe(false);
    expect(isTraditionalChar('a')).toBe(false);
  });

  it('matches exactly the table’s characters, and the search converts through it', () => {
    const sample = Object.keys(SIMPLIFIED_CHAR).slice(0, 50).join('');
    expect(sample.match(TRADITIONAL_CHAR)?.join('')).toBe(sample);
    expect('法治政府建设'.match(TRADITIONAL_CHAR)).toBeNull();
    expect(normaliseForSearch('法治政府建設')).toBe('法治政府建设');
  });
});

describe('telling traditional text', () => {
  it('takes a text as traditional when more than 5% of its Chinese characters are', () => {
    expect(isTraditional('本縣堅持依法行政，推進法治政府建設')).toBe(true);
    expect(isTraditional('本县坚持依法行政，推进法治政府建设')).toBe(false);
    // One traditional character in 30 (3%) is a simplified text quoting a name.
    expect(isTraditional(`${'法治政府建设'.repeat(5)}縣`)).toBe(false);
    expect(isTraditional('no Chinese at all')).toBe(false);
  });

  it('counts traditional characters anywhere for the stricter check', () => {
    const three = `${'法治政府建设'.repeat(50)}縣縣縣`;
    expect(isTraditional(three)).toBe(false);
    expect(hasTraditionalChars(three, 3)).toBe(true);
    expect(hasTraditionalChars('縣縣', 3)).toBe(false);
  });
});

describe('toSimplified', () => {
  it('converts phrase by phrase through OpenCC', () => {
    expect(toSimplified('某某縣人民政府關於法治政府建設')).toBe('某某县人民政府关于法治政府建设');
  });
});
