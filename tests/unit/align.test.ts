/**
 * Year-over-year alignment (src/lib/align.ts): on real pairs of one body's reports of two years, and on
 * real reports with known edits made to them (every edit found, no unchanged sentence marked changed).
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Comparison,
  charDiff,
  compareBodies,
  likeness,
  MAX_COMPARED_CHARS,
  rolesOf,
  type SectionRow,
  type SentenceRow,
  sectionsOf,
  sentencesOf,
} from '../../src/lib/align.ts';
import { extractReport } from '../../src/lib/extract.ts';
import { bodyOutline } from '../../src/lib/render.ts';

const bodyOf = (file: string) => extractReport(readFileSync(file, 'utf8'), { path: file }).body;

function rowsOf(sections: readonly SectionRow[]): SentenceRow[] {
  return sections.flatMap((s) => [...s.rows, ...rowsOf(s.children)]);
}
const textOf = (pieces: { kind: string; text: string }[], drop: string) =>
  pieces
    .filter((p) => p.kind !== drop)
    .map((p) => p.text)
    .join('');
/** The earlier and later year's sentences as the comparison prints them, in order. */
function sides(c: Comparison): { a: string[]; b: string[] } {
  const a: string[] = [];
  const b: string[] = [];
  for (const row of rowsOf(c.sections)) {
    if (row.kind === 'same') {
      a.push(row.text);
      b.push(row.text);
    } else if (row.kind === 'removed') a.push(row.text);
    else if (row.kind === 'added') b.push(row.text);
    else {
      a.push(textOf(row.a, 'ins'));
      b.push(textOf(row.b, 'del'));
    }
  }
  return { a, b };
}
const allSentences = (body: string) =>
  sectionsOf(bodyOutline(body)).flatMap(function flat(s): string[] {
    return [...s.sentences, ...s.children.flatMap(flat)];
  });
const squash = (xs: string[]) => xs.join('').replace(/\s+/g, '');

describe('reading a body', () => {
  it('splits sentences at 。！？； and keeps closing quotes with their sentence', () => {
    expect(sentencesOf('一是加强领导。二是“建章立制。”三是落实；四是问效！')).toEqual([
      '一是加强领导。',
      '二是“建章立制。”',
      '三是落实；',
      '四是问效！',
    ]);
    expect(sentencesOf('没有句号的一行')).toEqual(['没有句号的一行']);
  });

  it('builds the section tree under the shallowest heading, text before any heading first', () => {
    const sections = sectionsOf(
      bodyOutline('开头。\n\n## 一、举措\n\n甲。\n\n### （一）组织\n\n乙。\n\n## 二、不足\n\n丙。'),
    );
    expect(sections.map((s) => s.heading)).toEqual([null, '一、举措', '二、不足']);
    expect(sections[1]?.children.map((s) => [s.heading, s.id, s.depth, s.sentences])).toEqual([
      ['（一）组织', 'h-1-1', 1, ['乙。']],
    ]);
  });

  it('reads the four parts of a report and the 纲要 themes from headings, in either script', () => {
    expect([...rolesOf('一、2023年法治政府建设主要举措和成效')]).toEqual(['measures']);
    expect([...rolesOf('二、存在的不足和原因')]).toEqual(['shortcomings']);
    expect([...rolesOf('三、党政主要负责人履行推进法治建设第一责任人职责情况')]).toContain('leaders');
    expect([...rolesOf('四、2024年工作安排')]).toEqual(['plans']);
    expect([...rolesOf('（二）深化“放管服”改革，优化法治化营商环境')]).toEqual(['functions']);
    expect([...rolesOf('一、2022年法治政府建設的主要舉措和成效')]).toEqual(['measures']);
  });

  it('measures likeness by shared character bigrams, numbering and years left out', () => {
    expect(likeness('（一）坚持依法决策', '（三）坚持依法决策')).toBe(1);
    expect(likeness('2023年推进严格执法', '2024年推进严格执法')).toBe(1);
    expect(likeness('加强组织领导', '化解矛盾纠纷')).toBe(0);
  });
});

