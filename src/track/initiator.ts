import type { Confirmer, Detection, Initiator, Track } from './types.js';

/** Parameters of the two-point initiator. */
export interface TwoPointInitiatorOptions {
  /** Fastest target to expect, m/s: the velocity prior (7,500 m/s covers ballistic missiles up to ~7 km/s). */
  maxSpeedMps?: number;
  /** Chi-square value scaling the position-noise allowance on the pairing distance. */
  gateChi2?: number;
  /** Oldest earlier detection that may start a pair, seconds. */
  maxPairGapS?: number;
  /** Earlier scans of the same sensor kept for pairing. */
  poolScans?: number;
}

interface PoolScan {
  tS: number;
  n: number;
  pos: Float64Array;
  cov: Float64Array;
  /** Indices sorted by ECEF x, for the slab search. */
  order: Int32Array;
  sortedX: Float64Array;
  used: Uint8Array;
  /** Largest position-covariance trace in the scan: bounds the slab half-width. */
  maxTrace: number;
}

/** A fresh tentative track; the tracker owns it from here. */
export function newTrack(id: number, tS: number, x: Float64Array, P: Float64Array): Track {
  return {
    id,
    tS,
    x,
    P,
    status: 'tentative',
    hits: 1,
    misses: 0,
    missesInRow: 0,
    historyBits: 1,
    historyLength: 1,
    sensorsSeen: 0,
    lastHitS: tS,
    everConfirmed: false,
  };
}

/** Bit of the `sensorsSeen` mask for a sensor index (31 and above share the top bit). */
export function sensorBit(sensor: number): number {
  return 1 << Math.min(Math.max(sensor, 0), 31);
}

/**
 * Two-point initiation (Stone Soup: a two-point variant of MultiMeasurementInitiator). Each
 * unassociated detection is kept for `poolScans` scans of its own sensor. A later detection of
 * the same sensor pairs with a kept one if the implied speed is within the velocity prior:
 * |p2 - p1| <= vmax dt + sqrt(gate (tr C1 + tr C2)). The pair gives x = [p2, (p2 - p1) / dt]
 * with P = [[C2, C2/dt], [C2/dt, (C1 + C2)/dt^2]], the exact covariance of that difference
 * estimate — wide enough (hundreds of m/s at 10 Hz) that the filter takes over from the second
 * update. Pairing stays within one sensor so that inter-sensor biases cannot fake a velocity;
 * the nearest kept detection of the most recent earlier scan wins. Kept detections are used
 * once. Returns new tentative tracks with two hits.
 *
 * @example
 * const init = twoPointInitiator({ maxSpeedMps: 7500 });
 * init.initiate([detAt0], 0, nextId); // [] — kept
 * init.initiate([detAt01], 0.1, nextId); // [track] with velocity (p(0.1) - p(0)) / 0.1
 */
