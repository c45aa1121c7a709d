import { type IdentityKind, MARITIME_EVENT_TYPES, type MaritimeEventType } from '../../domain/index.js';
import { reportIntervalMs } from './ais.js';
import type { Contact } from './contacts.js';
import { aisSilentAt } from './contacts.js';
import type { Identity } from './identity.js';
import type { MaritimePlace, MaritimeScenario, Reception } from './schema.js';
import type { ShoreIndex } from './shore.js';
import { distanceM, NM_M, type Unit, unitOf } from './sphere.js';
import { identityAt, type Ship, type Window } from './vessels.js';

/**
 * The event types the maritime detectors raise (the shared list in `domain`); the definitions
 * below (after Global Fishing Watch's published event definitions) are what the truth applies to
 * the true tracks.
 */
export const EVENT_TYPES = MARITIME_EVENT_TYPES;
export type EventType = MaritimeEventType;

/** The thresholds of the definitions (detectors must use the same). */
export const DEFINITIONS = {
  /** encounter: two vessels within 500 m for >= 2 h, median speed < 2 kn, >= 10 km from an anchorage. */
  encounterRangeM: 500,
  encounterMinMs: 2 * 3_600_000,
  encounterMaxSpeedKn: 2,
  encounterAnchorageClearM: 10_000,
  /** loitering: one vessel averaging < 2 kn for >= 1 h, on average >= 20 nm from shore. */
  loiterMaxSpeedKn: 2,
  loiterMinMs: 3_600_000,
  loiterShoreM: 20 * NM_M,
  /** gap: no position for >= 12 h, beginning and ending >= 50 nm from shore, after 48 h of good reception. */
  gapMinMs: 12 * 3_600_000,
  gapShoreM: 50 * NM_M,
  gapHistoryMs: 48 * 3_600_000,
  /** identity, two places at once: a jump longer than 5 km at an implied speed above 50 kn. */
  identityMinJumpM: 5_000,
  identityMaxSpeedKn: 50,
  /** identity, MMSI: nine digits whose MID (ITU-R M.585) lies in 201-775; 970/972/974 devices pass. */
  midMin: 201,
  midMax: 775,
  /**
   * identity, on land: the detector flags positions at least 2 km inland from the Natural Earth
   * 1:50m coast, tested per ~5 km cell; a glitch point must lie at least 10 km from the
   * scenario's shore samples so that it is inland by any of those measures.
   */
  landMinInlandM: 10_000,
  /** A "position just off the coast" near miss comes within 3 nm of the shore samples. */
  nearCoastM: 3 * NM_M,
} as const;

/** One event, in the detectors' output format plus the scenario's vessel ids (for tests and readers). */
export interface TruthEvent {
  readonly type: EventType;
  readonly mmsi: readonly number[];
  readonly start: string;
  readonly end: string | null;
  readonly lat: number;
  readonly lon: number;
  readonly zone?: string;
  /** identity events: which finding (the detector's evidence `kind`). */
  readonly subKind?: IdentityKind;
  /** Scenario vessel ids (background ships `bg-N`). */
  readonly vessels: readonly string[];
  /** Why it is there (must) or why it must not fire (mustNotFire). */
  readonly note: string;
}

export interface Truth {
  readonly scenario: string;
  readonly seed: number;
  readonly window: { readonly start: string; readonly end: string };
  /** Events a detector must raise. */
  readonly events: readonly TruthEvent[];
  /** Near misses: a detector raising one of these has a false positive. */
  readonly mustNotFire: readonly TruthEvent[];
}

const iso = (tMs: number) => new Date(tMs).toISOString();
const SAMPLE_MS = 60_000;

/** Whether the transmitter is on over all of [fromMs, toMs]. */
function aisOnThroughout(ship: Ship, fromMs: number, toMs: number): boolean {
  return ship.aisOff.every(([a, b]) => b <= fromMs || a > toMs);
}

function placeUnits(p: MaritimePlace): Unit[] {
  return p.points.map(([la, lo]) => unitOf(la, lo));
}

function distanceToPlaceM(units: readonly Unit[], lat: number, lon: number): number {
  const u = unitOf(lat, lon);
  let best = Number.POSITIVE_INFINITY;
  for (const p of units) best = Math.min(best, distanceM(u, p));
  return best;
}

