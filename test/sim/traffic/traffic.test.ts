import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { maritimeZones, territoryIndex } from '../../../src/geo/index.js';
import { loadTerritories } from '../../../src/node/territories.js';
import type { Scenario } from '../../../src/sim/index.js';
import {
  type AisRecord,
  contactsCsv,
  DEFINITIONS,
  GROUNDS,
  generateTraffic,
  LANES,
  scoreEvents,
  Track,
  type Traffic,
  type TruthEvent,
} from '../../../src/sim/traffic/index.js';
import { loadScenario } from '../fixtures.js';

const NM = 1852;
const ECS = loadScenario('ecs-sanctions-evasion');
// The ECS scenario's times below are from its traffic's start (its run starts 12.5 h into it).
const ECS_TRAFFIC0_MS = ECS.startMs - ECS.maritime!.leadInH * 3_600_000;
const SENKAKU = loadScenario('senkaku-incursion-drill');
// Lighter than the bundled density: the physics is the same, the suite stays quick.
const BG = 25;

function gen(sc: Scenario, seed?: number): Traffic {
  return generateTraffic(sc.maritime!, sc, { backgroundShips: BG, ...(seed !== undefined ? { seed } : {}) });
}

function digest(t: Traffic): { reports: string; count: number } {
  const h = createHash('sha256');
  let count = 0;
  for (const r of t.reports()) {
    h.update(JSON.stringify(r));
    h.update('\n');
    count++;
  }
  return { reports: h.digest('hex'), count };
}

const ecs = gen(ECS);
const senkaku = gen(SENKAKU);
const land = territoryIndex(loadTerritories());
const zones = maritimeZones(land);
const coastNm = (lat: number, lon: number) => (zones.zoneAt(lat, lon)?.coastDistanceM ?? 200 * NM + 1) / NM;
const ship = (t: Traffic, id: string) => t.ships.find((s) => s.id === id)!;
const ms = (iso: string) => Date.parse(iso);
const events = (t: Traffic, type: string, vessel: string): TruthEvent[] =>
  t.truth.events.filter((e) => e.type === type && e.vessels.includes(vessel));

function distanceM(a: { latDeg: number; lonDeg: number }, b: { latDeg: number; lonDeg: number }): number {
  const r = 6_371_008.8;
  const p1 = (a.latDeg * Math.PI) / 180;
  const p2 = (b.latDeg * Math.PI) / 180;
  const dp = p2 - p1;
  const dl = ((b.lonDeg - a.lonDeg) * Math.PI) / 180;
  const h = Math.sin(dp / 2) ** 2 + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) ** 2;
  return 2 * r * Math.asin(Math.sqrt(h));
}

describe('synthetic traffic: determinism', () => {
  it('the same seed gives the same truth, contacts and AIS messages byte for byte; another seed does not', () => {
    expect(JSON.stringify(gen(ECS).truth)).toBe(JSON.stringify(ecs.truth));
    const again = gen(SENKAKU);
    expect(JSON.stringify(again.truth)).toBe(JSON.stringify(senkaku.truth));
    expect(contactsCsv(again.contacts)).toBe(contactsCsv(senkaku.contacts));
    const a = digest(senkaku);
    expect(digest(again)).toEqual(a);
    expect(a.count).toBeGreaterThan(10_000);
    const other = gen(SENKAKU, 2);
    expect(digest(other).reports).not.toBe(a.reports);
    expect(contactsCsv(other.contacts)).not.toBe(contactsCsv(senkaku.contacts));
  });

  it('messages come in time order with gpsd field names', () => {
    let last = 0;
    let outOfOrder = 0;
    const seen = new Set<number>();
    const missing = new Set<string>();
    const need: Record<number, string[]> = {
      1: ['mmsi', 'lat', 'lon', 'speed', 'course', 'heading', 'status'],
      18: ['mmsi', 'lat', 'lon', 'speed', 'course', 'heading'],
      5: ['imo', 'shipname', 'callsign', 'shiptype', 'to_bow', 'to_stern', 'to_port', 'to_starboard'],
      24: ['partno'],
    };
    for (const r of senkaku.reports()) {
      if (r.tMs < last) outOfOrder++;
      last = r.tMs;
      seen.add(r.type);
      for (const k of need[r.type] ?? []) if (!(k in r)) missing.add(`${r.type}.${k}`);
    }
    expect(outOfOrder).toBe(0);
    expect([...missing]).toEqual([]);
    expect([...seen].sort((x, y) => x - y)).toEqual([1, 5, 18, 24]);
  });
});

