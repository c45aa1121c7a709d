import type { FeatureCollection } from 'geojson';
import { territoryIndex } from '../../geo/index.js';
import type { ShoreIndex } from './shore.js';

export interface LandIndex {
  /**
   * Whether the point is on land and at least `marginM` from the coast, so that a position in a
   * harbour, river or estuary that the coarse coastline cuts off is not called "on land".
   */
  isInland(latDeg: number, lonDeg: number): boolean;
}

const CELL_DEG = 0.05;

/**
 * Land from polygons (Natural Earth), with a per-cell memo: a cell of 0.05 degree (~5.5 km) is
 * "inland" when its centre is on land and further from the shore than the margin plus the cell's
 * half-diagonal, so every point in it is inland too. Each cell is tested once; a fix costs a map
 * lookup after that. Conservative: a point inland but within ~4 km + margin of the coast is not flagged.
 */
export function landIndex(land: FeatureCollection, shore: ShoreIndex, marginM: number): LandIndex {
  const fc: FeatureCollection = {
    type: 'FeatureCollection',
    features: land.features.map((f) => ({ ...f, properties: { nation: 'land' } })),
  };
  const territory = territoryIndex(fc);
  const memo = new Map<number, boolean>();
  const halfDiagonalM = Math.SQRT2 * (CELL_DEG / 2) * 111_195;
  return {
    isInland(latDeg, lonDeg) {
      const a = Math.floor(latDeg / CELL_DEG);
      const o = Math.floor(lonDeg / CELL_DEG);
      const key = a * 10_000 + o;
      let v = memo.get(key);
      if (v === undefined) {
        const cLat = (a + 0.5) * CELL_DEG;
        const cLon = (o + 0.5) * CELL_DEG;
        const need = marginM + halfDiagonalM;
        v = territory.nationAt(cLat, cLon) !== null && shore.distanceM(cLat, cLon, need) >= need;
        memo.set(key, v);
      }
      return v;
    },
  };
}