describe('real pairs of one body across two years', () => {
  // 北京市东城区人民政府 2022 and 2023 (traditional-script pages), tests/fixtures/corpus/131 and 132.
  const a = bodyOf('tests/fixtures/corpus/131.txt');
  const b = bodyOf('tests/fixtures/corpus/132.txt');
  const c = compareBodies(a, b);

  it('aligns the parts whose headings were reworded with the year', () => {
    const top = c.sections.filter((s) => s.a?.heading || s.b?.heading);
    expect(top[0]?.a?.heading).toMatch(/^一、2022年/);
    expect(top[0]?.b?.heading).toMatch(/^一、2023年/);
    const sub = top[0]?.children[0];
    expect([sub?.a?.heading, sub?.b?.heading]).toEqual(['(一)依法全面履行政府職能', '(一)依法全面履行政府職能']);
    expect(sub?.children.filter((s) => s.status === 'changed').length).toBeGreaterThanOrEqual(3);
  });

  it('prints every sentence of both years, in order, once', () => {
    const { a: left, b: right } = sides(c);
    expect(squash(left)).toBe(squash(sectionsOrder(c, 'a', a)));
    expect(squash(right)).toBe(squash(allSentences(b)));
  });

  it('summarises what it found', () => {
    expect(c.mode).toBe('full');
    expect(c.summary.sectionsKept).toBeGreaterThanOrEqual(5);
    expect(c.summary.sentencesChanged + c.summary.sentencesAdded + c.summary.sentencesRemoved).toBeGreaterThan(0);
  });

  it('keeps the parts of another pair apart when they share neither role nor words (陕西省人民政府 2022/2023)', () => {
    const shaanxi = compareBodies(
      bodyOf('tests/fixtures/compare/shaanxi-2022.txt'),
      bodyOf('tests/fixtures/compare/shaanxi-2023.txt'),
    );
    const kept = shaanxi.sections.filter((s) => s.a && s.b && s.a.heading);
    expect(kept.map((s) => [s.a?.heading, s.b?.heading])).toEqual([
      ['一、切实加强组织领导。', '一、加强法治政府建设组织领导。'],
    ]);
  });
});

/**
 * The earlier year's sentences in the order the comparison walks them: the later year's section order, each
 * dropped section after the one that preceded it. For a check that nothing is lost, compare as multisets.
 */
function sectionsOrder(c: Comparison, _side: 'a', body: string): string[] {
  const printed = sides(c).a;
  const expected = allSentences(body);
  expect([...printed].sort()).toEqual([...expected].sort());
  return printed;
}

// ── Known edits on real reports ─────────────────────────────────────────────────────────────────────

/** Real bodies (the sample archive's uploads, the dev corpus) with at least three top-level sections. */
const BASES = ['tests/fixtures/seeds', 'tests/fixtures/dev']
  .flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.txt'))
      .map((f) => `${dir}/${f}`),
  )
  .map(bodyOf)
  .filter((body) => sectionsOf(bodyOutline(body)).filter((s) => s.heading).length >= 3);

interface Edited {
  body: string;
  changed: Set<string>;
  removed: Set<string>;
  added: Set<string>;
}

/**
 * Edits a body's sentences: every third sentence from `start` is changed in a few characters, removed, or
 * followed by a new sentence; the sentences between stay as they were, so that no two edits touch.
 */
function edit(body: string, start: number, kinds: number[], fresh: string[]): Edited {
  const changed = new Set<string>();
  const removed = new Set<string>();
  const added = new Set<string>();
  let k = 0;
  let n = 0;
  const lines = body.split('\n').map((line) => {
    if (!line || line.startsWith('#')) return line;
    const out: string[] = [];
    for (const sentence of sentencesOf(line)) {
      const at = n++;
      if (at < start || (at - start) % 3 !== 0 || sentence.length < 30 || sentence.includes('\\')) {
        out.push(sentence);
        continue;
      }
      const kind = kinds[k++ % kinds.length] as number;
      if (kind === 0) {
        // A few characters changed in the middle: the same sentence, reworded.
        const mid = Math.floor(sentence.length / 2);
        const next = `${sentence.slice(0, mid)}进一步${sentence.slice(mid + 2)}`;
        changed.add(next);
        out.push(next);
      } else if (kind === 1) removed.add(sentence);
      else if (!/[。！？；]$/.test(sentence)) out.push(sentence);
      else {
        const extra = fresh[k % fresh.length] as string;
        added.add(extra);
        out.push(sentence, extra);
      }
    }
    return out.join('');
  });
  return { body: lines.join('\n'), changed, removed, added };
}

const FRESH = [
  '全年共组织开展行政执法人员专题轮训十二期，覆盖基层一线执法人员两千余人次。',
  '聘请第三方机构对全部政务服务事项开展满意度测评并向社会公布结果。',
  '建成覆盖市县乡三级的公共法律服务实体平台和热线网络平台。',
];