/**
 * Loitering from the knots: maximal runs of legs slower than 2 kn lasting >= 1 h inside the
 * window, on average >= 20 nm from shore (sampled each minute), with the transmitter on.
 */
export function loiteringOf(ship: Ship, w: Window, shore: ShoreIndex): TruthEvent[] {
  const k = ship.track.knots;
  const out: TruthEvent[] = [];
  let i = 0;
  while (i + 1 < k.length) {
    if (ship.track.legSpeedKn(i) >= DEFINITIONS.loiterMaxSpeedKn || k[i + 1]!.tMs === k[i]!.tMs) {
      i++;
      continue;
    }
    let j = i;
    while (
      j + 1 < k.length &&
      (ship.track.legSpeedKn(j) < DEFINITIONS.loiterMaxSpeedKn || k[j + 1]!.tMs === k[j]!.tMs)
    )
      j++;
    const from = Math.max(w.startMs, k[i]!.tMs);
    const to = Math.min(w.endMs, k[j]!.tMs);
    i = j;
    if (to - from < DEFINITIONS.loiterMinMs) continue;
    let sum = 0;
    let n = 0;
    for (let t = from; t <= to; t += SAMPLE_MS) {
      const s = ship.track.stateAt(t);
      sum += shore.distanceM(s.latDeg, s.lonDeg);
      n++;
    }
    if (sum / n < DEFINITIONS.loiterShoreM || !aisOnThroughout(ship, from, to)) continue;
    const s = ship.track.stateAt(from);
    out.push({
      type: 'loitering',
      mmsi: [ship.identity.mmsi],
      start: iso(from),
      end: iso(to),
      lat: s.latDeg,
      lon: s.lonDeg,
      vessels: [ship.id],
      note: `below ${DEFINITIONS.loiterMaxSpeedKn} kn for ${((to - from) / 3_600_000).toFixed(1)} h, on average ${(sum / n / NM_M).toFixed(0)} nm from shore`,
    });
  }
  return out;
}

/** Time intervals (ms) during which `pred` holds, sampled each minute and refined to the second. */
function intervals(fromMs: number, toMs: number, pred: (t: number) => boolean): [number, number][] {
  const out: [number, number][] = [];
  const refine = (a: number, b: number) => {
    // pred(a) !== pred(b): the switch lies in (a, b].
    const pa = pred(a);
    while (b - a > 1000) {
      const m = Math.floor((a + b) / 2);
      if (pred(m) === pa) a = m;
      else b = m;
    }
    return b;
  };
  let inside = pred(fromMs);
  let since = fromMs;
  let prev = fromMs;
  for (let t = fromMs + SAMPLE_MS; ; t += SAMPLE_MS) {
    const tt = Math.min(t, toMs);
    const now = pred(tt);
    if (now !== inside) {
      const at = refine(prev, tt);
      if (inside) out.push([since, at]);
      else since = at;
      inside = now;
    }
    prev = tt;
    if (tt >= toMs) break;
  }
  if (inside) out.push([since, Number.POSITIVE_INFINITY]);
  return out;
}

/** The spans of consecutive legs slower than the encounter speed. */
function slowSpans(ship: Ship): [number, number][] {
  const k = ship.track.knots;
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < k.length; i++) {
    if (ship.track.legSpeedKn(i) >= DEFINITIONS.encounterMaxSpeedKn) continue;
    const last = out[out.length - 1];
    if (last && last[1] === k[i]!.tMs) last[1] = k[i + 1]!.tMs;
    else out.push([k[i]!.tMs, k[i + 1]!.tMs]);
  }
  return out;
}

