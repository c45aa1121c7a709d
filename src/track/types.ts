/**
 * The roles a tracker is assembled from (after Stone Soup): a transition model, a measurement
 * model, a predictor, an updater, a hypothesiser, a data associator, an initiator and a deleter.
 * Each is a plain object implementing one of these interfaces; `tracker.ts` composes them.
 *
 * State vectors are 6-dimensional ECEF [x, y, z, vx, vy, vz] (m, m/s); covariances are 6x6
 * row-major Float64Array (m^2, m^2/s, m^2/s^2).
 */

/** Length of the state vector: ECEF position and velocity. */
export const STATE_DIM = 6;

/** A Gaussian estimate at a time. */
export interface GaussianState {
  tS: number;
  /** [x, y, z, vx, vy, vz], ECEF metres and metres per second. */
  x: Float64Array;
  /** 6x6 covariance, row-major. */
  P: Float64Array;
  /**
   * Model-conditioned estimates of a multiple-model (IMM) filter; x and P are then their
   * moment-matched combination. Absent for single-model filters.
   */
  modes?: ModeMixture;
  /**
   * Multiplies the process noise the predictor adds over the interval (1 when absent); set by an
   * IMM with adaptive noise on the mode it adapts (`adaptive-noise.ts`).
   */
  noiseScale?: number;
  /**
   * An IMM mode's estimate of an unmodelled acceleration (`acceleration-bias.ts`), with its
   * covariances against x and itself; x and P stay the 6-D marginal. Absent unless the IMM is
   * built with `accelerationBias`.
   */
  bias?: AccelerationBias;
}

/**
 * A slowly varying acceleration the motion model does not have (a gravity model it does not
 * share, a drag it mis-estimates), estimated alongside the 6-D state as a first-order
 * Gauss-Markov process: the state is [x; b], 9-D, its covariance [[P, Pxb], [Pxb^T, Pbb]].
 */
export interface AccelerationBias {
  /** ECEF acceleration, m/s^2 (3). */
  b: Float64Array;
  /** Covariance of x (6) with b (3), 6x3 row-major. */
  Pxb: Float64Array;
  /** Covariance of b, 3x3 row-major. */
  Pbb: Float64Array;
}

/**
 * One Gaussian per motion model and the probability that the target follows that model now
 * (Stone Soup: the GaussianMixtureState an IMM carries). Owned by the state that holds it.
 */
export interface ModeMixture {
  /** Model probabilities, summing to 1, in the order of the IMM's models. */
  probabilities: Float64Array;
  /** Model-conditioned means [x, y, z, vx, vy, vz]. */
  x: Float64Array[];
  /** Model-conditioned 6x6 covariances, row-major. */
  P: Float64Array[];
  /** Adaptive process noise of one mode (`adaptive-noise.ts`): its multiplier, >= 1. */
  noiseScale?: number;
  /** Adaptive process noise: the windowed mean of that mode's NIS / m. */
  nisMean?: number;
  /** Adaptive process noise: the windowed mean of that mode's innovations, and its covariance. */
  innovationMean?: Float64Array;
  innovationMeanCov?: Float64Array;
  /** Each model's acceleration-bias estimate (`acceleration-bias.ts`), when the IMM has one. */
  bias?: AccelerationBias[];
}

/** How a state moves from one time to another (Stone Soup: TransitionModel). */
export interface TransitionModel {
  readonly name: string;
  /** Writes the state propagated by dtS seconds into `out` (may alias `x`), and the state transition Jacobian d out / d x into `F` (6x6) when given. */
  propagate(x: Float64Array, dtS: number, out: Float64Array, F?: Float64Array): void;
  /** Writes the process noise covariance accumulated over dtS from the state `x` at the interval's start into `Q` (6x6). */
  processNoise(x: Float64Array, dtS: number, Q: Float64Array): void;
  /**
   * Optional: `processNoise(x, dtS, Q)` then `propagate(x, dtS, out, F)`, with the same results
   * to the bit, in one pass where the model can share their work (the same trajectory).
   */
  propagateWithNoise?(
    x: Float64Array,
    dtS: number,
    out: Float64Array,
    F: Float64Array,
    Q: Float64Array,
  ): void;
}

/** How a sensor sees a state (Stone Soup: MeasurementModel). */
export interface MeasurementModel {
  readonly name: string;
  /** Dimension of the measurement vector (3 for both models here). */
  readonly dimZ: number;
  /** z = h(x) into `out`. */
  measure(x: Float64Array, out: Float64Array): void;
  /** Jacobian dh/dx (dimZ x 6) at x into `H`. */
  jacobian(x: Float64Array, H: Float64Array): void;
  /** z - zPred into `out`, wrapping angles where the model has them. */
  residual(z: Float64Array, zPred: Float64Array, out: Float64Array): void;
  /**
   * The ECEF position a measurement implies and its 3x3 covariance (linearised), for initiation
   * and the coarse spatial pre-gate.
   */
  toPosition(z: Float64Array, R: Float64Array, posOut: Float64Array, covOut: Float64Array): void;
}

