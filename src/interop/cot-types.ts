// CoT type codes for what a Concord picture holds. Atoms (`a-`) follow MIL-STD-2525B's battle
// dimension and function id, upper case, as the CoT schema asks; where 2525 has no point for a thing
// (a predicted impact point), a lower-case CoT extension of the nearest branch, as the schema allows.

import type { Nation } from '../domain/index.js';

export const COT_TYPES = {
  /** Hostile, air, weapon, missile in flight, surface-launched, surface-to-surface (2525B S*A*WMSS). */
  hostileBallisticMissile: 'a-h-A-W-M-S-S',
  /** Sea surface tracks (2525B S*S*) by affiliation. */
  friendVessel: 'a-f-S',
  neutralVessel: 'a-n-S',
  unknownVessel: 'a-u-S',
  suspectVessel: 'a-s-S',
  /** A designated point (`b-m-p`), Concord's extension `p-i`: a predicted point of impact. */
  impactPoint: 'b-m-p-p-i',
  /** The same, `p-o`: a predicted point of overflight. */
  overflightPoint: 'b-m-p-p-o',
  /** Reservation, unsafe (hostile capability): a warned area, the point its centre, `ce` its radius. */
  warnedArea: 'r-u',
} as const;

/** AIS ship types (ITU-R M.1371) of state vessels: 35 military operations, 55 law enforcement. */
const STATE_SHIP_TYPES: ReadonlySet<number> = new Set([35, 55]);

/**
 * Maritime identification digits (the first three of an MMSI) of the nations Concord knows, from
 * the ITU's MID table. Only these are told apart; any other flag is nobody's friend here.
 */
const MIDS: Readonly<Partial<Record<Nation, readonly number[]>>> = {
  USA: [303, 338, 366, 367, 368, 369],
  JPN: [431, 432],
  KOR: [440, 441],
  AUS: [503],
  IND: [419],
  NZL: [512],
  VNM: [574],
  GBR: [232, 233, 234, 235],
  CAN: [316],
  PHL: [548],
  FRA: [226, 227, 228],
  DEU: [211, 218],
  SGP: [563, 564, 565, 566],
  TWN: [416],
  CHN: [412, 413, 414],
  PRK: [445],
  RUS: [273],
};

/** The flag of an MMSI (`MIDxxxxxx`) among the nations Concord knows, or undefined. */
export function flagOf(mmsi: number): Nation | undefined {
  if (!(Number.isInteger(mmsi) && mmsi >= 100_000_000 && mmsi <= 999_999_999)) return undefined;
  const mid = Math.floor(mmsi / 1_000_000);
  for (const [nation, mids] of Object.entries(MIDS)) if (mids!.includes(mid)) return nation as Nation;
  return undefined;
}

export type VesselAffiliation = 'friend' | 'neutral' | 'unknown' | 'suspect';

/**
 * A vessel's affiliation as CoT shows it: `suspect` when a standing maritime event names it (a
 * watch-list hit, a dark transfer, a spoofed identity, an incursion); `friend` when it is a state
 * vessel (AIS ship type 35 or 55) under the flag of one of `friends`; `unknown` when it has sent no
 * identity (no name, no ship type); otherwise `neutral` (a merchant or fishing vessel, or another
 * state's ship that has done nothing the detectors flag).
 */
export function vesselAffiliation(
  v: { readonly mmsi: number; readonly name?: string; readonly shipType?: number },
  named: ReadonlySet<number>,
  friends: ReadonlySet<Nation>,
): VesselAffiliation {
  if (named.has(v.mmsi)) return 'suspect';
  const flag = flagOf(v.mmsi);
  if (v.shipType !== undefined && STATE_SHIP_TYPES.has(v.shipType) && flag !== undefined && friends.has(flag))
    return 'friend';
  if (v.name === undefined && v.shipType === undefined) return 'unknown';
  return 'neutral';
}

export const VESSEL_TYPE: Readonly<Record<VesselAffiliation, string>> = {
  friend: COT_TYPES.friendVessel,
  neutral: COT_TYPES.neutralVessel,
  unknown: COT_TYPES.unknownVessel,
  suspect: COT_TYPES.suspectVessel,
};