/** Encounters between two ships, from their true tracks sampled each minute. */
export function encountersOf(a: Ship, b: Ship, w: Window, anchorages: readonly Unit[][]): TruthEvent[] {
  const from = Math.max(w.startMs, a.track.startMs, b.track.startMs);
  const to = Math.min(w.endMs, a.track.endMs, b.track.endMs);
  if (!(to > from)) return [];
  // Only ships both slow at once for 2 h can meet the definition: skip the rest without sampling.
  const sa = slowSpans(a);
  const sb = slowSpans(b);
  if (
    !sa.some(([x0, x1]) =>
      sb.some(([y0, y1]) => Math.min(x1, y1) - Math.max(x0, y0) >= DEFINITIONS.encounterMinMs),
    )
  )
    return [];
  const close = (t: number) => {
    const sa = a.track.stateAt(t);
    const sb = b.track.stateAt(t);
    return (
      sa.speedKn < DEFINITIONS.encounterMaxSpeedKn &&
      sb.speedKn < DEFINITIONS.encounterMaxSpeedKn &&
      distanceM(unitOf(sa.latDeg, sa.lonDeg), unitOf(sb.latDeg, sb.lonDeg)) <= DEFINITIONS.encounterRangeM
    );
  };
  const out: TruthEvent[] = [];
  for (const [s, e0] of intervals(from, to, close)) {
    const e = Math.min(e0, to);
    if (e - s < DEFINITIONS.encounterMinMs) continue;
    const mid = a.track.stateAt((s + e) / 2);
    if (
      anchorages.some(
        (u) => distanceToPlaceM(u, mid.latDeg, mid.lonDeg) < DEFINITIONS.encounterAnchorageClearM,
      )
    )
      continue;
    if (!aisOnThroughout(a, s, e) || !aisOnThroughout(b, s, e)) continue;
    const p = a.track.stateAt(s);
    out.push({
      type: 'encounter',
      mmsi: [a.identity.mmsi, b.identity.mmsi].sort((x, y) => x - y),
      start: iso(s),
      end: e0 === Number.POSITIVE_INFINITY ? null : iso(e),
      lat: p.latDeg,
      lon: p.lonDeg,
      vessels: [a.id, b.id],
      note: `within ${DEFINITIONS.encounterRangeM} m below ${DEFINITIONS.encounterMaxSpeedKn} kn for ${((e - s) / 3_600_000).toFixed(1)} h`,
    });
  }
  return out;
}

/**
 * Positions a receiver can expect from the ship in each 12 h of the 48 h before `offMs`: its
 * reporting rate on the true track times the reception probability there, sampled every 5 min.
 */
export function expectedPositions(
  ship: Ship,
  offMs: number,
  shore: ShoreIndex,
  reception: Reception,
): number[] {
  const blockMs = DEFINITIONS.gapHistoryMs / 4;
  const blocks = [0, 0, 0, 0];
  const stepMs = 300_000;
  for (let t = offMs - DEFINITIONS.gapHistoryMs; t < offMs; t += stepMs) {
    if (t < ship.track.startMs || aisSilentAt(ship, t)) continue;
    const s = ship.track.stateAt(t);
    const p = shore.near(s.latDeg, s.lonDeg, reception.nearShoreNm * NM_M)
      ? reception.nearShoreP
      : reception.farP;
    const k = Math.floor((offMs - t - 1) / blockMs);
    blocks[k]! += (stepMs / reportIntervalMs(ship.identity.aisClass, s.speedKn, s.status)) * p;
  }
  return blocks;
}

/**
 * Gaps: transmitter-off spells >= 12 h inside the window, judged against the definition. A gap
 * must fire when both ends lie >= 50 nm from shore after 48 h in the window with good reception
 * (>= 30 positions expected in each 12 h: a margin over the definition's 20, for chance); it must
 * not when an end lies near shore or reception was poor (< 10 expected). In between, neither.
 */
export function gapsOf(
  ship: Ship,
  w: Window,
  shore: ShoreIndex,
  reception: Reception,
): { must: TruthEvent[]; mustNot: TruthEvent[] } {
  const must: TruthEvent[] = [];
  const mustNot: TruthEvent[] = [];
  for (const [off, on] of ship.aisOff) {
    if (!(off >= w.startMs && on <= w.endMs) || on - off < DEFINITIONS.gapMinMs) continue;
    const a = ship.track.stateAt(off);
    const b = ship.track.stateAt(on);
    const da = shore.distanceM(a.latDeg, a.lonDeg);
    const db = shore.distanceM(b.latDeg, b.lonDeg);
    const history = off - Math.max(w.startMs, ship.track.startMs) >= DEFINITIONS.gapHistoryMs;
    const expected = history ? Math.min(...expectedPositions(ship, off, shore, reception)) : 0;
    const ev = {
      type: 'gap' as const,
      mmsi: [ship.identity.mmsi],
      start: iso(off),
      end: iso(on),
      lat: a.latDeg,
      lon: a.lonDeg,
      vessels: [ship.id],
    };
    const hours = ((on - off) / 3_600_000).toFixed(1);
    const far = da >= DEFINITIONS.gapShoreM && db >= DEFINITIONS.gapShoreM;
    if (far && history && expected >= 30) {
      must.push({
        ...ev,
        note: `silent ${hours} h, ${(da / NM_M).toFixed(0)} nm and ${(db / NM_M).toFixed(0)} nm from shore, >= ${Math.floor(expected)} positions expected per 12 h before`,
      });
    } else if (!far) {
      mustNot.push({
        ...ev,
        note: `silent ${hours} h but ${(Math.min(da, db) / NM_M).toFixed(0)} nm from shore at one end`,
      });
    } else if (history && expected < 10) {
      mustNot.push({
        ...ev,
        note: `silent ${hours} h far out, but only ${expected.toFixed(0)} positions expected per 12 h before`,
      });
    }
  }
  return { must, mustNot };
}

