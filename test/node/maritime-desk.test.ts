import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeSentences } from '../../src/maritime/ais/index.js';
import {
  FaultGuard,
  MaritimeDesk,
  type MaritimeSettings,
  MemoryMaritimeHistory,
  pruneAll,
} from '../../src/node/index.js';
import { type MaritimeHistory, openStore, type Store } from '../../src/store/index.js';
import { squareZone, testRef } from '../maritime/support.js';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const DAY = 86_400_000;
const GOV = 412000001;

/** One position report (type 1) as NMEA sentences. */
const position = (mmsi: number, lat: number, lon: number, speed = 10, course = 90) =>
  encodeSentences({ class: 'AIS', type: 1, mmsi, lat, lon, speed, course, heading: 90, status: 0 });
/** Static and voyage data (type 5): two sentences. */
const voyage = (mmsi: number, imo: number, shipname: string, shiptype: number) =>
  encodeSentences(
    {
      class: 'AIS',
      type: 5,
      mmsi,
      imo,
      shipname,
      callsign: 'BXYZ',
      shiptype,
      to_bow: 50,
      to_stern: 50,
      to_port: 5,
      to_starboard: 5,
      destination: 'NOWHERE',
    },
    { sequenceId: 3 },
  );

const dirs: string[] = [];
const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A desk on a SQLite store in a temp dir, a hand-driven clock and timers, a zone off a test coast. */
function setUp(settings: MaritimeSettings = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'concord-mnode-'));
  dirs.push(dir);
  const store = openStore(join(dir, 'JPN.sqlite'));
  stores.push(store);
  let now = T0;
  const timers: { atMs: number; fn: () => void }[] = [];
  const clock = { nowMs: () => now };
  const guard = new FaultGuard({ nation: 'JPN', clock, audit: store.audit, log: () => {} });
  let n = 0;
  const desk = new MaritimeDesk({
    nation: 'JPN',
    clock,
    timers: guard.timers({ after: (ms, fn) => timers.push({ atMs: now + ms, fn }) }),
    guard,
    history: store.maritime,
    audit: store.audit,
    transaction: store.transaction,
    newId: () => `ev-${++n}`,
    reference: testRef({ zones: [squareZone('ts', 'territorial-sea', 30, 125, 0.2)] }),
    ...settings,
  });
  desk.start();
  const advance = (ms: number) => {
    now += ms;
    for (const t of timers.splice(0).sort((a, b) => a.atMs - b.atMs))
      if (t.atMs <= now) t.fn();
      else timers.push(t);
  };
  return { desk, store, guard, advance, now: () => now };
}

