/**
 * Search tokens, the same in the build (what is indexed) and in the browser (what is asked).
 *
 * Pagefind's own Chinese segmentation splits text into dictionary words, so a query cut differently
 * than the text misses (公职律师 → no result at 10,000 reports), and it is the costliest part of
 * indexing. Instead every run of letters and digits is indexed as overlapping character bigrams
 * (法治政府 → 法治 治政 政府) plus a run-end token, under a language Pagefind does not segment. The
 * run-end token is the run's last character, an end-of-run mark, and the first character of the next
 * run in the same block if there is one (法治政府，建设 → … 府␀建 建设 设␀): it makes a one-character
 * run searchable, and a phrase across punctuation exact (法治，政 is 法治 治␀政). A bare 府 is never
 * indexed: Pagefind searches a word it does not know as the longest known word that begins it, and 府
 * would then stand in for every unknown bigram starting with 府. A query becomes bigrams too:
 * - every term, quoted or not, must occur as it is written: its tokens consecutively, so that exactly the
 *   reports containing it are found (recall and precision 1.0), terms in any order;
 * - a quoted phrase may hold punctuation: its runs separated by punctuation match runs separated by any
 *   punctuation, within one paragraph;
 * - one character matches as a prefix of the tokens starting with it (bigrams and run ends).
 * Text is normalised first: NFKC (full- and half-width forms alike), lower case, traditional
 * characters to simplified through one table shared by both sides (src/lib/chinese-script.ts). A
 * traditional character of several simplified readings (著: 著 or 着) is asked for in each reading.
 *
 * Pagefind also searches the words of every metadata field (title, authority, year…): their ASCII
 * letters and digits are written full-width (metaText), so that no metadata word can be taken for a
 * token (the year 2025 is spelled like the character 教).
 *
 * Tokens reach Pagefind spelled in ASCII (each character as four base-36 digits, the last a decimal
 * digit): Pagefind's browser side re-segments CJK characters inside quoted phrases, which breaks
 * phrase search over CJK tokens, and an English stemmer never touches a word ending in a digit.
 * Fixed-width codes keep prefix matching exact: a one-character query is a prefix of exactly the
 * bigrams that start with that character.
 */
import {
  isSimplifiedOnlyChar,
  isTraditionalChar,
  OTHER_READINGS,
  SIMPLIFIED_CHAR,
  TRADITIONAL_CHAR,
} from '../chinese-script.ts';

/** Runs of characters that belong to a word: letters (incl. CJK) and digits of any script. */
const WORD_RUN = /[\p{L}\p{N}]+/gu;

export function normaliseForSearch(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(TRADITIONAL_CHAR, (ch) => SIMPLIFIED_CHAR[ch] ?? ch);
}

/** Runs of word characters in normalised text. */
export function wordRuns(text: string): string[] {
  return normaliseForSearch(text).match(WORD_RUN) ?? [];
}

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Codes already computed: a report repeats a few thousand characters, and indexing encodes every one. */
const CODES = new Map<number, string>();

/** One character → its 4-character code (capacity: every code point below 466,560). */
export function encodeChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  let code = CODES.get(cp);
  if (code === undefined) {
    const high = Math.floor(cp / 10);
    code = `${DIGITS[Math.floor(high / 1296) % 36]}${DIGITS[Math.floor(high / 36) % 36]}${DIGITS[high % 36]}${cp % 10}`;
    CODES.set(cp, code);
  }
  return code;
}

export function encode(text: string): string {
  let out = '';
  for (const ch of text) out += encodeChar(ch);
  return out;
}

export function decode(code: string): string {
  let out = '';
  for (let i = 0; i + 4 <= code.length; i += 4) {
    const high =
      DIGITS.indexOf(code[i] ?? '') * 1296 + DIGITS.indexOf(code[i + 1] ?? '') * 36 + DIGITS.indexOf(code[i + 2] ?? '');
    out += String.fromCodePoint(high * 10 + Number(code[i + 3]));
  }
  return out;
}

/** Marks a character that ends a run (U+0000 is never a word character, so never in a run). */
const RUN_END = '\u0000';

/** The run-end token: a run's last character, the mark, and the next run's first character if any. */
const runEnd = (ch: string, next?: string) => `${ch}${RUN_END}${next === undefined ? '' : ([...next][0] ?? '')}`;