/** Entries to (and exits from) a zone or port, from the true track, while the ship transmits. */
export function placeVisitsOf(ship: Ship, place: MaritimePlace, w: Window): TruthEvent[] {
  const units = placeUnits(place);
  const radiusM = place.radiusNm * NM_M;
  // Skip ships whose knots all lie far outside (background traffic), cheaply.
  const reach = ship.track.knots.some(
    (k) => distanceToPlaceM(units, k.latDeg, k.lonDeg) < radiusM + 200 * NM_M,
  );
  if (!reach) return [];
  const from = Math.max(w.startMs, ship.track.startMs);
  const to = Math.min(w.endMs, ship.track.endMs);
  if (!(to > from)) return [];
  const inside = (t: number) => {
    const s = ship.track.stateAt(t);
    return distanceToPlaceM(units, s.latDeg, s.lonDeg) <= radiusM;
  };
  const out: TruthEvent[] = [];
  for (const [s, e] of intervals(from, to, inside)) {
    if (s === from && inside(from)) continue; // inside when the window opens: no entry seen
    if (aisSilentAt(ship, s)) continue;
    const p = ship.track.stateAt(s);
    const end = e === Number.POSITIVE_INFINITY || e >= to ? null : e;
    const base = {
      mmsi: [ship.identity.mmsi],
      lat: p.latDeg,
      lon: p.lonDeg,
      zone: place.id,
      vessels: [ship.id],
    };
    if (place.kind === 'port') {
      out.push({
        type: 'port-visit',
        ...base,
        start: iso(s),
        end: end === null ? null : iso(end),
        note: `in port ${place.id}`,
      });
      continue;
    }
    out.push({
      type: 'zone-entry',
      ...base,
      start: iso(s),
      end: end === null ? null : iso(end),
      note: `entered ${place.id}`,
    });
    if (end !== null && !aisSilentAt(ship, end)) {
      const q = ship.track.stateAt(end);
      out.push({
        type: 'zone-exit',
        ...base,
        lat: q.latDeg,
        lon: q.lonDeg,
        start: iso(end),
        end: iso(end),
        note: `left ${place.id}`,
      });
    }
  }
  return out;
}

/** One ship's event over `span`, placed where the ship was at its start. */
function shipEvent(
  ship: Ship,
  type: EventType,
  span: readonly [number, number],
): Pick<TruthEvent, 'type' | 'mmsi' | 'start' | 'end' | 'lat' | 'lon' | 'vessels'> {
  const p = ship.track.stateAt(span[0]);
  return {
    type,
    mmsi: [ship.identity.mmsi],
    start: iso(span[0]),
    end: iso(span[1]),
    lat: p.latDeg,
    lon: p.lonDeg,
    vessels: [ship.id],
  };
}

/** When the ship transmits inside the window: [first, last] ms, or null. */
function transmitting(ship: Ship, w: Window): [number, number] | null {
  let from = Math.max(w.startMs, ship.track.startMs);
  let to = Math.min(w.endMs, ship.track.endMs);
  for (const [a, b] of ship.aisOff) {
    if (a <= from && b > from) from = b;
    if (a < to && b >= to) to = a;
  }
  return to > from ? [from, to] : null;
}

