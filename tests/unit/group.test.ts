import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupBy, pushTo } from '../../src/lib/group.ts';

describe('groupBy', () => {
  it('keeps keys in order of first appearance and items in their order', () => {
    const groups = groupBy(['b1', 'a1', 'b2', 'c1', 'a2'], (s) => s[0]);
    expect([...groups.entries()]).toEqual([
      ['b', ['b1', 'b2']],
      ['a', ['a1', 'a2']],
      ['c', ['c1']],
    ]);
  });

  it('takes any iterable and any key, null included', () => {
    const groups = groupBy(new Set([1, 2, 3, 4]), (n) => (n % 2 === 0 ? null : n % 3));
    expect([...groups.entries()]).toEqual([
      [1, [1]],
      [null, [2, 4]],
      [0, [3]],
    ]);
    expect(groupBy([], (x) => x).size).toBe(0);
  });

  it('puts every item in exactly one group, under its own key', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 })), (items) => {
        const groups = groupBy(items, (n) => n % 4);
        expect([...groups.values()].flat().sort((a, b) => a - b)).toEqual([...items].sort((a, b) => a - b));
        for (const [key, list] of groups) for (const n of list) expect(n % 4).toBe(key);
      }),
    );
  });
});

describe('pushTo', () => {
  it('starts a list at a key’s first value and appends after', () => {
    const groups = new Map<string, number[]>();
    pushTo(groups, 'x', 1);
    pushTo(groups, 'y', 2);
    pushTo(groups, 'x', 3);
    expect([...groups.entries()]).toEqual([
      ['x', [1, 3]],
      ['y', [2]],
    ]);
  });
});