describe('synthetic traffic: injected events are in the truth and physically so', () => {
  it('the first STS pair stays within 500 m below 2 kn for at least 2 h, far from shore and any anchorage', () => {
    const [e] = events(ecs, 'encounter', 'designated-tanker');
    expect(e).toBeDefined();
    expect(e!.vessels).toContain('tanker-b');
    const a = ship(ecs, 'designated-tanker');
    const b = ship(ecs, 'tanker-b');
    const from = ms(e!.start);
    const to = ms(e!.end!);
    expect(to - from).toBeGreaterThanOrEqual(2 * 3_600_000);
    // `end` is the first instant the pair is no longer slow and close.
    for (let t = from; t < to; t += 60_000) {
      const sa = a.track.stateAt(t);
      const sb = b.track.stateAt(t);
      expect(distanceM(sa, sb)).toBeLessThanOrEqual(500);
      expect(sa.speedKn).toBeLessThan(2);
      expect(sb.speedKn).toBeLessThan(2);
    }
    const mid = a.track.stateAt((from + to) / 2);
    expect(coastNm(mid.latDeg, mid.lonDeg)).toBeGreaterThan(20);
  });

  it('the dark tanker sends nothing for >= 12 h, going dark and reappearing >= 50 nm from the real coast', () => {
    const [gap] = events(ecs, 'gap', 'designated-tanker');
    expect(gap).toBeDefined();
    const mmsi = ship(ecs, 'designated-tanker').identity.mmsi;
    const from = ms(gap!.start);
    const to = ms(gap!.end!);
    expect(to - from).toBeGreaterThanOrEqual(DEFINITIONS.gapMinMs);
    const mine: AisRecord[] = [];
    for (const r of ecs.reports()) if (r.mmsi === mmsi && (r.type === 1 || r.type === 18)) mine.push(r);
    expect(mine.filter((r) => r.tMs >= from && r.tMs < to)).toEqual([]);
    // Good reception before: >= 20 positions in each 12 h of the 48 h before.
    for (let k = 1; k <= 4; k++) {
      const n = mine.filter(
        (r) => r.tMs >= from - k * 12 * 3_600_000 && r.tMs < from - (k - 1) * 12 * 3_600_000,
      ).length;
      expect(n).toBeGreaterThanOrEqual(20);
    }
    const before = mine.filter((r) => r.tMs < from).at(-1)!;
    const after = mine.find((r) => r.tMs >= to)!;
    expect(coastNm(before.lat!, before.lon!)).toBeGreaterThan(50);
    expect(coastNm(after.lat!, after.lon!)).toBeGreaterThan(50);
    // And a sensor sees it while it is silent.
    const [dark] = events(ecs, 'dark', 'designated-tanker');
    expect(ms(dark!.start)).toBeGreaterThan(from);
    expect(ms(dark!.start)).toBeLessThan(to);
    expect(ecs.contacts.some((c) => c.shipId === 'designated-tanker' && c.aisSilent)).toBe(true);
  });

  it('the other injected events are in the truth', () => {
    const has = (type: string, vessel: string, zone?: string) =>
      events(ecs, type, vessel).some((e) => zone === undefined || e.zone === zone);
    expect(has('loitering', 'tanker-c')).toBe(true);
    expect(has('watchlist', 'designated-tanker')).toBe(true);
    expect(has('identity', 'impostor')).toBe(true);
    expect(has('port-visit', 'nk-cargo', 'nampo')).toBe(true);
    for (let i = 1; i <= 5; i++) expect(has('loitering', `fishing-${i}`)).toBe(true);
  });

  it('the identity cases are in the truth with their sub-kinds', () => {
    const kinds = (vessel: string) =>
      events(ecs, 'identity', vessel)
        .map((e) => e.subKind)
        .sort();
    expect(kinds('impostor')).toEqual(['impossible-speed']);
    expect(kinds('designated-tanker')).toEqual(['imo-changed', 'name-changed']);
    expect(kinds('fake-mid-cargo')).toEqual(['invalid-mmsi']);
    expect(kinds('glitch-cargo')).toEqual(['impossible-speed', 'position-on-land']);
    const nots = ecs.truth.mustNotFire.filter((e) => e.type === 'identity');
    expect(nots.map((e) => [e.vessels[0], e.subKind]).sort()).toEqual([
      ['rare-flag-coaster', 'invalid-mmsi'],
      ['rare-flag-coaster', 'position-on-land'],
      ['tanker-b', 'name-changed'],
    ]);
  });

  it('the renamed tanker sends its old name and IMO before the change and the new ones after', () => {
    const changeMs = ECS_TRAFFIC0_MS + 240_000 * 1000;
    const statics = [...ecs.reports()].filter((r) => r.mmsi === 445999001 && r.type === 5);
    const before = statics.filter((r) => r.tMs < changeMs);
    const after = statics.filter((r) => r.tMs >= changeMs);
    expect(before.length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(0);
    expect(new Set(before.map((r) => `${r.shipname}/${r.imo}`))).toEqual(new Set(['FICTIVE DAWN/9999993']));
    expect(new Set(after.map((r) => `${r.shipname}/${r.imo}`))).toEqual(new Set(['FICTIVE STAR/9999979']));
    // The change is seen when the tanker transmits again, not while it is dark.
    const [e] = events(ecs, 'identity', 'designated-tanker');
    expect(ms(e!.start)).toBe(ECS_TRAFFIC0_MS + 244_800 * 1000);
  });

  it('the GPS glitch puts the reports (not the track) on land for its 2 h, and nowhere else', () => {
    const s = ship(ecs, 'glitch-cargo');
    const from = ECS_TRAFFIC0_MS + 21_600_000;
    const to = ECS_TRAFFIC0_MS + 28_800_000;
    const pos = [...ecs.reports()].filter((r) => r.mmsi === s.identity.mmsi && r.type === 1);
    const onLand = (r: AisRecord) => land.nationAt(r.lat!, r.lon!) !== null;
    const inGlitch = pos.filter((r) => r.tMs >= from && r.tMs < to);
    expect(inGlitch.length).toBeGreaterThan(100);
    expect(inGlitch.every(onLand)).toBe(true);
    expect(pos.filter((r) => r.tMs < from || r.tMs >= to).some(onLand)).toBe(false);
    expect(
      land.nationAt(s.track.stateAt(from + 3_600_000).latDeg, s.track.stateAt(from + 3_600_000).lonDeg),
    ).toBeNull();
  });

  it('the spoofed MMSI is in two places too far apart for one ship', () => {
    const [e] = events(ecs, 'identity', 'impostor');
    const t = ms(e!.start) + 3_600_000;
    const d = distanceM(ship(ecs, 'impostor').track.stateAt(t), ship(ecs, 'victim-cargo').track.stateAt(t));
    expect(d).toBeGreaterThan(100_000);
  });

  it('the fishing fleet keeps more than 500 m apart while it drifts (no encounter among its boats)', () => {
    const fleet = [1, 2, 3, 4, 5].map((i) => ship(ecs, `fishing-${i}`));
    const [e] = events(ecs, 'loitering', 'fishing-1');
    for (let t = ms(e!.start); t <= ms(e!.end!); t += 600_000) {
      for (let i = 0; i < fleet.length; i++)
        for (let j = i + 1; j < fleet.length; j++)
          expect(distanceM(fleet[i]!.track.stateAt(t), fleet[j]!.track.stateAt(t))).toBeGreaterThan(500);
    }
    expect(
      ecs.truth.events.filter(
        (x) => x.type === 'encounter' && x.vessels.some((v) => v.startsWith('fishing')),
      ),
    ).toEqual([]);
  });

  it('each China Coast Guard ship (type 55) crosses 12 nm of the Senkaku Islands at its waypoint’s atS 300 (the bundled zone, drawn from the baselines, about 1.6 km sooner)', () => {
    const islands = SENKAKU.maritime!.places.find((p) => p.id === 'senkaku-territorial-sea')!.points;
    const nearest = (s: { latDeg: number; lonDeg: number }) =>
      Math.min(...islands.map(([la, lo]) => distanceM(s, { latDeg: la, lonDeg: lo }))) / NM;
    for (let i = 1; i <= 4; i++) {
      const ccg = ship(senkaku, `ccg-${i}`);
      expect(ccg.identity.shiptype).toBe(55);
      const [e] = events(senkaku, 'zone-entry', `ccg-${i}`).filter(
        (x) => x.zone === 'senkaku-territorial-sea',
      );
      expect(Math.abs(ms(e!.start) - (SENKAKU.startMs + 300_000))).toBeLessThanOrEqual(2_000);
      expect(nearest(ccg.track.stateAt(SENKAKU.startMs + 360_000))).toBeLessThan(12);
      expect(nearest(ccg.track.stateAt(SENKAKU.startMs))).toBeGreaterThan(12);
      expect(
        events(senkaku, 'zone-entry', `ccg-${i}`).some((x) => x.zone === 'senkaku-contiguous-zone'),
      ).toBe(true);
    }
  });
});

describe('synthetic traffic: near misses stay below the thresholds', () => {
  it('the passing ships come within 1 km but at speed', () => {
    const [e] = ecs.truth.mustNotFire.filter(
      (x) => x.type === 'encounter' && x.vessels.includes('passing-north'),
    );
    const a = ship(ecs, 'passing-north');
    const b = ship(ecs, 'passing-east');
    let closest = Number.POSITIVE_INFINITY;
    for (let t = ms(e!.start); t <= ms(e!.end!); t += 5_000) {
      closest = Math.min(closest, distanceM(a.track.stateAt(t), b.track.stateAt(t)));
      expect(a.track.stateAt(t).speedKn).toBeGreaterThan(2);
    }
    expect(closest).toBeLessThan(1_000);
    expect(ecs.truth.events.some((x) => x.type === 'encounter' && x.vessels.includes('passing-north'))).toBe(
      false,
    );
  });

  it('the anchorage stop is shorter than 2 h, at the anchorage, less than 20 nm from the coast', () => {
    const stops = ecs.truth.mustNotFire.filter((x) => x.vessels.includes('anchor-a'));
    expect(stops.map((x) => x.type).sort()).toEqual(['encounter', 'loitering']);
    for (const s of stops) {
      expect(ms(s.end!) - ms(s.start)).toBeLessThan(2 * 3_600_000);
      expect(coastNm(s.lat, s.lon)).toBeLessThan(20);
    }
  });

  it('the silence in port is long but begins near the coast', () => {
    const [g] = ecs.truth.mustNotFire.filter((x) => x.type === 'gap' && x.vessels.includes('silent-in-port'));
    expect(ms(g!.end!) - ms(g!.start)).toBeGreaterThanOrEqual(12 * 3_600_000);
    expect(coastNm(g!.lat, g!.lon)).toBeLessThan(50);
    expect(ecs.truth.events.some((x) => x.type === 'gap' && x.vessels.includes('silent-in-port'))).toBe(
      false,
    );
  });
});

describe('synthetic traffic: background ships raise nothing by themselves', () => {
  it('sail at >= 3 kn, at sea, clear of the zones, the ports and the truth', () => {
    for (const t of [ecs, senkaku]) {
      const bg = t.ships.filter((s) => s.background);
      expect(bg.length).toBe(BG);
      for (const s of bg) {
        for (let i = 0; i + 1 < s.track.knots.length; i++)
          expect(s.track.legSpeedKn(i)).toBeGreaterThanOrEqual(3);
        for (let u = t.window.startMs; u <= t.window.endMs; u += 1_800_000) {
          const p = s.track.stateAt(u);
          expect(land.nationAt(p.latDeg, p.lonDeg), `${s.id} on land at ${p.latDeg},${p.lonDeg}`).toBeNull();
        }
      }
      expect(t.truth.events.filter((e) => e.vessels.some((v) => v.startsWith('bg-')))).toEqual([]);
    }
  });

  it('scripted ships stay at sea too (no position on land)', () => {
    for (const t of [ecs, senkaku]) {
      for (const s of t.ships.filter((x) => !x.background)) {
        for (
          let u = Math.max(t.window.startMs, s.track.startMs);
          u <= Math.min(t.window.endMs, s.track.endMs);
          u += 600_000
        ) {
          const p = s.track.stateAt(u);
          expect(land.nationAt(p.latDeg, p.lonDeg), `${s.id} on land at ${p.latDeg},${p.lonDeg}`).toBeNull();
        }
      }
    }
  });
});

describe('synthetic traffic: over seeds', () => {
  it('every seed holds the injected events, and the truth scored against itself is perfect', () => {
    for (const sc of [ECS, SENKAKU]) {
      for (let seed = 1; seed <= 6; seed++) {
        const t = generateTraffic(sc.maritime!, sc, { seed, backgroundShips: 10 });
        for (const inj of sc.maritime!.injected)
          expect(
            t.truth.events.some(
              (e) => e.type === inj.kind && inj.vessels.every((v) => e.vessels.includes(v)),
            ),
          ).toBe(true);
        const s = scoreEvents(t.truth, t.truth.events);
        for (const [type, v] of Object.entries(s.byType)) {
          expect([type, v.precision, v.recall, v.duplicates]).toEqual([type, 1, 1, 0]);
        }
        expect(scoreEvents(t.truth, t.truth.mustNotFire).byType.encounter.mustNotFireHits).toBe(
          t.truth.mustNotFire.filter((e) => e.type === 'encounter').length,
        );
      }
    }
  });
});

describe('bundled lanes and grounds', () => {
  const islands = SENKAKU.maritime!.places.find((p) => p.id === 'senkaku-territorial-sea')!.points;
  const nampo = { latDeg: 38.71, lonDeg: 125.36 };
  it('keep to the sea (Natural Earth 1:50m, every 2 km), 30 nm clear of the Senkakus and 60 nm of Nampo', () => {
    for (const lane of LANES) {
      for (let i = 0; i + 1 < lane.waypoints.length; i++) {
        const [a, b] = [lane.waypoints[i]!, lane.waypoints[i + 1]!];
        const track = new Track([
          { tMs: 0, latDeg: a[0], lonDeg: a[1], status: 0 },
          { tMs: 1000, latDeg: b[0], lonDeg: b[1], status: 0 },
        ]);
        const n = Math.ceil(distanceM({ latDeg: a[0], lonDeg: a[1] }, { latDeg: b[0], lonDeg: b[1] }) / 2000);
        for (let k = 0; k <= n; k++) {
          const p = track.stateAt((k / n) * 1000);
          expect(
            land.nationAt(p.latDeg, p.lonDeg),
            `${lane.id} leg ${i} at ${p.latDeg},${p.lonDeg}`,
          ).toBeNull();
          for (const [la, lo] of islands)
            expect(distanceM(p, { latDeg: la, lonDeg: lo })).toBeGreaterThan(30 * NM);
          expect(distanceM(p, nampo)).toBeGreaterThan(60 * NM);
        }
      }
    }
    for (const g of GROUNDS) {
      for (let la = g.latMinDeg; la <= g.latMaxDeg; la += 0.1)
        for (let lo = g.lonMinDeg; lo <= g.lonMaxDeg; lo += 0.1) {
          expect(land.nationAt(la, lo), `${g.id} at ${la},${lo}`).toBeNull();
          expect(coastNm(la, lo), `${g.id} at ${la},${lo}`).toBeGreaterThan(12);
        }
    }
  });
});
