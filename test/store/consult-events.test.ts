import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
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
});
