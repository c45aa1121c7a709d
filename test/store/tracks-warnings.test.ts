import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { Nation } from '../../src/domain/index.js';
import { canonicalJson, type JsonValue } from '../../src/link/index.js';
import { openStore, type WarningRecord } from '../../src/store/index.js';
import { T0, tempDirs } from './helpers.js';

const tmp = tempDirs();
afterEach(() => tmp.cleanup());

describe('tracks', () => {
  it('keeps the latest state per (origin, track id), ignoring older updates, across reopen', () => {
    const path = tmp.file();
    let store = openStore(path);
    const t = (origin: Nation, trackId: string, updatedMs: number, n: number) => ({
      origin,
      trackId,
      updatedMs,
      state: { n },
    });
    expect(store.tracks.upsert(t('JPN', 'T1', T0 + 10, 1))).toBe('inserted');
    expect(store.tracks.upsert(t('JPN', 'T1', T0 + 20, 2))).toBe('updated');
    expect(store.tracks.upsert(t('JPN', 'T1', T0 + 15, 3))).toBe('stale');
    expect(store.tracks.upsert(t('USA', 'T1', T0 + 5, 4))).toBe('inserted');
    expect(store.tracks.upsert(t('JPN', 'T0', T0 + 5, 5))).toBe('inserted');
    store.close();
    store = openStore(path);
    expect(store.tracks.get('JPN', 'T1')).toEqual(t('JPN', 'T1', T0 + 20, 2));
    expect(store.tracks.list('JPN').map((r) => r.trackId)).toEqual(['T0', 'T1']);
    expect(store.tracks.list().map((r) => `${r.origin}:${r.trackId}`)).toEqual([
      'JPN:T0',
      'JPN:T1',
      'USA:T1',
    ]);
    expect(store.tracks.remove('JPN', 'T0')).toBe(true);
    expect(store.tracks.remove('JPN', 'T0')).toBe(false);
    expect(store.tracks.list('JPN')).toHaveLength(1);
    store.close();
  });

  it('ends at the newest update whatever order the updates arrive in', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray([...Array(10).keys()], { minLength: 1 }), (order) => {
        const store = openStore(':memory:');
        for (const i of order)
          store.tracks.upsert({ origin: 'KOR', trackId: 'K1', updatedMs: T0 + i, state: i });
        expect(store.tracks.get('KOR', 'K1')?.state).toBe(Math.max(...order));
        store.close();
      }),
    );
  });
});

describe('warnings', () => {
  it('inserts once per id and lists by nation and half-open time range, in issue order', () => {
    const warningArb = fc.record({
      id: fc.uuid(),
      origin: fc.constantFrom<Nation>('USA', 'JPN', 'KOR'),
      issuedMs: fc.integer({ min: T0, max: T0 + 100 }),
      body: fc.jsonValue() as fc.Arbitrary<JsonValue>,
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(warningArb, { selector: (w) => w.id, maxLength: 30 }),
        fc.option(fc.constantFrom<Nation>('USA', 'JPN', 'KOR'), { nil: undefined }),
        fc.integer({ min: T0, max: T0 + 100 }),
        fc.integer({ min: 0, max: 100 }),
        (ws, origin, fromMs, spanMs) => {
          const store = openStore(':memory:');
          for (const w of ws) expect(store.warnings.insert(w)).toBe('new');
          for (const w of ws) expect(store.warnings.insert(w)).toBe('duplicate');
          const toMs = fromMs + spanMs;
          const got = store.warnings.list({ ...(origin ? { origin } : {}), fromMs, toMs });
          const want = ws
            .filter(
              (w) =>
                (origin === undefined || w.origin === origin) && w.issuedMs >= fromMs && w.issuedMs < toMs,
            )
            // Ties in time go by (originator, id), an item's identity since migration 6.
            .sort(
              (a, b) =>
                a.issuedMs - b.issuedMs ||
                (a.origin !== b.origin ? (a.origin < b.origin ? -1 : 1) : a.id < b.id ? -1 : 1),
            );
          expect(got.map((w) => w.id)).toEqual(want.map((w) => w.id));
          expect(got.map((w) => canonicalJson(w.body))).toEqual(want.map((w) => canonicalJson(w.body)));
          store.close();
        },
      ),
      { numRuns: 100 },
    );
  });

  it('survives reopen', () => {
    const path = tmp.file();
    const w: WarningRecord = {
      id: 'w1',
      origin: 'JPN',
      issuedMs: T0,
      body: { areaM: 5000, impactMs: T0 + 420_000 },
    };
    let store = openStore(path);
    store.warnings.insert(w);
    store.close();
    store = openStore(path);
    expect(store.warnings.list({ origin: 'JPN' })).toEqual([w]);
    store.close();
  });
});
