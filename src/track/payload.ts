import { z } from 'zod';
import { futureTimeProblem, type PayloadTimes } from '../domain/index.js';
import { WGS84_A_M } from '../geo/index.js';
import { cholesky, invertSpd, trace } from './linalg.js';

/**
 * What a node shares about one of its tracks (topic `missile-warning`): its estimate at `tMs`, an
 * ECEF state [x, y, z, vx, vy, vz] (m, m/s) and its 6x6 covariance, row-major. `seq` numbers the
 * originator's shares (informative only).
 */
export interface TrackPayload {
  readonly kind: 'track';
  readonly trackId: number;
  readonly tMs: number;
  readonly x: number[];
  readonly P: number[];
  readonly seq?: number;
}

/** The topic a track payload travels under; the same payload under any other topic is refused. */
export const TRACK_PAYLOAD_TOPIC = 'missile-warning';

/**
 * What a partner's track must satisfy to be fused. The bounds are generous to honest trackers
 * (the bundled scenarios' own and partner tracks stay well inside: position variance 14 m² to
 * 3.5e6 m², velocity variance 2e-3 to 3e5 (m/s)², speed under 3 km/s, condition bound under 2e8)
 * and tight enough that the numbers cannot break fusion (see `checkTrackPayload`).
 */
export const TRACK_LIMITS = {
  /**
   * Geocentric radius of the position, m. Below: 57 km under the poles (the WGS84 polar radius is
   * 6,356,752 m), room for an estimate that dipped under the ground. Above: 20,000 km altitude,
   * well over the highest missile apogee reported (about 7,700 km, a lofted ICBM in 2024).
   */
  minRadiusM: 6_300_000,
  maxRadiusM: WGS84_A_M + 20_000_000,
  /** Speed in the Earth-fixed frame, m/s: above escape velocity (11.2 km/s) plus the Earth's rotation. */
  maxSpeedMps: 12_000,
  /** Per-axis position variance, m²: 10 cm to 10,000 km standard deviation. */
  positionVarianceM2: [1e-2, 1e14] as const,
  /** Per-axis velocity variance, (m/s)²: 1 mm/s to 100 km/s standard deviation. */
  velocityVarianceM2pS2: [1e-6, 1e10] as const,
  /**
   * trace(P) * trace(P^-1), an upper bound of P's condition number (within a factor of 36). Below
   * 1e12, Cholesky, inversion and covariance intersection keep a margin of four orders of magnitude
   * over double rounding (1/eps = 4.5e15).
   */
  maxConditionBound: 1e12,
  /** Relative asymmetry |P_ij - P_ji| / sqrt(P_ii P_jj) tolerated (then P is made exactly symmetric). */
  maxRelativeAsymmetry: 1e-9,
} as const;

/** Why a partner's track payload was refused. */
export type TrackRefusalCode =
  | 'malformed'
  | 'asymmetric'
  | 'not-positive-definite'
  | 'ill-conditioned'
  | 'variance-out-of-range'
  | 'position-out-of-range'
  | 'speed-out-of-range'
  | 'time-ahead-of-envelope'
  | 'time-in-future';

/** A partner track as fusion takes it: the payload's numbers, P made exactly symmetric. */
export interface CheckedTrack {
  readonly trackId: number;
  readonly tMs: number;
  readonly x: Float64Array;
  readonly P: Float64Array;
}

export type TrackPayloadCheck =
  | { readonly ok: true; readonly track: CheckedTrack }
  | { readonly ok: false; readonly code: TrackRefusalCode; readonly reason: string };

/** The times a track payload is checked against (the item's signed creation time, now, the skew). */
export type TrackTimes = PayloadTimes;

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

/** The shape of a track payload: exactly these fields, so its size is bounded (6 + 36 numbers). */
export const trackPayloadSchema = z.strictObject({
  kind: z.literal('track'),
  trackId: z.int().nonnegative(),
  tMs: z.int().nonnegative(),
  x: z.array(finite).length(6),
  P: z.array(finite).length(36),
  seq: z.int().nonnegative().optional(),
});

const N = 6;