describe('known edits on real reports', () => {
  it('has real bases to edit', () => {
    expect(BASES.length).toBeGreaterThanOrEqual(5);
  });

  it('finds every edit and marks no unchanged sentence', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...BASES),
        fc.nat(5),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 6 }),
        (base, start, kinds) => {
          const e = edit(base, start, kinds, FRESH);
          expect(e.changed.size + e.removed.size + e.added.size).toBeGreaterThan(2);
          const rows = rowsOf(compareBodies(base, e.body).sections);
          const changed = rows.filter((r) => r.kind === 'changed').map((r) => textOf(r.b, 'del'));
          const removed = rows.filter((r) => r.kind === 'removed').map((r) => r.text);
          const added = rows.filter((r) => r.kind === 'added').map((r) => r.text);
          expect(new Set(changed)).toEqual(e.changed);
          expect(new Set(removed)).toEqual(e.removed);
          expect(new Set(added)).toEqual(e.added);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('aligns sections that were reordered, and reworded headings («坚持» one year, «持续» the next)', () => {
    for (const base of BASES) {
      const parts = base.split(/\n(?=## )/);
      const [head, first, second, ...rest] = parts as [string, string, string, ...string[]];
      const reordered = [head, second, first.replace(/^## (\S+?、)/, '## $1持续'), ...rest].join('\n');
      const c = compareBodies(base, reordered);
      expect(c.summary.sectionsNew).toBe(0);
      expect(c.summary.sectionsDropped).toBe(0);
      expect(c.summary.sentencesChanged + c.summary.sentencesAdded + c.summary.sentencesRemoved).toBe(0);
    }
  });

  it('shows a split section as one kept and one new, a merged one as kept and dropped, losing no sentence', () => {
    const base = BASES[0] as string;
    const parts = base.split(/\n(?=## )/);
    const first = parts[1] as string;
    const lines = first.split('\n');
    const half = Math.ceil(lines.length / 2);
    const split = [
      parts[0],
      lines.slice(0, half).join('\n'),
      `## 新增、${'组织实施情况'}\n\n${lines
        .slice(half)
        .filter((l) => !l.startsWith('#'))
        .join('\n')}`,
      ...parts.slice(2),
    ].join('\n');
    const there = compareBodies(base, split);
    const back = compareBodies(split, base);
    for (const c of [there, back]) {
      const { a, b } = sides(c);
      expect(a.length + b.length).toBeGreaterThan(0);
    }
    expect(there.summary.sectionsNew + there.summary.sectionsKept).toBeGreaterThanOrEqual(parts.length - 1);
    expect(squash(sides(there).b).length).toBe(squash(allSentences(split)).length);
    expect(squash(sides(back).a).length).toBe(squash(allSentences(split)).length);
  });

  it('compares two reports without any heading sentence by sentence', () => {
    const plain = (BASES[0] as string)
      .split('\n')
      .filter((l) => !l.startsWith('#'))
      .join('\n');
    const e = edit(plain, 1, [0], FRESH);
    const c = compareBodies(plain, e.body);
    expect(c.sections).toHaveLength(1);
    expect(c.sections[0]?.a?.heading).toBeNull();
    expect(
      new Set(
        rowsOf(c.sections)
          .filter((r) => r.kind === 'changed')
          .map((r) => textOf(r.b, 'del')),
      ),
    ).toEqual(e.changed);
  });

  it('bounds the work on very long and unrelated reports: sections only, never hanging', () => {
    const long = Array.from(
      { length: 600 },
      (_, i) => `## ${i + 1}、第${i}部分\n\n${FRESH[i % 3]}${'依法行政'.repeat(i % 17)}。`,
    ).join('\n\n');
    const other = Array.from({ length: 300 }, (_, i) => `一段完全不同的文字${i}，${'数字政府'.repeat(i % 23)}。`).join(
      '\n\n',
    );
    expect(long.length + other.length).toBeGreaterThan(MAX_COMPARED_CHARS);
    const c = compareBodies(long, other);
    expect(c.mode).toBe('outline');
    expect(rowsOf(c.sections)).toHaveLength(0);
    expect(c.summary.sectionsDropped).toBe(600);
  });

  it('shows a pair past the sentence bound unaligned, with every sentence', () => {
    const a = Array.from({ length: 450 }, (_, i) => `甲类句子第${i}条内容。`).join('');
    const b = Array.from({ length: 450 }, (_, i) => `乙种说法编号${i}号。`).join('');
    const c = compareBodies(a, b);
    expect(c.summary.unaligned).toBe(1);
    expect(c.sections[0]?.status).toBe('unaligned');
    expect(sides(c).a).toHaveLength(450);
    expect(sides(c).b).toHaveLength(450);
  });
});

describe('characters changed inside a sentence', () => {
  it('marks what was deleted and inserted, each side reading as its year wrote it', () => {
    const a = '2022年，梁山县法制办公室办理行政应诉案件7件。';
    const b = '2023年，梁山县司法局办理行政应诉案件5件。';
    const d = charDiff(a, b);
    expect(d).not.toBeNull();
    expect(textOf(d?.a ?? [], 'ins')).toBe(a);
    expect(textOf(d?.b ?? [], 'del')).toBe(b);
    // Three changes of wording (the year, the body, the count), not a scatter of single characters.
    const deleted = d?.a.filter((p) => p.kind === 'del').map((p) => p.text) ?? [];
    const inserted = d?.b.filter((p) => p.kind === 'ins').map((p) => p.text) ?? [];
    expect(deleted).toHaveLength(3);
    expect(inserted).toHaveLength(3);
    expect([deleted[0], deleted[2], inserted[0], inserted[2]]).toEqual(['2', '7', '3', '5']);
    expect(deleted[1]).toContain('法制办公室');
    expect(inserted[1]).toContain('司法局');
  });

  it('keeps both sides whole for any two texts (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.string({ maxLength: 60 }), (a, b) => {
        const d = charDiff(a, b);
        if (d === null) return;
        expect(textOf(d.a, 'ins')).toBe(a);
        expect(textOf(d.b, 'del')).toBe(b);
      }),
    );
  });
});
