import type { Nation } from '../domain/index.js';
import { associateTracks, ballistic, covarianceIntersection, sandwich } from '../track/index.js';

/** One nation's estimate of one object, as held in a picture (own, or received from a partner). */
export interface NationTrack {
  readonly nation: Nation;
  readonly trackId: number;
  readonly tMs: number;
  /** ECEF state [x, y, z, vx, vy, vz], m and m/s. */
  readonly x: Float64Array;
  /** 6x6 covariance, row-major. */
  readonly P: Float64Array;
}

/** An object in the fused picture: the estimate and the national tracks it was fused from. */
export interface PictureTrack {
  /** Stable while its first source lives: `<nation>:<trackId>` of the first source. */
  readonly id: string;
  readonly sources: readonly { readonly nation: Nation; readonly trackId: number }[];
  readonly tMs: number;
  readonly x: Float64Array;
  readonly P: Float64Array;
}

const N = 6;
const transition = ballistic({ accelerationNoiseM2pS3: 1 });

/** The estimate predicted to `tMs` with the ballistic model (state and covariance). */
export function predictTo(t: NationTrack, tMs: number): { x: Float64Array; P: Float64Array } {
  const dtS = (tMs - t.tMs) / 1000;
  if (dtS <= 0) return { x: t.x, P: t.P };
  const x = new Float64Array(N);
  const F = new Float64Array(N * N);
  const Q = new Float64Array(N * N);
  transition.propagate(t.x, dtS, x, F);
  transition.processNoise(t.x, dtS, Q);
  // F P F^T (exactly symmetric) + Q.
  const P = sandwich(F, t.P, new Float64Array(N * N), new Float64Array(N * N), N, N);
  for (let i = 0; i < N * N; i++) P[i] = P[i]! + Q[i]!;
  return { x, P };
}

/**
 * Fuses the national tracks a node holds into one picture at `tMs`: every track is predicted to
 * `tMs`; nations are taken in a fixed order (the holder's own first, then alphabetical); each
 * nation's tracks are associated with the objects so far (chi-square gate on the state difference)
 * and fused with them by covariance intersection — their errors' correlation is unknown, so CI never
 * claims more certainty than either input; a track with no partner starts a new object.
 * Deterministic for a given input, so every replay draws the same picture.
 */
export function fusePicture(self: Nation, tracks: readonly NationTrack[], tMs: number): PictureTrack[] {
  const byNation = new Map<Nation, NationTrack[]>();
  for (const t of tracks) {
    const list = byNation.get(t.nation);
    if (list) list.push(t);
    else byNation.set(t.nation, [t]);
  }
  const order = [...byNation.keys()].sort((a, b) =>
    a === self ? -1 : b === self ? 1 : a < b ? -1 : a > b ? 1 : 0,
  );
  let objects: {
    id: string;
    sources: { nation: Nation; trackId: number }[];
    x: Float64Array;
    P: Float64Array;
  }[] = [];
  for (const nation of order) {
    const mine = byNation
      .get(nation)!
      .slice()
      .sort((a, b) => a.trackId - b.trackId)
      .map((t) => ({ t, ...predictTo(t, tMs) }));
    const pairs = associateTracks(
      objects.map((o, i) => ({ id: i, x: o.x, P: o.P })),
      mine.map((m, j) => ({ id: j, x: m.x, P: m.P })),
    );
    const used = new Set<number>();
    const next = objects.slice();
    for (const p of pairs) {
      const o = objects[p.a as number]!;
      const m = mine[p.b as number]!;
      const fused = covarianceIntersection(o.x, o.P, m.x, m.P);
      next[p.a as number] = {
        id: o.id,
        sources: [...o.sources, { nation, trackId: m.t.trackId }],
        x: fused.x,
        P: fused.P,
      };
      used.add(p.b as number);
    }
    mine.forEach((m, j) => {
      if (!used.has(j))
        next.push({
          id: `${nation}:${m.t.trackId}`,
          sources: [{ nation, trackId: m.t.trackId }],
          x: m.x,
          P: m.P,
        });
    });
    objects = next;
  }
  return objects.map((o) => ({ ...o, tMs }));
}
