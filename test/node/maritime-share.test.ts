import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Nation } from '../../src/domain/index.js';
import {
  createUuidV7Generator,
  envelopeCrypto,
  generateSigningKeyPair,
  Scheduler,
  SimNetwork,
} from '../../src/link/index.js';
import { encodeSentences } from '../../src/maritime/ais/index.js';
import { MARITIME_PAYLOAD_KINDS } from '../../src/maritime/index.js';
import {
  FaultGuard,
  MaritimeDesk,
  MemoryMaritimeHistory,
  NationNode,
  NODE_FRESHNESS_MS,
  type ShareSettings,
} from '../../src/node/index.js';
import { createRng } from '../../src/sim/index.js';
import { MemoryAudit, MemoryInbox, MemoryOutbox } from '../../src/testing/memory-ports.js';
import { bundledRegistry } from '../domain/fixtures.js';
import { squareZone, testRef } from '../maritime/support.js';

// Four nodes (JPN, USA, KOR, AUS) on the in-process link with the bundled agreements: what each
// shares of its maritime desk, and what each takes, as the agreements and the triage state allow.

const NATIONS: readonly Nation[] = ['JPN', 'USA', 'KOR', 'AUS'];
const T0 = Date.parse('2026-12-07T02:00:00Z');
const keys = new Map(NATIONS.map((n) => [n, generateSigningKeyPair()]));
const publicKeys = new Map([...keys].map(([n, k]) => [n, k.publicKey]));
const registry = bundledRegistry();
const CCG = 413_000_555;
const OTHER = 413_000_777;

const position = (mmsi: number, lat: number, lon: number) =>
  encodeSentences({ class: 'AIS', type: 1, mmsi, lat, lon, speed: 8, course: 90, heading: 90, status: 0 });
const voyage = (mmsi: number, shipname: string) =>
  encodeSentences(
    { class: 'AIS', type: 5, mmsi, imo: 9_074_729, shipname, callsign: 'BXYZ', shiptype: 55 },
    { sequenceId: 3 },
  );

function network(share: Partial<Record<Nation, ShareSettings>> = {}) {
  const sched = new Scheduler(T0);
  const net = new SimNetwork(sched, createRng(1, 'maritime-share'), {
    dropRate: 0,
    duplicateRate: 0,
    delayMs: { min: 0.5, max: 2 },
  });
  const ids = createUuidV7Generator();
  const audits = new Map<Nation, MemoryAudit>();
  const nodes = new Map<Nation, NationNode>();
  for (const nation of NATIONS) {
    const audit = new MemoryAudit();
    audits.set(nation, audit);
    const node = new NationNode({
      nation,
      partners: NATIONS.filter((n) => n !== nation),
      clock: sched,
      timers: sched,
      transport: net,
      store: { outbox: new MemoryOutbox(), inbox: new MemoryInbox(), audit },
      crypto: envelopeCrypto({
        nation,
        privateKey: keys.get(nation)!.privateKey,
        publicKeys,
        freshnessMs: NODE_FRESHNESS_MS,
      }),
      registry: () => registry,
      trackMarking: 'UNCLASSIFIED',
      newId: (nowMs) => ids.next(nowMs),
      maritime: {
        reference: testRef({ zones: [squareZone('ts', 'territorial-sea', 25.75, 123.5, 0.2)] }),
        ...(share[nation] ? { share: share[nation] } : {}),
      },
      onFault: () => {},
    });
    node.start();
    nodes.set(nation, node);
  }
  const node = (n: Nation) => nodes.get(n)!;
  /** Lines heard by `nation`'s own receiver now. */
  const hear = (nation: Nation, lines: readonly string[]) => {
    for (const l of lines) node(nation).maritime.ingestNmea(l, sched.nowMs(), `rx:${nation}`);
  };
  const run = (ms: number) => sched.runUntil(sched.nowMs() + ms);
  /** Publishes `payload` signed by `from` (well signed, allowed: what a compromised node can send). */
  const hostile = (from: Nation, to: readonly Nation[], payload: unknown, topic = 'maritime' as const) => {
    const id = ids.next(Math.floor(sched.nowMs()));
    node(from).link.publish(
      { id, originator: from, topic, marking: 'UNCLASSIFIED', createdMs: sched.nowMs(), payload },
      to,
    );
    return id;
  };
  const refusals = (n: Nation) =>
    audits.get(n)!.records.filter((r) => r.kind === 'partner-payload-refused') as {
      actor: string;
      detail: { code: string; reason: string };
    }[];
  return { sched, node, hear, run, hostile, refusals, audits };
}