function bigrams(run: string): string[] {
  const chars = [...run];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`);
  return out;
}

/** The tokens of a text as indexed: each run's bigrams followed by its run-end token. */
export function indexTokens(text: string): string[] {
  const runs = wordRuns(text);
  return runs.flatMap((run, i) => [...bigrams(run), runEnd([...run].at(-1) as string, runs[i + 1])]);
}

const RUN_END_CODE = encodeChar(RUN_END);

/**
 * The indexed form of a text: its tokens (indexTokens), encoded, separated by spaces. Built from the
 * characters' codes directly (a bigram's code is its two characters' codes): this is most of the
 * indexing work done in Node.
 */
export function indexText(text: string): string {
  const out: string[] = [];
  const runs = wordRuns(text);
  for (const [r, run] of runs.entries()) {
    const codes = Array.from(run, encodeChar);
    for (let i = 0; i + 1 < codes.length; i++) out.push(`${codes[i]}${codes[i + 1]}`);
    const next = runs[r + 1];
    out.push(`${codes.at(-1)}${RUN_END_CODE}${next === undefined ? '' : encodeChar(next)}`);
  }
  return out.join(' ');
}

/**
 * A part of a query: one search in Pagefind's syntax, or alternatives of which a report must match one
 * (the spellings of a word or phrase written in traditional characters that stand for several
 * simplified ones: spellings below).
 */
export type QueryPart = string | readonly string[];

export interface ParsedQuery {
  /**
   * The query in Pagefind's syntax, as parts whose results are intersected: one per quoted phrase and
   * one per unquoted term of three or more characters (Pagefind runs a query as a phrase only when all
   * of it is one quoted phrase), then one for the unquoted terms of one or two characters, then one per
   * such term of several spellings. Empty when there is nothing to search for.
   */
  parts: QueryPart[];
  /** What the reader asked for, normalised (each spelling): used to highlight on the landing page. */
  terms: string[];
  /** Whether any part was quoted. */
  exact: boolean;
}

const isOneChar = (run: string) => [...run].length === 1;

/** At most this many spellings of one phrase or word are searched for (each is a search of its own). */
const MAX_SPELLINGS = 8;

/**
 * Separates the runs of a phrase while it is spelled: never a word character, never in OTHER_READINGS. A
 * space, not a control character: the bundler writes the string as it is into the search script, where
 * a control character is one no XML or HTML reader may take (tests/helpers/dist-scan.ts).
 */
const RUN_JOIN = ' ';

/**
 * How a query is written: in traditional characters (it has one: 隨著), in simplified ones (it has a
 * character only simplified text uses: 著作权), or in characters both write alike (沿著, 著名).
 */
export type QueryScript = 'traditional' | 'simplified' | 'either';

export function queryScript(raw: string): QueryScript {
  const chars = [...raw];
  if (chars.some(isTraditionalChar)) return 'traditional';
  return chars.some(isSimplifiedOnlyChar) ? 'simplified' : 'either';
}

/**
 * Whether a word or phrase is asked for in its other readings: in a traditional query always; in one
 * both scripts write alike only from two characters on (沿著 may be 沿着; a lone 著 is 著).
 */
function expands(text: string, script: QueryScript): boolean {
  return script === 'traditional' || (script === 'either' && [...text.replaceAll(RUN_JOIN, '')].length > 1);
}

/**
 * The spellings of normalised text to search for: the text itself and, when it expands, every
 * combination of its characters' other simplified readings (OTHER_READINGS: 隨著 is 随著 and 随着) — as
 * long as there are at most MAX_SPELLINGS; a character past that is read as written.
 */
function spellings(text: string, expand: boolean): string[] {
  let out = [''];
  for (const ch of text) {
    const other = expand ? OTHER_READINGS[ch] : undefined;
    const readings = other && out.length * (1 + [...other].length) <= MAX_SPELLINGS ? [ch, ...other] : [ch];
    out = out.flatMap((prefix) => readings.map((reading) => prefix + reading));
  }
  return out;
}

/** One spelling of a quoted phrase's runs → the phrase's tokens, as indexed, in Pagefind's syntax. */
function phraseOf(runs: string[]): string {
  if (runs.length === 1 && isOneChar(runs[0] as string)) {
    // One character: a word (a prefix of the bigrams and run ends that start with it) — exact.
    return encode(runs[0] as string);
  }
  // Each run's bigrams, and between runs (punctuation in the phrase) the run-end token that joins
  // them, as indexed; a one-character run is in the run-end tokens around it.
  const tokens = runs.flatMap((run, i) => {
    const next = runs[i + 1];
    return next === undefined ? bigrams(run) : [...bigrams(run), runEnd([...run].at(-1) as string, next)];
  });
  return `"${tokens.map(encode).join(' ')}"`;
}

/** One part from its spellings: a single search, or alternatives. */
const partOf = (spelt: string[]): QueryPart => (spelt.length === 1 ? (spelt[0] as string) : spelt);

/** Every normalised text a query's words or phrase may stand for (for tests: what counts as containing it). */
export function querySpellings(raw: string): string[] {
  const text = normaliseForSearch(raw);
  return spellings(text, expands(text, queryScript(raw)));
}

/**
 * A reader's query → Pagefind's. Quoted parts ("…" or “…”) become phrases; the rest, terms that must
 * all occur. A word or phrase of a query not written in simplified characters is asked for in every
 * simplified spelling it may stand for (queryScript, expands, spellings).
 */
export function parseQuery(raw: string): ParsedQuery {
  const script = queryScript(raw);
  const phrases: QueryPart[] = [];
  const words: string[] = [];
  const alternatives: QueryPart[] = [];
  const terms: string[] = [];
  let exact = false;
  const quoted = /["“”「」『』]([^"“”「」『』]+)["“”「」『』]?/g;
  let rest = raw;
  for (const m of raw.matchAll(quoted)) {
    rest = rest.replace(m[0], ' ');
    const runs = wordRuns(m[1] ?? '');
    if (runs.length === 0) continue;
    exact = true;
    const joined = runs.join(RUN_JOIN);
    const spelt = spellings(joined, expands(joined, script)).map((s) => s.split(RUN_JOIN));
    for (const spelling of spelt) {
      // Highlighted on the landing page as written there: a phrase across punctuation by its runs of two
      // or more characters (the punctuation may differ; one character alone would mark its first occurrence).
      terms.push(...(spelling.length === 1 ? spelling : spelling.filter((run) => !isOneChar(run))));
    }
    phrases.push(partOf(spelt.map(phraseOf)));
  }
  for (const run of wordRuns(rest)) {
    const spelt = spellings(run, expands(run, script));
    terms.push(...spelt);
    // Every term is matched as the contiguous string it is, quoted or not: a count a journalist reads is
    // the number of reports that contain it (执法监督, not 执法…法监…监督 anywhere). One or two characters
    // are one token already (a prefix of the tokens starting with one character; a bigram); a longer
    // term is the phrase of its bigrams.
    if ([...run].length <= 2) {
      const codes = spelt.map(encode);
      if (codes.length === 1) words.push(codes[0] as string);
      else alternatives.push(codes);
    } else phrases.push(partOf(spelt.map((spelling) => phraseOf([spelling]))));
  }
  const unquoted = words.length ? [[...new Set(words)].join(' ')] : [];
  return { parts: [...phrases, ...unquoted, ...alternatives], terms, exact };
}

/**
 * Indexed tokens back to readable text, for excerpts and sub-result titles: overlapping bigrams are
 * joined (法治 治政 政府 → 法治政府), run-end tokens dropped (but for a one-character run), and runs separated by a space.
 * Pagefind's <mark> tags around matched tokens are kept as markers (\ue000 … \ue001).
 */
export function fromIndexText(tokensText: string): string {
  const tokens = tokensText.split(/\s+/).filter(Boolean);
  let out = '';
  let previous = '';
  // A highlighted run-end token (a phrase across punctuation) highlights the next run's first character.
  let markNext = false;
  let previousMarked = false;
  for (const token of tokens) {
    const marked = token.includes('\ue000');
    const code = token.replace(/[^0-9a-z]/g, '');
    if (code.length === 0 || code.length % 4 !== 0) continue;
    // A run-end token stands for the run's last character (the next run's first follows in its own tokens).
    const decoded = decode(code);
    const end = decoded.indexOf(RUN_END);
    const bare = end >= 0 ? decoded.slice(0, end) : decoded;
    const prevChars = [...previous];
    const chars = [...bare];
    if (previous && chars.length === 1 && prevChars.at(-1) === chars[0]) {
      // The run-end token repeats the run's last character: nothing new.
      previous = '';
      markNext = marked && end >= 0 && end + 1 < decoded.length;
      continue;
    }
    if (previous && prevChars.length === 2 && chars.length === 2 && prevChars[1] === chars[0]) {
      // A highlighted bigram after one that is not: its first character, already written, is highlighted too.
      if (!marked) out += chars[1];
      else if (previousMarked) out += `\ue000${chars[1]}\ue001`;
      else out = `${out.slice(0, out.length - (chars[0] as string).length)}\ue000${bare}\ue001`;
    } else {
      if (out) out += ' ';
      if (marked) out += `\ue000${bare}\ue001`;
      else if (markNext) out += `\ue000${chars[0]}\ue001${chars.slice(1).join('')}`;
      else out += bare;
    }
    markNext = marked && end >= 0 && end + 1 < decoded.length;
    previousMarked = marked;
    previous = bare;
  }
  return out.replace(/\ue001\ue000/g, '');
}

const HALF_WIDTH = /[0-9A-Za-z]/g;
const FULL_WIDTH = /[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g;
const shift = (offset: number) => (c: string) => String.fromCharCode(c.charCodeAt(0) + offset);

/** A metadata value as given to Pagefind: ASCII letters and digits full-width (see the top of this file). */
export function metaText(value: string): string {
  return value.replace(HALF_WIDTH, shift(0xfee0));
}

/** A metadata value as Pagefind returns it → as shown (full-width letters and digits read as ASCII). */
export function readMetaText(value: string): string {
  return value.replace(FULL_WIDTH, shift(-0xfee0));
}
