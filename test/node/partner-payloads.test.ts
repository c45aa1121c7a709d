import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Nation, Topic } from '../../src/domain/index.js';
import { TRILATERAL } from '../../src/domain/index.js';
import type { EmbeddedNetwork } from '../../src/exercise/embedded.js';
import { createUuidV7Generator, generateSigningKeyPair } from '../../src/link/index.js';
import { loadProtectedAreas } from '../../src/node/areas.js';
import { FaultGuard, type NodeFault } from '../../src/node/index.js';
import { MemoryAudit } from '../../src/testing/memory-ports.js';
import { irbmScenario, MARKING, memoryNetwork } from '../support/embedded.js';

const ROOT = join(import.meta.dirname, '..', '..');
const scenario = irbmScenario();
const areas = loadProtectedAreas(join(ROOT, 'data', 'us-bases.yaml'));
const keys = new Map(TRILATERAL.map((n) => [n, generateSigningKeyPair()]));
const ids = createUuidV7Generator();

/** Well signed and allowed by the agreements, whatever it says: what a compromised partner node can send. */
function hostile(net: EmbeddedNetwork, from: Nation, to: Nation, topic: Topic, payload: unknown): string {
  const nowMs = net.sched.nowMs();
  const id = ids.next(Math.floor(nowMs));
  const node = net.nodes.get(from)!;
  node.link.publish(
    {
      id,
      originator: from,
      topic,
      marking: MARKING[from]!,
      createdMs: nowMs,
      concerning: scenario.launchState,
      payload,
    },
    [to],
  );
  return id;
}

/** Runs until Japan's picture holds a Korean track beside its own; returns Japan's own track. */
function untilFused(net: EmbeddedNetwork) {
  const jpn = net.nodes.get('JPN')!;
  for (let t = scenario.startMs; t < scenario.startMs + 900_000; t += 2_000) {
    net.runUntil(t);
    const own = jpn.ownTracks()[0];
    if (own && jpn.partnerTracks().some((p) => p.nation === 'KOR')) return own;
  }
  throw new Error('Japan never held its own and a Korean track');
}

const fusedFrom = (net: EmbeddedNetwork, n: Nation) =>
  net.nodes
    .get(n)!
    .picture()
    .filter((o) => new Set(o.sources.map((s) => s.nation)).size > 1).length;

