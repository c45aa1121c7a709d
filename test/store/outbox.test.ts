import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { Nation, Topic } from '../../src/domain/index.js';
import { encodeEnvelope } from '../../src/link/index.js';
import { type OutboxEntry, openStore, type Store } from '../../src/store/index.js';
import { MemoryOutbox } from '../../src/testing/memory-ports.js';
import { envelopes, T0, tempDirs } from './helpers.js';

const tmp = tempDirs();
afterEach(() => tmp.cleanup());
const ALL = Number.MAX_SAFE_INTEGER;

/** What the link enqueues: a signed, encoded envelope beside its routing facts. */
function entries(seed = 1) {
  const make = envelopes(seed);
  return (over: { recipient?: Nation; originator?: Nation; topic?: Topic; relayTo?: Nation } = {}) => {
    const env = make(over);
    return {
      id: env.id,
      recipient: env.recipient,
      originator: env.originator,
      topic: env.topic,
      marking: env.marking,
      concerning: 'PRK' as Nation,
      relayTo: over.relayTo ?? null,
      body: encodeEnvelope(env),
      nowMs: T0,
    };
  };
}

/** The reference's entries without its private `delivered` flag. */
const reference = (es: OutboxEntry[]) =>
  es.map(({ delivered: _, ...e }: OutboxEntry & { delivered?: boolean }) => e);

