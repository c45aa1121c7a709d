/** Parameters of the model-switching chain. */
export interface ModeTransitionOptions {
  /** Mean time the target stays in each model before switching, seconds (one per model); Infinity: never left (absorbing). */
  meanSojournS: readonly number[];
  /**
   * Where a model goes when it is left: `destinations[i][j]` is the share of model i's leaving rate
   * that goes to model j (each row sums to 1; the diagonal is ignored). Default: evenly to the others.
   */
  destinations?: readonly (readonly number[])[];
}

/** Intervals whose transition matrices `markovModeTransition` keeps. */
const CACHE_LIMIT = 256;

/** Writes the n x n matrix of probabilities Pi[i][j] = P(model j at t + dt | model i at t) into `out`. */
export type ModeTransition = (dtS: number, out: Float64Array) => Float64Array;

/**
 * Model switching as a continuous-time Markov chain: model i is left at rate 1 / meanSojournS[i],
 * towards the other models evenly, so Pi(dt) = expm(Lambda dt) with the generator Lambda.
 * Unlike a fixed per-scan matrix, Pi(0) is the identity (sensors reporting at the same instant
 * do not mix the models again) and over a long gap Pi tends to the chain's stationary
 * distribution instead of compounding a per-scan probability.
 * A model with an infinite mean sojourn is never left (unpowered flight after burn-out).
 * The exponential is a 12-term Taylor series with scaling and squaring (n is 2 or 3 here).
 *
 * @example
 * const pi = markovModeTransition({ meanSojournS: [Infinity, 100] });
 * pi(1, new Float64Array(4)); // [[1, 0], [0.00995, 0.99005]]
 */
export function markovModeTransition(options: ModeTransitionOptions): ModeTransition {
  const n = options.meanSojournS.length;
  if (n < 1) throw new RangeError('markovModeTransition: at least one model');
  for (const s of options.meanSojournS) {
    if (!(s > 0)) throw new RangeError(`markovModeTransition: mean sojourn must be positive, got ${s}`);
  }
  const rate = options.meanSojournS.map((s) => 1 / s);
  const share = (i: number, j: number): number => options.destinations?.[i]?.[j] ?? 1 / (n - 1);
  const a = new Float64Array(n * n);
  const term = new Float64Array(n * n);
  const next = new Float64Array(n * n);
  const sum = new Float64Array(n * n);
  // Matrices by interval: staggered sensors give a few dozen distinct intervals (52 on the
  // bundled IRBM's nine radars), and each exponential costs more than the rest of the IMM's
  // mixing. The same interval always gives the same matrix, so a hit changes no bit; the cache is
  // emptied when it reaches CACHE_LIMIT intervals (a scene of ever-new intervals).
  const cache = new Map<number, Float64Array>();

  function mul(x: Float64Array, y: Float64Array, o: Float64Array): void {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += x[i * n + k]! * y[k * n + j]!;
        o[i * n + j] = s;
      }
    }
  }

  return (dtS, out) => {
    const dt = Math.abs(dtS);
    const hit = cache.get(dt);
    if (hit !== undefined) {
      out.set(hit);
      return out;
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    const cached = new Float64Array(n * n);
    cache.set(dt, cached);
    if (n === 1) {
      cached[0] = 1;
    } else {
      let maxRate = 0;
      for (const r of rate) maxRate = Math.max(maxRate, r);
      const squarings = Math.max(0, Math.ceil(Math.log2(maxRate * dt * 2)) + 1);
      const scale = dt / 2 ** squarings;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++)
          a[i * n + j] = i === j ? -rate[i]! * scale : rate[i]! * scale * share(i, j);
      }
      sum.fill(0);
      term.fill(0);
      for (let i = 0; i < n; i++) {
        sum[i * n + i] = 1;
        term[i * n + i] = 1;
      }
      for (let k = 1; k <= 12; k++) {
        mul(term, a, next);
        for (let i = 0; i < n * n; i++) {
          term[i] = next[i]! / k;
          sum[i] = sum[i]! + term[i]!;
        }
      }
      for (let s = 0; s < squarings; s++) {
        mul(sum, sum, next);
        sum.set(next);
      }
      // Rows are probabilities: clear rounding so they stay non-negative and sum to 1.
      for (let i = 0; i < n; i++) {
        let rowSum = 0;
        for (let j = 0; j < n; j++) {
          const v = Math.max(sum[i * n + j]!, 0);
          sum[i * n + j] = v;
          rowSum += v;
        }
        for (let j = 0; j < n; j++) sum[i * n + j] = sum[i * n + j]! / rowSum;
      }
      cached.set(sum);
    }
    out.set(cached);
    return out;
  };
}