/** An impostor transmitting while its victim does, far enough apart that one MMSI would have to jump. */
export function spoofsOf(impostor: Ship, victim: Ship, w: Window): TruthEvent[] {
  const a = transmitting(impostor, w);
  const b = transmitting(victim, w);
  if (!a || !b) return [];
  const from = Math.max(a[0], b[0]);
  const to = Math.min(a[1], b[1]);
  if (!(to > from)) return [];
  const p = impostor.track.stateAt(from);
  const q = victim.track.stateAt(from);
  const apartM = distanceM(unitOf(p.latDeg, p.lonDeg), unitOf(q.latDeg, q.lonDeg));
  return [
    {
      type: 'identity',
      mmsi: [victim.identity.mmsi],
      start: iso(from),
      end: iso(to),
      lat: p.latDeg,
      lon: p.lonDeg,
      subKind: 'impossible-speed',
      vessels: [impostor.id, victim.id],
      note: `MMSI ${victim.identity.mmsi} transmitted by two ships ${(apartM / 1000).toFixed(0)} km apart`,
    },
  ];
}

/** Why an MMSI cannot be a ship station's by the definition, or null if it can. */
export function mmsiProblem(mmsi: number): string | null {
  if (!Number.isInteger(mmsi) || mmsi < 100_000_000 || mmsi > 999_999_999) return 'not nine digits';
  const p3 = Math.floor(mmsi / 1_000_000);
  if (p3 === 970 || p3 === 972 || p3 === 974) return null;
  const craft = Math.floor(mmsi / 10_000_000) === 98;
  const mid = craft ? Math.floor(mmsi / 10_000) % 1000 : p3;
  return mid >= DEFINITIONS.midMin && mid <= DEFINITIONS.midMax ? null : `MID ${mid} not allocated`;
}

/** An MMSI no ship station may have: flagged once, at its first received position. */
export function invalidMmsiOf(ship: Ship, w: Window): TruthEvent[] {
  const problem = mmsiProblem(ship.identity.mmsi);
  const span = transmitting(ship, w);
  if (problem === null || !span) return [];
  return [
    {
      ...shipEvent(ship, 'identity', span),
      subKind: 'invalid-mmsi',
      note: `MMSI ${ship.identity.mmsi}: ${problem}`,
    },
  ];
}

/** A name as the detector compares it: upper case, '@' padding and extra spaces removed. */
export function normalName(name: string): string {
  return name.replace(/@+$/, '').trim().replace(/\s+/g, ' ').toUpperCase();
}

/** The transmitting span (within the window) that holds `tMs` or, if silent then, the next one. */
function spanFrom(ship: Ship, w: Window, tMs: number): [number, number] | null {
  let from = Math.max(w.startMs, ship.track.startMs, tMs);
  const to = Math.min(w.endMs, ship.track.endMs);
  for (const [a, b] of ship.aisOff) if (a <= from && b > from) from = b;
  if (!(to > from)) return null;
  let end = to;
  for (const [a] of ship.aisOff) if (a > from && a < end) end = a;
  return [from, end];
}

/**
 * Changes of the transmitted IMO number or name. Each one seen (the ship transmitted its old
 * identity inside the window, and transmits again after the change) must fire from the change
 * (or the first transmission after it) to the end of that transmitting span; the IMO only for
 * class A ships, whose type 5 carries it. A name that differs only in padding or case must not.
 */
export function identityChangesOf(ship: Ship, w: Window): { must: TruthEvent[]; mustNot: TruthEvent[] } {
  const must: TruthEvent[] = [];
  const mustNot: TruthEvent[] = [];
  const first = transmitting(ship, w);
  for (const c of ship.identityChanges ?? []) {
    if (!first || first[0] >= c.tMs) continue;
    const span = spanFrom(ship, w, c.tMs);
    if (!span) continue;
    const was = identityAt(ship, c.tMs - 1);
    const ev = shipEvent(ship, 'identity', span);
    if (c.imo !== undefined && c.imo !== was.imo && ship.identity.aisClass === 'A')
      must.push({ ...ev, subKind: 'imo-changed', note: `IMO ${was.imo ?? 'none'} -> ${c.imo}` });
    if (c.shipname !== undefined && c.shipname !== was.shipname) {
      const real = normalName(c.shipname) !== normalName(was.shipname);
      (real ? must : mustNot).push({
        ...ev,
        subKind: 'name-changed',
        note: real
          ? `name '${was.shipname}' -> '${c.shipname}'`
          : `name '${was.shipname}' -> '${c.shipname}': padding or case only`,
      });
    }
  }
  return { must, mustNot };
}