describe('outbox', () => {
  it('keeps undelivered, held and attempted entries across close and reopen, and forgets none', () => {
    const path = tmp.file();
    const make = entries();
    const [a, b, c, d] = [make(), make(), make({ recipient: 'KOR' }), make({ relayTo: 'KOR' })];
    let store = openStore(path);
    expect([a, b, c, d].map((e) => store.outbox.enqueue(e))).toEqual([1, 2, 3, 4]);
    store.outbox.markDelivered('USA', a.id);
    store.outbox.markHeld('USA', b.id, 'agreement suspended');
    store.outbox.markAttempt('USA', d.id, T0 + 500.5);
    store.close();

    store = openStore(path);
    expect(store.outbox.counts('USA')).toEqual({ undelivered: 2, held: 1, delivered: 1 });
    expect(store.outbox.depth('KOR')).toBe(1);
    const { nowMs: _, ...rest } = d;
    expect(store.outbox.pending('USA', 10)).toEqual([
      expect.objectContaining({ seq: 2, id: b.id, heldReason: 'agreement suspended', attempts: 0 }),
      { ...rest, seq: 4, attempts: 1, nextAttemptMs: T0 + 500.5, heldReason: null },
    ]);
    expect(Buffer.from(store.outbox.pending('KOR', 1)[0]!.body)).toEqual(Buffer.from(c.body));
    expect(store.outbox.get('USA', a.id)?.delivered).toBe(true);
    store.close();
  });

  it('takes a second enqueue of an entry as a no-op naming the first', () => {
    const store = openStore(':memory:');
    const e = entries()();
    expect(store.outbox.enqueue(e)).toBe(1);
    expect(store.outbox.enqueue({ ...e, nowMs: T0 + 9 })).toBe(1);
    // The same item for another recipient is another entry.
    expect(store.outbox.enqueue({ ...e, recipient: 'KOR' })).toBe(2);
    expect(store.outbox.depth('USA')).toBe(1);
    store.close();
  });

  it('keeps a held entry in the queue, in its place, until an attempt clears the hold or it is delivered', () => {
    const store = openStore(':memory:');
    const make = entries();
    const [a, b] = [make(), make()];
    store.outbox.enqueue(a);
    store.outbox.enqueue(b);
    expect(store.outbox.markHeld('USA', a.id, 'REL TO excludes USA')).toBe(true);
    expect(store.outbox.pending('USA', 10).map((e) => [e.id, e.heldReason])).toEqual([
      [a.id, 'REL TO excludes USA'],
      [b.id, null],
    ]);
    expect(store.outbox.held('USA').map((e) => e.id)).toEqual([a.id]);
    expect(store.outbox.pruneDelivered()).toBe(0);
    expect(store.outbox.markAttempt('USA', a.id, T0 + 1)).toBe(true);
    expect(store.outbox.held('USA')).toEqual([]);
    store.outbox.markHeld('USA', a.id, 'suspended');
    // A late acknowledgement for an entry held after it was sent still counts.
    expect(store.outbox.markDelivered('USA', a.id)).toBe(true);
    expect(store.outbox.markDelivered('USA', a.id)).toBe(false);
    expect(store.outbox.markHeld('USA', a.id, 'again')).toBe(false);
    expect(store.outbox.pending('USA', 10).map((e) => e.id)).toEqual([b.id]);
    expect(store.outbox.pruneDelivered()).toBe(1);
    expect(store.outbox.get('USA', a.id)).toBeUndefined();
    store.close();
  });

  it('behaves as the in-memory reference outbox, in enqueue order, across reopens', () => {
    const recipients: Nation[] = ['USA', 'KOR'];
    type Op =
      | { op: 'enqueue'; recipient: number; originator: Nation; topic: Topic }
      | { op: 'again'; pick: number }
      | { op: 'deliver' | 'hold'; pick: number }
      | { op: 'attempt'; pick: number; delayMs: number }
      | { op: 'reopen' }
      | { op: 'query'; recipient: number; limit: number };
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      {
        arbitrary: fc.record({
          op: fc.constant('enqueue' as const),
          recipient: fc.nat({ max: 1 }),
          originator: fc.constantFrom<Nation>('JPN', 'AUS'),
          topic: fc.constantFrom<Topic>('missile-warning', 'maritime'),
        }),
        weight: 4,
      },
      fc.record({ op: fc.constant('again' as const), pick: fc.nat() }),
      fc.record({ op: fc.constantFrom('deliver' as const, 'hold' as const), pick: fc.nat() }),
      fc.record({
        op: fc.constant('attempt' as const),
        pick: fc.nat(),
        delayMs: fc.double({ min: 0, max: 1e4, noNaN: true }),
      }),
      fc.constant({ op: 'reopen' as const }),
      {
        arbitrary: fc.record({
          op: fc.constant('query' as const),
          recipient: fc.nat({ max: 1 }),
          limit: fc.nat({ max: 8 }),
        }),
        weight: 3,
      },
    );
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 50 }), (ops) => {
        const path = tmp.file();
        let store: Store = openStore(path);
        const model = new MemoryOutbox();
        const make = entries();
        const queued: ReturnType<typeof make>[] = [];
        const picked = (pick: number) => queued[pick % queued.length];
        for (const o of ops) {
          if (o.op === 'enqueue') {
            const e = make({ recipient: recipients[o.recipient]!, originator: o.originator, topic: o.topic });
            queued.push(e);
            expect(store.outbox.enqueue(e)).toBe(model.enqueue(e));
          } else if (o.op === 'reopen') {
            store.close();
            store = openStore(path);
          } else if (o.op === 'query') {
            const r = recipients[o.recipient]!;
            expect(store.outbox.pending(r, o.limit)).toEqual(reference(model.pending(r, o.limit)));
            expect(store.outbox.depth(r)).toBe(model.depth(r));
            // Stream heads (any order), and entries of every other stream in seq order.
            const bySeq = (xs: OutboxEntry[]) => [...xs].sort((a, b) => a.seq - b.seq);
            const heads = bySeq(model.streamHeads(r));
            expect(bySeq(store.outbox.streamHeads(r))).toEqual(reference(heads));
            const some = heads.filter((_, i) => i % 2 === 0);
            expect(store.outbox.pendingIn(r, some, o.limit)).toEqual(
              reference(model.pendingIn(r, some, o.limit)),
            );
          } else {
            const e = picked(o.pick);
            if (e === undefined) continue;
            if (o.op === 'again') expect(store.outbox.enqueue(e)).toBe(model.enqueue(e));
            if (o.op === 'deliver') {
              store.outbox.markDelivered(e.recipient, e.id);
              model.markDelivered(e.recipient, e.id);
            }
            if (o.op === 'hold') {
              store.outbox.markHeld(e.recipient, e.id, `held ${e.id}`);
              model.markHeld(e.recipient, e.id, `held ${e.id}`);
            }
            if (o.op === 'attempt') {
              store.outbox.markAttempt(e.recipient, e.id, T0 + o.delayMs);
              model.markAttempt(e.recipient, e.id, T0 + o.delayMs);
            }
          }
        }
        for (const r of recipients)
          expect(store.outbox.pending(r, ALL)).toEqual(reference(model.pending(r, ALL)));
        store.close();
      }),
      { numRuns: 60 },
    );
  });
});
