import type { Rng } from '../rng.js';
import type { ShipKind, TrafficRegion } from './schema.js';

/**
 * Ship identities by kind: AIS ship type (ITU-R M.1371-5 table 53: 30 fishing, 55 law
 * enforcement, 60 passenger, 70 cargo, 80 tanker), AIS class, speed range and length range
 * (typical figures for the kind, assumed), and plausible MMSIs, IMO numbers, names and call signs.
 */
export interface KindProfile {
  readonly shiptype: number;
  readonly aisClass: 'A' | 'B';
  /** Service speed range, kn (background ships never sail slower than 3 kn). */
  readonly speedKn: readonly [number, number];
  readonly lengthM: readonly [number, number];
}

export const KIND_PROFILES: Readonly<Record<ShipKind, KindProfile>> = {
  tanker: { shiptype: 80, aisClass: 'A', speedKn: [10, 14.5], lengthM: [120, 330] },
  cargo: { shiptype: 70, aisClass: 'A', speedKn: [11, 20], lengthM: [90, 366] },
  fishing: { shiptype: 30, aisClass: 'B', speedKn: [3, 5], lengthM: [15, 45] },
  passenger: { shiptype: 60, aisClass: 'A', speedKn: [15, 22], lengthM: [80, 200] },
  government: { shiptype: 55, aisClass: 'A', speedKn: [8, 14], lengthM: [60, 130] },
};

/** Default relative share of each kind in background traffic. */
export const DEFAULT_MIX: Readonly<Record<ShipKind, number>> = {
  tanker: 2,
  cargo: 4,
  fishing: 3,
  passenger: 0.5,
  government: 0.5,
};

/**
 * Maritime identification digits (ITU MID table) of the flags seen in each region: China
 * 412/413/414, Hong Kong 477, Taiwan 416, Japan 431/432, Korea 440/441, Russia 273, Viet Nam
 * 574, Philippines 548, Singapore 563/564, Panama 351-357, Liberia 636, Marshall Islands 538.
 */
const FLAG_MIDS: Readonly<Record<TrafficRegion, readonly number[]>> = {
  'yellow-sea': [412, 413, 414, 440, 441, 477, 351, 636, 538],
  'east-china-sea': [412, 413, 416, 431, 440, 477, 352, 636, 538, 563],
  'sea-of-japan': [431, 432, 440, 441, 273, 353, 636],
  'south-china-sea': [412, 413, 477, 416, 574, 548, 563, 564, 354, 636, 538],
};
/** Fishing boats and patrol ships fly the coastal states' flags. */
const COASTAL_MIDS: Readonly<Record<TrafficRegion, readonly number[]>> = {
  'yellow-sea': [412, 413, 440],
  'east-china-sea': [412, 413, 431, 440],
  'sea-of-japan': [431, 440, 273],
  'south-china-sea': [412, 574, 548],
};

const WORDS = [
  'OCEAN',
  'PACIFIC',
  'STAR',
  'GLORY',
  'FORTUNE',
  'HARMONY',
  'PEARL',
  'DRAGON',
  'PHOENIX',
  'GRACE',
  'VENTURE',
  'SPIRIT',
  'DAWN',
  'HORIZON',
  'BRIDGE',
  'CROWN',
  'LOTUS',
  'JADE',
  'ORIENT',
  'SUMMIT',
];

/** A valid IMO ship number: six digits and a check digit (sum of digit x weight 7..2, mod 10). */
export function imoWithCheckDigit(sixDigits: number): number {
  const s = String(sixDigits).padStart(6, '0');
  let sum = 0;
  for (let i = 0; i < 6; i++) sum += Number(s[i]) * (7 - i);
  return sixDigits * 10 + (sum % 10);
}

export function isValidImo(imo: number): boolean {
  return (
    Number.isInteger(imo) &&
    imo >= 1_000_000 &&
    imo <= 9_999_999 &&
    imoWithCheckDigit(Math.floor(imo / 10)) === imo
  );
}

export interface Identity {
  readonly mmsi: number;
  readonly imo: number | undefined;
  readonly shipname: string;
  readonly callsign: string;
  readonly shiptype: number;
  readonly aisClass: 'A' | 'B';
  readonly lengthM: number;
  readonly beamM: number;
}

/** A fresh background identity; `taken` holds the MMSIs already used (updated). */
export function drawIdentity(rng: Rng, kind: ShipKind, region: TrafficRegion, taken: Set<number>): Identity {
  const p = KIND_PROFILES[kind];
  const mids = kind === 'fishing' || kind === 'government' ? COASTAL_MIDS[region] : FLAG_MIDS[region];
  let mmsi = 0;
  do {
    mmsi = mids[rng.int(mids.length)]! * 1_000_000 + 100_000 + rng.int(900_000);
  } while (taken.has(mmsi));
  taken.add(mmsi);
  const lengthM = Math.round(p.lengthM[0] + rng.next() * (p.lengthM[1] - p.lengthM[0]));
  const word = WORDS[rng.int(WORDS.length)]!;
  const shipname =
    kind === 'fishing'
      ? `${word.slice(0, 4)}YU ${100 + rng.int(900)}`
      : `${word} ${WORDS[rng.int(WORDS.length)]}`.slice(0, 20);
  const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
  const callsign = `${letters[rng.int(letters.length)]}${letters[rng.int(letters.length)]}${1000 + rng.int(9000)}`;
  return {
    mmsi,
    // Small fishing boats carry no IMO number.
    imo: kind === 'fishing' ? undefined : imoWithCheckDigit(900_000 + rng.int(99_999)),
    shipname,
    callsign,
    shiptype: p.shiptype,
    aisClass: p.aisClass,
    lengthM,
    beamM: Math.max(4, Math.round(lengthM / 6.5)),
  };
}
