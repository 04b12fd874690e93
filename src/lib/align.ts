/**
 * Year over year: two reports of one body aligned section by section, then sentence by sentence, then
 * character by character inside the sentences that changed. Pure: text in, a serialisable comparison out,
 * which the compare page renders (src/pages/compare/).
 *
 * Sections are matched by what they are about, not by their wording, which changes every year («（一）坚持…»,
 * «（一）持续…»): their role (the four parts the 督察工作规定 asks for, the 纲要's themes), the words of the
 * heading and of the text (character bigrams), and their position. Unmatched sections are new or dropped.
 *
 * Every bound is on the amount of work, never on the clock, so that a rebuild writes the same page byte for
 * byte on any machine: a sentence diff gives up past MAX_SENTENCE_EDITS, a character diff past
 * MAX_CHAR_EDITS, and two bodies longer together than MAX_COMPARED_CHARS are compared by their outline only.
 */
import { diffArrays, diffChars } from 'diff';
import { SIMPLIFIED_CHAR, TRADITIONAL_CHAR } from './chinese-script.ts';
import { bodyOutline, type OutlineItem } from './render.ts';

/** Two bodies longer than this together (in characters) are aligned by section only, not printed in full. */
export const MAX_COMPARED_CHARS = 50_000;
/** A section pair whose sentences need more edits than this is shown side by side, unaligned. */
export const MAX_SENTENCE_EDITS = 400;
/** Two sentences whose characters need more edits than this are shown as replaced, not marked inside. */
export const MAX_CHAR_EDITS = 120;
/** How alike (0–1) two sentences must be for the later one to count as the earlier one changed. */
export const SENTENCE_LIKENESS = 0.45;
/** How alike two sections must be, by the score below, to be the same section of two years. */
export const SECTION_MATCH = 0.3;

/** A section as the outline gives it: heading, own sentences, sub-sections. */
export interface Section {
  /** The page's anchor id (h-1, h-1-2 …); null for the text before the first heading. */
  id: string | null;
  heading: string | null;
  /** Depth below the report's top heading level: 0 for 一、, 1 for （一）… */
  depth: number;
  sentences: string[];
  children: Section[];
}

export type Piece = { kind: 'same' | 'ins' | 'del'; text: string };

export type SentenceRow =
  | { kind: 'same'; text: string }
  /** The earlier sentence with its deleted characters, the later with its inserted ones. */
  | { kind: 'changed'; a: Piece[]; b: Piece[] }
  | { kind: 'removed'; text: string }
  | { kind: 'added'; text: string };

export type SectionStatus = 'same' | 'changed' | 'new' | 'dropped' | 'unaligned';

export interface SectionRow {
  status: SectionStatus;
  a: { id: string | null; heading: string | null } | null;
  b: { id: string | null; heading: string | null } | null;
  depth: number;
  rows: SentenceRow[];
  children: SectionRow[];
}

export interface ComparisonSummary {
  /** Sections found in both years (at every depth; the text before the first heading not counted). */
  sectionsKept: number;
  sectionsNew: number;
  sectionsDropped: number;
  sentencesChanged: number;
  sentencesAdded: number;
  sentencesRemoved: number;
  sentencesSame: number;
  /** Section pairs past the work bound, shown unaligned. */
  unaligned: number;
}

export interface Comparison {
  /** 'outline': the bodies were too long to print in full; sections are aligned, sentences counted only. */
  mode: 'full' | 'outline';
  sections: SectionRow[];
  summary: ComparisonSummary;
}

// ── Reading a body ──────────────────────────────────────────────────────────────────────────────────