/** One sensor report. */
export interface Detection {
  tS: number;
  /** Index of the reporting sensor (small integer; see `SensorIndex` in the tracker). */
  sensor: number;
  z: Float64Array;
  /** dimZ x dimZ measurement noise covariance. */
  R: Float64Array;
  model: MeasurementModel;
}

export type TrackStatus = 'tentative' | 'confirmed' | 'deleted';

/** A track: an identity and the Gaussian estimate that follows one object. */
export interface Track extends GaussianState {
  readonly id: number;
  status: TrackStatus;
  /** Scans with at least one associated detection, and scans missed. */
  hits: number;
  misses: number;
  missesInRow: number;
  /** Hit (1) / miss (0) of the last 30 scans, most recent in bit 0: the M-of-N window. */
  historyBits: number;
  /** Number of scans recorded in historyBits (saturates at 30). */
  historyLength: number;
  /** Bit i set once sensor i contributed a detection (sensors >= 31 share bit 31). */
  sensorsSeen: number;
  /** Time of the last associated detection. */
  lastHitS: number;
  /** Whether the track has ever been confirmed. */
  everConfirmed: boolean;
  /** Log likelihood ratio target / clutter kept by a score-based confirmer, nats (`sprt.ts`). */
  score?: number;
}

/** Predicts a state to a time (Stone Soup: Predictor). */
export interface Predictor {
  /** Writes the prediction of `prior` at tS into `out` (x and P), which may be `prior` itself. */
  predict(prior: GaussianState, tS: number, out: GaussianState): void;
}

/** Predicted measurement statistics used by both the hypothesiser and the updater. */
export interface MeasurementPrediction {
  /** h(x), dimZ. */
  zPred: Float64Array;
  /** Innovation covariance without R (H P H^T or its unscented equivalent), dimZ x dimZ. */
  Szz: Float64Array;
}

/** Folds a measurement into a predicted state (Stone Soup: Updater). */
export interface Updater {
  /** Predicted measurement and innovation covariance (without R) of `pred` under `model`. */
  predictMeasurement(pred: GaussianState, model: MeasurementModel, out: MeasurementPrediction): void;
  /** Writes the posterior of `pred` given `det` into `out` (may be `pred`). Joseph form. */
  update(pred: GaussianState, det: Detection, out: GaussianState): void;
  /**
   * `update`, also writing into `score` the innovation it used (optional: an updater that has it
   * spares the IMM a second pass to weigh its models).
   */
  updateScored?(pred: GaussianState, det: Detection, out: GaussianState, score: InnovationScore): void;
}

/** An update's innovation y = z - h(x), its covariance S (with R), NIS y^T S^-1 y and ln det S. */
export interface InnovationScore {
  nis: number;
  logDetS: number;
  /** dimZ entries. */
  y: Float64Array;
  /** dimZ x dimZ. */
  S: Float64Array;
}

/** A gated track-detection pairing and its cost (squared Mahalanobis distance). */
export interface Hypothesis {
  track: number;
  detection: number;
  costSq: number;
}

/** Lists the detections each track may have produced (Stone Soup: Hypothesiser). */
export interface Hypothesiser {
  /**
   * Gated hypotheses of every track against every detection. Tracks are already predicted to
   * the detections' time. Returns the number of hypotheses written to `out` (reused between calls).
   */
  hypothesise(tracks: readonly Track[], detections: readonly Detection[], out: Hypothesis[]): number;
  /** Cost of declaring a track missed (the gate). */
  readonly missCostSq: number;
}

/** Chooses at most one detection per track and one track per detection (Stone Soup: DataAssociator). */
export interface DataAssociator {
  /**
   * Writes, for each track, the index of its detection or -1 into `trackToDetection`; returns
   * the number of associated pairs.
   */
  associate(
    nTracks: number,
    nDetections: number,
    hypotheses: readonly Hypothesis[],
    nHypotheses: number,
    missCostSq: number,
    trackToDetection: Int32Array,
  ): number;
}

/** Turns unassociated detections into new tentative tracks (Stone Soup: Initiator). */
export interface Initiator {
  /** Offers the scan's unassociated detections (all at tS); returns new tentative tracks. */
  initiate(detections: readonly Detection[], tS: number, newId: () => number): Track[];
}

/**
 * Decides when a tentative track becomes confirmed (M-of-N in `initiator.ts`; a score test in
 * `sprt.ts`). A score-based confirmer is told, for tentative tracks only, of each start, each
 * assigned detection and each scan missed, and may reject a track (which is then deleted).
 */
export interface Confirmer {
  shouldConfirm(track: Track): boolean;
  /** A tentative track was started (its first two detections are in its state). */
  start?(track: Track): void;
  /** A detection was assigned to the tentative track: its NIS against the prediction, dimension and ln det S. */
  hit?(track: Track, nis: number, dimZ: number, logDetS: number): void;
  /** A scan that should have held the tentative track did not (see `Track.misses`). */
  miss?(track: Track): void;
  /** The tentative track is judged clutter: delete it. */
  shouldReject?(track: Track): boolean;
}

/** Decides when a track must go (Stone Soup: Deleter). */
export interface Deleter {
  shouldDelete(track: Track): boolean;
}
