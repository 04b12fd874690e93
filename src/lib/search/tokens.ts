/**
 * Search tokens, the same in the build (what is indexed) and in the browser (what is asked).
 *
 * Pagefind's own Chinese segmentation splits text into dictionary words, so a query cut differently
 * than the text misses (公职律师 → no result at 10,000 reports), and it is the costliest part of
 * indexing. Instead every run of letters and digits is indexed as overlapping character bigrams
 * (法治政府 → 法治 治政 政府) plus the run's last character alone, under a language Pagefind does not
 * segment. A query becomes bigrams too:
 * - unquoted, every bigram must occur: every report containing the query is found (recall 1.0);
 * - quoted, the bigrams must occur consecutively: exactly the reports containing the phrase;
 * - one character matches as a prefix of the tokens starting with it (and the run-final unigram).
 * Text is normalised first: NFKC (full- and half-width forms alike), lower case, traditional
 * characters to simplified through one table shared by both sides.
 *
 * Tokens reach Pagefind spelled in ASCII (each character as four base-36 digits, the last a decimal
 * digit): Pagefind's browser side re-segments CJK characters inside quoted phrases, which breaks
 * phrase search over CJK tokens, and an English stemmer never touches a word ending in a digit.
 * Fixed-width codes keep prefix matching exact: a one-character query is a prefix of exactly the
 * bigrams that start with that character.
 */
import t2s from './t2s-chars.json' with { type: 'json' };

const T2S = t2s as Record<string, string>;
/** A character that belongs to a word: letters (incl. CJK) and digits of any script. */
const WORD = /[\p{L}\p{N}]/u;

export function normaliseForSearch(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFKC').toLowerCase()) out += T2S[ch] ?? ch;
  return out;
}

/** Runs of word characters in normalised text. */
export function wordRuns(text: string): string[] {
  const runs: string[] = [];
  let current = '';
  for (const ch of normaliseForSearch(text)) {
    if (WORD.test(ch)) current += ch;
    else if (current) {
      runs.push(current);
      current = '';
    }
  }
  if (current) runs.push(current);
  return runs;
}

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';

/** One character → its 4-character code (capacity: every code point below 466,560). */
export function encodeChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  const high = Math.floor(cp / 10);
  return `${DIGITS[Math.floor(high / 1296) % 36]}${DIGITS[Math.floor(high / 36) % 36]}${DIGITS[high % 36]}${cp % 10}`;
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

function bigrams(run: string): string[] {
  const chars = [...run];
  if (chars.length === 1) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`);
  return out;
}

/** The tokens of a text as indexed: each run's bigrams followed by its last character. */
export function indexTokens(text: string): string[] {
  const out: string[] = [];
  for (const run of wordRuns(text)) {
    const chars = [...run];
    out.push(...bigrams(run));
    if (chars.length > 1) out.push(chars[chars.length - 1] as string);
  }
  return out;
}

/** The indexed form of a text: its tokens, encoded, separated by spaces. */
export function indexText(text: string): string {
  return indexTokens(text).map(encode).join(' ');
}

export interface ParsedQuery {
  /** The query in Pagefind's syntax. */
  pagefind: string;
  /** What the reader asked for, normalised: used to highlight on the landing page. */
  terms: string[];
  /** Whether any part was quoted. */
  exact: boolean;
}

/**
 * A reader's query → Pagefind's. Quoted parts ("…" or “…”) become phrases; the rest, terms that must
 * all occur.
 */
export function parseQuery(raw: string): ParsedQuery {
  const parts: string[] = [];
  const terms: string[] = [];
  let exact = false;
  const quoted = /["“”「」『』]([^"“”「」『』]+)["“”「」『』]?/g;
  let rest = raw;
  for (const m of raw.matchAll(quoted)) {
    const phrase = m[1] ?? '';
    const runs = wordRuns(phrase);
    if (runs.length === 0) continue;
    exact = true;
    // Runs inside one phrase are separated in the text by punctuation: the index has each run's last
    // character between them, so the phrase keeps it for all but the final run.
    const tokens = runs.flatMap((run, i) =>
      i < runs.length - 1 && [...run].length > 1 ? [...bigrams(run), [...run].at(-1) as string] : bigrams(run),
    );
    parts.push(`"${tokens.map(encode).join(' ')}"`);
    terms.push(runs.join(''));
    rest = rest.replace(m[0], ' ');
  }
  for (const run of wordRuns(rest)) {
    parts.push(...bigrams(run).map(encode));
    terms.push(run);
  }
  return { pagefind: parts.join(' '), terms, exact };
}

/**
 * Indexed tokens back to readable text, for excerpts and sub-result titles: overlapping bigrams are
 * joined (法治 治政 政府 → 法治政府), the run-final unigram dropped, and runs separated by a space.
 * Pagefind's <mark> tags around matched tokens are kept as markers (\ue000 … \ue001).
 */
export function fromIndexText(tokensText: string): string {
  const tokens = tokensText.split(/\s+/).filter(Boolean);
  let out = '';
  let previous = '';
  for (const token of tokens) {
    const marked = token.includes('\ue000');
    const code = token.replace(/[^0-9a-z]/g, '');
    if (code.length === 0 || code.length % 4 !== 0) continue;
    const bare = decode(code);
    const prevChars = [...previous];
    const chars = [...bare];
    if (previous && chars.length === 1 && prevChars.at(-1) === chars[0]) {
      // The run-final unigram repeats the last character: nothing new.
      previous = '';
      continue;
    }
    if (previous && prevChars.length === 2 && chars.length === 2 && prevChars[1] === chars[0]) {
      out += marked ? `\ue000${chars[1]}\ue001` : chars[1];
    } else {
      if (out) out += ' ';
      out += marked ? `\ue000${bare}\ue001` : bare;
    }
    previous = bare;
  }
  return out.replace(/\ue001\ue000/g, '');
}