describe('the maritime desk', () => {
  it('decodes lines into the picture, keeps positions and identities, and detects a zone entry', () => {
    const { desk, store, advance, now } = setUp();
    for (const l of voyage(GOV, 9_074_729, 'HAIJING 2301', 55)) desk.ingestNmea(l, now(), 'udp://rx1');
    // Sails east into the zone (lon 124.8..125.2) a fix a minute.
    for (let i = 0; i < 20; i++) {
      for (const l of position(GOV, 30, 124.6 + i * 0.02)) desk.ingestNmea(l, now(), 'udp://rx1');
      for (const l of position(GOV, 30, 124.6 + i * 0.02)) desk.ingestNmea(l, now(), 'tcp://rx2');
      advance(60_000);
    }
    desk.ingestNmea('!AIVDM,1,1,,A,garbage*00', now(), 'udp://rx1');
    desk.ingestNmea('x'.repeat(5_000), now(), 'udp://rx1');
    const c = desk.counts();
    expect(c).toMatchObject({ lines: 2 + 40 + 2, records: 41, vessels: 1, events: 1 });
    expect(c.garbage).toBe(2);
    expect(c.garbageByReason).toMatchObject({ checksum: 1, overlongLine: 1 });

    const v = desk.vessel(GOV)!;
    expect(v).toMatchObject({
      name: 'HAIJING 2301',
      imo: 9_074_729,
      shipType: 55,
      sources: ['udp://rx1', 'tcp://rx2'],
    });
    expect(v.lonDeg).toBeCloseTo(124.98, 4);

    // Positions kept every 30 s at most: one a minute here, 20 in all (the copy from rx2 is not a second row).
    const h = desk.history(GOV);
    expect(h.positions).toHaveLength(20);
    expect(h.positions[0]).toMatchObject({
      mmsi: GOV,
      tMs: T0,
      latDeg: 30,
      source: 'udp://rx1',
      speedKn: 10,
      courseDeg: 90,
    });
    expect(h.positions[3]!.lonDeg).toBeCloseTo(124.66, 6);
    expect(h.identities.map((i) => i.name)).toEqual(['HAIJING 2301']);
    expect(h.identities[0]).toMatchObject({
      imo: 9_074_729,
      callsign: 'BXYZ',
      shipType: 55,
      firstSeenMs: T0,
    });
    expect(h.identities[0]!.lastSeenMs).toBe(T0 + 19 * 60_000);

    const [e] = desk.events({});
    expect(e).toMatchObject({ type: 'zone-entry', mmsi: [GOV], state: 'new', holder: null });
    expect(JSON.stringify(e!.detector)).toContain('government-vessel');
    // The store has it under every query it answers.
    expect(store.maritime.events({ mmsi: GOV, type: 'zone-entry', state: 'new' })).toHaveLength(1);
    expect(store.maritime.events({ type: 'gap' })).toHaveLength(0);
    expect(store.maritime.findIdentities({ imo: 9_074_729 })).toHaveLength(1);
    expect(store.maritime.findIdentities({ name: 'haijing' })).toHaveLength(1);
    expect(store.maritime.positions({ bbox: [124.89, 29.9, 125.1, 30.1] })).toHaveLength(5);
    expect(store.maritime.positions({ bbox: [170, -10, -170, 10] })).toHaveLength(0);
    expect(
      store.maritime.positions({ fromMs: T0 + 60_000, toMs: T0 + 120_000 }).map((p) => p.tMs - T0),
    ).toEqual([60_000, 120_000]);
    // Detection is audited.
    expect(store.audit.read(1, 100).map((r) => r.kind)).toContain('maritime-event-detected');
  });

  it('takes records at their own time (a scenario’s ships): positions and events dated by the record, not the clock', () => {
    const { desk, store, now } = setUp();
    const t0 = now() - 3_600_000; // an hour before the node's clock: a scenario's lead-in
    const rec = (tMs: number, lon: number) =>
      desk.ingestAisRecord(
        {
          class: 'AIS',
          type: 1,
          repeat: 0,
          mmsi: GOV,
          scaled: true,
          lat: 30,
          lon,
          speed: 10,
          course: 90,
          heading: 90,
          status: 0,
        },
        tMs,
        'jcg-patrol-vessel',
      );
    desk.ingestAisRecord(
      {
        class: 'AIS',
        type: 5,
        repeat: 0,
        mmsi: GOV,
        scaled: true,
        shipname: 'HAIJING 2301',
        shiptype: 55,
        imo: 9_074_729,
      },
      t0,
      'jcg-patrol-vessel',
    );
    for (let i = 0; i < 20; i++) rec(t0 + i * 60_000, 124.6 + i * 0.02);
    // Nothing thrown for a bad record or time: counted.
    desk.ingestAisRecord(null as never, t0, 'x');
    desk.ingestAisRecord({ class: 'AIS', type: 1, repeat: 0, mmsi: GOV, scaled: true }, Number.NaN, 'x');
    expect(desk.counts()).toMatchObject({ records: 21, lines: 0, events: 1 });
    expect(desk.counts().garbageByReason).toMatchObject({ badRecord: 1, badRecordTime: 1 });
    const [e] = desk.events({});
    // Entered at the 11th fix (lon 124.8), confirmed by the next ones: dated then, not at the clock's now.
    expect(e!.type).toBe('zone-entry');
    expect(e!.detectedMs).toBeGreaterThanOrEqual(t0 + 10 * 60_000);
    expect(e!.detectedMs).toBeLessThan(t0 + 20 * 60_000);
    expect(desk.history(GOV).positions[0]).toMatchObject({ tMs: t0, source: 'jcg-patrol-vessel' });
    expect(store.maritime.positions({ mmsi: GOV }).every((p) => p.tMs < now())).toBe(true);
  });

  it('tells its triage listeners of each action that went through, not of refused ones', () => {
    const { desk, advance, now } = setUp();
    for (const l of voyage(GOV, 9_074_729, 'HAIJING 2301', 55)) desk.ingestNmea(l, now(), 'rx');
    for (let i = 0; i < 20; i++) {
      for (const l of position(GOV, 30, 124.6 + i * 0.02)) desk.ingestNmea(l, now(), 'rx');
      advance(60_000);
    }
    const heard: [string, string][] = [];
    desk.onTriaged((e, r) => heard.push([r.action, e.state]));
    const [e] = desk.events({});
    expect(desk.triage(e!.id, 'escalate', {}, 'api:JPN').ok).toBe(true);
    expect(desk.triage(e!.id, 'acknowledge', {}, 'api:JPN').ok).toBe(false);
    expect(heard).toEqual([['escalate', 'escalated']]);
  });

  it('triages an event: each action stored, audited, and its state moved; illegal moves refused', () => {
    const { desk, store, advance, now } = setUp();
    for (const l of voyage(GOV, 9_074_729, 'HAIJING 2301', 55)) desk.ingestNmea(l, now(), 'rx');
    for (let i = 0; i < 20; i++) {
      for (const l of position(GOV, 30, 124.6 + i * 0.02)) desk.ingestNmea(l, now(), 'rx');
      advance(60_000);
    }
    const id = desk.events({})[0]!.id;
    expect(desk.triage(id, 'dismiss', {}, 'api:JPN')).toMatchObject({
      ok: false,
      status: 400,
      field: 'body.reason',
    });
    expect(desk.triage('nope', 'acknowledge', {}, 'api:JPN')).toMatchObject({ ok: false, status: 404 });
    expect(desk.triage(id, 'acknowledge', { operator: 'Lt Sato' }, 'api:JPN')).toMatchObject({
      ok: true,
      event: { state: 'acknowledged' },
    });
    expect(desk.triage(id, 'acknowledge', {}, 'api:JPN')).toMatchObject({
      ok: false,
      status: 409,
      code: 'illegal-transition',
    });
    expect(desk.triage(id, 'annotate', { text: 'CCG cutter, 4th this month' }, 'api:JPN').ok).toBe(true);
    expect(desk.triage(id, 'hand-over', { to: 'Naha watch' }, 'api:JPN')).toMatchObject({
      ok: true,
      event: { state: 'acknowledged', holder: 'Naha watch' },
    });
    expect(desk.triage(id, 'escalate', { note: 'to the JCG HQ' }, 'api:JPN').ok).toBe(true);
    expect(desk.triage(id, 'escalate', {}, 'api:JPN')).toMatchObject({ status: 409 });
    expect(desk.triage(id, 'dismiss', { reason: 'left the zone' }, 'api:JPN').ok).toBe(true);
    expect(desk.triage(id, 'hand-over', { to: 'x' }, 'api:JPN')).toMatchObject({ status: 409 });

    const stored = desk.event(id)!;
    expect(stored.event).toMatchObject({ state: 'dismissed', holder: 'Naha watch' });
    expect(stored.triage.map((t) => t.action)).toEqual([
      'acknowledge',
      'annotate',
      'hand-over',
      'escalate',
      'dismiss',
    ]);
    expect(stored.triage[0]!.by).toBe('api:JPN/Lt Sato');
    expect(stored.triage[4]!.detail).toEqual({ reason: 'left the zone' });
    expect(store.maritime.events({ state: 'dismissed' })).toHaveLength(1);
    const audited = store.audit.read(1, 100).filter((r) => r.kind === 'maritime-event-triaged');
    expect(audited.map((r) => (r.detail as { state: { to: string } }).state.to)).toEqual([
      'acknowledged',
      'acknowledged',
      'acknowledged',
      'escalated',
      'dismissed',
    ]);
    expect(
      store.audit
        .read(1, 100)
        .filter((r) => r.kind === 'maritime-triage-refused')
        .map((r) => (r.detail as { code: string }).code),
    ).toEqual(['missing-field', 'illegal-transition', 'illegal-transition', 'illegal-transition']);
    expect(store.audit.verify().ok).toBe(true);
  });

  it('forgets history past the retention, through the node’s pruning pass', () => {
    const { desk, store, advance, now } = setUp();
    for (let i = 0; i < 3; i++) {
      for (const l of position(GOV + i, 31, 126 + i)) desk.ingestNmea(l, now(), 'rx');
      advance(40 * DAY);
    }
    desk.flush();
    expect(store.maritime.positions({})).toHaveLength(3);
    const o = { everyMs: 1, freshnessMs: DAY, maritimeKeepMs: 50 * DAY };
    expect(pruneAll(store, now(), o).maritime).toBe(2 + 2); // two positions, their identities
    expect(store.maritime.positions({}).map((p) => p.mmsi)).toEqual([GOV + 2]);
    expect(store.maritime.identities(GOV)).toEqual([]);
  });

  it('stays bounded: vessels past maxVessels and feeds past maxSources are refused or shared', () => {
    const { desk, now } = setUp({ maxVessels: 5, maxSources: 2 });
    for (let i = 0; i < 10; i++)
      for (const l of position(GOV + i, 31, 126)) desk.ingestNmea(l, now(), `src-${i}`);
    const c = desk.counts();
    expect(c.vessels).toBe(5);
    expect(c.refusedFixes).toBe(5);
    expect(c.records).toBe(10);
  });

  it('never throws, whatever a feed sends: garbage is counted', () => {
    const { desk, guard, now } = setUp();
    const good = position(GOV, 30, 125)[0]!;
    const line = fc.oneof(
      fc.string({ maxLength: 120 }),
      fc.string({ unit: 'binary', maxLength: 300 }),
      // Real sentences cut, spliced and with characters swapped.
      fc
        .tuple(fc.nat(good.length), fc.nat(good.length), fc.string({ maxLength: 10 }))
        .map(([a, b, s]) => good.slice(0, Math.min(a, b)) + s + good.slice(Math.max(a, b))),
      fc.constantFrom('\\c:abc*00\\!AIVDM', '!AIVDM,2,1,7,A,55,0*00', '!AIVDM,9,9,9,B,,6', '\\', '!'),
    );
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 40 }),
        // Any double, and instants past what a Date holds (1e16 ms), which once threw in the store.
        fc.oneof(fc.double(), fc.constantFrom(1e16, -1e16, 8.64e15 + 1, Number.MAX_VALUE)),
        fc.string({ maxLength: 300 }),
        (lines, t, src) => {
          // A throw fails the property.
          for (const l of lines) desk.ingestNmea(l, t, src);
        },
      ),
      { numRuns: 60 },
    );
    // A real sentence received at an instant no Date holds is dated now, not thrown on in the store.
    for (const farMs of [1e16, -1e16, Number.MAX_VALUE]) desk.ingestNmea(good, farMs, 'far');
    // Not even what a careless caller hands in at run time.
    expect(() => desk.ingestNmea(null as unknown as string, now(), 'x')).not.toThrow();
    expect(() => desk.ingestContact({ id: 1 } as never, 'x')).not.toThrow();
    const c = desk.counts();
    expect(c.lines).toBeGreaterThan(200);
    expect(c.garbage).toBeGreaterThan(0);
    expect(c.garbageByReason).toMatchObject({ notText: 1, badContact: 1 });
    expect(guard.counts().total).toBe(0);
  });
});

