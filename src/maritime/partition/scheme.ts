import { DEFAULT_PARAMS, type DetectParams } from '../detect/index.js';

/** Metres per degree of latitude (mean Earth radius 6,371 km). */
const M_PER_DEG = 111_195;
const KN_MPS = 1852 / 3600;

/**
 * How the stream is cut into partitions. Spatial: the sea is a grid of `cellDeg` cells, each
 * owned by one partition (`cellOwner`); a partition's pair detectors see every fix within
 * `bandM` of its cells (its core plus the overlap band). Per vessel: an MMSI belongs to one
 * partition (`vesselPartition`), which holds that vessel's whole state.
 */
export interface PartitionScheme {
  readonly partitions: number;
  /** Side of a spatial cell, degrees; divides 360. */
  readonly cellDeg: number;
  /** Width of the overlap band around a partition's cells, m. */
  readonly bandM: number;
}

/**
 * The narrowest band with which pair detectors decide exactly what one process decides, for the
 * parameters `p`, plus `driftM`, the distance a pair may drift from the cell that owns its event
 * (see docs/ais.md, "Partitioned ingest"):
 * - encounter: a vessel within `maxDistanceM` of a fix in the core, whose latest fix may be
 *   `maxFixAgeMs` old and which may have moved at `dark.maxSpeedKn` since (so a vessel that left
 *   the band cannot look present): maxDistanceM + maxSpeed * maxFixAge (500 m + 18.5 km);
 * - dark contacts: the association search radius, gateM + maxSpeed * gateTime (1.85 + 37 km),
 *   plus twice a contact's position error.
 */
export function minimumBandM(p: DetectParams = DEFAULT_PARAMS, driftM = 0, contactErrorM = 0): number {
  const speed = p.dark.maxSpeedKn * KN_MPS;
  const encounter = p.encounter.maxDistanceM + speed * (p.encounter.maxFixAgeMs / 1000) + driftM;
  const dark = p.dark.gateM + 2 * contactErrorM + speed * (p.dark.gateTimeMs / 1000);
  return Math.max(encounter, dark);
}

/**
 * Ours: 2-degree cells (a few hundred per busy sea: enough to spread over tens of workers) and a
 * 50 km band: the dark contacts' 38.9 km search with a contact error of up to 5.5 km, and
 * encounters drifting up to 31 km (2 kn for 8 h, beyond GFW's 2 h minimum) from their cell.
 */
export const DEFAULT_CELL_DEG = 2;
export const DEFAULT_BAND_M = 50_000;

export function partitionScheme(o: {
  partitions: number;
  cellDeg?: number;
  bandM?: number;
}): PartitionScheme {
  const cellDeg = o.cellDeg ?? DEFAULT_CELL_DEG;
  const bandM = o.bandM ?? DEFAULT_BAND_M;
  if (!Number.isInteger(o.partitions) || o.partitions < 1 || o.partitions > 1024)
    throw new RangeError(`partitions must be a whole number from 1 to 1024, not ${o.partitions}`);
  if (!(cellDeg > 0) || cellDeg > 90 || !Number.isInteger(360 / cellDeg))
    throw new RangeError(`cellDeg must divide 360 (e.g. 0.5, 1, 2), not ${cellDeg}`);
  if (!(bandM >= 0) || bandM > 1_000_000) throw new RangeError(`bandM must be 0 to 1,000 km, not ${bandM}`);
  return { partitions: o.partitions, cellDeg, bandM };
}

const mod = (a: number, n: number) => ((a % n) + n) % n;

/** The cell of a position: column (longitude) and row (latitude). */
export function cellOf(s: PartitionScheme, latDeg: number, lonDeg: number): { cx: number; cy: number } {
  const lonCells = Math.round(360 / s.cellDeg);
  return { cx: mod(Math.floor(lonDeg / s.cellDeg), lonCells), cy: Math.floor(latDeg / s.cellDeg) };
}

/**
 * The partition that owns a cell. With two partitions it is a checkerboard (every cell edge is a
 * partition boundary); with more, neighbours along a row or a column differ when 31 and 17 are
 * not multiples of the count.
 */
export function cellOwner(s: PartitionScheme, cx: number, cy: number): number {
  return mod(cx * 31 + cy * 17, s.partitions);
}

/** The partition whose core holds a position (owns the events placed there). */
export function ownerOf(s: PartitionScheme, latDeg: number, lonDeg: number): number {
  const { cx, cy } = cellOf(s, latDeg, lonDeg);
  return cellOwner(s, cx, cy);
}

/** The partition holding one vessel's state (per-vessel detectors). */
export function vesselPartition(s: PartitionScheme, mmsi: number): number {
  // Fibonacci hashing: MMSIs share prefixes (country codes), so their low digits are not enough.
  return (Math.imul(mmsi, 0x9e3779b1) >>> 0) % s.partitions;
}

/**
 * Every partition whose core or band holds a position: the owners of all cells meeting the box
 * `bandM` around it (a superset of the cells within `bandM`: more fixes never make a partition's
 * decisions differ, fewer would).
 */
export function spatialPartitions(s: PartitionScheme, latDeg: number, lonDeg: number): number[] {
  if (s.partitions === 1) return [0];
  const dLat = s.bandM / M_PER_DEG;
  const maxLat = Math.min(89.9, Math.abs(latDeg) + dLat);
  const dLon = Math.min(180, s.bandM / (M_PER_DEG * Math.cos((maxLat * Math.PI) / 180)));
  const lonCells = Math.round(360 / s.cellDeg);
  const y0 = Math.floor((latDeg - dLat) / s.cellDeg);
  const y1 = Math.floor((latDeg + dLat) / s.cellDeg);
  const x0 = Math.floor((lonDeg - dLon) / s.cellDeg);
  const x1 = Math.min(x0 + lonCells - 1, Math.floor((lonDeg + dLon) / s.cellDeg));
  const out: number[] = [];
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const k = cellOwner(s, mod(x, lonCells), y);
      if (!out.includes(k)) out.push(k);
      if (out.length === s.partitions) return out;
    }
  }
  return out;
}
