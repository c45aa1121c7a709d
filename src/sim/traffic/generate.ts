import { InputError } from '../../domain/errors.js';
import { type AisRecord, mergeByTime, shipReports } from './ais.js';
import { type Contact, sensorContacts } from './contacts.js';
import type { MaritimeScenario } from './schema.js';
import { type ShoreIndex, shoreIndex } from './shore.js';
import { distanceM, NM_M, unitOf } from './sphere.js';
import { NAV_STATUS } from './track.js';
import {
  DEFINITIONS,
  darkOf,
  encountersOf,
  gapsOf,
  glitchesOf,
  identityChangesOf,
  invalidMmsiOf,
  loiteringOf,
  mmsiProblem,
  placeUnits,
  placeVisitsOf,
  spoofsOf,
  type Truth,
  type TruthEvent,
  watchListed,
  watchlistOf,
} from './truth.js';
import { backgroundShips, type Ship, scriptedTrack, type Window } from './vessels.js';

export interface TrafficOptions {
  /** Overrides the scenario's `maritime.seed`. */
  readonly seed?: number;
  /** Overrides `maritime.background.ships` (tests run the bundled scenarios lighter). */
  readonly backgroundShips?: number;
  /** The scenario file, named in errors. */
  readonly source?: string;
}

/** Synthetic traffic for one window: ships, their AIS messages, sensor contacts and the ground truth. */
export interface Traffic {
  readonly window: Window;
  readonly seed: number;
  readonly ships: readonly Ship[];
  readonly contacts: readonly Contact[];
  readonly truth: Truth;
  /** The received AIS messages in time order, generated lazily (millions need not sit in memory). */
  reports(): Generator<AisRecord>;
}

const byTime = (a: TruthEvent, b: TruthEvent) =>
  a.start < b.start
    ? -1
    : a.start > b.start
      ? 1
      : a.type < b.type
        ? -1
        : a.type > b.type
          ? 1
          : a.vessels.join() < b.vessels.join()
            ? -1
            : 1;

/**
 * Generates the traffic of a scenario's maritime block: pure and deterministic from the seed
 * (same inputs, same ships, messages, contacts and truth, byte for byte). Throws an InputError
 * naming the scenario field when an itinerary cannot be sailed, an injected event does not arise
 * from the tracks, or a near miss crosses a threshold.
 *
 * @example
 * const t = generateTraffic(scenario.maritime, { name: scenario.name, startMs: scenario.startMs });
 * for (const r of t.reports()) encode(r);
 */