/**
 * Checks a partner's track payload as a physicist would, before anything uses it: its shape
 * (exactly the fields of `TrackPayload`, finite numbers, 6 and 36 of them), its time (no later than
 * the item's signed creation time, nor the receiver's clock, beyond the allowed skew: a track dated
 * in the future would never be predicted nor go stale), its position (near the Earth) and speed
 * (below escape), and its covariance (symmetric, positive definite by Cholesky, variances within
 * bounds, condition bounded). An accepted track can be predicted, associated and fused by
 * covariance intersection without a numerical failure. Never throws; a refusal names the field.
 *
 * @example
 * checkTrackPayload({ kind: 'track', trackId: 1, tMs, x, P: new Array(36).fill(0) }, times)
 * // { ok: false, code: 'not-positive-definite', reason: 'P: not positive definite (Cholesky pivot 0 at row 0)' }
 */
export function checkTrackPayload(payload: unknown, times: TrackTimes): TrackPayloadCheck {
  const parsed = trackPayloadSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map(String).join('.');
    return refuse('malformed', `${path === '' ? 'payload' : path}: ${issue.message}`);
  }
  const p = parsed.data;
  const late = futureTimeProblem('tMs', p.tMs, times);
  if (late) return refuse(late.code, late.reason);
  const [x0, x1, x2, v0, v1, v2] = p.x as [number, number, number, number, number, number];
  const radiusM = Math.hypot(x0, x1, x2);
  if (!(radiusM >= TRACK_LIMITS.minRadiusM && radiusM <= TRACK_LIMITS.maxRadiusM)) {
    return refuse(
      'position-out-of-range',
      `x: position ${round(radiusM)} m from the Earth's centre (allowed ${TRACK_LIMITS.minRadiusM} to ${TRACK_LIMITS.maxRadiusM} m)`,
    );
  }
  const speedMps = Math.hypot(v0, v1, v2);
  if (!(speedMps <= TRACK_LIMITS.maxSpeedMps)) {
    return refuse(
      'speed-out-of-range',
      `x: speed ${round(speedMps)} m/s (allowed up to ${TRACK_LIMITS.maxSpeedMps} m/s)`,
    );
  }
  const P = Float64Array.from(p.P);
  for (let i = 0; i < N; i++) {
    const v = P[i * N + i]!;
    const [lo, hi] = i < 3 ? TRACK_LIMITS.positionVarianceM2 : TRACK_LIMITS.velocityVarianceM2pS2;
    if (!(v >= lo && v <= hi)) {
      return refuse(
        'variance-out-of-range',
        `P[${i * N + i}]: ${i < 3 ? 'position' : 'velocity'} variance ${v} (allowed ${lo} to ${hi})`,
      );
    }
  }
  for (let i = 0; i < N; i++) {
    for (let j = i + 1; j < N; j++) {
      const a = P[i * N + j]!;
      const b = P[j * N + i]!;
      const scale = Math.sqrt(P[i * N + i]! * P[j * N + j]!);
      if (Math.abs(a - b) > TRACK_LIMITS.maxRelativeAsymmetry * scale) {
        return refuse('asymmetric', `P[${i * N + j}] = ${a} but P[${j * N + i}] = ${b}`);
      }
      const mean = 0.5 * (a + b);
      P[i * N + j] = mean;
      P[j * N + i] = mean;
    }
  }
  const L = new Float64Array(N * N);
  if (!cholesky(P, L, N)) return refuse('not-positive-definite', 'P: not positive definite (Cholesky fails)');
  const inverse = new Float64Array(N * N);
  if (!invertSpd(P, inverse, L, N)) return refuse('not-positive-definite', 'P: not invertible');
  const bound = trace(P, N) * trace(inverse, N);
  if (!(bound <= TRACK_LIMITS.maxConditionBound)) {
    return refuse(
      'ill-conditioned',
      `P: trace(P) * trace(P^-1) = ${bound.toPrecision(3)} (allowed up to ${TRACK_LIMITS.maxConditionBound})`,
    );
  }
  return { ok: true, track: { trackId: p.trackId, tMs: p.tMs, x: Float64Array.from(p.x), P } };
}

function refuse(code: TrackRefusalCode, reason: string): TrackPayloadCheck {
  return { ok: false, code, reason };
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
