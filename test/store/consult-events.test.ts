import { afterEach, describe, expect, it } from 'vitest';
import { MemoryConsultEvents } from '../../src/node/consultations.js';
import { type ConsultEvents, openStore } from '../../src/store/index.js';
import { T0, tempDirs } from './helpers.js';

const tmp = tempDirs();
afterEach(() => tmp.cleanup());

describe('consultation events', () => {
  it('keeps each distinct event once, both versions of an equivocated id, across reopen', () => {
    const path = tmp.file();
    let store = openStore(path);
    const ev = (id: string, consultation: string, n: number) => ({
      id,
      consultation,
      author: 'JPN' as const,
      atMs: T0 + n,
      event: { id, consultation, n },
    });
    expect(store.consultations.insert(ev('JPN:c2', 'JPN:c2', 1), T0)).toBe('new');
    expect(store.consultations.insert(ev('JPN:a', 'JPN:c2', 2), T0)).toBe('new');
    expect(store.consultations.insert(ev('JPN:a', 'JPN:c2', 2), T0)).toBe('duplicate');
    // Same id, different content: kept, so that the fold sees the equivocation.
    expect(store.consultations.insert(ev('JPN:a', 'JPN:c2', 3), T0)).toBe('new');
    expect(store.consultations.insert(ev('JPN:c1', 'JPN:c1', 4), T0)).toBe('new');
    store.close();
    store = openStore(path);
    expect(store.consultations.consultations()).toEqual(['JPN:c2', 'JPN:c1']);
    expect(store.consultations.list('JPN:c2').map((r) => [r.id, (r.event as { n: number }).n])).toEqual([
      ['JPN:c2', 1],
      ['JPN:a', 2],
      ['JPN:a', 3],
    ]);
    expect(store.consultations.list('nope')).toEqual([]);
    store.close();
  });

  it('numbers events in the order stored, so that a stream resumes after a place (SQLite and memory alike)', () => {
    const path = tmp.file();
    const ev = (id: string, n: number) => ({
      id,
      consultation: 'JPN:c',
      author: 'JPN' as const,
      atMs: T0 + n,
      event: { id, n },
    });
    const check = (events: ConsultEvents, reopen: () => ConsultEvents) => {
      expect(events.lastSeq()).toBe(0);
      expect(events.since(0)).toEqual([]);
      events.insert(ev('JPN:c', 1), T0);
      events.insert(ev('JPN:a', 2), T0);
      events.insert(ev('JPN:a', 2), T0); // a duplicate takes no place
      events.insert(ev('JPN:b', 3), T0);
      const all = events.since(0);
      expect(all.map((r) => r.id)).toEqual(['JPN:c', 'JPN:a', 'JPN:b']);
      const seqs = all.map((r) => r.seq);
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
      expect(new Set(seqs).size).toBe(3);
      expect(events.lastSeq()).toBe(seqs[2]);
      expect(events.since(seqs[0]!).map((r) => [r.id, r.seq, (r.event as { n: number }).n])).toEqual([
        ['JPN:a', seqs[1], 2],
        ['JPN:b', seqs[2], 3],
      ]);
      expect(events.since(events.lastSeq())).toEqual([]);
      const again = reopen();
      expect(again.lastSeq()).toBe(seqs[2]);
      again.insert(ev('JPN:d', 4), T0);
      expect(again.since(seqs[2]!).map((r) => r.id)).toEqual(['JPN:d']);
      expect(again.lastSeq()).toBeGreaterThan(seqs[2]!);
    };
    let store = openStore(path);
    check(store.consultations, () => {
      store.close();
      store = openStore(path);
      return store.consultations;
    });
    store.close();
    const memory = new MemoryConsultEvents();
    check(memory, () => memory);
  });
});