const SENTENCE = /[^。！？；!?;]*[。！？；!?;]+[”’"）)】」』]*|[^。！？；!?;]+$/g;

/** A paragraph's sentences (Chinese sentence ends 。！？；, closing quotes kept with their sentence). */
export function sentencesOf(paragraph: string): string[] {
  return (paragraph.replace(/\s*\n\s*/g, '').match(SENTENCE) ?? []).map((s) => s.trim()).filter(Boolean);
}

/** A body's sections, as a tree under its shallowest heading level; text before any heading is a section of its own. */
export function sectionsOf(outline: readonly OutlineItem[]): Section[] {
  const levels = outline.flatMap((i) => (i.kind === 'heading' ? [i.level] : []));
  const top = levels.length ? Math.min(...levels) : 0;
  const preamble: Section = { id: null, heading: null, depth: 0, sentences: [], children: [] };
  const roots: Section[] = [];
  const stack: { level: number; section: Section }[] = [];
  for (const item of outline) {
    if (item.kind === 'heading') {
      const section: Section = { id: item.id, heading: item.text, depth: 0, sentences: [], children: [] };
      while (stack.length && (stack.at(-1) as { level: number }).level >= item.level) stack.pop();
      const parent = stack.at(-1)?.section;
      section.depth = item.level - top;
      if (parent) parent.children.push(section);
      else roots.push(section);
      stack.push({ level: item.level, section });
    } else {
      const owner = stack.at(-1)?.section ?? preamble;
      owner.sentences.push(...sentencesOf(item.text));
    }
  }
  return preamble.sentences.length ? [preamble, ...roots] : roots;
}

// ── Likeness ────────────────────────────────────────────────────────────────────────────────────────

/** Characters that carry meaning: numbering, years, digits and punctuation say nothing about what a text is about. */
function content(text: string): string {
  return text
    .replace(/^[一二三四五六七八九十百]+\s*[、.．]|^[（(]\s*[一二三四五六七八九十\d]+\s*[）)]|^\d+\s*[.．、]/, '')
    .replace(/[\d０-９]+|[^\p{L}]/gu, '');
}

/**
 * A text's distinct character bigrams, each as one number (two UTF-16 units), sorted: a typed array sorted
 * natively and compared by one merge is several times faster than a Set of strings (the profile of a
 * 10,000-report build put most of the alignment's time there).
 */
type Grams = Uint32Array;

function bigrams(text: string): Grams {
  if (text.length === 1) return Uint32Array.of(text.charCodeAt(0));
  const all = new Uint32Array(Math.max(0, text.length - 1));
  for (let i = 0; i + 1 < text.length; i++) all[i] = ((text.charCodeAt(i) << 16) | text.charCodeAt(i + 1)) >>> 0;
  all.sort();
  let distinct = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[distinct++] = all[i] as number;
  return all.subarray(0, distinct);
}

/** Dice coefficient of the two texts' character bigrams: 1 for the same words, 0 for none shared. */
export function likeness(a: string, b: string): number {
  return dice(bigrams(content(a)), bigrams(content(b)));
}

function dice(a: Grams, b: Grams): number {
  if (a.length === 0 || b.length === 0) return 0;
  let shared = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return (2 * shared) / (a.length + b.length);
}

/**
 * What a section is about, from its heading: the four parts of a report (the 督察工作规定's) and the themes of
 * the 法治政府建设实施纲要. A heading may have several ("深化放管服改革，优化营商环境" is about functions).
 */
const ROLES: [string, RegExp][] = [
  ['measures', /举措|成效|主要工作|工作情况|开展情况|推进情况|进展|做法|成绩|亮点|完成情况|工作开展/],
  ['shortcomings', /不足|问题|短板|差距|薄弱|困难/],
  ['leaders', /第一责任人|主要负责人|履行.{0,10}职责|述法|党政主要/],
  [
    'plans',
    /下一步|下一年度|下年度|工作安排|工作计划|工作打算|工作思路|工作重点|明年|今后|\d{4}年(?:度)?(?:工作)?(?:安排|计划|打算|思路|重点)/,
  ],
  ['functions', /职能|放管服|营商环境|审批|政务服务|权责清单|便民|服务型/],
  ['rules', /制度建设|立法|规范性文件|合法性审核|备案审查|制度体系|依法治理/],
  ['decisions', /决策/],
  ['enforcement', /执法/],
  ['emergency', /应急|突发/],
  ['disputes', /纠纷|矛盾|复议|诉讼|应诉|调解|信访|仲裁/],
  ['oversight', /监督|制约|问责|政务公开|权力运行/],
  ['digital', /数字|信息化|智慧|互联网|数据|智能/],
  ['capacity', /学法|法治思维|能力|培训|队伍|普法|法治意识|法治素养|法治宣传/],
  ['leadership', /组织领导|党的领导|统筹|领导体制|责任落实|高位推进|组织保障/],
];

export function rolesOf(heading: string | null): Set<string> {
  const roles = new Set<string>();
  if (heading === null) return new Set(['preamble']);
  // A traditional-script page (香港, 澳门, or a 繁体 version of a mainland site) has the same parts.
  const simplified = heading.replace(TRADITIONAL_CHAR, (ch) => SIMPLIFIED_CHAR[ch] ?? ch);
  for (const [role, pattern] of ROLES) if (pattern.test(simplified)) roles.add(role);
  return roles;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const r of a) if (b.has(r)) shared++;
  return shared / (a.size + b.size - shared);
}

