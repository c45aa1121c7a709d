import { radioHorizonM } from '../../geo/index.js';
import type { AisRecord } from './ais.js';
import { distanceM, type Unit, unitOf } from './sphere.js';

/** A nation's coastal AIS receiver (a base station or a shore receiver). */
export interface AisReceiver {
  /** Carried as the tag block's `s:` on the lines it hears. */
  readonly id: string;
  readonly nation: string;
  readonly latDeg: number;
  readonly lonDeg: number;
  /** Antenna height above the sea, m. */
  readonly antennaHM: number;
}

/**
 * Ships' AIS antenna heights above the sea, m (assumed): a class A transponder's antenna high on a
 * merchant ship's mast or wheelhouse top; a class B one on a small craft.
 */
export const SHIP_ANTENNA_HM = { A: 20, B: 4 } as const;

/**
 * How far a receiver hears a ship: the two radio horizons added over the 4/3 Earth (VHF, line of
 * sight; terrain, ducting and power budget not modelled).
 *
 * @example receiverRangeM({ antennaHM: 50, ... }, 'A') // ~47_600 (25.7 nm)
 */
export function receiverRangeM(rx: Pick<AisReceiver, 'antennaHM'>, aisClass: 'A' | 'B'): number {
  return radioHorizonM(rx.antennaHM, SHIP_ANTENNA_HM[aisClass]);
}

/** The AIS class that sends a message type: 18, 19 and 24 are class B's, the rest class A's. */
export function classOfType(type: number): 'A' | 'B' {
  return type === 18 || type === 19 || type === 24 ? 'B' : 'A';
}

/** One message as one nation heard it: by which of its receivers. */
export interface Heard {
  readonly nation: string;
  readonly receiver: AisReceiver;
  readonly record: AisRecord;
}

/**
 * Routes a stream of received AIS messages to the nations whose receivers hear them: each nation
 * hears a message when one of its receivers is within range (`receiverRangeM`) of the ship, and
 * hears it by the nearest such receiver. A position report is placed where it says; a static
 * message (types 5, 24) where the same MMSI's last position report put it, and is heard by
 * nobody before that ship has reported a position. Pure and lazy, in input order (within one
 * message, nations in the order of `receivers`).
 */
export function* byCoverage(
  records: Iterable<AisRecord>,
  receivers: readonly AisReceiver[],
): Generator<Heard> {
  const nations = [...new Set(receivers.map((r) => r.nation))];
  const sites = receivers.map((r) => {
    if (!(r.antennaHM >= 0 && Math.abs(r.latDeg) <= 90 && Math.abs(r.lonDeg) <= 180))
      throw new RangeError(`invariant: receiver ${r.id} has an impossible position or height`);
    return {
      r,
      u: unitOf(r.latDeg, r.lonDeg),
      rangeM: { A: receiverRangeM(r, 'A'), B: receiverRangeM(r, 'B') },
    };
  });
  const byNation = nations.map((n) => sites.filter((s) => s.r.nation === n));
  const lastAt = new Map<number, Unit>();
  for (const record of records) {
    let at: Unit | undefined;
    if (record.lat !== undefined && record.lon !== undefined) {
      at = unitOf(record.lat, record.lon);
      lastAt.set(record.mmsi, at);
    } else {
      at = lastAt.get(record.mmsi);
    }
    if (!at) continue;
    const cls = classOfType(record.type);
    for (const list of byNation) {
      let best: (typeof sites)[number] | undefined;
      let bestM = Number.POSITIVE_INFINITY;
      for (const s of list) {
        const d = distanceM(at, s.u);
        if (d <= s.rangeM[cls] && d < bestM) {
          best = s;
          bestM = d;
        }
      }
      if (best) yield { nation: best.r.nation, receiver: best.r, record };
    }
  }
}