describe("a desk's end", () => {
  it('stop() decides held contacts and closes open encounters, stores them before the store closes, then takes nothing in', () => {
    const { desk, store, advance, now, guard } = setUp();
    // Two vessels side by side, slow, for 3 hours: an encounter still open (no fix has ended it).
    for (let i = 0; i <= 180; i += 5) {
      for (const l of position(412000002, 31, 126 + i * 1e-5, 0.5)) desk.ingestNmea(l, now(), 'rx');
      for (const l of position(412000003, 31.001, 126 + i * 1e-5, 0.5)) desk.ingestNmea(l, now(), 'rx');
      advance(5 * 60_000);
    }
    // A radar contact far from every vessel, five minutes before the last fix: held for the 30-minute gate.
    desk.ingestContact(
      { id: 'r1', sensor: 'radar', tMs: now() - 10 * 60_000, latDeg: 32, lonDeg: 127, errorM: 500 },
      'rx',
    );
    expect(store.maritime.events({ type: 'encounter' })).toHaveLength(0);
    expect(store.maritime.events({ type: 'dark' })).toHaveLength(0);
    desk.stop();
    store.close();
    stores.splice(stores.indexOf(store), 1);
    // Reopened: what stop() decided is on disk.
    const again = openStore(join(dirs[dirs.length - 1]!, 'JPN.sqlite'));
    stores.push(again);
    const enc = again.maritime.events({ type: 'encounter' });
    expect(enc).toHaveLength(1);
    expect([...enc[0]!.mmsi].sort()).toEqual([412000002, 412000003]);
    const dark = again.maritime.events({ type: 'dark' });
    expect(dark).toHaveLength(1);
    expect(JSON.stringify(dark[0]!.detector)).toContain('"r1"');
    // Nothing after the end: refused and counted, no fault.
    desk.ingestNmea(position(412000002, 31, 126.1)[0]!, now(), 'rx');
    expect(desk.counts().garbageByReason).toMatchObject({ afterStop: 1 });
    expect(guard.counts().total).toBe(0);
  });
});