/** JPN's desk detects a zone entry (two fixes inside); returns the event's id. */
function zoneEntry(w: ReturnType<typeof network>): string {
  w.hear('JPN', voyage(CCG, 'HAI JING 2501'));
  w.hear('JPN', position(CCG, 26.1, 123.5));
  w.run(30_000);
  w.hear('JPN', position(CCG, 25.9, 123.5));
  w.run(30_000);
  w.hear('JPN', position(CCG, 25.8, 123.5));
  w.run(1_000);
  const events = w.node('JPN').maritime.events({ type: 'zone-entry' });
  expect(events).toHaveLength(1);
  return events[0]!.id;
}

const heldBy = (w: ReturnType<typeof network>, n: Nation, mmsi: number) => w.node(n).maritime.vessel(mmsi);

describe('the own vessel picture goes to partners as the agreements allow, batched and rate-limited', () => {
  it("AUS's picture (UNCLASSIFIED) reaches its IPMDA partners JPN and USA, not KOR (no AUS-KOR maritime agreement)", () => {
    const w = network();
    w.hear('AUS', position(503_000_001, -12.4, 130.8));
    w.run(11_000);
    expect(heldBy(w, 'JPN', 503_000_001)?.sources).toEqual(['partner:AUS']);
    expect(heldBy(w, 'USA', 503_000_001)?.sources).toEqual(['partner:AUS']);
    expect(heldBy(w, 'KOR', 503_000_001)).toBeUndefined();
    const denied = w.audits
      .get('AUS')!
      .records.find(
        (r) => r.kind === 'egress-deny' && (r.detail as { recipient?: string }).recipient === 'KOR',
      );
    expect(JSON.stringify(denied?.detail)).toMatch(/no agreement allows AUS->KOR/);
  });

  it("JPN's picture reaches USA (US-Japan GSOMIA) and AUS (IPMDA); KOR only under the Japan-ROK GSOMIA, and not at all when JPN marks it for the IPMDA parties", () => {
    const open = network();
    open.hear('JPN', position(CCG, 25.9, 123.5));
    open.run(11_000);
    for (const n of ['USA', 'AUS', 'KOR'] as const)
      expect(heldBy(open, n, CCG)?.sources, n).toEqual(['partner:JPN']);
    const ipmda = network({ JPN: { pictureMarking: 'UNCLASSIFIED//REL TO USA, JPN, AUS, IND' } });
    ipmda.hear('JPN', position(CCG, 25.9, 123.5));
    ipmda.run(11_000);
    expect(heldBy(ipmda, 'USA', CCG)?.sources).toEqual(['partner:JPN']);
    expect(heldBy(ipmda, 'AUS', CCG)?.sources).toEqual(['partner:JPN']);
    expect(heldBy(ipmda, 'KOR', CCG)).toBeUndefined();
  });

  it('sends one state per vessel per minute at most, many vessels to an item, and nothing while the picture is quiet', () => {
    const w = network();
    const fleet = Array.from({ length: 1_200 }, (_, i) => 431_000_000 + i);
    for (let s = 0; s < 9; s++) {
      for (const m of fleet) w.hear('JPN', position(m, 34 + (m % 100) / 100, 140 + s / 1000));
      w.run(10_000);
    }
    const sharing = w.node('JPN').status().maritime.sharing;
    // 90 s of reports every 10 s: each vessel shared at its first flush and once more a minute later.
    expect(sharing.statesShared).toBe(2 * fleet.length);
    // 1,200 states a flush go as 3 items (500 a batch), not 1,200.
    expect(sharing.itemsShared).toBe(6);
    expect(w.node('USA').status().maritime.partnerVessels).toEqual({ JPN: fleet.length });
    // The reports heard since (at 80 and 90 s) go once, a minute after the last share; then nothing.
    w.run(120_000);
    expect(w.node('JPN').status().maritime.sharing).toMatchObject({ itemsShared: 9, waiting: 0 });
    w.run(600_000);
    expect(w.node('JPN').status().maritime.sharing.itemsShared).toBe(9);
  });
});

