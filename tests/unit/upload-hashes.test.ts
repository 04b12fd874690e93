import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RACY_MS, type RememberedHash, trustedHash } from '../../scripts/lib/ingest/upload-hashes.ts';

const identity = fc.record({
  size: fc.nat(1e6),
  mtimeMs: fc.integer({ min: 1e12, max: 1e12 + 1e6 }),
  ctimeMs: fc.integer({ min: 1e12, max: 1e12 + 1e6 }),
  ino: fc.nat(1e6),
});

describe('remembered upload hashes', () => {
  it('stand only for a file with the same size, times and inode, hashed well after its last change', () => {
    fc.assert(
      fc.property(identity, identity, fc.integer({ min: 0, max: 1e4 }), (seen, now, after) => {
        const remembered: RememberedHash = {
          ...seen,
          sha256: 'h',
          hashedMs: Math.max(seen.mtimeMs, seen.ctimeMs) + after,
        };
        const same =
          seen.size === now.size &&
          seen.mtimeMs === now.mtimeMs &&
          seen.ctimeMs === now.ctimeMs &&
          seen.ino === now.ino;
        expect(trustedHash(remembered, now)).toBe(same && after > RACY_MS ? 'h' : null);
        expect(trustedHash(remembered, seen)).toBe(after > RACY_MS ? 'h' : null);
      }),
    );
    expect(trustedHash(undefined, { size: 1, mtimeMs: 1, ctimeMs: 1, ino: 1 })).toBeNull();
  });
});
