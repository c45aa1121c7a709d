import { initialBearingDeg } from '../../geo/index.js';
import { angleRad, KN_MPS, slerp, type Unit, unitOf } from './sphere.js';

/** AIS navigational status codes (ITU-R M.1371-5, message 1 field 'status'). */
export const NAV_STATUS = { underway: 0, anchored: 1, moored: 5, fishing: 7 } as const;
export type NavStatus = (typeof NAV_STATUS)[keyof typeof NAV_STATUS];

/** A point a ship reaches at a time; the leg to the next knot is a great circle at constant speed. */
export interface Knot {
  readonly tMs: number;
  readonly latDeg: number;
  readonly lonDeg: number;
  /** Navigational status on the leg that starts here. */
  readonly status: NavStatus;
}

export interface TrackState {
  readonly latDeg: number;
  readonly lonDeg: number;
  readonly speedKn: number;
  /** Course over ground, degrees true; the last leg's course when stopped. */
  readonly courseDeg: number;
  readonly status: NavStatus;
}

/**
 * A ship's true track: knots in time order, great-circle legs between them. The ship exists from
 * the first knot's time to the last's.
 */
export class Track {
  readonly knots: readonly Knot[];
  private readonly units: Unit[];
  private readonly omegas: number[];
  private readonly speeds: number[];
  private readonly courses: number[];

  constructor(knots: readonly Knot[]) {
    if (knots.length < 1) throw new Error('Track: needs at least one knot');
    for (let i = 1; i < knots.length; i++) {
      if (!(knots[i]!.tMs >= knots[i - 1]!.tMs))
        throw new Error(`Track: knot ${i} at ${knots[i]!.tMs} is before knot ${i - 1}`);
    }
    this.knots = knots;
    this.units = knots.map((k) => unitOf(k.latDeg, k.lonDeg));
    this.omegas = [];
    this.speeds = [];
    this.courses = [];
    let lastCourse = 0;
    for (let i = 0; i + 1 < knots.length; i++) {
      const a = knots[i]!;
      const b = knots[i + 1]!;
      const omega = angleRad(this.units[i]!, this.units[i + 1]!);
      const dtS = (b.tMs - a.tMs) / 1000;
      this.omegas.push(omega);
      const speedKn = dtS > 0 ? (omega * 6_371_008.8) / dtS / KN_MPS : 0;
      this.speeds.push(speedKn);
      if (omega > 1e-9) lastCourse = initialBearingDeg(a.latDeg, a.lonDeg, b.latDeg, b.lonDeg);
      this.courses.push(lastCourse);
    }
  }

  get startMs(): number {
    return this.knots[0]!.tMs;
  }
  get endMs(): number {
    return this.knots[this.knots.length - 1]!.tMs;
  }

  /** Speed on the leg starting at knot `i`, kn. */
  legSpeedKn(i: number): number {
    return this.speeds[i] ?? 0;
  }

  /** Index of the leg holding `tMs` (the last knot at or before it), clamped to the legs. */
  legAt(tMs: number, hint = 0): number {
    const n = this.knots.length;
    if (n === 1) return 0;
    let i = Math.min(Math.max(hint, 0), n - 2);
    if (this.knots[i]!.tMs <= tMs && (i === n - 2 || this.knots[i + 1]!.tMs > tMs)) return i;
    let lo = 0;
    let hi = n - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.knots[mid]!.tMs <= tMs) lo = mid;
      else hi = mid - 1;
    }
    i = lo;
    return i;
  }

  /** The true state at `tMs` (clamped to the track's span); `hint` is a leg index to start from. */
  stateAt(tMs: number, hint = 0): TrackState & { leg: number } {
    const k = this.knots;
    if (k.length === 1 || tMs <= k[0]!.tMs) {
      const a = k[0]!;
      return {
        latDeg: a.latDeg,
        lonDeg: a.lonDeg,
        speedKn: 0,
        courseDeg: this.courses[0] ?? 0,
        status: a.status,
        leg: 0,
      };
    }
    const i = this.legAt(tMs, hint);
    const a = k[i]!;
    const b = k[i + 1]!;
    const span = b.tMs - a.tMs;
    const f = span > 0 ? Math.min(1, Math.max(0, (tMs - a.tMs) / span)) : 1;
    const omega = this.omegas[i]!;
    const ub = this.units[i + 1]!;
    const u = slerp(this.units[i]!, ub, omega, f);
    const x = u[0];
    const y = u[1];
    const z = u[2];
    const cosLat = Math.hypot(x, y);
    const latDeg = (Math.atan2(z, cosLat) * 180) / Math.PI;
    const lonDeg = (Math.atan2(y, x) * 180) / Math.PI;
    let courseDeg = this.courses[i]!;
    // On a long leg the course turns along the great circle: the direction towards the leg's end,
    // from the tangent plane at the point (east and north unit vectors, no further trigonometry).
    if (omega > 0.005 && f < 0.999 && cosLat > 1e-9) {
      const d = x * ub[0] + y * ub[1] + z * ub[2];
      const tx = ub[0] - d * x;
      const ty = ub[1] - d * y;
      const tz = ub[2] - d * z;
      const cl = x / cosLat;
      const sl = y / cosLat;
      const east = -sl * tx + cl * ty;
      const north = -z * cl * tx - z * sl * ty + cosLat * tz;
      courseDeg = ((Math.atan2(east, north) * 180) / Math.PI + 360) % 360;
    }
    return { latDeg, lonDeg, speedKn: this.speeds[i]!, courseDeg, status: a.status, leg: i };
  }
}