describe('the memory history', () => {
  it('answers every query as the SQLite one does', () => {
    const sqlite = openStore(':memory:');
    stores.push(sqlite);
    const memory = new MemoryMaritimeHistory();
    const positions = Array.from({ length: 60 }, (_, i) => ({
      mmsi: GOV + (i % 3),
      tMs: T0 + i * 10_000,
      latDeg: 30 + (i % 7) * 0.1,
      lonDeg: i % 2 ? 179.9 : -179.9,
      speedKn: i % 5 ? 10.5 : null,
      courseDeg: 90.1,
      headingDeg: i % 4 ? 91 : null,
      source: `rx${i % 2}`,
    }));
    const identities = [
      {
        mmsi: GOV,
        imo: 9_074_729,
        name: 'HAIJING 2301',
        callsign: null,
        shipType: 55,
        firstSeenMs: T0,
        lastSeenMs: T0 + 5,
      },
      {
        mmsi: GOV,
        imo: null,
        name: 'HAI JING',
        callsign: 'BXYZ',
        shipType: null,
        firstSeenMs: T0 + 9,
        lastSeenMs: T0 + 99,
      },
    ];
    const event = (id: string, type: string, mmsi: number[], detectedMs: number) => ({
      id,
      type,
      mmsi,
      detectedMs,
      detector: { mmsi, type },
      state: 'new' as const,
      holder: null,
      updatedMs: detectedMs,
    });
    for (const h of [sqlite.maritime, memory]) {
      h.writeBatch(positions, identities);
      h.writeBatch(positions.slice(0, 5), [{ ...identities[0]!, lastSeenMs: T0 + 50 }]);
      h.insertEvent(event('a', 'gap', [GOV], T0));
      h.insertEvent(event('b', 'encounter', [GOV, GOV + 1], T0 + 10));
      expect(h.insertEvent(event('a', 'gap', [GOV], T0))).toBe('duplicate');
      h.triage(
        { eventId: 'b', action: 'dismiss', by: 'api:JPN', atMs: T0 + 20, detail: { reason: 'r' } },
        'dismissed',
        null,
      );
      for (const [originator, id, type, mmsi, receivedMs] of [
        ['KOR', 'k1', 'gap', [GOV], T0 + 5],
        ['USA', 'u1', 'encounter', [GOV, GOV + 2], T0 + 15],
        ['USA', 'u2', 'gap', [GOV + 2], T0 + 25],
      ] as const)
        h.insertPartnerEvent({
          originator,
          id,
          type,
          mmsi,
          itemId: `item-${id}`,
          marking: 'UNCLASSIFIED',
          levelHere: 'UNCLASSIFIED',
          receivedMs,
          event: { id, type, mmsi: [...mmsi] },
          withdrawnMs: null,
        });
      expect(h.withdrawPartnerEvent('USA', 'u1', T0 + 30)).toBe(true);
    }
    const same = <T>(f: (h: MaritimeHistory) => T) => expect(f(memory)).toEqual(f(sqlite.maritime));
    same((h) => h.positions({}));
    same((h) => h.positions({ mmsi: GOV + 1, fromMs: T0 + 100_000, toMs: T0 + 400_000 }));
    same((h) => h.positions({ bbox: [179, 30.05, -179, 30.35] }));
    same((h) => h.positions({ bbox: [-180, 30, 0, 31], limit: 7 }));
    same((h) => h.identities(GOV));
    same((h) => h.findIdentities({ name: 'hai' }));
    same((h) => h.findIdentities({ imo: 9_074_729 }));
    same((h) => h.events({}));
    same((h) => h.events({ mmsi: GOV + 1 }));
    same((h) => h.events({ state: 'dismissed', type: 'encounter', sinceMs: T0 + 1 }));
    same((h) => h.triageOf('b'));
    // The partners' events, by each filter (each picks some, not all).
    const partners = (q: Parameters<MaritimeHistory['partnerEvents']>[0]) =>
      sqlite.maritime.partnerEvents(q).map((e) => e.id);
    expect(partners({})).toEqual(['u2', 'u1', 'k1']);
    expect(partners({ mmsi: GOV + 2 })).toEqual(['u2', 'u1']);
    expect(partners({ type: 'gap', sinceMs: T0 + 10 })).toEqual(['u2']);
    expect(partners({ withdrawn: true })).toEqual(['u1']);
    expect(partners({ withdrawn: false, limit: 1 })).toEqual(['u2']);
    for (const q of [{}, { mmsi: GOV + 2 }, { type: 'gap', sinceMs: T0 + 10 }, { withdrawn: false }])
      same((h) => h.partnerEvents(q));
    expect(sqlite.maritime.events({ mmsi: GOV + 1 }).map((e) => e.id)).toEqual(['b']);
    same((h) => h.pruneBefore(T0 + 200_000, 10));
    same((h) => h.positions({}));
  });
});
