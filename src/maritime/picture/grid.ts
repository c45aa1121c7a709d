import { MEAN_EARTH_RADIUS_M } from '../../geo/index.js';

const M_PER_DEG = (MEAN_EARTH_RADIUS_M * Math.PI) / 180;
const NONE = -1;

/**
 * A hash grid of moving points (vessels' latest positions), for "who is within r of here" in
 * O(points nearby). Flatbush is static (built once), so moving vessels go here; the static
 * reference geometry (coast, ports, zones) goes into flatbush.
 *
 * Ids are small non-negative integers (the picture's vessel slots). Each cell's ids form a
 * circular doubly-linked list threaded through typed arrays indexed by id, and one map holds the
 * first id of each occupied cell: about 20 bytes per id, where a Set per cell and a map from id
 * to cell cost ~250. A cell lists its ids in the order they entered it.
 */
export class SpatialGrid {
  /** Occupied cell key -> its first id. */
  private readonly heads = new Map<number, number>();
  /** Per id: its cell key and its neighbours in the cell's list (next = NONE when absent). */
  private cellOf = new Float64Array(0);
  private next = new Int32Array(0);
  private prev = new Int32Array(0);
  private count = 0;
  private readonly nLon: number;

  constructor(private readonly cellDeg = 0.01) {
    this.nLon = Math.ceil(360 / cellDeg) + 2;
  }

  private key(latIdx: number, lonIdx: number): number {
    return latIdx * this.nLon + (((lonIdx % this.nLon) + this.nLon) % this.nLon);
  }

  private ensure(id: number): void {
    if (id < this.cellOf.length) return;
    let cap = Math.max(1024, this.cellOf.length);
    while (cap <= id) cap *= 2;
    const c = new Float64Array(cap);
    c.set(this.cellOf);
    this.cellOf = c;
    const n = new Int32Array(cap).fill(NONE);
    n.set(this.next);
    this.next = n;
    const p = new Int32Array(cap);
    p.set(this.prev);
    this.prev = p;
  }

  /** Moves `id` (an integer >= 0) to (lat, lon). */
  set(id: number, latDeg: number, lonDeg: number): void {
    if (!(Number.isInteger(id) && id >= 0 && id < 0x7fffffff))
      throw new RangeError(`SpatialGrid: id ${id} is not a non-negative integer`);
    if (!(Number.isFinite(latDeg) && Number.isFinite(lonDeg)))
      throw new RangeError(`SpatialGrid: position (${latDeg}, ${lonDeg}) of id ${id} is not finite`);
    this.ensure(id);
    const k = this.key(Math.floor(latDeg / this.cellDeg), Math.floor(lonDeg / this.cellDeg));
    const present = this.next[id] !== NONE;
    const old = this.cellOf[id]!;
    if (present && old === k) return;
    if (present) this.unlink(id, old);
    else this.count++;
    const first = this.heads.get(k);
    if (first === undefined) {
      this.heads.set(k, id);
      this.next[id] = id;
      this.prev[id] = id;
    } else {
      // Append at the tail (the head's prev), keeping entry order.
      const last = this.prev[first]!;
      this.next[last] = id;
      this.prev[id] = last;
      this.next[id] = first;
      this.prev[first] = id;
    }
    this.cellOf[id] = k;
  }

  private unlink(id: number, k: number): void {
    const n = this.next[id]!;
    const p = this.prev[id]!;
    if (n === id) {
      this.heads.delete(k);
    } else {
      this.next[p] = n;
      this.prev[n] = p;
      if (this.heads.get(k) === id) this.heads.set(k, n);
    }
    this.next[id] = NONE;
    this.prev[id] = NONE;
  }

  get size(): number {
    return this.count;
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
        const first = this.heads.get(this.key(a, o));
        if (first === undefined) continue;
        let id = first;
        do {
          // Read the successor first: a caller may move `id` while the generator is suspended.
          const n = this.next[id]!;
          yield id;
          id = n;
        } while (id !== first && id !== NONE);
      }
    }
  }
}