export function twoPointInitiator(options: TwoPointInitiatorOptions = {}): Initiator {
  const vmax = options.maxSpeedMps ?? 7500;
  const gate = options.gateChi2 ?? 16.266;
  const maxGapS = options.maxPairGapS ?? 5;
  const poolScans = options.poolScans ?? 2;
  const pools = new Map<number, PoolScan[]>();
  const pos = new Float64Array(3);
  const cov = new Float64Array(9);

  function findPartner(scan: PoolScan, tS: number): number {
    const dt = tS - scan.tS;
    if (!(dt > 0) || dt > maxGapS) return -1;
    const trC2 = cov[0]! + cov[4]! + cov[8]!;
    // Slab half-width uses the largest noise allowance any kept detection could need.
    const slab = vmax * dt + Math.sqrt(gate * (trC2 + scan.maxTrace));
    let lo = 0;
    let hi = scan.n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (scan.sortedX[mid]! < pos[0]! - slab) lo = mid + 1;
      else hi = mid;
    }
    let best = -1;
    let bestD2 = Number.POSITIVE_INFINITY;
    for (let k = lo; k < scan.n && scan.sortedX[k]! <= pos[0]! + slab; k++) {
      const i = scan.order[k]!;
      if (scan.used[i]) continue;
      const dx = pos[0]! - scan.pos[i * 3]!;
      const dy = pos[1]! - scan.pos[i * 3 + 1]!;
      const dz = pos[2]! - scan.pos[i * 3 + 2]!;
      const d2 = dx * dx + dy * dy + dz * dz;
      const tr = scan.cov[i * 9]! + scan.cov[i * 9 + 4]! + scan.cov[i * 9 + 8]!;
      const limit = vmax * dt + Math.sqrt(gate * (trC2 + tr));
      if (d2 <= limit * limit && d2 < bestD2) {
        best = i;
        bestD2 = d2;
      }
    }
    return best;
  }

  return {
    initiate(detections: readonly Detection[], tS: number, newId: () => number): Track[] {
      const born: Track[] = [];
      // Group by sensor; each sensor has its own pool.
      const bySensor = new Map<number, Detection[]>();
      for (const d of detections) {
        let list = bySensor.get(d.sensor);
        if (!list) {
          list = [];
          bySensor.set(d.sensor, list);
        }
        list.push(d);
      }
      for (const [sensor, dets] of bySensor) {
        let pool = pools.get(sensor);
        if (!pool) {
          pool = [];
          pools.set(sensor, pool);
        }
        // Drop scans too old to pair with anything from now on.
        while (pool.length > 0 && tS - pool[0]!.tS > maxGapS) pool.shift();
        const keep = new Uint8Array(dets.length);
        for (let d = 0; d < dets.length; d++) {
          const det = dets[d]!;
          det.model.toPosition(det.z, det.R, pos, cov);
          let partner = -1;
          let scan: PoolScan | undefined;
          for (let s = pool.length - 1; s >= 0 && partner < 0; s--) {
            scan = pool[s]!;
            partner = findPartner(scan, tS);
          }
          if (partner < 0 || !scan) {
            keep[d] = 1;
            continue;
          }
          scan.used[partner] = 1;
          const dt = tS - scan.tS;
          const x = new Float64Array(6);
          const P = new Float64Array(36);
          for (let i = 0; i < 3; i++) {
            x[i] = pos[i]!;
            x[i + 3] = (pos[i]! - scan.pos[partner * 3 + i]!) / dt;
            for (let j = 0; j < 3; j++) {
              const c2 = cov[i * 3 + j]!;
              const c1 = scan.cov[partner * 9 + i * 3 + j]!;
              P[i * 6 + j] = c2;
              P[i * 6 + j + 3] = c2 / dt;
              P[(i + 3) * 6 + j] = c2 / dt;
              P[(i + 3) * 6 + j + 3] = (c1 + c2) / (dt * dt);
            }
          }
          const track = newTrack(newId(), tS, x, P);
          // The earlier detection counts as a hit one scan before this one.
          track.hits = 2;
          track.historyBits = 0b11;
          track.historyLength = 2;
          track.sensorsSeen = sensorBit(sensor);
          born.push(track);
        }
        let n = 0;
        for (let d = 0; d < dets.length; d++) if (keep[d]) n++;
        if (n === 0) continue;
        const scan: PoolScan = {
          tS,
          n,
          pos: new Float64Array(3 * n),
          cov: new Float64Array(9 * n),
          order: new Int32Array(n),
          sortedX: new Float64Array(n),
          used: new Uint8Array(n),
          maxTrace: 0,
        };
        let k = 0;
        for (let d = 0; d < dets.length; d++) {
          if (!keep[d]) continue;
          const det = dets[d]!;
          det.model.toPosition(det.z, det.R, pos, cov);
          scan.pos.set(pos, k * 3);
          scan.cov.set(cov, k * 9);
          scan.maxTrace = Math.max(scan.maxTrace, cov[0]! + cov[4]! + cov[8]!);
          scan.order[k] = k;
          k++;
        }
        scan.order.sort((a, b) => scan.pos[a * 3]! - scan.pos[b * 3]!);
        for (let i = 0; i < n; i++) scan.sortedX[i] = scan.pos[scan.order[i]! * 3]!;
        pool.push(scan);
        while (pool.length > poolScans) pool.shift();
      }
      return born;
    },
  };
}

/** Parameters of M-of-N confirmation. */
export interface MOfNOptions {
  /** Hits needed within the window. */
  m?: number;
  /** Window: this many most recent scans. */
  n?: number;
}

/**
 * M-of-N confirmation: a tentative track is confirmed once M of its last N scans were hits
 * (the two detections that started it count as two).
 *
 * @example
 * const c = mOfNConfirmer({ m: 3, n: 4 });
 * c.shouldConfirm({ ...track, historyBits: 0b1011, historyLength: 4 }); // true: 3 hits in 4
 */
export function mOfNConfirmer(
  options: MOfNOptions = {},
): Confirmer & { readonly m: number; readonly n: number } {
  const m = options.m ?? 4;
  const n = options.n ?? 5;
  if (!(m >= 1 && n >= m && n <= 30))
    throw new RangeError(`M-of-N needs 1 <= M <= N <= 30, got ${m} of ${n}`);
  return {
    m,
    n,
    shouldConfirm(track: Track): boolean {
      return popcount(track.historyBits & ((1 << n) - 1)) >= m;
    },
  };
}

/** Number of set bits in a 32-bit integer. */
export function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
