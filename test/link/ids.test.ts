import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createUuidV7Generator, cryptoRandomFill, isUuidV7, uuidV7TimeMs } from '../../src/link/index.js';
import { seededFill } from './seeded.js';

const T0 = Date.UTC(2025, 0, 1);

describe('UUIDv7', () => {
  it('reads the timestamp of the RFC 9562 example (appendix A.6)', () => {
    expect(uuidV7TimeMs('017f22e2-79b0-7cc3-98c4-dc0c0c07398f')).toBe(0x017f22e279b0);
    expect(uuidV7TimeMs('01941f29-7c00-7000-8000-000000000000')).toBe(T0);
  });

  it('puts nowMs, version 7 and the RFC variant in the id', () => {
    const id = createUuidV7Generator(seededFill(1)).next(T0);
    expect(isUuidV7(id)).toBe(true);
    expect(id.slice(0, 13)).toBe('01941f29-7c00');
    expect(id[14]).toBe('7');
    expect('89ab').toContain(id[19]);
    expect(uuidV7TimeMs(id)).toBe(T0);
  });

  it('is strictly increasing from one generator, whatever the clock does, and carries the latest time', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 1, maxLength: 300 }),
        (seed, offsets) => {
          const gen = createUuidV7Generator(seededFill(seed));
          let prev = '';
          let latestMs = -1;
          for (const off of offsets) {
            const nowMs = T0 + (off % 7) * (off % 3); // many repeats and steps backwards
            latestMs = Math.max(latestMs, nowMs);
            const id = gen.next(nowMs);
            expect(isUuidV7(id)).toBe(true);
            expect(id > prev).toBe(true);
            expect(uuidV7TimeMs(id)).toBe(latestMs);
            prev = id;
          }
        },
      ),
    );
  });

  it('replays from its random source', () => {
    const run = (seed: number) => {
      const gen = createUuidV7Generator(seededFill(seed));
      return [gen.next(T0), gen.next(T0), gen.next(T0 + 1)];
    };
    expect(run(5)).toEqual(run(5));
    expect(run(5)).not.toEqual(run(6));
  });

  it('refuses times a UUIDv7 cannot carry', () => {
    const gen = createUuidV7Generator(seededFill(1));
    for (const bad of [-1, 1.5, 2 ** 48, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => gen.next(bad)).toThrow(RangeError);
    }
  });

  it('recognises only lowercase version-7 RFC-variant UUIDs, and never throws on garbage', () => {
    expect(isUuidV7('017F22E2-79B0-7CC3-98C4-DC0C0C07398F')).toBe(false); // uppercase
    expect(isUuidV7('017f22e2-79b0-4cc3-98c4-dc0c0c07398f')).toBe(false); // version 4
    expect(isUuidV7('017f22e2-79b0-7cc3-c8c4-dc0c0c07398f')).toBe(false); // variant 110
    fc.assert(
      fc.property(fc.anything(), (v) => {
        expect(uuidV7TimeMs(v) === null || typeof v === 'string').toBe(true);
      }),
    );
  });
});

describe('cryptoRandomFill (pooled CSPRNG bytes)', () => {
  it('never hands out the same bytes twice, across pool refills and for large requests', () => {
    const seen = new Set<string>();
    // 16-byte draws over ~5 pools, with odd sizes in between so that draws straddle a refill.
    for (let i = 0; i < 1_300; i++) {
      const b = new Uint8Array(16);
      cryptoRandomFill(b);
      const hex = Buffer.from(b).toString('hex');
      expect(seen.has(hex)).toBe(false);
      seen.add(hex);
      cryptoRandomFill(new Uint8Array(1 + (i % 7)));
    }
    const big = new Uint8Array(10_000);
    cryptoRandomFill(big);
    // 10,000 CSPRNG bytes: every byte value turns up (the chance that one does not is ~1e-15).
    expect(new Set(big).size).toBe(256);
  });
});
