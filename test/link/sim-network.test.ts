import { describe, expect, it } from 'vitest';
import { Scheduler } from '../../src/link/scheduler.js';
import { type Faults, SimNetwork } from '../../src/link/sim-network.js';
import type { WireMessage } from '../../src/link/wire.js';

/** A small seeded source for the tests (mulberry32). */
function seeded(seed: number) {
  let a = seed >>> 0;
  return {
    next() {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

const msg = (i: number): WireMessage => ({
  recipient: 'JPN',
  sender: 'KOR',
  topic: 'missile-warning',
  id: `m${i}`,
  body: new TextEncoder().encode(String(i)),
});

function run(seed: number, faults: Faults, n = 200) {
  const sched = new Scheduler(0);
  const net = new SimNetwork(sched, seeded(seed), faults);
  const received: string[] = [];
  const acked: string[] = [];
  net.listen('JPN', (m, ack) => {
    received.push(`${sched.nowMs().toFixed(3)}:${m.id}`);
    ack();
  });
  for (let i = 0; i < n; i++) {
    sched.after(i, () => net.send(msg(i), { acked: () => acked.push(`m${i}`), failed: () => {} }));
  }
  sched.runUntil(10_000);
  return { received, acked, stats: net.stats, net, sched };
}

const lossy: Faults = { dropRate: 0.1, duplicateRate: 0.1, delayMs: { min: 1, max: 50 } };

describe('SimNetwork', () => {
  it('replays exactly from a seed, and differs with another seed', () => {
    expect(run(7, lossy)).toEqual(run(7, lossy));
    expect(run(7, lossy).received).not.toEqual(run(8, lossy).received);
  });

  it('drops, duplicates and reorders about as often as asked', () => {
    const { received, stats } = run(3, lossy, 2_000);
    expect(stats.dropped / stats.sent).toBeGreaterThan(0.05);
    expect(stats.dropped / stats.sent).toBeLessThan(0.16);
    expect(stats.duplicated).toBeGreaterThan(100);
    const order = received.map((r) => Number(r.split(':m')[1]));
    expect(order.some((x, i) => i > 0 && x < order[i - 1]!)).toBe(true);
  });

  it('delivers everything once, in order, without faults', () => {
    const { received, acked } = run(1, { dropRate: 0, duplicateRate: 0, delayMs: { min: 1, max: 1 } }, 50);
    expect(received.map((r) => r.split(':')[1])).toEqual(Array.from({ length: 50 }, (_, i) => `m${i}`));
    expect(acked).toHaveLength(50);
  });

  it('delivers nothing across a partition, nor to a node that is down', () => {
    const sched = new Scheduler(0);
    const net = new SimNetwork(sched, seeded(1));
    const got: string[] = [];
    const stop = net.listen('JPN', (m, ack) => {
      got.push(m.id);
      ack();
    });
    net.partition('KOR', 'JPN');
    net.send(msg(1), { acked: () => got.push('ack1'), failed: () => {} });
    sched.runUntil(100);
    net.heal('JPN', 'KOR');
    stop();
    net.send(msg(2), { acked: () => got.push('ack2'), failed: () => {} });
    sched.runUntil(200);
    expect(got).toEqual([]);
    expect(net.stats.undeliverable).toBe(2);
  });

  it('gives the receiver a copy, not the sender’s bytes', () => {
    const sched = new Scheduler(0);
    const net = new SimNetwork(sched, seeded(1));
    const m = msg(1);
    let seen: Uint8Array | null = null;
    net.listen('JPN', (r) => {
      seen = r.body;
    });
    net.send(m, { acked: () => {}, failed: () => {} });
    m.body[0] = 0x7a;
    sched.runUntil(10);
    expect(new TextDecoder().decode(seen!)).toBe('1');
  });
});