describe("a partner's track payload is checked before it is fused", () => {
  it('refuses a covariance of 36 zeros on an honest state (main fused it and threw in the assessment timer); the node goes on fusing', () => {
    const audits = new Map<Nation, MemoryAudit>();
    const net = memoryNetwork({ scenario, keys, areas, audits });
    const own = untilFused(net);
    const now = net.sched.nowMs();
    // Japan's own estimate, under Korea's name, claiming certainty: it associates, and CI cannot invert it.
    const zeros = { kind: 'track', trackId: 990_001, tMs: own.tMs, x: [...own.x], P: new Array(36).fill(0) };
    const item = hostile(net, 'KOR', 'JPN', 'missile-warning', zeros);
    net.runUntil(now + 20_000);
    const jpn = net.nodes.get('JPN')!;
    expect(jpn.partnerTracks().some((t) => t.trackId === 990_001)).toBe(false);
    expect(jpn.status().refused.KOR).toEqual({ total: 1, byCode: { 'variance-out-of-range': 1 } });
    const refused = audits.get('JPN')!.records.filter((r) => r.kind === 'partner-payload-refused');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({
      actor: 'KOR',
      subject: item,
      detail: { code: 'variance-out-of-range' },
    });
    // The assessment timer kept running and fusing honest tracks: no fault, a fused picture, warnings.
    expect(jpn.status().faults.total).toBe(0);
    expect(fusedFrom(net, 'JPN')).toBeGreaterThan(0);
    net.runUntil(now + 400_000);
    expect(jpn.warnings().some((w) => w.reason === 'overflight')).toBe(true);
    net.close();
  });

  it('refuses a track under another topic, a track dated after its item or an hour before it, an unknown kind; each audited and counted', () => {
    const audits = new Map<Nation, MemoryAudit>();
    const net = memoryNetwork({ scenario, keys, areas, audits });
    const own = untilFused(net);
    const now = net.sched.nowMs();
    const honest = { kind: 'track', trackId: 990_002, tMs: own.tMs, x: [...own.x], P: [...own.P] };
    // An item the agreements allow as maritime is not a missile track.
    hostile(net, 'KOR', 'JPN', 'maritime', honest);
    // Dated a minute after the item it came in: it would never be predicted nor go stale.
    hostile(net, 'KOR', 'JPN', 'missile-warning', {
      ...honest,
      trackId: 990_003,
      tMs: Math.floor(now) + 60_000,
    });
    // Dated an hour before its item: no honest node shares a track it no longer holds (main dropped it unaudited).
    hostile(net, 'KOR', 'JPN', 'missile-warning', {
      ...honest,
      trackId: 990_005,
      tMs: Math.floor(now) - 3_600_000,
    });
    hostile(net, 'KOR', 'JPN', 'intelligence-report', { kind: 'telemetry', data: [1, 2, 3] });
    hostile(net, 'KOR', 'JPN', 'missile-warning', 'not an object');
    // The same track as Korea's, honestly labelled, is taken.
    hostile(net, 'KOR', 'JPN', 'missile-warning', { ...honest, trackId: 990_004 });
    net.runUntil(now + 3_000);
    const jpn = net.nodes.get('JPN')!;
    expect(jpn.status().refused.KOR?.byCode).toEqual({
      'topic-mismatch': 1,
      'time-ahead-of-envelope': 1,
      'time-behind-envelope': 1,
      'unknown-kind': 2,
    });
    const held = jpn.partnerTracks().map((t) => t.trackId);
    expect(held).toContain(990_004);
    expect(held).not.toContain(990_002);
    expect(held).not.toContain(990_003);
    expect(held).not.toContain(990_005);
    const reasons = audits
      .get('JPN')!
      .records.filter((r) => r.kind === 'partner-payload-refused')
      .map((r) => (r.detail as { reason: string }).reason);
    expect(reasons).toHaveLength(5);
    expect(reasons[0]).toMatch(/'track' payload travels under topic 'missile-warning', not 'maritime'/);
    expect(reasons[1]).toMatch(/^tMs: 60000 ms after the item's signed creation time/);
    expect(reasons[2]).toMatch(/^tMs: 3600\d{3} ms before the item's signed creation time/);
    // Korea's refusals are Korea's: the US, which sent nothing hostile, has none.
    expect(jpn.status().refused.USA).toBeUndefined();
    net.close();
  });
});

describe('a node never exits because of a callback', () => {
  it("catches what its assessment throws (here a listener's bug): logged, audited, counted, and the next assessment runs", () => {
    const audits = new Map<Nation, MemoryAudit>();
    let thrown = 0;
    const net = memoryNetwork({
      scenario,
      keys,
      areas,
      audits,
      onWarning: () => {
        thrown++;
        throw new Error('a listener failed');
      },
    });
    net.runUntil(scenario.startMs + 400_000);
    const jpn = net.nodes.get('JPN')!;
    const { faults } = jpn.status();
    expect(thrown).toBeGreaterThan(0);
    expect(faults.byPlace.assess).toBeGreaterThan(0);
    expect(faults.last?.error).toBe('Error: a listener failed');
    expect(audits.get('JPN')!.records.some((r) => r.kind === 'node-fault' && r.subject === 'assess')).toBe(
      true,
    );
    // Assessment went on: the picture is fused and Japan's overflight warning was issued.
    expect(fusedFrom(net, 'JPN')).toBeGreaterThan(0);
    expect(jpn.warnings().some((w) => w.reason === 'overflight')).toBe(true);
    net.close();
  });

  it('a throwing timer or transport callback on real timers does not reach the process', async () => {
    const audit = new MemoryAudit();
    const faults: NodeFault[] = [];
    const guard = new FaultGuard({
      nation: 'JPN',
      clock: { nowMs: () => Date.now() },
      audit,
      log: (f) => faults.push(f),
    });
    const timers = guard.timers({ after: (ms, fn) => setTimeout(fn, ms) });
    const transport = guard.transport({
      send: (_msg, cb) => setTimeout(() => cb.acked(), 0),
      listen: (_nation, deliver) => {
        setTimeout(
          () =>
            deliver(
              {
                sender: 'KOR',
                recipient: 'JPN',
                topic: 'missile-warning',
                id: 'x',
                body: new Uint8Array(),
              } as never,
              () => {},
            ),
          0,
        );
        return () => {};
      },
    });
    const done = new Promise<void>((resolve) => {
      timers.after(0, () => {
        throw new TypeError('timer failed');
      });
      transport.listen('JPN', () => {
        throw new RangeError('delivery failed');
      });
      transport.send({} as never, {
        acked: () => {
          throw new Error('ack failed');
        },
        failed: () => {},
      });
      timers.after(20, resolve);
    });
    // Had any of the three escaped, the process would have had an uncaught exception (vitest fails the run).
    await done;
    expect(guard.counts().byPlace).toEqual({ timer: 1, 'transport:deliver': 1, 'transport:acked': 1 });
    expect(faults.map((f) => f.error).sort()).toEqual([
      'Error: ack failed',
      'RangeError: delivery failed',
      'TypeError: timer failed',
    ]);
    expect(audit.records.filter((r) => r.kind === 'node-fault')).toHaveLength(3);
  });
});