/**
 * What a section is compared by, computed once per section (not once per pair of sections): its roles, its
 * heading's and its text's bigrams. The text is sampled at its first TEXT_SAMPLE characters: enough to tell
 * two sections' subjects apart, and the comparison's cost does not grow with a section's length.
 */
const TEXT_SAMPLE = 800;

interface SectionTraits {
  roles: Set<string>;
  heading: Grams;
  /** The text's bigrams, made on first use: most pairs of sections are told apart by their roles alone. */
  text: () => Grams;
}

function traitsOf(section: Section): SectionTraits {
  let text: Grams | undefined;
  return {
    roles: rolesOf(section.heading),
    heading: bigrams(content(section.heading ?? '')),
    text: () => {
      text ??= bigrams(content(allText(section, TEXT_SAMPLE)));
      return text;
    },
  };
}

/** How likely two sections of two years are the same section: 0 … 1, negative when their roles exclude each other. */
function sectionScore(
  ta: SectionTraits,
  tb: SectionTraits,
  position: { i: number; j: number; na: number; nb: number },
): number {
  const ra = ta.roles;
  const rb = tb.roles;
  if (ra.has('preamble') || rb.has('preamble')) return ra.has('preamble') && rb.has('preamble') ? 1 : -1;
  const role = ra.size && rb.size ? jaccard(ra, rb) : 0;
  const headingLikeness = dice(ta.heading, tb.heading);
  // Two parts of different roles (举措 and 不足) are never the same part, however alike their words.
  if (ra.size && rb.size && role === 0 && headingLikeness < 0.6) return -1;
  const text = dice(ta.text(), tb.text());
  const samePlace = position.i === position.j ? 1 : 0;
  const near = 1 - Math.abs(position.i / Math.max(1, position.na) - position.j / Math.max(1, position.nb));
  return 0.35 * role + 0.3 * headingLikeness + 0.25 * text + 0.05 * samePlace + 0.05 * near;
}

/** A section's heading and text with its sub-sections', up to `limit` characters (without building the rest). */
function allText(section: Section, limit: number): string {
  const parts: string[] = [];
  let length = 0;
  const visit = (s: Section) => {
    for (const part of [s.heading ?? '', ...s.sentences]) {
      if (length >= limit) return;
      parts.push(part);
      length += part.length;
    }
    for (const child of s.children) visit(child);
  };
  visit(section);
  return parts.join('').slice(0, limit);
}

/**
 * Sections of year A matched one to one with sections of year B: the best-scoring pairs first (greedy, ties
 * by position), each at or above SECTION_MATCH. Returns for each B section the index of its A section or -1.
 */
export function matchSections(a: readonly Section[], b: readonly Section[]): number[] {
  const traitsA = a.map(traitsOf);
  const traitsB = b.map(traitsOf);
  const candidates: { i: number; j: number; score: number }[] = [];
  for (let i = 0; i < a.length; i++)
    for (let j = 0; j < b.length; j++) {
      const score = sectionScore(traitsA[i] as SectionTraits, traitsB[j] as SectionTraits, {
        i,
        j,
        na: a.length,
        nb: b.length,
      });
      if (score >= SECTION_MATCH) candidates.push({ i, j, score });
    }
  candidates.sort((x, y) => y.score - x.score || x.j - y.j || x.i - y.i);
  const partner = b.map(() => -1);
  const takenA = new Set<number>();
  for (const { i, j } of candidates) {
    if (partner[j] !== -1 || takenA.has(i)) continue;
    partner[j] = i;
    takenA.add(i);
  }
  return partner;
}

// ── Sentences and characters ────────────────────────────────────────────────────────────────────────

const comparable = (s: string) => s.replace(/\s+/g, '');

/**
 * The characters changed between two like sentences; null when past MAX_CHAR_EDITS. A run of one or two
 * characters in common between two edits (法 in 法制办公室 → 法局) is taken into the edit: a reader sees one
 * change of wording, not a scatter of single characters.
 */