export function generateTraffic(
  m: MaritimeScenario,
  scenario: { readonly name: string; readonly startMs: number },
  options: TrafficOptions = {},
): Traffic {
  const seed = options.seed ?? m.seed;
  const source = options.source ?? scenario.name;
  const w: Window = {
    startMs: scenario.startMs - m.leadInH * 3_600_000,
    endMs: scenario.startMs + m.durationH * 3_600_000,
    zeroMs: scenario.startMs,
  };
  const shore = shoreIndex(m.shore.points);

  // Scripted vessels, then background ships.
  const byId = new Map(m.vessels.map((v) => [v.id, v]));
  const scripted: Ship[] = m.vessels.map((v, i) => {
    const { track, aisOff } = scriptedTrack(v, i, w, source);
    const as = v.impersonates !== undefined ? byId.get(v.impersonates)! : v;
    return {
      id: v.id,
      kind: v.kind,
      identity: {
        mmsi: as.mmsi,
        imo: as.imo,
        shipname: as.name,
        callsign: as.callsign,
        shiptype: kindShiptype(as.kind),
        aisClass: v.kind === 'fishing' ? 'B' : 'A',
        lengthM: v.lengthM ?? 100,
        beamM: Math.max(4, Math.round((v.lengthM ?? 100) / 6.5)),
      },
      track,
      aisOff,
      background: false,
      ...(v.impersonates !== undefined ? { impersonates: v.impersonates } : {}),
      identityChanges: v.identityChanges
        .map((c) => ({
          tMs: w.zeroMs + c.atS * 1000,
          ...(c.name !== undefined ? { shipname: c.name } : {}),
          ...(c.imo !== undefined ? { imo: c.imo } : {}),
        }))
        .sort((a, b) => a.tMs - b.tMs),
      gpsGlitches: v.gpsGlitches
        .map((g) => ({
          fromMs: w.zeroMs + g.fromS * 1000,
          toMs: w.zeroMs + g.toS * 1000,
          latDeg: g.latDeg,
          lonDeg: g.lonDeg,
        }))
        .sort((a, b) => a.fromMs - b.fromMs),
    };
  });
  const background = backgroundShips(m, seed, w, options.backgroundShips ?? m.background?.ships ?? 0);
  const ships = [...scripted, ...background];
  const shipById = new Map(ships.map((s) => [s.id, s]));
  const contacts = sensorContacts(m.sensors, ships, w, seed);

  // The truth, from the tracks.
  const events: TruthEvent[] = [];
  const mustNot: TruthEvent[] = [];
  const anchorages = m.places.filter((p) => p.kind === 'anchorage').map(placeUnits);
  scripted.forEach((s, i) => {
    events.push(...loiteringOf(s, w, shore));
    const g = gapsOf(s, w, shore, m.reception);
    events.push(...g.must);
    mustNot.push(...g.mustNot);
    if (watchListed(s.identity, m.watchList) && s.impersonates === undefined)
      events.push(...watchlistOf(s, w));
    if (s.impersonates !== undefined) events.push(...spoofsOf(s, shipById.get(s.impersonates)!, w));
    else events.push(...invalidMmsiOf(s, w));
    const ic = identityChangesOf(s, w);
    events.push(...ic.must);
    mustNot.push(...ic.mustNot);
    const gl = glitchesOf(s, w, shore);
    if (gl.tooNearShore.length > 0)
      throw new InputError(
        { input: source, field: `maritime.vessels[${i}].gpsGlitches[${gl.tooNearShore[0]}]` },
        `the point lies less than ${DEFINITIONS.landMinInlandM / 1000} km from the shore samples: not surely on land`,
      );
    events.push(...gl.must);
  });
  for (let i = 0; i < scripted.length; i++)
    for (let j = i + 1; j < scripted.length; j++)
      events.push(...encountersOf(scripted[i]!, scripted[j]!, w, anchorages));
  for (const place of m.places) {
    if (place.kind === 'anchorage') continue;
    for (const s of ships) events.push(...placeVisitsOf(s, place, w));
  }
  events.push(...darkOf(contacts, shipById));
  mustNot.push(...nearMisses(m, scripted, w, shore, events, source));
  checkInjected(m, events, source);

  events.sort(byTime);
  mustNot.sort(byTime);
  const truth: Truth = {
    scenario: scenario.name,
    seed,
    window: { start: new Date(w.startMs).toISOString(), end: new Date(w.endMs).toISOString() },
    events,
    mustNotFire: mustNot,
  };
  return {
    window: w,
    seed,
    ships,
    contacts,
    truth,
    reports: () => mergeByTime(ships.map((s) => shipReports(s, w, m.reception, shore, seed))),
  };
}

function kindShiptype(kind: Ship['kind']): number {
  return { tanker: 80, cargo: 70, fishing: 30, passenger: 60, government: 55 }[kind];
}

