import { distanceM, NM_M, type Unit, unitOf } from './sphere.js';

/**
 * Distance from shore, from coastline sample points: the distance to the nearest sample. Between
 * samples spaced `s` apart this overstates the true distance by at most s/2, so scenarios keep
 * their thresholds (20 nm loitering, 50 nm gaps) with a margin larger than that.
 */
export interface ShoreIndex {
  /** Distance to the nearest shore point, m; `Infinity` when none lies within `capM`. */
  distanceM(latDeg: number, lonDeg: number, capM?: number): number;
  /** Whether a shore point lies within `rangeM` (memoised on a 0.05-degree grid: for reception only). */
  near(latDeg: number, lonDeg: number, rangeM: number): boolean;
}

const CELL_DEG = 0.5;
const NEAR_CELL_DEG = 0.05;

export function shoreIndex(points: readonly (readonly [number, number])[]): ShoreIndex {
  const cells = new Map<string, Unit[]>();
  const key = (i: number, j: number) => `${i},${j}`;
  for (const [lat, lon] of points) {
    const k = key(Math.floor(lat / CELL_DEG), Math.floor(lon / CELL_DEG));
    let list = cells.get(k);
    if (!list) {
      list = [];
      cells.set(k, list);
    }
    list.push(unitOf(lat, lon));
  }
  const distance = (latDeg: number, lonDeg: number, capM = 600 * NM_M): number => {
    const u = unitOf(latDeg, lonDeg);
    const i0 = Math.floor(latDeg / CELL_DEG);
    const j0 = Math.floor(lonDeg / CELL_DEG);
    const cosLat = Math.max(0.05, Math.cos((latDeg * Math.PI) / 180));
    let best = Number.POSITIVE_INFINITY;
    // Rings of cells outward until the ring is farther than the best found (or the cap).
    for (let r = 0; ; r++) {
      const ringM = Math.max(0, r - 1) * CELL_DEG * 111_000 * cosLat;
      if (ringM > Math.min(best, capM)) break;
      for (let i = i0 - r; i <= i0 + r; i++) {
        for (let j = j0 - r; j <= j0 + r; j++) {
          if (Math.max(Math.abs(i - i0), Math.abs(j - j0)) !== r) continue;
          const list = cells.get(key(i, j));
          if (!list) continue;
          for (const p of list) best = Math.min(best, distanceM(u, p));
        }
      }
    }
    return best <= capM ? best : Number.POSITIVE_INFINITY;
  };
  const nearMemo = new Map<number, number>();
  return {
    distanceM: distance,
    near(latDeg, lonDeg, rangeM) {
      const i = Math.floor(latDeg / NEAR_CELL_DEG);
      const j = Math.floor(lonDeg / NEAR_CELL_DEG);
      const k = (i + 2000) * 10_000 + (j + 4000);
      let d = nearMemo.get(k);
      if (d === undefined) {
        d = distance((i + 0.5) * NEAR_CELL_DEG, (j + 0.5) * NEAR_CELL_DEG, 300 * NM_M);
        nearMemo.set(k, d);
      }
      return d <= rangeM;
    },
  };
}
