import { TrackInvariantError } from './linalg.js';

/** Reusable work arrays, grown on demand, so repeated solves do not allocate. */
let u = new Float64Array(0);
let v = new Float64Array(0);
let minv = new Float64Array(0);
let p = new Int32Array(0);
let way = new Int32Array(0);
let used = new Uint8Array(0);

function ensure(rows: number, cols: number): void {
  if (u.length < rows + 1) u = new Float64Array(rows + 1);
  if (v.length < cols + 1) {
    v = new Float64Array(cols + 1);
    minv = new Float64Array(cols + 1);
    p = new Int32Array(cols + 1);
    way = new Int32Array(cols + 1);
    used = new Uint8Array(cols + 1);
  }
}

/**
 * Minimum-cost assignment of every row to a distinct column (rows <= columns), by shortest
 * augmenting paths with dual potentials — the Hungarian method in the O(n^2 m) form that
 * Jonker and Volgenant's algorithm refines. `cost` is row-major rows x cols; `Infinity` marks a
 * forbidden pair (outside the gate). Writes the chosen column of each row into `rowToCol` and
 * returns the total cost. Throws if some row cannot be assigned at finite cost.
 *
 * @example
 * const a = new Int32Array(2);
 * solveAssignment(Float64Array.of(4, 1, 3, 2, 0, 5), 2, 3, a); // 3; a = [1, 0]
 */
export function solveAssignment(
  cost: Float64Array,
  rows: number,
  cols: number,
  rowToCol: Int32Array,
): number {
  if (rows > cols) throw new RangeError(`solveAssignment: ${rows} rows > ${cols} columns; transpose first`);
  if (rows === 0) return 0;
  ensure(rows, cols);
  u.fill(0, 0, rows + 1);
  v.fill(0, 0, cols + 1);
  p.fill(0, 0, cols + 1);
  way.fill(0, 0, cols + 1);
  // 1-based: column 0 is the virtual start of each augmenting path.
  for (let i = 1; i <= rows; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(Number.POSITIVE_INFINITY, 0, cols + 1);
    used.fill(0, 0, cols + 1);
    do {
      used[j0] = 1;
      const i0 = p[j0]!;
      let delta = Number.POSITIVE_INFINITY;
      let j1 = -1;
      const base = (i0 - 1) * cols - 1;
      const ui0 = u[i0]!;
      for (let j = 1; j <= cols; j++) {
        if (used[j]) continue;
        const cur = cost[base + j]! - ui0 - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      if (j1 < 0 || !Number.isFinite(delta)) {
        throw new TrackInvariantError(`solveAssignment: row ${i - 1} has no finite assignment`);
      }
      for (let j = 0; j <= cols; j++) {
        if (used[j]) {
          u[p[j]!] = u[p[j]!]! + delta;
          v[j] = v[j]! - delta;
        } else {
          minv[j] = minv[j]! - delta;
        }
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  let total = 0;
  for (let j = 1; j <= cols; j++) {
    const i = p[j]!;
    if (i !== 0) {
      rowToCol[i - 1] = j - 1;
      total += cost[(i - 1) * cols + j - 1]!;
    }
  }
  return total;
}
