import { cholesky, mahalanobisSq } from './linalg.js';

/**
 * Innovation-based adaptive process noise for one IMM mode (the coasting one).
 *
 * Why: the coasting model's white noise is a floor (BALLISTIC_COAST_Q_M2PS3 = 1e-8 m^2/s^3)
 * because the simulator's truth has no force the model lacks. Real targets do (drag below
 * ~80 km, a gravity model that is not the tracker's, lift), and on such truth a filter at the
 * floor is overconfident by orders of magnitude. No fixed value serves both; the innovations
 * say which one a track is in.
 *
 * Two windowed statistics of the mode's innovations, each with a chi-square test against the
 * hypothesis that the filter is consistent (`adaptNoiseScale`): the mean NIS / m and the
 * normalised mean innovation (a persistent bias). While neither rejects, the scale stays at its
 * floor 1, or relaxes to it with time (`relaxNoiseScale`); when one rejects, the scale is
 * raised by a factor that grows with the excess (at most 10 per update). Bounded below by the
 * floor and above by `maxScale`.
 *
 * What it does not do (measured, docs/figures.md): errors that hide where the radars see
 * poorly (cross-range, hundreds of metres of noise at 1,000 km; velocity) barely move the
 * innovations, so a small persistent mismatch (gravity without J2) is caught late or not at all.
 */

/** Parameters of the adaptation. */
export interface AdaptiveNoiseOptions {
  /** Index of the IMM mode whose process noise is scaled. */
  mode: number;
  /** Effective length of both windows, in updates (EWMA weight 1 / windowUpdates). */
  windowUpdates?: number;
  /** Probability under a consistent filter that a window's statistic exceeds its trigger, per update (<= 0.02). */
  triggerProbability?: number;
  /** On a rejection, ln(scale) rises by gain times the excess of the larger statistic (at most maxLogStep). */
  gain?: number;
  /** Largest change of ln(scale) in one update. */
  maxLogStep?: number;
  /** Largest scale of the mode's process noise. */
  maxScale?: number;
  /** Time constant with which the scale relaxes to its floor while nothing raises it, seconds. */
  relaxTimeS?: number;
  /** The innovation-mean statistic drives the scale only by its excess over this (1: its mean under a consistent filter). */
  biasLevel?: number;
  /** The mode adapts only while its probability is at least this (not while another mode explains the data). */
  minModeProbability?: number;
}

/** Per-track state of the adaptation, carried in the track's `ModeMixture`. */
export interface AdaptiveNoiseState {
  /** Multiplier of the mode's process noise, >= 1. */
  noiseScale: number;
  /** Exponentially weighted mean of NIS / m. */
  nisMean: number;
  /** Exponentially weighted mean of the innovation vector (m, the measurement's units). */
  innovationMean: Float64Array;
  /** Its covariance if the filter were consistent: sum of w_k^2 S_k (m x m). */
  innovationMeanCov: Float64Array;
}

/** Effective window of both statistics, updates. */
export const ADAPTIVE_WINDOW_UPDATES = 10;
/** False-alarm probability of each test per update under a consistent filter. */
export const ADAPTIVE_TRIGGER_PROBABILITY = 0.01;
export const ADAPTIVE_GAIN = 1;
export const ADAPTIVE_MAX_LOG_STEP = Math.log(10);
/** 1e12 times the 1e-8 floor is 1e4 m^2/s^3, the boost mode's noise: no more than thrust. */
export const ADAPTIVE_MAX_SCALE = 1e12;
/** Below this the boost mode explains the data; the coasting mode's innovations then say nothing of its noise. */
export const ADAPTIVE_MIN_MODE_PROBABILITY = 0.5;
export const ADAPTIVE_BIAS_LEVEL = 1;
/**
 * Time constant of ln(scale)'s relaxation to the floor, seconds. Measured (with the other
 * defaults; second generator seed 1, bundled lofted ICBM seeds 1-3): 30 s lets drag's scale
 * fall back between two raises (drag mean NEES 453), 100 s keeps it while the drag lasts (167);
 * but the lofted ICBM is consistent after its hour out of view with 20 s (3.62) and
 * overconfident with 100 s (17.7), for a reason not yet found (predicting the hour in pieces of
 * 25 s, each with its own scale, made it worse: 51).
 */
export const ADAPTIVE_RELAX_TIME_S = 100;

/** Resolved options with their defaults. */
export type ResolvedAdaptiveNoise = Required<AdaptiveNoiseOptions> & { alpha: number };

export function resolveAdaptiveNoise(o: AdaptiveNoiseOptions): ResolvedAdaptiveNoise {
  const r = {
    mode: o.mode,
    windowUpdates: o.windowUpdates ?? ADAPTIVE_WINDOW_UPDATES,
    triggerProbability: o.triggerProbability ?? ADAPTIVE_TRIGGER_PROBABILITY,
    gain: o.gain ?? ADAPTIVE_GAIN,
    maxLogStep: o.maxLogStep ?? ADAPTIVE_MAX_LOG_STEP,
    maxScale: o.maxScale ?? ADAPTIVE_MAX_SCALE,
    minModeProbability: o.minModeProbability ?? ADAPTIVE_MIN_MODE_PROBABILITY,
    biasLevel: o.biasLevel ?? ADAPTIVE_BIAS_LEVEL,
    relaxTimeS: o.relaxTimeS ?? ADAPTIVE_RELAX_TIME_S,
  };
  if (!(Number.isInteger(r.mode) && r.mode >= 0)) throw new RangeError(`adaptive noise: mode ${r.mode}`);
  if (!(r.windowUpdates >= 1)) throw new RangeError(`adaptive noise: windowUpdates ${r.windowUpdates} < 1`);
  if (!(r.triggerProbability > 0 && r.triggerProbability <= 0.02))
    throw new RangeError(`adaptive noise: triggerProbability ${r.triggerProbability} not in (0, 0.02]`);
  if (!(r.gain > 0 && r.maxLogStep > 0 && r.maxScale >= 1 && r.relaxTimeS > 0))
    throw new RangeError('adaptive noise: gain, maxLogStep and relaxTimeS must be > 0, maxScale >= 1');
  return { ...r, alpha: 1 / r.windowUpdates };
}

