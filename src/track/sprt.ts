import type { Confirmer, Track } from './types.js';

/** Parameters of the sequential probability ratio test on a tentative track's score. */
export interface SprtOptions {
  /** Probability that the sensor detects the target in a scan (ln(1 - pd) per miss). */
  pd?: number;
  /**
   * Density of false detections (clutter) a scan may hold, per cubic metre of measurement space:
   * what a hit is weighed against. The larger, the more a hit must prove.
   */
  falseAlarmDensityPerM3?: number;
  /** Probability of confirming a track that follows no target (the test's alpha). */
  falseConfirmProbability?: number;
  /** Probability of dropping a track that follows a target (the test's beta). */
  falseDropProbability?: number;
  /** Score of a newly started track, nats (0: even odds that its pair of detections is a target). */
  initialScore?: number;
}

/**
 * Default false-alarm density, m^-3: one false detection per (46 km)^3 per scan. Pessimistic, so
 * that a hit is not taken for more evidence than it is: the bundled salvo's 2 false alarms per
 * radar and scan over a radar's coverage are ~1e-17 m^-3, the 50-missile raid's 20 per radar and
 * scan over ~390 x 520 x 150 km ~7e-16 m^-3, fourteen times sparser than this. Chosen among
 * 1e-12, 1e-13 and 1e-14 on seeds 1-3 of the bundled scenarios and the raid (docs/figures.md,
 * "Confirmation"): 1e-13 confirmed no sooner than M-of-N, 1e-12 later.
 */
export const SPRT_FALSE_ALARM_DENSITY_PER_M3 = 1e-14;
/** Default detection probability: the bundled radars' and the second generator's Pd. */
export const SPRT_PD = 0.9;
/** Default alpha: one false confirmation in 10,000 tentative tracks that follow clutter. */
export const SPRT_FALSE_CONFIRM_PROBABILITY = 1e-4;
/** Default beta: one target track in 1,000 dropped before it is confirmed. */
export const SPRT_FALSE_DROP_PROBABILITY = 1e-3;

/** A confirmer that also keeps, and judges, a score (`sprtConfirmer`). */
export interface ScoreConfirmer extends Confirmer {
  /** Upper threshold: confirmed at or above, nats. */
  readonly confirmAt: number;
  /** Lower threshold: rejected (deleted) at or below, nats. */
  readonly rejectAt: number;
}

/**
 * Score-based confirmation by Wald's sequential probability ratio test (Blackman and Popoli
 * 1999, "Design and Analysis of Modern Tracking Systems", 6.2): a tentative track carries the log
 * likelihood ratio of "it follows a target" against "its detections are clutter". A detection
 * assigned to it adds ln(pd N(y; 0, S) / beta_FA) — its measurement likelihood under the track's
 * prediction (innovation y, covariance S) against the clutter density — and a scan in which a
 * sensor that has seen it reports without it adds ln(1 - pd). The track is confirmed once the
 * score reaches ln((1 - beta) / alpha) and deleted once it falls to ln(beta / (1 - alpha)), which
 * bounds the probabilities of confirming clutter (alpha) and of dropping a target (beta).
 *
 * Against M-of-N, the number of hits it needs follows the evidence: a detection close to a
 * sharp prediction confirms at once, one at the edge of a wide gate adds little or counts
 * against, and misses are weighed by the detection probability.
 *
 * @example
 * const c = sprtConfirmer(); // alpha 1e-4, beta 1e-3: confirm at 9.21 nats, reject at -6.91
 * c.start!(track); c.hit!(track, 1.2, 3, 3 * Math.log(300 ** 2)); // a detection 1.1 sigma off, S = (300 m)^2 I
 * c.shouldConfirm(track); // true: 11.7 nats, over 9.21
 */
export function sprtConfirmer(options: SprtOptions = {}): ScoreConfirmer {
  const pd = options.pd ?? SPRT_PD;
  const density = options.falseAlarmDensityPerM3 ?? SPRT_FALSE_ALARM_DENSITY_PER_M3;
  const alpha = options.falseConfirmProbability ?? SPRT_FALSE_CONFIRM_PROBABILITY;
  const beta = options.falseDropProbability ?? SPRT_FALSE_DROP_PROBABILITY;
  const initial = options.initialScore ?? 0;
  if (!(pd > 0 && pd < 1)) throw new RangeError(`SPRT: pd ${pd} not in (0, 1)`);
  if (!(density > 0 && Number.isFinite(density)))
    throw new RangeError(`SPRT: falseAlarmDensityPerM3 ${density} must be > 0`);
  if (!(alpha > 0 && beta > 0 && alpha + beta < 1))
    throw new RangeError(`SPRT: need alpha > 0, beta > 0, alpha + beta < 1 (got ${alpha}, ${beta})`);
  if (!Number.isFinite(initial)) throw new RangeError(`SPRT: initialScore ${initial}`);
  const confirmAt = Math.log((1 - beta) / alpha);
  const rejectAt = Math.log(beta / (1 - alpha));
  const lnHit = Math.log(pd / density);
  const lnMiss = Math.log(1 - pd);
  const ln2Pi = Math.log(2 * Math.PI);
  return {
    confirmAt,
    rejectAt,
    start(track) {
      track.score = initial;
    },
    hit(track, nis, dimZ, logDetS) {
      if (!(nis >= 0) || !Number.isFinite(logDetS)) return;
      track.score = (track.score ?? initial) + lnHit - 0.5 * (dimZ * ln2Pi + logDetS + nis);
    },
    miss(track) {
      track.score = (track.score ?? initial) + lnMiss;
    },
    shouldConfirm(track: Track): boolean {
      return (track.score ?? initial) >= confirmAt;
    },
    shouldReject(track: Track): boolean {
      return (track.score ?? initial) <= rejectAt;
    },
  };
}
