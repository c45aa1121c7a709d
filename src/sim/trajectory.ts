/**
 * A flown trajectory: ECEF states (m, m/s, Earth-fixed frame) at the integrator's nodes, from
 * launch to impact. Between nodes the state is a cubic Hermite interpolation of positions and
 * velocities, which is as accurate as the RK4 steps it joins.
 */
export interface Trajectory {
  /** Seconds since launch at each node, strictly increasing. */
  readonly tS: Float64Array;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly z: Float64Array;
  readonly vx: Float64Array;
  readonly vy: Float64Array;
  readonly vz: Float64Array;
  /** Seconds after launch at which thrust ended. */
  readonly burnoutS: number;
  /** Highest ellipsoidal height reached, metres. */
  readonly apogeeM: number;
  /** Seconds after launch of the highest point. */
  readonly apogeeS: number;
  /** Where and when the body reached the ellipsoid (height 0); null if it was still flying at the time limit. */
  readonly impact: { tS: number; latDeg: number; lonDeg: number } | null;
}

/**
 * The ECEF state at `tS` seconds after launch, written into `out` as [x, y, z, vx, vy, vz].
 * Returns false (and leaves `out` alone) outside [launch, last node].
 *
 * @example
 * const s = new Float64Array(6);
 * stateAt(traj, 60, s) // true; s holds the state one minute into the flight
 */
export function stateAt(traj: Trajectory, tS: number, out: Float64Array | number[]): boolean {
  const ts = traj.tS;
  const n = ts.length;
  if (n === 0 || tS < ts[0]! || tS > ts[n - 1]!) return false;
  // Binary search for the node interval [k, k+1] holding tS.
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (ts[mid]! <= tS) lo = mid;
    else hi = mid;
  }
  if (lo === hi) {
    writeNode(traj, lo, out);
    return true;
  }
  hermite(traj, lo, hi, tS, out);
  return true;
}

function writeNode(t: Trajectory, k: number, out: Float64Array | number[]): void {
  out[0] = t.x[k]!;
  out[1] = t.y[k]!;
  out[2] = t.z[k]!;
  out[3] = t.vx[k]!;
  out[4] = t.vy[k]!;
  out[5] = t.vz[k]!;
}

function hermite(t: Trajectory, a: number, b: number, tS: number, out: Float64Array | number[]): void {
  const h = t.tS[b]! - t.tS[a]!;
  const s = (tS - t.tS[a]!) / h;
  const s2 = s * s;
  const s3 = s2 * s;
  const h00 = 2 * s3 - 3 * s2 + 1;
  const h10 = s3 - 2 * s2 + s;
  const h01 = -2 * s3 + 3 * s2;
  const h11 = s3 - s2;
  // Derivatives of the basis with respect to s; divided by h to get d/dt.
  const d00 = (6 * s2 - 6 * s) / h;
  const d10 = 3 * s2 - 4 * s + 1;
  const d01 = (-6 * s2 + 6 * s) / h;
  const d11 = 3 * s2 - 2 * s;
  const axes = [
    [t.x, t.vx],
    [t.y, t.vy],
    [t.z, t.vz],
  ] as const;
  for (let i = 0; i < 3; i++) {
    const [p, v] = axes[i]!;
    const p0 = p[a]!;
    const p1 = p[b]!;
    const v0 = v[a]!;
    const v1 = v[b]!;
    out[i] = h00 * p0 + h10 * h * v0 + h01 * p1 + h11 * h * v1;
    out[i + 3] = d00 * p0 + d10 * v0 + d01 * p1 + d11 * v1;
  }
}
