// A partner flooding a node over the simulated network: its own share is spent, the other
// partner's items still arrive in time, and the refusals are counted and audited once per window.
import { describe, expect, it } from 'vitest';
import { type Nation, TRILATERAL } from '../../src/domain/index.js';
import { Link, type LinkItem } from '../../src/link/engine.js';
import { createUuidV7Generator } from '../../src/link/index.js';
import { Scheduler } from '../../src/link/scheduler.js';
import { SimNetwork } from '../../src/link/sim-network.js';
import { createRng } from '../../src/sim/index.js';
import { testKeyring } from '../../src/testing/keyring.js';
import { MemoryAudit, MemoryInbox, MemoryOutbox } from '../../src/testing/memory-ports.js';
import { bundledRegistry } from '../domain/fixtures.js';

const ring = testKeyring(TRILATERAL);
const T0 = Date.UTC(2024, 0, 1);
const RATE = { itemsPerS: 500, burstItems: 1_000, bytesPerS: 64 * 1024 * 1024, burstBytes: 64 * 1024 * 1024 };

describe('per-partner rate limit at the link ingress', () => {
  it("limits a flooding partner to its share while the other partner's items arrive in time", () => {
    const sched = new Scheduler(T0);
    const net = new SimNetwork(sched, createRng(1, 'flood-net'));
    const registry = bundledRegistry();
    const audit = new MemoryAudit();
    const arrivedMs = new Map<string, number>();
    const fromKor: number[] = [];
    const jpn = new Link({
      nation: 'JPN',
      clock: sched,
      timers: sched,
      transport: net,
      outbox: new MemoryOutbox(),
      inbox: new MemoryInbox(),
      audit,
      crypto: ring.crypto('JPN'),
      registry: () => registry,
      partnerRate: RATE,
      onItem: (r) => {
        if (r.item.originator === 'USA') arrivedMs.set(r.item.id, sched.nowMs());
        else fromKor.push(sched.nowMs());
      },
    });
    jpn.start(['USA', 'KOR']);
    const usa = new Link({
      nation: 'USA',
      clock: sched,
      timers: sched,
      transport: net,
      outbox: new MemoryOutbox(),
      inbox: new MemoryInbox(),
      audit: new MemoryAudit(),
      crypto: ring.crypto('USA'),
      registry: () => registry,
      onItem: () => {},
    });
    usa.start(['JPN']);

    const ids = createUuidV7Generator();
    const item = (originator: Nation, n: number): LinkItem => ({
      id: ids.next(sched.nowMs()),
      originator,
      topic: 'missile-warning',
      marking: originator === 'USA' ? 'SECRET//REL TO USA, JPN, KOR' : '//KOR SECRET//REL TO USA, JPN, KOR',
      createdMs: sched.nowMs(),
      concerning: 'PRK',
      payload: { n },
    });
    // Korea's node bypasses its link: every 10 ms a message of 50 well-signed items (5,000 items/s,
    // ten times its share), never waiting for an acknowledgement. Drawn from 2,000 sealed ones
    // (signing each anew would make the test slow): past the first round they are duplicates,
    // which cost the node a signature check each all the same.
    const korCrypto = ring.crypto('KOR');
    const pool = Array.from({ length: 2_000 }, (_, n) => korCrypto.seal(item('KOR', n), 'KOR', 'JPN'));
    const FLOOD_MS = 10_000;
    let flooded = 0;
    const flood = () => {
      if (sched.nowMs() >= T0 + FLOOD_MS) return;
      const envelopes = Array.from({ length: 50 }, () => pool[flooded++ % pool.length]);
      net.send(
        {
          recipient: 'JPN',
          sender: 'KOR',
          topic: 'missile-warning',
          id: `JPN/flood-${flooded}`,
          body: new TextEncoder().encode(JSON.stringify(envelopes)),
        },
        { acked: () => {}, failed: () => {} },
      );
      sched.after(10, flood);
    };
    sched.after(0, flood);
    // The US sends an item every 200 ms throughout (one batch in flight: each waits for the last).
    const sentMs = new Map<string, number>();
    const honest = () => {
      if (sched.nowMs() >= T0 + FLOOD_MS) return;
      const it = item('USA', sentMs.size);
      sentMs.set(it.id, sched.nowMs());
      usa.publish(it, ['JPN']);
      sched.after(200, honest);
    };
    sched.after(0, honest);
    sched.runUntil(T0 + FLOOD_MS + 5_000);

    expect(flooded).toBe(50_000);
    // Korea got its burst and its rate, not more (over the 10 s): 1,000 + 500/s.
    const rates = jpn.partnerRates();
    expect(rates.KOR!.admittedItems).toBeGreaterThan(RATE.burstItems);
    expect(rates.KOR!.admittedItems).toBeLessThanOrEqual(
      RATE.burstItems + (RATE.itemsPerS * FLOOD_MS) / 1_000,
    );
    expect(fromKor.length).toBeGreaterThan(RATE.burstItems);
    // Every US item arrived, each within a network hop (no ack or retry in between).
    expect(sentMs.size).toBe(50);
    for (const [id, t] of sentMs) {
      expect(arrivedMs.has(id)).toBe(true);
      expect(arrivedMs.get(id)! - t).toBeLessThan(10);
    }
    expect(rates.USA).toMatchObject({ admittedItems: 50, heldMessages: 0, refusedMessages: 0 });
    // Of its 1,000 messages, one at a time was held back until its tokens sufficed; the rest of
    // those beyond its share were refused (not acknowledged).
    expect(rates.KOR!.heldMessages).toBeGreaterThan(10);
    expect(rates.KOR!.refusedMessages).toBeGreaterThan(700);
    expect(rates.KOR!.refusedItems).toBe(rates.KOR!.refusedMessages * 50);
    expect(rates.KOR!.peakItemsPerS).toBeLessThanOrEqual(RATE.burstItems + RATE.itemsPerS);
    // Audited once in the minute's window, naming Korea and the rate.
    const records = audit.records.filter((r) => r.kind === 'ingress-rate-limited');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ actor: 'KOR', detail: { messages: 1, items: 50, itemsPerS: 500 } });
    // Nothing of Korea's that was let in was refused otherwise, and the US's never waited.
    expect(audit.records.filter((r) => r.kind === 'ingress-reject')).toEqual([]);
  });
});
