/**
 * Snippets a journalist can quote: the sentence of a report that holds the searched terms, as written —
 * punctuation and all — with exactly the terms' characters marked, and the section it stands in, by its
 * real heading (一、… / （一）… / 1.…) and the anchor the report page gives that heading.
 *
 * Pagefind's own excerpt is cut from the indexed tokens (tokens.ts), which keep no punctuation; this reads
 * the report's Markdown (its download) instead. Pure: the search page fetches the text, this cuts it.
 */
import { normaliseForSearch } from './tokens.ts';

export interface SnippetPart {
  text: string;
  /** A searched term, as it occurs in the text. */
  mark: boolean;
}

export interface Snippet {
  parts: SnippetPart[];
  /** The heading the sentence stands under, as written, and its anchor on the report page (render.ts). */
  section: { title: string; id: string } | null;
}

/** Longest snippet shown whole; a longer sentence is cut around its first term. */
const MAX_LENGTH = 160;
const CONTEXT = 60;

/** A sentence as Chinese ends it; the punctuation stays with it. */
const SENTENCE = /[^。！？；!?;]+[。！？；!?;]*|[。！？；!?;]+/g;

/** Markdown's backslash escapes, which the converter writes before characters Markdown would read (\*, \#). */
const unescaped = (text: string) => text.replace(/\\([\\`*_{}[\]()#+\-.!|>~<])/g, '$1');

interface Block {
  text: string;
  heading: { title: string; id: string } | null;
  isHeading: boolean;
}

/**
 * The body's blocks with the heading each stands under. Anchor ids as render.ts assigns them: h-1, h-1-2 …
 * by the heading's position in the outline, counted from the shallowest heading level present.
 */
function blocksOf(markdown: string): Block[] {
  const body = markdown.replace(/^---\n[\s\S]*?\n---\n/, '');
  const lines = body.split('\n');
  const headingLevels = lines.flatMap((l) => {
    const m = /^(#{1,6})\s+\S/.exec(l);
    return m?.[1] ? [m[1].length] : [];
  });
  const top = headingLevels.length ? Math.min(...headingLevels) : 1;
  const counters: number[] = [];
  const blocks: Block[] = [];
  let current: Block['heading'] = null;
  for (const line of lines) {
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading?.[1] && heading[2]) {
      const depth = heading[1].length - top;
      counters.length = depth + 1;
      for (let d = 0; d < depth; d++) counters[d] ??= 0;
      counters[depth] = (counters[depth] ?? 0) + 1;
      current = { title: unescaped(heading[2]), id: `h-${counters.join('-')}` };
      blocks.push({ text: current.title, heading: current, isHeading: true });
    } else if (line.trim()) blocks.push({ text: unescaped(line.trim()), heading: current, isHeading: false });
  }
  return blocks;
}

/** Text normalised as search normalises it, character by character, with each normalised unit's source offset. */
function normalised(text: string): { text: string; at: number[] } {
  let out = '';
  const at: number[] = [];
  let offset = 0;
  for (const ch of text) {
    const n = normaliseForSearch(ch);
    out += n;
    for (let k = 0; k < n.length; k++) at.push(offset);
    offset += ch.length;
  }
  at.push(offset);
  return { text: out, at };
}

/** Ranges [start, end) of the text holding one of the terms (normalised spellings), merged. */
function termRanges(text: string, terms: readonly string[]): [number, number][] {
  const { text: norm, at } = normalised(text);
  const ranges: [number, number][] = [];
  for (const term of terms) {
    if (!term) continue;
    for (let i = norm.indexOf(term); i >= 0; i = norm.indexOf(term, i + 1))
      ranges.push([at[i] ?? 0, at[i + term.length] ?? text.length]);
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/**
 * The snippet for a report's Markdown and the searched terms (normalised, each spelling: tokens.ts
 * parseQuery's terms): the first sentence that holds the most distinct terms; null when none holds any.
 * Within `sectionId`, when given, only that section's sentences (for a sub-result).
 */
export function snippetOf(markdown: string, terms: readonly string[], sectionId?: string): Snippet | null {
  const wanted = [...new Set(terms.filter(Boolean))];
  if (wanted.length === 0) return null;
  let best: { sentence: string; heading: Block['heading']; score: number } | null = null;
  for (const block of blocksOf(markdown)) {
    if (sectionId && !(block.heading?.id === sectionId || block.heading?.id.startsWith(`${sectionId}-`))) continue;
    const sentences = block.isHeading ? [block.text] : (block.text.match(SENTENCE) ?? []);
    for (const sentence of sentences) {
      const norm = normalised(sentence).text;
      const score = wanted.filter((t) => norm.includes(t)).length;
      if (score > (best?.score ?? 0)) {
        best = { sentence: sentence.trim(), heading: block.heading, score };
        if (score === wanted.length) break;
      }
    }
    if (best?.score === wanted.length) break;
  }
  if (!best) return null;
  let text = best.sentence;
  let ranges = termRanges(text, wanted);
  // A long sentence: the part around its first term, cut at the characters (… marks what is left out).
  if (text.length > MAX_LENGTH) {
    const first = ranges[0]?.[0] ?? 0;
    const start = Math.max(0, first - CONTEXT);
    const end = Math.min(text.length, start + MAX_LENGTH);
    text = `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < best.sentence.length ? '…' : ''}`;
    ranges = termRanges(text, wanted);
  }
  const parts: SnippetPart[] = [];
  let at = 0;
  for (const [s, e] of ranges) {
    if (s > at) parts.push({ text: text.slice(at, s), mark: false });
    parts.push({ text: text.slice(s, e), mark: true });
    at = e;
  }
  if (at < text.length) parts.push({ text: text.slice(at), mark: false });
  return { parts, section: best.heading };
}

/** The title of the heading with this anchor, as written (for a sub-result's link); null if none. */
export function headingTitle(markdown: string, id: string): string | null {
  return blocksOf(markdown).find((b) => b.isHeading && b.heading?.id === id)?.heading?.title ?? null;
}