describe('an escalated event is shared with its marking; a dismissed one never, a withdrawn one taken back', () => {
  it('an event escalated //JPN CONFIDENTIAL//REL TO USA, JPN, KOR, AUS reaches USA and KOR, not AUS (IPMDA is unclassified)', () => {
    const w = network();
    const id = zoneEntry(w);
    const r = w
      .node('JPN')
      .maritime.triage(
        id,
        'escalate',
        { marking: '//JPN CONFIDENTIAL//REL TO USA, JPN, KOR, AUS', operator: 'watch-2' },
        'api:JPN',
      );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.event.marking).toBe('//JPN CONFIDENTIAL//REL TO USA, JPN, KOR, AUS');
    const allowed = Object.fromEntries(r.published!.decisions.map((d) => [d.recipient, d.decision.allow]));
    expect(allowed).toEqual({ USA: true, KOR: true, AUS: false });
    w.run(2_000);
    for (const n of ['USA', 'KOR'] as const) {
      const got = w.node(n).maritime.partnerEvents({});
      expect(
        got.map((e) => [e.originator, e.id, e.marking, e.withdrawnMs]),
        n,
      ).toEqual([['JPN', id, '//JPN CONFIDENTIAL//REL TO USA, JPN, KOR, AUS', null]]);
    }
    expect(w.node('AUS').maritime.partnerEvents({})).toEqual([]);
    // Stored with the item that carried it, so that a dismissal can withdraw it.
    expect(w.node('JPN').maritime.event(id)?.event.sharedItemId).toBe(r.published!.itemId);
  });

  it('a bad marking is refused (422, naming it) and nothing is shared or changed', () => {
    const w = network();
    const id = zoneEntry(w);
    const r = w.node('JPN').maritime.triage(id, 'escalate', { marking: '//KOR SECRET' }, 'api:JPN');
    expect(r).toMatchObject({ ok: false, status: 422, code: 'bad-marking', field: 'body.marking' });
    expect(w.node('JPN').maritime.event(id)?.event.state).toBe('new');
    w.run(2_000);
    expect(w.node('USA').maritime.partnerEvents({})).toEqual([]);
  });

  it('a dismissed event is never shared; one dismissed after it was shared is withdrawn at the partners, which cannot triage it', () => {
    const w = network();
    const id = zoneEntry(w);
    const dismissed = w.node('JPN').maritime.triage(id, 'dismiss', { reason: 'exercise' }, 'api:JPN');
    expect(dismissed).toMatchObject({ ok: true });
    expect(dismissed.ok && dismissed.published).toBeUndefined();
    expect(w.node('JPN').maritime.triage(id, 'escalate', {}, 'api:JPN')).toMatchObject({
      ok: false,
      code: 'illegal-transition',
    });
    w.run(2_000);
    for (const n of ['USA', 'KOR', 'AUS'] as const) expect(w.node(n).maritime.partnerEvents({})).toEqual([]);

    // A second vessel enters: escalated (default UNCLASSIFIED: all three), then dismissed.
    w.hear('JPN', position(OTHER, 26.1, 123.6));
    w.run(30_000);
    w.hear('JPN', position(OTHER, 25.9, 123.6));
    w.run(30_000);
    w.hear('JPN', position(OTHER, 25.8, 123.6));
    w.run(1_000);
    const second = w.node('JPN').maritime.events({ mmsi: OTHER, type: 'zone-entry' })[0]!.id;
    expect(w.node('JPN').maritime.triage(second, 'escalate', {}, 'api:JPN')).toMatchObject({
      ok: true,
      event: { marking: 'UNCLASSIFIED' },
    });
    w.run(2_000);
    for (const n of ['USA', 'KOR', 'AUS'] as const)
      expect(w.node(n).maritime.partnerEvent(`JPN:${second}`)?.withdrawnMs, n).toBeNull();
    // A partner's event is read-only there: its triage is Japan's.
    expect(
      w.node('USA').maritime.triage(`JPN:${second}`, 'dismiss', { reason: 'no' }, 'api:USA'),
    ).toMatchObject({
      ok: false,
      status: 409,
      code: 'partner-event',
    });
    const withdrawn = w
      .node('JPN')
      .maritime.triage(second, 'dismiss', { reason: 'fishing fleet' }, 'api:JPN');
    expect(withdrawn.ok && withdrawn.published?.decisions.every((d) => d.decision.allow)).toBe(true);
    w.run(2_000);
    for (const n of ['USA', 'KOR', 'AUS'] as const) {
      expect(w.node(n).maritime.partnerEvent(`JPN:${second}`)?.withdrawnMs, n).toBeGreaterThan(0);
      expect(w.node(n).maritime.partnerEvents({ withdrawn: false })).toEqual([]);
    }
  });
});

