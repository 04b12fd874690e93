/**
 * Traditional and simplified Chinese: what counts as traditional, how a text is told to be traditional,
 * and how it is converted — in one place.
 *
 * Two conversions, for two purposes:
 * - character by character, through one table (t2s-chars.json, written by scripts/generate-t2s-map.ts):
 *   the search normalises indexed text and queries with it, in the build and in the browser
 *   (src/lib/search/tokens.ts normaliseForSearch: `text.replace(TRADITIONAL_CHAR, …SIMPLIFIED_CHAR…)`),
 *   so the table is all the browser needs;
 * - phrase by phrase, through OpenCC: the ingest's matching of names in a traditional text — in
 *   chinese-script-opencc.ts, so that the browser's imports never reach OpenCC's dictionaries.
 */
import t2sChars from './t2s-chars.json' with { type: 'json' };
import t2sReadings from './t2s-readings.json' with { type: 'json' };

/** Every CJK character OpenCC's conversion changes on its own → its simplified form. */
export const SIMPLIFIED_CHAR: Readonly<Record<string, string>> = t2sChars;
/**
 * Every traditional character the table knows, as one global character class, so that a text is
 * converted in one native scan. For String.replace and matchAll only: test() would keep a lastIndex.
 */
export const TRADITIONAL_CHAR = new RegExp(`[${Object.keys(SIMPLIFIED_CHAR).join('')}]`, 'gu');

/**
 * A traditional character (normalised through SIMPLIFIED_CHAR) that also stands for other simplified
 * characters → those, as one string: 著 → 着 (著 in 著作, 着 in 隨著), 瞭 → 了, 覆 → 复. Written by
 * scripts/generate-t2s-map.ts from OpenCC's dictionaries; the search asks for each reading of a query
 * written in traditional characters.
 */
export const OTHER_READINGS: Readonly<Record<string, string>> = t2sReadings;

/**
 * The table's characters of the Basic Multilingual Plane as a bitmap by UTF-16 code unit: the ingest
 * asks of every character of a text's start whether it is traditional, and a property lookup per
 * character was a tenth of a text upload's conversion.
 */
const TRADITIONAL_BMP = new Uint8Array(0x10000);
for (const ch of Object.keys(SIMPLIFIED_CHAR)) if (ch.length === 1) TRADITIONAL_BMP[ch.charCodeAt(0)] = 1;

/**
 * The characters only simplified text is written in (这, 们, 权): the table's simplified forms that are no
 * traditional character themselves. A query with one is read as simplified.
 */
const SIMPLIFIED_ONLY_BMP = new Uint8Array(0x10000);
for (const ch of Object.values(SIMPLIFIED_CHAR))
  if (ch.length === 1 && SIMPLIFIED_CHAR[ch] === undefined) SIMPLIFIED_ONLY_BMP[ch.charCodeAt(0)] = 1;

/** Whether a character is written only in simplified text (its traditional form differs). */
export function isSimplifiedOnlyChar(ch: string): boolean {
  return ch.length === 1 && SIMPLIFIED_ONLY_BMP[ch.charCodeAt(0)] === 1;
}

/** Whether a character has a different simplified form. */
export function isTraditionalChar(ch: string): boolean {
  return ch.length === 1 ? TRADITIONAL_BMP[ch.charCodeAt(0)] === 1 : SIMPLIFIED_CHAR[ch] !== undefined;
}

/**
 * Whether a text is written in traditional characters: more than 5% of the Chinese characters of its
 * start have a different simplified form. Counted with the table (fast); OpenCC's phrase-level
 * conversion is only run on the few strings that need matching.
 */
export function isTraditional(text: string): boolean {
  const end = Math.min(text.length, 2000);
  let changed = 0;
  let han = 0;
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x4e00 && code <= 0x9fff) {
      han++;
      changed += TRADITIONAL_BMP[code] ?? 0;
    }
  }
  return han > 0 && changed / han > 0.05;
}

/**
 * Whether a text holds at least `count` traditional characters anywhere: stricter than isTraditional,
 * for keeping a text that must be simplified throughout (the benchmark corpus) free of them.
 */
export function hasTraditionalChars(text: string, count: number): boolean {
  let hits = 0;
  for (const ch of text) if (isTraditionalChar(ch) && ++hits >= count) return true;
  return false;
}