export function charDiff(a: string, b: string): { a: Piece[]; b: Piece[] } | null {
  const changes = diffChars(a, b, { maxEditLength: MAX_CHAR_EDITS });
  if (!changes) return null;
  const ops = changes.map((c) => ({ kind: c.added ? 'ins' : c.removed ? 'del' : 'same', text: c.value }) as Piece);
  const left: Piece[] = [];
  const right: Piece[] = [];
  let del = '';
  let ins = '';
  const flush = () => {
    if (del) left.push({ kind: 'del', text: del });
    if (ins) right.push({ kind: 'ins', text: ins });
    del = '';
    ins = '';
  };
  ops.forEach((op, k) => {
    const between = k > 0 && k < ops.length - 1 && ops[k - 1]?.kind !== 'same' && ops[k + 1]?.kind !== 'same';
    if (op.kind === 'del') del += op.text;
    else if (op.kind === 'ins') ins += op.text;
    else if (between && [...op.text].length <= 2) {
      del += op.text;
      ins += op.text;
    } else {
      flush();
      left.push(op);
      right.push(op);
    }
  });
  flush();
  return { a: left, b: right };
}

/**
 * A run of removed and a run of added sentences paired in order where alike (a longest chain of pairs, each at
 * least SENTENCE_LIKENESS alike): those pairs are changed sentences, the rest removed or added.
 */
function pairRuns(removed: string[], added: string[]): SentenceRow[] {
  const rows: SentenceRow[] = [];
  if (removed.length * added.length > 40_000) {
    for (const text of removed) rows.push({ kind: 'removed', text });
    for (const text of added) rows.push({ kind: 'added', text });
    return rows;
  }
  const n = removed.length;
  const m = added.length;
  const gramsOf = (text: string) => bigrams(content(text));
  const addedGrams = added.map(gramsOf);
  // like[i·m + j]: how alike removed[i] and added[j] are; best[i·(m+1) + j]: the most total likeness pairing
  // removed[i..] with added[j..] in order (flat arrays: n·m numbers, no nested lookups).
  const like = new Float64Array(n * m);
  removed.forEach((r, i) => {
    const grams = gramsOf(r);
    addedGrams.forEach((x, j) => {
      like[i * m + j] = dice(grams, x);
    });
  });
  const w = m + 1;
  const best = new Float64Array((n + 1) * w);
  const at = (i: number, j: number) => best[i * w + j] as number;
  const pairs = (i: number, j: number) => {
    const l = like[i * m + j] as number;
    return l >= SENTENCE_LIKENESS ? l + at(i + 1, j + 1) : -1;
  };
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) best[i * w + j] = Math.max(pairs(i, j), at(i + 1, j), at(i, j + 1));
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && pairs(i, j) === at(i, j)) {
      const a = removed[i++] as string;
      const b = added[j++] as string;
      const inside = charDiff(a, b);
      rows.push(
        inside
          ? { kind: 'changed', ...inside }
          : { kind: 'changed', a: [{ kind: 'del', text: a }], b: [{ kind: 'ins', text: b }] },
      );
    } else if (i < n && (j >= m || at(i, j) === at(i + 1, j)))
      rows.push({ kind: 'removed', text: removed[i++] as string });
    else rows.push({ kind: 'added', text: added[j++] as string });
  }
  return rows;
}

/** Two sections' sentences aligned; null when the alignment needs more than MAX_SENTENCE_EDITS edits. */
export function alignSentences(a: readonly string[], b: readonly string[]): SentenceRow[] | null {
  // Compared without whitespace, each sentence's form computed once (not once per comparison).
  const changes = diffArrays(a.map(comparable), b.map(comparable), { maxEditLength: MAX_SENTENCE_EDITS });
  if (!changes) return null;
  const rows: SentenceRow[] = [];
  let removed: string[] = [];
  let added: string[] = [];
  const flush = () => {
    if (removed.length || added.length) rows.push(...pairRuns(removed, added));
    removed = [];
    added = [];
  };
  let ia = 0;
  let ib = 0;
  for (const c of changes) {
    const count = c.count ?? c.value.length;
    if (c.removed) {
      removed.push(...a.slice(ia, ia + count));
      ia += count;
    } else if (c.added) {
      added.push(...b.slice(ib, ib + count));
      ib += count;
    } else {
      flush();
      // The later year's wording of an unchanged sentence (whitespace may differ).
      for (const text of b.slice(ib, ib + count)) rows.push({ kind: 'same', text });
      ia += count;
      ib += count;
    }
  }
  flush();
  return rows;
}

// ── Whole reports ───────────────────────────────────────────────────────────────────────────────────

function emptySummary(): ComparisonSummary {
  return {
    sectionsKept: 0,
    sectionsNew: 0,
    sectionsDropped: 0,
    sentencesChanged: 0,
    sentencesAdded: 0,
    sentencesRemoved: 0,
    sentencesSame: 0,
    unaligned: 0,
  };
}

