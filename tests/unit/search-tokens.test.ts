import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decode,
  encode,
  fromIndexText,
  indexText,
  indexTokens,
  metaText,
  normaliseForSearch,
  parseQuery,
  querySpellings,
  readMetaText,
} from '../../src/lib/search/tokens.ts';

describe('search tokens', () => {
  it('index every run as overlapping bigrams plus a run-end token joining it to the next run', () => {
    expect(indexTokens('法治政府，建设')).toEqual(['法治', '治政', '政府', '府\u0000建', '建设', '设\u0000']);
    expect(indexTokens('政，府')).toEqual(['政\u0000府', '府\u0000']);
    expect(indexTokens('2024年')).toEqual(['20', '02', '24', '4年', '年\u0000']);
    expect(indexTokens('法')).toEqual(['法\u0000']);
  });

  it('normalise full-width forms, case and traditional characters alike', () => {
    expect(normaliseForSearch('２０２４ＡＢＣ')).toBe('2024abc');
    expect(normaliseForSearch('政協提案張官營鎮')).toBe('政协提案张官营镇');
  });

  it('write the indexed text as exactly the encoded tokens (it is built from character codes directly)', () => {
    const chars = fc.constantFrom(...'法治政府建設張官營鎮ＡＢ12ab，。 “”\n\u0000😀𠀀');
    const text = fc.oneof(fc.string({ unit: chars, maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 40 }));
    fc.assert(
      fc.property(text, (t) => {
        expect(indexText(t)).toBe(indexTokens(t).map(encode).join(' '));
      }),
    );
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
    const code = (...tokens: string[]) => tokens.map(encode).join(' ');
    // An unquoted term is matched as the string it is: the phrase of its bigrams.
    expect(parseQuery('法治政府').parts).toEqual([`"${code('法治', '治政', '政府')}"`]);
    expect(parseQuery('法治').parts).toEqual([code('法治')]);
    expect(parseQuery('"八五普法"')).toMatchObject({
      parts: [`"${code('八五', '五普', '普法')}"`],
      exact: true,
      terms: ['八五普法'],
    });
    expect(parseQuery('“法治，政府”')).toMatchObject({
      parts: [`"${code('法治', '治\u0000政', '政府')}"`],
      terms: ['法治', '政府'],
    });
    expect(parseQuery('"法治，政"').terms).toEqual(['法治']);
    expect(parseQuery('"法"').terms).toEqual(['法']);
    expect(parseQuery('法').parts).toEqual([code('法')]);
    expect(parseQuery('！？').parts).toEqual([]);
  });

  it('give each phrase and each term of three or more characters its own part, short terms one part after them', () => {
    const code = (...tokens: string[]) => tokens.map(encode).join(' ');
    expect(parseQuery('"行政复议" 公职律师 "八五普法"')).toMatchObject({
      parts: [
        `"${code('行政', '政复', '复议')}"`,
        `"${code('八五', '五普', '普法')}"`,
        `"${code('公职', '职律', '律师')}"`,
      ],
      terms: ['行政复议', '八五普法', '公职律师'],
      exact: true,
    });
    // Terms of one or two characters are one token each: together in one part.
    expect(parseQuery('执法监督 法 治理').parts).toEqual([`"${code('执法', '法监', '监督')}"`, code('法', '治理')]);
    // One character quoted alone is a word (a prefix of the tokens starting with it); after punctuation it
    // is in the run-end token that joins it to the run before.
    expect(parseQuery('"法"').parts).toEqual([code('法')]);
    expect(parseQuery('"法治，政"').parts).toEqual([`"${code('法治', '治\u0000政')}"`]);
    expect(parseQuery('"政，府"').parts).toEqual([`"${code('政\u0000府')}"`]);
  });

  it('ask for every simplified reading of a traditional character that has several, in a traditional query only', () => {
    // 著 is 著 in 著作 and 着 in 隨著: the character table keeps it, so 隨著 is searched as 随著 and 随着.
    const code = (...tokens: string[]) => tokens.map(encode).join(' ');
    expect(parseQuery('隨著').parts).toEqual([[code('随著'), code('随着')]]);
    expect(parseQuery('隨著').terms).toEqual(['随著', '随着']);
    expect(parseQuery('"隨著改革"').parts).toEqual([
      [`"${code('随著', '著改', '改革')}"`, `"${code('随着', '着改', '改革')}"`],
    ]);
    // Words without such a character stay one part; a query in simplified characters is read as written.
    expect(parseQuery('隨著 法治').parts).toEqual([code('法治'), [code('随著'), code('随着')]]);
    expect(parseQuery('著作权').parts).toEqual([`"${code('著作', '作权')}"`]);
    // Characters both scripts write alike: a word of two or more is asked for in each reading, one alone is not.
    expect(parseQuery('沿著').parts).toEqual([[code('沿著'), code('沿着')]]);
    expect(parseQuery('著').parts).toEqual([code('著')]);
    expect(querySpellings('沿著')).toEqual(['沿著', '沿着']);
    expect(querySpellings('显著')).toEqual(['显著']);
  });

  it('keep the number of spellings of one phrase bounded', () => {
    const [phrase] = parseQuery('"隨著著著著著著著著著"').parts;
    expect(Array.isArray(phrase)).toBe(true);
    expect((phrase ?? []).length).toBeLessThanOrEqual(8);
  });

  it('make one exact part of any quoted run of two or more word characters', () => {
    const han = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((cp) => String.fromCodePoint(cp));
    fc.assert(
      fc.property(fc.array(han, { minLength: 2, maxLength: 12 }), fc.constantFrom('"', '“'), (chars, quote) => {
        const phrase = chars.join('');
        const parsed = parseQuery(`${quote}${phrase}${quote === '"' ? '"' : '”'}`);
        expect(parsed.parts).toHaveLength(1);
        // A phrase with a traditional character of several readings is asked for in each; the first as written.
        const [part = ''] = parsed.parts;
        const tokens = (typeof part === 'string' ? part : (part[0] ?? '')).replace(/^"|"$/g, '').split(' ');
        expect(tokens).toHaveLength(chars.length - 1);
        expect(fromIndexText(tokens.join(' '))).toBe(normaliseForSearch(phrase));
      }),
    );
  });

  it('never index a token that begins a bigram (Pagefind would search it for an unknown one)', () => {
    const text = fc.stringMatching(/^[法治政府建设，。 ]{0,30}$/);
    fc.assert(
      fc.property(text, (t) => {
        const tokens = [...new Set(indexTokens(t))];
        const bigramCodes = tokens.filter((token) => !token.includes('\u0000')).map(encode);
        for (const token of tokens) {
          expect([...token].length).toBeGreaterThanOrEqual(2);
          for (const b of bigramCodes) if (b !== encode(token)) expect(b.startsWith(encode(token))).toBe(false);
        }
      }),
    );
  });

  it('find a quoted phrase cut from a text among its indexed tokens, in order', () => {
    const text = fc.stringMatching(/^[法治政府建设，。 ]{0,30}$/);
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), (t, a, b) => {
        const [from, to] = [a % (t.length + 1), b % (t.length + 1)].sort((x, y) => x - y) as [number, number];
        const [part] = parseQuery(`"${t.slice(from, to)}"`).parts;
        if (typeof part !== 'string' || !part.startsWith('"')) return;
        const phrase = part.slice(1, -1);
        expect(` ${indexText(t)} `).toContain(` ${phrase} `);
      }),
    );
  });

  it('write metadata so that none of its words can be taken for a token, and read it back', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (value) => {
        const meta = metaText(value);
        expect(meta).not.toMatch(/[0-9A-Za-z]/);
        expect(readMetaText(meta)).toBe(readMetaText(value));
      }),
    );
    expect(metaText('2025年度 ABC')).toBe('２０２５年度 ＡＢＣ');
    expect(readMetaText(metaText('2024-11-22'))).toBe('2024-11-22');
  });

  it('read indexed tokens back as text, keeping highlights', () => {
    const indexed = indexTokens('推进法治政府建设').map(encode);
    indexed[2] = `\ue000${indexed[2]}\ue001`;
    expect(fromIndexText(indexed.join(' ')).replace(/[\ue000\ue001]/g, '')).toBe('推进法治政府建设');
    expect(fromIndexText(indexed.join(' '))).toContain('\ue000');
    // A bigram highlighted inside a run highlights both its characters.
    const inside = indexTokens('推进法治').map(encode);
    inside[2] = `\ue000${inside[2]}\ue001`;
    expect(fromIndexText(inside.join(' '))).toBe('推进\ue000法治\ue001');
    // A phrase across punctuation (法治，政 → 法治 治␀政) highlights the character after the punctuation too.
    const across = indexTokens('推进法治，政府，政').map(encode);
    for (const i of [2, 3]) across[i] = `\ue000${across[i]}\ue001`;
    expect(fromIndexText(across.join(' '))).toBe('推进\ue000法治\ue001 \ue000政\ue001府 政');
    // A one-character run highlighted through the run-end token before it.
    const single = indexTokens('法治，政').map(encode);
    single[1] = `\ue000${single[1]}\ue001`;
    expect(fromIndexText(single.join(' '))).toBe('法治 \ue000政\ue001');
  });
});