describe('a partner is sovereign, not trusted: what it sends is checked, refused aloud, kept under its name', () => {
  it('refuses malformed, future-dated and unknown maritime payloads, audited and counted; cannot withdraw or replace another nation’s event', () => {
    const w = network();
    const id = zoneEntry(w);
    w.node('JPN').maritime.triage(id, 'escalate', {}, 'api:JPN');
    w.run(2_000);
    const now = Math.floor(w.sched.nowMs());
    const state = {
      kind: 'vessel-state',
      mmsi: CCG,
      tMs: now,
      latDeg: 25.7,
      lonDeg: 123.4,
      speedKn: 3,
      courseDeg: 10,
      headingDeg: 10,
    };
    w.hostile('KOR', ['USA'], { kind: 'vessel-state-batch', states: [state, { ...state, latDeg: 91 }] });
    w.hostile('KOR', ['USA'], { ...state, tMs: now + 3_600_000 });
    w.hostile('KOR', ['USA'], { kind: 'vessel-state-batch', states: new Array(501).fill(state) });
    w.hostile('KOR', ['USA'], {
      kind: 'sensor-contact',
      id: 'c',
      sensor: 'radar',
      tMs: now,
      latDeg: 25,
      lonDeg: 123,
      errorM: 100,
    });
    // Japan's event, withdrawn by Korea: refused (only its originator may), Japan's stands at the US.
    w.hostile('KOR', ['USA'], { kind: 'maritime-event-withdrawal', id, tMs: now });
    // Korea's own event under Japan's id: kept as Korea's, Japan's untouched.
    const jpnEvent = w.node('USA').maritime.partnerEvent(`JPN:${id}`)!;
    w.hostile('KOR', ['USA'], { ...(jpnEvent.event as object), zone: 'somewhere else' });
    w.hostile('KOR', ['USA'], { kind: 'track', trackId: 1, tMs: now, x: [], P: [] });
    w.hostile('KOR', ['USA'], 'not an object');
    w.run(2_000);
    const codes = w.refusals('USA').map((r) => [r.actor, r.detail.code]);
    expect(codes).toEqual([
      ['KOR', 'malformed'],
      ['KOR', 'time-ahead-of-envelope'],
      ['KOR', 'malformed'],
      ['KOR', 'not-taken-yet'],
      ['KOR', 'unknown-event'],
      ['KOR', 'topic-mismatch'],
      ['KOR', 'unknown-kind'],
    ]);
    expect(w.refusals('USA')[0]!.detail.reason).toMatch(/^states\.1\.latDeg: /);
    expect(w.node('USA').status().refused.KOR?.total).toBe(7);
    expect(w.node('USA').maritime.partnerEvent(`JPN:${id}`)).toEqual(jpnEvent);
    expect((w.node('USA').maritime.partnerEvent(`KOR:${id}`)!.event as { zone?: string }).zone).toBe(
      'somewhere else',
    );
    // Nothing of the batch with a bad state was taken; the node did not fault.
    expect(w.node('USA').status().maritime.partnerVessels.KOR ?? 0).toBe(0);
    expect(w.node('USA').status().faults.total).toBe(0);
  });

  it("a partner's state never replaces the own receivers' identity without saying so", () => {
    const w = network();
    w.hear('JPN', voyage(CCG, 'HAI JING 2501'));
    w.hear('JPN', position(CCG, 25.9, 123.5));
    w.run(1_000);
    const now = Math.floor(w.sched.nowMs());
    w.hostile('KOR', ['JPN'], {
      kind: 'vessel-state',
      mmsi: CCG,
      tMs: now,
      latDeg: 25.95,
      lonDeg: 123.45,
      speedKn: 4,
      courseDeg: 20,
      headingDeg: 20,
      name: 'INNOCENT TRAWLER',
      shipType: 30,
    });
    w.run(1_000);
    const v = w.node('JPN').maritime.vessel(CCG)!;
    expect(v.name).toBe('HAI JING 2501');
    expect(v.shipType).toBe(55);
    expect(v.sources).toEqual(['rx:JPN', 'partner:KOR']);
    // Korea's fix is fresher: shown, and said to be Korea's; its identity listed beside Japan's.
    expect([v.latDeg, v.positionSource]).toEqual([25.95, 'partner:KOR']);
    expect(v.otherIdentities).toEqual([{ source: 'partner:KOR', name: 'INNOCENT TRAWLER', shipType: 30 }]);
  });
});

describe('what a partner sends cannot throw out of the desk', () => {
  it('takes or refuses (never throws) any payload, of any kind, under topic maritime', () => {
    const audit = new MemoryAudit();
    const clock = { nowMs: () => T0 };
    const guard = new FaultGuard({ nation: 'JPN', clock, audit, log: () => {} });
    const desk = new MaritimeDesk({
      nation: 'JPN',
      clock,
      timers: { after() {} },
      guard,
      history: new MemoryMaritimeHistory(),
      audit,
      newId: () => 'x',
    });
    const kinds = fc
      .tuple(fc.constantFrom(...MARITIME_PAYLOAD_KINDS), fc.dictionary(fc.string(), fc.jsonValue()))
      .map(([kind, rest]) => ({ ...rest, kind }));
    let refused = 0;
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.jsonValue(), kinds), (payload) => {
        const item = {
          id: 'i',
          originator: 'KOR' as const,
          topic: 'maritime' as const,
          marking: 'UNCLASSIFIED',
          createdMs: T0,
          payload,
        };
        expect(() =>
          desk.receive(
            { item, sender: 'KOR', levelHere: 'UNCLASSIFIED', receivedMs: T0 },
            () => refused++,
            5_000,
          ),
        ).not.toThrow();
      }),
      { numRuns: 300 },
    );
    expect(refused).toBeGreaterThan(0);
  });
});
