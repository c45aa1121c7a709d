import { MEAN_EARTH_RADIUS_M } from '../../geo/index.js';

const M_PER_DEG = (MEAN_EARTH_RADIUS_M * Math.PI) / 180;

/**
 * A hash grid of moving points (vessels' latest positions), for "who is within r of here" in
 * O(points nearby). Flatbush is static (built once), so moving vessels go here; the static
 * reference geometry (coast, ports, zones) goes into flatbush.
 */
export class SpatialGrid {
  private readonly cells = new Map<number, Set<number>>();
  private readonly cellOf = new Map<number, number>();

  constructor(private readonly cellDeg = 0.01) {}

  private key(latIdx: number, lonIdx: number): number {
    const nLon = Math.ceil(360 / this.cellDeg) + 2;
    return latIdx * nLon + (((lonIdx % nLon) + nLon) % nLon);
  }

  /** Moves `id` to (lat, lon). */
  set(id: number, latDeg: number, lonDeg: number): void {
    const k = this.key(Math.floor(latDeg / this.cellDeg), Math.floor(lonDeg / this.cellDeg));
    const old = this.cellOf.get(id);
    if (old === k) return;
    if (old !== undefined) {
      const s = this.cells.get(old);
      s?.delete(id);
      if (s && s.size === 0) this.cells.delete(old);
    }
    let s = this.cells.get(k);
    if (!s) {
      s = new Set();
      this.cells.set(k, s);
    }
    s.add(id);
    this.cellOf.set(id, k);
  }

  get size(): number {
    return this.cellOf.size;
  }

  /** Ids in the cells that overlap the box of radius `radiusM` around (lat, lon); callers test exact distance. */
  *near(latDeg: number, lonDeg: number, radiusM: number): Generator<number> {
    const dLat = radiusM / M_PER_DEG;
    const dLon = dLat / Math.max(Math.cos((latDeg * Math.PI) / 180), 0.01);
    const la0 = Math.floor((latDeg - dLat) / this.cellDeg);
    const la1 = Math.floor((latDeg + dLat) / this.cellDeg);
    const lo0 = Math.floor((lonDeg - dLon) / this.cellDeg);
    const lo1 = Math.min(lo0 + Math.ceil(360 / this.cellDeg), Math.floor((lonDeg + dLon) / this.cellDeg));
    for (let a = la0; a <= la1; a++) {
      for (let o = lo0; o <= lo1; o++) {
        const s = this.cells.get(this.key(a, o));
        if (s) yield* s;
      }
    }
  }
}
