import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_FUTURE_SKEW_MS } from '../../src/link/index.js';
import { keepStoreBounded, pruneAll, pruneStep } from '../../src/node/retention.js';
import { openStore, type Store } from '../../src/store/index.js';
import { plainEntry } from '../store/helpers.js';

const T0 = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;

/** `n` entries queued for the USA, the first `delivered` of them delivered. */
function queue(store: Store, n: number, delivered: number): void {
  for (let i = 0; i < n; i++) {
    const id = `item-${String(i).padStart(5, '0')}`;
    store.outbox.enqueue(plainEntry(id, i % 256));
    if (i < delivered) store.outbox.markDelivered('USA', id);
  }
}

const received = (receivedMs: number) =>
  ({ sender: 'USA', originator: 'USA', topic: 'missile-warning', receivedMs }) as const;

describe('store retention', () => {
  it('prunes delivered entries a window of seqs at a time, and received ids past freshness plus skew', () => {
    const store = openStore(':memory:');
    queue(store, 10, 7); // seqs 1..10, 1..7 delivered
    const now = T0 + 2 * DAY;
    const edge = now - DAY - DEFAULT_MAX_FUTURE_SKEW_MS;
    store.inbox.accept('old-1', received(edge - 2));
    store.inbox.accept('old-2', received(edge - 1));
    store.inbox.accept('at-edge', received(edge));
    store.inbox.accept('recent', received(now));

    const o = { everyMs: 1, freshnessMs: DAY, chunk: 4 };
    expect(pruneStep(store, now, o, 0)).toEqual({
      delivered: 4,
      receivedIds: 2,
      maritime: 0,
      maritimeFull: false,
      throughSeq: 4,
    });
    expect(store.outbox.counts('USA')).toEqual({ undelivered: 3, held: 0, delivered: 3 });
    expect(store.outbox.get('USA', 'item-00003')).toBeUndefined();
    expect(store.outbox.get('USA', 'item-00004')?.delivered).toBe(true);
    expect(['old-1', 'old-2', 'at-edge', 'recent'].map((id) => store.inbox.has('USA', id))).toEqual([
      false,
      false,
      true,
      true,
    ]);
    expect(pruneStep(store, now, o, 4)).toEqual({
      delivered: 3,
      receivedIds: 0,
      maritime: 0,
      maritimeFull: false,
      throughSeq: 8,
    });
    // Undelivered entries are never pruned.
    expect(pruneAll(store, now, o)).toEqual({ delivered: 0, receivedIds: 0, maritime: 0 });
    expect(store.outbox.counts('USA')).toEqual({ undelivered: 3, held: 0, delivered: 0 });
    store.close();
  });

  it('steps over a long run of undelivered entries in bounded windows', () => {
    const store = openStore(':memory:');
    queue(store, 3_000, 0);
    for (let i = 2_000; i < 3_000; i++)
      store.outbox.markDelivered('USA', `item-${String(i).padStart(5, '0')}`);
    const steps: number[] = [];
    const o = { everyMs: 1, freshnessMs: DAY, chunk: 500 };
    for (let after = 0; after < store.outbox.maxSeq(); ) {
      const r = pruneStep(store, T0, o, after);
      steps.push(r.delivered);
      after = r.throughSeq;
    }
    expect(steps).toEqual([0, 0, 0, 0, 500, 500]);
    expect(store.outbox.counts('USA')).toEqual({ undelivered: 2_000, held: 0, delivered: 0 });
    store.close();
  });

  it('keeps pruning step after step in the background until done, and stops when told', async () => {
    const store = openStore(':memory:');
    queue(store, 1_300, 1_250);
    const clock = { nowMs: () => T0 };
    const stop = keepStoreBounded(store, clock, { everyMs: 5, freshnessMs: DAY, chunk: 100 });
    const deadline = Date.now() + 10_000;
    while (store.outbox.counts('USA').delivered > 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 5));
    expect(store.outbox.counts('USA')).toEqual({ undelivered: 50, held: 0, delivered: 0 });
    stop();
    queue(store, 1_310, 1_310); // ids 0..1299 again are delivered anew; 1300..1309 are new
    await new Promise((r) => setTimeout(r, 50));
    expect(store.outbox.counts('USA').delivered).toBeGreaterThan(0);
    store.close();
  });

  it('reports a failed pass and tries again at the next period', async () => {
    const store = openStore(':memory:');
    let fail = 2;
    const failing = {
      ...store,
      outbox: store.outbox,
      inbox: store.inbox,
      transaction: <T>(fn: () => T): T => {
        if (fail-- > 0) throw new Error('SQLITE_FULL: database or disk is full');
        return store.transaction(fn);
      },
    };
    queue(store, 3, 3);
    const errors: unknown[] = [];
    const stop = keepStoreBounded(failing, { nowMs: () => T0 }, { everyMs: 5, freshnessMs: DAY }, (e) =>
      errors.push(e),
    );
    const deadline = Date.now() + 10_000;
    while (store.outbox.counts('USA').delivered > 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 5));
    stop();
    expect(errors.map((e) => (e as Error).message)).toEqual([
      'SQLITE_FULL: database or disk is full',
      'SQLITE_FULL: database or disk is full',
    ]);
    expect(store.outbox.counts('USA').delivered).toBe(0);
    store.close();
  });
});