const ref = (s: Section) => ({ id: s.id, heading: s.heading });

function onlyIn(side: 'a' | 'b', section: Section, summary: ComparisonSummary): SectionRow {
  if (section.heading !== null) {
    if (side === 'a') summary.sectionsDropped++;
    else summary.sectionsNew++;
  }
  const kind = side === 'a' ? 'removed' : 'added';
  if (side === 'a') summary.sentencesRemoved += section.sentences.length;
  else summary.sentencesAdded += section.sentences.length;
  return {
    status: side === 'a' ? 'dropped' : 'new',
    a: side === 'a' ? ref(section) : null,
    b: side === 'b' ? ref(section) : null,
    depth: section.depth,
    rows: section.sentences.map((text) => ({ kind, text })),
    children: section.children.map((c) => onlyIn(side, c, summary)),
  };
}

function count(rows: readonly SentenceRow[], summary: ComparisonSummary): void {
  for (const row of rows) {
    if (row.kind === 'same') summary.sentencesSame++;
    else if (row.kind === 'changed') summary.sentencesChanged++;
    else if (row.kind === 'added') summary.sentencesAdded++;
    else summary.sentencesRemoved++;
  }
}

function pairSections(a: Section, b: Section, summary: ComparisonSummary): SectionRow {
  if (a.heading !== null || b.heading !== null) summary.sectionsKept++;
  let rows = alignSentences(a.sentences, b.sentences);
  let status: SectionStatus;
  if (rows === null) {
    summary.unaligned++;
    status = 'unaligned';
    rows = [
      ...a.sentences.map((text) => ({ kind: 'removed' as const, text })),
      ...b.sentences.map((text) => ({ kind: 'added' as const, text })),
    ];
  } else status = rows.every((r) => r.kind === 'same') ? 'same' : 'changed';
  count(rows, summary);
  const children = alignLevel(a.children, b.children, summary);
  if (status === 'same' && children.some((c) => c.status !== 'same')) status = 'changed';
  if (status === 'same' && comparable(a.heading ?? '') !== comparable(b.heading ?? '')) status = 'changed';
  return { status, a: ref(a), b: ref(b), depth: b.depth, rows, children };
}

/**
 * One level of sections aligned, in the later year's order; a dropped section stands after the section that
 * preceded it in the earlier year (or first), so that reading down the page follows both reports.
 */
function alignLevel(a: readonly Section[], b: readonly Section[], summary: ComparisonSummary): SectionRow[] {
  const partner = matchSections(a, b);
  const matchedA = new Set(partner.filter((i) => i >= 0));
  const out: SectionRow[] = [];
  const emitted = new Set<number>();
  const emitDroppedBefore = (limit: number) => {
    for (let i = 0; i < limit; i++)
      if (!matchedA.has(i) && !emitted.has(i)) {
        emitted.add(i);
        out.push(onlyIn('a', a[i] as Section, summary));
      }
  };
  b.forEach((section, j) => {
    const i = partner[j] as number;
    if (i >= 0) {
      emitDroppedBefore(i);
      out.push(pairSections(a[i] as Section, section, summary));
    } else out.push(onlyIn('b', section, summary));
  });
  emitDroppedBefore(a.length);
  return out;
}

/** The characters of sections' headings and sentences, their sub-sections' included (counted, not joined). */
function totalLength(sections: readonly Section[]): number {
  let length = 0;
  for (const s of sections)
    length += (s.heading ?? '').length + s.sentences.reduce((n, t) => n + t.length, 0) + totalLength(s.children);
  return length;
}

/** Drops the sentences of an outline-only comparison (they are counted, not printed). */
function outlineOnly(row: SectionRow): SectionRow {
  return { ...row, rows: [], children: row.children.map(outlineOnly) };
}

/** Two report bodies (Markdown, as content/reports holds them) compared, the earlier first. */
export function compareBodies(earlier: string, later: string): Comparison {
  const a = sectionsOf(bodyOutline(earlier));
  const b = sectionsOf(bodyOutline(later));
  const summary = emptySummary();
  const sections = alignLevel(a, b, summary);
  const mode = totalLength(a) + totalLength(b) > MAX_COMPARED_CHARS ? 'outline' : 'full';
  return { mode, sections: mode === 'full' ? sections : sections.map(outlineOnly), summary };
}