/**
 * GPS glitches that put the reports on land, while the ship transmits: a position on land over
 * the glitch, and two places at once when the false point lies farther than the jump threshold
 * from the true position as the glitch begins (or ends). Returns the glitches whose point lies
 * too near the shore to count as land (the caller names them).
 */
export function glitchesOf(
  ship: Ship,
  w: Window,
  shore: ShoreIndex,
): { must: TruthEvent[]; tooNearShore: number[] } {
  const must: TruthEvent[] = [];
  const tooNearShore: number[] = [];
  (ship.gpsGlitches ?? []).forEach((g, k) => {
    const inlandM = shore.distanceM(g.latDeg, g.lonDeg);
    if (inlandM < DEFINITIONS.landMinInlandM) {
      tooNearShore.push(k);
      return;
    }
    const from = Math.max(g.fromMs, w.startMs, ship.track.startMs);
    const to = Math.min(g.toMs, w.endMs, ship.track.endMs);
    if (!(to > from) || !aisOnThroughout(ship, from, to)) return;
    const ev = {
      type: 'identity' as const,
      mmsi: [ship.identity.mmsi],
      start: iso(from),
      end: iso(to),
      lat: g.latDeg,
      lon: g.lonDeg,
      vessels: [ship.id],
    };
    must.push({
      ...ev,
      subKind: 'position-on-land',
      note: `GPS glitch: reports ${(inlandM / 1000).toFixed(0)} km from the shore samples, on land`,
    });
    const jumpM = (t: number) => {
      const s = ship.track.stateAt(t);
      return distanceM(unitOf(s.latDeg, s.lonDeg), unitOf(g.latDeg, g.lonDeg));
    };
    const jump = Math.max(jumpM(from), jumpM(to));
    if (jump > DEFINITIONS.identityMinJumpM)
      must.push({
        ...ev,
        subKind: 'impossible-speed',
        note: `GPS glitch: the reports jump ${(jump / 1000).toFixed(0)} km between two fixes`,
      });
  });
  return { must, tooNearShore };
}

export function watchListed(id: Identity, list: MaritimeScenario['watchList']): boolean {
  return list.some(
    (e) =>
      (e.mmsi !== undefined && e.mmsi === id.mmsi) ||
      (e.imo !== undefined && e.imo === id.imo) ||
      (e.name !== undefined && e.name.trim().toUpperCase() === id.shipname.trim().toUpperCase()),
  );
}

export function watchlistOf(ship: Ship, w: Window): TruthEvent[] {
  const span = transmitting(ship, w);
  if (!span) return [];
  return [
    {
      ...shipEvent(ship, 'watchlist', span),
      note: `${ship.identity.shipname} is on the watch list`,
    },
  ];
}

/** Dark contacts: a ship seen while its AIS is silent; one event per ship and sensor, contacts within an hour joined. */
export function darkOf(contacts: readonly Contact[], ships: ReadonlyMap<string, Ship>): TruthEvent[] {
  const out: TruthEvent[] = [];
  const open = new Map<string, { first: Contact; last: Contact }>();
  const flush = (k: string) => {
    const g = open.get(k)!;
    const ship = ships.get(g.first.shipId)!;
    const p = ship.track.stateAt(g.first.tMs);
    out.push({
      type: 'dark',
      mmsi: [],
      start: iso(g.first.tMs),
      end: iso(g.last.tMs),
      lat: p.latDeg,
      lon: p.lonDeg,
      vessels: [ship.id],
      note: `${g.first.sensorId} sees ${ship.id} while its AIS is silent`,
    });
    open.delete(k);
  };
  for (const c of contacts) {
    if (!c.aisSilent) continue;
    const k = `${c.shipId}|${c.sensorId}`;
    const g = open.get(k);
    if (g && c.tMs - g.last.tMs > 3_600_000) flush(k);
    const h = open.get(k);
    if (h) h.last = c;
    else open.set(k, { first: c, last: c });
  }
  for (const k of [...open.keys()]) flush(k);
  return out;
}

export { placeUnits };
