import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { T0, tempDirs } from './helpers.js';

const tmp = tempDirs();
afterEach(() => tmp.cleanup());

const from = (receivedMs: number) =>
  ({ sender: 'USA', originator: 'JPN', topic: 'missile-warning', receivedMs }) as const;

describe('inbox', () => {
  it('accepts an id once, and remembers it across close and reopen', () => {
    const path = tmp.file();
    let store = openStore(path);
    expect(store.inbox.accept('a', from(T0))).toBe('new');
    expect(store.inbox.accept('a', from(T0 + 1))).toBe('duplicate');
    expect(store.inbox.accept('a>KOR', from(T0 + 2))).toBe('new');
    store.close();
    store = openStore(path);
    expect(store.inbox.accept('a', from(T0 + 3))).toBe('duplicate');
    expect(store.inbox.has('JPN', 'a>KOR')).toBe(true);
    store.close();
  });

  it('names an item by (originator, id): one id from two originators is two items', () => {
    const store = openStore(':memory:');
    expect(store.inbox.accept('a', from(T0))).toBe('new');
    expect(store.inbox.accept('a', { ...from(T0), originator: 'KOR' })).toBe('new');
    expect(store.inbox.accept('a', { ...from(T0), originator: 'KOR', sender: 'JPN' })).toBe('duplicate');
    expect([store.inbox.has('JPN', 'a'), store.inbox.has('KOR', 'a'), store.inbox.has('USA', 'a')]).toEqual([
      true,
      true,
      false,
    ]);
    expect(store.inbox.pruneReceivedBefore(T0 + 1)).toBe(2);
    store.close();
  });

  it('gives exactly one `new` per id when two connections to one file race on the same ids', () => {
    const path = tmp.file();
    const a = openStore(path);
    const b = openStore(path);
    let round = 0;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.nat({ max: 11 })), { minLength: 1, maxLength: 80 }),
        (calls) => {
          round++;
          const news = new Map<string, number>();
          for (const [useA, i] of calls) {
            const id = `r${round}-${i}`;
            if ((useA ? a : b).inbox.accept(id, from(T0)) === 'new') news.set(id, (news.get(id) ?? 0) + 1);
          }
          const distinct = new Set(calls.map(([, i]) => `r${round}-${i}`));
          expect([...news.keys()].sort()).toEqual([...distinct].sort());
          expect([...news.values()].every((n) => n === 1)).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
    a.close();
    b.close();
  });

  it('forgets ids received before a cut-off, and only those', () => {
    const store = openStore(':memory:');
    store.inbox.accept('old', from(T0));
    store.inbox.accept('recent', from(T0 + 1_000));
    expect(store.inbox.pruneReceivedBefore(T0 + 1_000)).toBe(1);
    expect(store.inbox.has('JPN', 'old')).toBe(false);
    expect(store.inbox.has('JPN', 'recent')).toBe(true);
    store.close();
  });

  it('commits an accept and the relay copy it causes together, or neither', () => {
    const path = tmp.file();
    const store = openStore(path);
    const relayCopy = {
      id: 'x>KOR',
      recipient: 'KOR',
      originator: 'JPN',
      topic: 'missile-warning',
      marking: '//JPN SECRET//REL TO USA, JPN, KOR',
      concerning: null,
      relayTo: 'KOR',
      body: new Uint8Array([1, 2, 3]),
      nowMs: T0,
    } as const;
    expect(() =>
      store.transaction(() => {
        store.inbox.accept('x>KOR', from(T0));
        store.outbox.enqueue(relayCopy);
        throw new Error('crash between the two writes');
      }),
    ).toThrow(/crash/);
    expect(store.inbox.has('JPN', 'x>KOR')).toBe(false);
    expect(store.outbox.depth('KOR')).toBe(0);
    store.transaction(() => {
      expect(store.inbox.accept('x>KOR', from(T0))).toBe('new');
      store.outbox.enqueue(relayCopy);
    });
    store.close();
    const reopened = openStore(path);
    expect(reopened.inbox.has('JPN', 'x>KOR')).toBe(true);
    expect(reopened.outbox.depth('KOR')).toBe(1);
    reopened.close();
  });
});