/** Every injected event must be in the truth: the itinerary really produces it. */
function checkInjected(m: MaritimeScenario, events: readonly TruthEvent[], source: string): void {
  m.injected.forEach((inj, i) => {
    const hit = events.some(
      (e) =>
        e.type === inj.kind &&
        inj.vessels.every((v) => e.vessels.includes(v)) &&
        (inj.zone === undefined || e.zone === inj.zone) &&
        (inj.subKind === undefined || e.subKind === inj.subKind),
    );
    if (!hit)
      throw new InputError(
        { input: source, field: `maritime.injected[${i}]` },
        `the tracks produce no ${inj.kind}${inj.subKind ? ` (${inj.subKind})` : ''} event for ${inj.vessels.join(', ') || 'any vessel'}${inj.zone ? ` in ${inj.zone}` : ''}: adjust the itineraries`,
      );
  });
}

/** The declared near misses as mustNotFire events, each checked to be near yet below its threshold. */
function nearMisses(
  m: MaritimeScenario,
  scripted: readonly Ship[],
  w: Window,
  shore: ShoreIndex,
  events: readonly TruthEvent[],
  source: string,
): TruthEvent[] {
  const out: TruthEvent[] = [];
  const byId = new Map(scripted.map((s) => [s.id, s]));
  const iso = (t: number) => new Date(t).toISOString();
  m.nearMisses.forEach((nm, i) => {
    const fail = (problem: string) =>
      new InputError({ input: source, field: `maritime.nearMisses[${i}]` }, problem);
    const ships = nm.vessels.map((v) => byId.get(v)!);
    const fired = (type: string, vessels: readonly string[]) =>
      events.some((e) => e.type === type && vessels.every((v) => e.vessels.includes(v)));
    if (nm.kind === 'passing') {
      if (ships.length !== 2) throw fail('a passing needs two vessels');
      const [a, b] = ships as [Ship, Ship];
      let best = Number.POSITIVE_INFINITY;
      let at = w.startMs;
      const from = Math.max(w.startMs, a.track.startMs, b.track.startMs);
      const to = Math.min(w.endMs, a.track.endMs, b.track.endMs);
      for (let t = from; t <= to; t += 10_000) {
        const sa = a.track.stateAt(t);
        const sb = b.track.stateAt(t);
        const d = distanceM(unitOf(sa.latDeg, sa.lonDeg), unitOf(sb.latDeg, sb.lonDeg));
        if (d < best) {
          best = d;
          at = t;
        }
      }
      if (!(best <= 1_000))
        throw fail(`the two vessels never come within 1 km (closest ${best.toFixed(0)} m)`);
      if (fired('encounter', nm.vessels)) throw fail('the passing is an encounter by the definition');
      const p = a.track.stateAt(at);
      out.push({
        type: 'encounter',
        mmsi: [a.identity.mmsi, b.identity.mmsi].sort((x, y) => x - y),
        start: iso(at - 900_000),
        end: iso(at + 900_000),
        lat: p.latDeg,
        lon: p.lonDeg,
        vessels: [a.id, b.id],
        note: `${nm.note} (closest ${best.toFixed(0)} m at ${a.track.stateAt(at).speedKn.toFixed(1)} and ${b.track.stateAt(at).speedKn.toFixed(1)} kn)`,
      });
    } else if (nm.kind === 'anchorage-stop') {
      const holds = ships.map((s) => {
        const k = s.track.knots.findIndex(
          (x, j) => x.status === NAV_STATUS.anchored && j + 1 < s.track.knots.length,
        );
        if (k < 0) throw fail(`${s.id} never anchors`);
        return [s.track.knots[k]!.tMs, s.track.knots[k + 1]!.tMs] as const;
      });
      ships.forEach((s, j) => {
        if (fired('loitering', [s.id])) throw fail(`${s.id}'s stop is loitering by the definition`);
        const [a, b] = holds[j]!;
        const p = s.track.stateAt(a);
        out.push({
          type: 'loitering',
          mmsi: [s.identity.mmsi],
          start: iso(a),
          end: iso(b),
          lat: p.latDeg,
          lon: p.lonDeg,
          vessels: [s.id],
          note: `${nm.note} (anchored ${((b - a) / 3_600_000).toFixed(1)} h, ${(shore.distanceM(p.latDeg, p.lonDeg) / 1852).toFixed(0)} nm from shore)`,
        });
      });
      for (let x = 0; x < ships.length; x++)
        for (let y = x + 1; y < ships.length; y++) {
          const [a, b] = [ships[x]!, ships[y]!];
          if (fired('encounter', [a.id, b.id]))
            throw fail(`${a.id} and ${b.id} make an encounter by the definition`);
          const from = Math.max(holds[x]![0], holds[y]![0]);
          const to = Math.min(holds[x]![1], holds[y]![1]);
          const p = a.track.stateAt(from);
          out.push({
            type: 'encounter',
            mmsi: [a.identity.mmsi, b.identity.mmsi].sort((u, v) => u - v),
            start: iso(from),
            end: iso(to),
            lat: p.latDeg,
            lon: p.lonDeg,
            vessels: [a.id, b.id],
            note: `${nm.note} (both anchored ${((to - from) / 3_600_000).toFixed(1)} h)`,
          });
        }
    } else if (nm.kind === 'name-padding') {
      for (const s of ships) {
        if (identityChangesOf(s, w).mustNot.length === 0)
          throw fail(`${s.id} has no seen name change in padding or case only (identityChanges)`);
        // identityChangesOf's mustNot are already in the list by the caller.
      }
    } else if (nm.kind === 'near-coast') {
      for (const s of ships) {
        let best = Number.POSITIVE_INFINITY;
        let at = w.startMs;
        const from = Math.max(w.startMs, s.track.startMs);
        const to = Math.min(w.endMs, s.track.endMs);
        for (let t = from; t <= to; t += 60_000) {
          if (s.aisOff.some(([a, b]) => t >= a && t < b)) continue;
          const p = s.track.stateAt(t);
          const d = shore.distanceM(p.latDeg, p.lonDeg);
          if (d < best) {
            best = d;
            at = t;
          }
        }
        if (!(best <= DEFINITIONS.nearCoastM))
          throw fail(
            `${s.id} never comes within ${DEFINITIONS.nearCoastM / NM_M} nm of the shore while transmitting (closest ${(best / NM_M).toFixed(1)} nm)`,
          );
        if (fired('identity', [s.id])) throw fail(`${s.id} has identity events of its own`);
        const p = s.track.stateAt(at);
        out.push({
          type: 'identity',
          mmsi: [s.identity.mmsi],
          start: iso(at - 3_600_000),
          end: iso(at + 3_600_000),
          lat: p.latDeg,
          lon: p.lonDeg,
          subKind: 'position-on-land',
          vessels: [s.id],
          note: `${nm.note} (closest ${(best / 1000).toFixed(1)} km from the shore samples)`,
        });
      }
    } else if (nm.kind === 'rare-mid') {
      for (const s of ships) {
        const problem = mmsiProblem(s.identity.mmsi);
        if (problem !== null)
          throw fail(`${s.id}'s MMSI ${s.identity.mmsi} is invalid (${problem}), not rare`);
        const from = Math.max(w.startMs, s.track.startMs);
        const p = s.track.stateAt(from);
        out.push({
          type: 'identity',
          mmsi: [s.identity.mmsi],
          start: iso(from),
          end: iso(Math.min(w.endMs, s.track.endMs)),
          lat: p.latDeg,
          lon: p.lonDeg,
          subKind: 'invalid-mmsi',
          vessels: [s.id],
          note: `${nm.note} (MID ${Math.floor(s.identity.mmsi / 1_000_000)})`,
        });
      }
    } else {
      for (const s of ships) {
        const g = gapsOf(s, w, shore, m.reception);
        if (g.must.length > 0) throw fail(`${s.id}'s silence is a gap by the definition`);
        if (g.mustNot.length === 0) throw fail(`${s.id} is never silent for 12 h near shore`);
        // gapsOf's mustNot are already in the list by the caller; nothing more to add.
      }
    }
  });
  return out;
}