/**
 * Upper quantile of chi2(nu) / nu with tail probability p, by the Wilson-Hilferty cube
 * approximation: at p = 0.01, 3.79 against the tabulated 3.78 for nu = 3 (the innovation mean of
 * a 3-D measurement) and closer for the NIS window's larger nu.
 */
export function chi2MeanUpperQuantile(nu: number, p: number): number {
  const z = normalUpperQuantile(p);
  const a = 2 / (9 * nu);
  return (1 - a + z * Math.sqrt(a)) ** 3;
}

/** z with P(N(0,1) > z) = p, 0 < p <= 0.02 (the tail branch of Acklam's rational approximation, ~1e-9 relative). */
function normalUpperQuantile(p: number): number {
  const q = Math.sqrt(-2 * Math.log(p));
  const c = [
    -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const num = ((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!;
  const den = (((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1;
  return -num / den;
}

const L = new Float64Array(36);
const V = new Float64Array(36);
const TMP = new Float64Array(6);

/**
 * Folds one update of the adapted mode into `s`, in place: its innovation y, the innovation
 * covariance S (with R) and the NIS y^T S^-1 y, measurement dimension `dimZ`.
 *
 * Two statistics, because one is not enough: the mean NIS sees a noise that is too small when
 * the errors it lets through are large against the measurement noise, but on a radar whose
 * cross-range noise is hundreds of metres an error of a hundred metres barely moves it (measured:
 * NEES in the hundreds at a mean NIS of ~1). Such an error is a bias that persists from update
 * to update, and the windowed mean of the innovations shows it: under a consistent filter the
 * innovations are white, so their weighted mean y_bar has covariance V = sum w_k^2 S_k and
 * y_bar^T V^-1 y_bar / m is chi2(m) / m; a bias b makes it grow like b^T S^-1 b / alpha.
 * The larger of the two (each with its own chi-square trigger) drives the scale.
 */
export function adaptNoiseScale(
  s: AdaptiveNoiseState,
  y: Float64Array,
  S: Float64Array,
  nis: number,
  dimZ: number,
  o: ResolvedAdaptiveNoise,
): void {
  if (!Number.isFinite(nis) || nis < 0) return;
  const a = o.alpha;
  const m = dimZ;
  if (s.innovationMean.length !== m) {
    s.innovationMean = new Float64Array(m);
    s.innovationMeanCov = new Float64Array(m * m);
  }
  s.nisMean = (1 - a) * s.nisMean + (a * nis) / m;
  const yb = s.innovationMean;
  const Vb = s.innovationMeanCov;
  for (let i = 0; i < m; i++) yb[i] = (1 - a) * yb[i]! + a * y[i]!;
  for (let i = 0; i < m * m; i++) Vb[i] = (1 - a) * (1 - a) * Vb[i]! + a * a * S[i]!;
  V.set(Vb.subarray(0, m * m));
  const bias = cholesky(V, L, m) ? mahalanobisSq(L, yb, TMP, m) / m : 0;
  // Effective degrees of freedom of an EWMA of chi2(m) samples: m (2 - alpha) / alpha.
  const nu = (m * (2 - a)) / a;
  const nisHigh = s.nisMean > chi2MeanUpperQuantile(nu, o.triggerProbability);
  const biasHigh = bias > chi2MeanUpperQuantile(m, o.triggerProbability);
  // Only a refuted scale is raised, by more the larger the excess; otherwise it relaxes to the
  // floor with time (`relaxNoiseScale`, in the prediction), so a mismatch that ended (burn-out's
  // transient, a manoeuvre) stops inflating the covariance, also across a gap without updates.
  if (!nisHigh && !biasHigh) return;
  const excess = Math.max(s.nisMean - 1, bias - o.biasLevel, 0);
  const step = Math.min(o.maxLogStep, o.gain * excess);
  s.noiseScale = Math.max(1, Math.min(o.maxScale, s.noiseScale * Math.exp(step)));
}

/**
 * The scale over a prediction of dtS seconds as it relaxes to its floor 1, ln(scale) decaying
 * with time constant tauS (in log space, because the scale spans decades: from 1e8 it is back
 * under 2 within ~3.3 tauS): `effective` is its mean over the interval (what multiplies the
 * interval's process noise; over an hour out of view it is ~1, not the scale at the last
 * update), by the midpoint rule on 16 panels; `after` its value at the end. Pure.
 */
export function relaxNoiseScale(
  scale: number,
  dtS: number,
  tauS: number,
): { effective: number; after: number } {
  if (!(scale > 1)) return { effective: 1, after: 1 };
  const dt = Math.abs(dtS);
  const lnS = Math.log(scale);
  if (dt === 0) return { effective: scale, after: scale };
  const panels = 16;
  let sum = 0;
  for (let k = 0; k < panels; k++) sum += Math.exp(lnS * Math.exp(-((k + 0.5) * dt) / panels / tauS));
  return { effective: sum / panels, after: Math.exp(lnS * Math.exp(-dt / tauS)) };
}
