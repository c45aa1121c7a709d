import {
  type AccelerationBiasOptions,
  accelerationBiasPredictor,
  accelerationBiasUpdater,
  resolveAccelerationBias,
} from './acceleration-bias.js';
import type { AdaptiveNoiseOptions } from './adaptive-noise.js';
import { ballistic } from './ballistic.js';
import { cartesianPosition } from './cartesian-position.js';
import { constantVelocity } from './constant-velocity.js';
import type { MeasurementRow, TrackRow } from './csv.js';
import { anyDeleter, groundDeleter, missesDeleter } from './deleter.js';
import { globalNearestNeighbour } from './gnn.js';
import { CHI2_3DOF_999, distanceHypothesiser } from './hypothesiser.js';
import { immPredictor, immUpdater } from './imm.js';
import { mOfNConfirmer, twoPointInitiator } from './initiator.js';
import { extendedKalmanPredictor, extendedKalmanUpdater } from './kalman.js';
import { markovModeTransition } from './mode-transition.js';
import { type SprtOptions, sprtConfirmer } from './sprt.js';
import { multiTargetTracker, type RejectedCounts, type TrackerComponents } from './tracker.js';
import type { Detection, Predictor, TransitionModel } from './types.js';
import { unscentedKalmanPredictor, unscentedKalmanUpdater } from './unscented.js';

/**
 * Default spectral density of the unpowered ballistic model's white-noise acceleration, m^2/s^3.
 * Not a model of any force: the simulated truth has none beyond what the model propagates (J2
 * gravity, rotating Earth, no atmosphere), and the model follows it to ~1e-7 m/s (measured: RK4 at
 * 2 s against the simulator's RK4 at 1 s and its Hermite interpolation). A floor only: over a 10 s
 * scan it adds 2 mm of position uncertainty, over the lofted ICBM's hour without measurements
 * 14-18 m per axis and 12-16 mm/s (integrated along its trajectory by `ballistic`). Measured on the
 * bundled scenarios (seeds 1-10): with 0, that ICBM's EKF track comes out of its hour overconfident
 * (mean NEES 180), which is the EKF's linearised covariance across the hour (the UKF with 0: 5.62;
 * test/track/consistency.test.ts); with the old 1e-4 (for drag and thrust tail-off, which the
 * simulator does not have) every scenario was conservative (mean NEES 4.2 where 6 is consistent).
 */
export const BALLISTIC_COAST_Q_M2PS3 = 1e-8;
/** Default spectral density of the boost model's white-noise acceleration, m^2/s^3. */
export const BOOST_Q_M2PS3 = 1e4;
/**
 * Mean time in unpowered flight before thrust (re)starts, seconds: never. A ballistic missile does
 * not re-ignite after burn-out, so unpowered flight is an absorbing state of the mode chain. Any
 * finite value would keep a sliver of boost probability alive for the whole flight, and the boost
 * model's covariance (white-noise acceleration of BOOST_Q_M2PS3) leaks through it into the
 * combined estimate: measured, it made the filter markedly conservative minutes after burn-out.
 */
export const COAST_SOJOURN_S = Number.POSITIVE_INFINITY;
/** Mean time in boost before burn-out, seconds. */
export const BOOST_SOJOURN_S = 100;

/**
 * The manoeuvre mode (opt-in, `manoeuvreMode`): ballistic plus this white-noise acceleration,
 * m^2/s^3, for forces the coasting model does not have (drag, lift, a gravity model it does not
 * share). Drag of a 10,000 kg/m^2 body at 20 km and 2 km/s is ~18 m/s^2.
 */
export const MANOEUVRE_Q_M2PS3 = 300;
/** Mean time in the manoeuvre mode, and between entering it from coasting, seconds. */
export const MANOEUVRE_SOJOURN_S = 20;
export const COAST_TO_MANOEUVRE_S = 10_000;

/**
 * Ballistic coefficients beta = m / (Cd A) the drag-aware coasting mode allows for, kg/m^2: the
 * re-entry tracking literature's "thousands to tens of thousands" (docs/sources.md, "Ballistic
 * coefficient"), widened a decade each way short of the schema's 100, as a log-uniform prior (an
 * unknown body's beta is known to within a decade or two, not to a value).
 */
export const DRAG_BETA_RANGE_KGPM2: readonly [number, number] = [1_000, 100_000];
/**
 * How long an error in the modelled aerodynamic acceleration persists, seconds: the white noise
 * of the drag-aware mode has density sigma_a^2 times this, sigma_a the acceleration's 1-sigma
 * from the prior on 1/beta at the state's dynamic pressure. Chosen on seeds 1-3 of both
 * generators among 2, 5 and 10 s (docs/figures.md, "On physics the tracker does not share").
 */
export const AERO_CORRELATION_S = 2;

/**
 * Mean and standard deviation of 1/beta (m^2/kg) when beta is log-uniform over [lo, hi]:
 * E[1/beta] = (1/lo - 1/hi) / ln(hi/lo), E[1/beta^2] = (1/lo^2 - 1/hi^2) / (2 ln(hi/lo)).
 *
 * @example
 * inverseBetaPrior(1_000, 100_000) // { meanM2pKg: 2.15e-4, sigmaM2pKg: 2.50e-4 }
 */
export function inverseBetaPrior(
  loKgPM2: number,
  hiKgPM2: number,
): { meanM2pKg: number; sigmaM2pKg: number } {
  if (!(loKgPM2 > 0 && hiKgPM2 > loKgPM2)) throw new RangeError(`inverseBetaPrior: need 0 < lo < hi`);
  const ln = Math.log(hiKgPM2 / loKgPM2);
  const mean = (1 / loKgPM2 - 1 / hiKgPM2) / ln;
  const second = (1 / loKgPM2 ** 2 - 1 / hiKgPM2 ** 2) / (2 * ln);
  return { meanM2pKg: mean, sigmaM2pKg: Math.sqrt(second - mean * mean) };
}

/**
 * Default probability below which a coasting IMM mode is dropped (`ImmPredictorOptions.pruneBelow`):
 * the drag-free mode once the air has ruled it out, or the drag-aware one for a body in vacuum.
 * Reached within ~30 s of burn-out on the bundled KN-23. Such a mode is fed back only the boost
 * mode's share, and weighs at most 1e-12 in the estimate. Measured against 0 (never) on the
 * bundled scenarios (docs/figures.md, "Speed per scan"): the same tracks, RMSE, OSPA and NEES
 * within noise.
 */
export const IMM_PRUNE_PROBABILITY = 1e-12;

/** How tracks are confirmed by default (`TrackerConfig.confirmation`). */
export const DEFAULT_CONFIRMATION: 'm-of-n' | 'sprt' = 'm-of-n';

/** Choices for the standard composition; every one has a default. */
export interface TrackerConfig {
  /** Motion model: ballistic (gravity, J2, rotating Earth) or constant velocity. */
  motion?: 'ballistic' | 'constant-velocity';
  /** Filter: extended or unscented Kalman. */
  filter?: 'ekf' | 'ukf';
  /**
   * White-noise acceleration spectral density, m^2/s^3: of the unpowered (post-boost) model for
   * ballistic motion (default BALLISTIC_COAST_Q_M2PS3), of the one model for constant velocity (default 100).
   */
  accelerationNoiseM2pS3?: number;
  /**
   * Ballistic motion only: also run a boost model (ballistic plus `boostAccelerationNoiseM2pS3`)
   * in an IMM with the unpowered one, so thrusting targets stay in the gate (default true).
   */
  boost?: boolean;
  /**
   * Ballistic motion with boost only: a third IMM mode, ballistic plus MANOEUVRE_Q_M2PS3, entered
   * from coasting and left back to it, for forces the coasting model lacks (default false).
   */
  manoeuvreMode?: boolean;
  /**
   * Ballistic motion with boost only: a second coasting mode for a body in the air (default
   * true). It flies the mean drag of DRAG_BETA_RANGE_KGPM2's prior and covers the rest of the
   * aerodynamic force (another beta, lift) with white noise that follows the dynamic pressure; the
   * drag-free coasting mode stays, so a body in vacuum loses nothing. Above ~100 km the two are
   * the same model. False gives the two-mode IMM (boost, drag-free coasting) of earlier versions.
   */
  drag?: boolean;
  /**
   * Ballistic motion with boost only: scale the coasting mode's white noise (from its floor
   * `accelerationNoiseM2pS3` up), per track, when chi-square tests on its innovations say the
   * floor is too small for the truth (`adaptive-noise.ts`). Opt-in (default false): true uses
   * the defaults there, an object sets them. Not the default because, measured, it is not yet
   * consistent on every scenario (docs/figures.md, "On physics the tracker does not share").
   */
  adaptiveNoise?: boolean | Omit<AdaptiveNoiseOptions, 'mode'>;
  /**
   * Ballistic motion with boost and the EKF only: every IMM mode's state is augmented with an
   * acceleration bias, a 3-D first-order Gauss-Markov process estimated by the filter
   * (`acceleration-bias.ts`), for a slow force the models lack (another gravity model). True
   * uses the defaults there, an object sets them (default false).
   */
  accelerationBias?: boolean | AccelerationBiasOptions;
  /**
   * Ballistic motion with boost only: a coasting IMM mode whose probability falls below this is
   * dropped while it stays there (default IMM_PRUNE_PROBABILITY; 0 keeps every mode).
   */
  pruneModesBelow?: number;
  /** White-noise acceleration spectral density of the boost model, m^2/s^3 (default BOOST_Q_M2PS3). */
  boostAccelerationNoiseM2pS3?: number;
  /** Chi-square gate for detection-to-track association (3 degrees of freedom). */
  gateChi2?: number;
  /**
   * How tentative tracks are confirmed: 'm-of-n' (`confirmM` of the last `confirmN` scans hit)
   * or 'sprt' (a score test on each detection's likelihood against clutter, `sprt.ts`).
   */
  confirmation?: 'm-of-n' | 'sprt';
  /** The score test's parameters (defaults in `sprt.ts`). */
  sprt?: SprtOptions;
  /** M-of-N confirmation. */
  confirmM?: number;
  confirmN?: number;
  /** Misses in a row that delete a confirmed track. */
  confirmedMaxMissesInRow?: number;
  /** 1-sigma position uncertainty that deletes a track, metres. */
  maxPositionSigmaM?: number;
  /** Fastest target to initiate on, m/s. */
  maxSpeedMps?: number;
}

/**
 * The one place the standard tracker is composed: motion model, EKF or UKF, Mahalanobis
 * hypothesiser with a chi-square gate, GNN on an optimal assignment, two-point initiation with
 * M-of-N confirmation, misses/covariance deleter and ground (impact) deleter.
 *
 * @example
 * const tracker = multiTargetTracker(standardComponents({ motion: 'ballistic', filter: 'ekf' }));
 */
export function standardComponents(config: TrackerConfig = {}): TrackerComponents {
  const motion = config.motion ?? 'ballistic';
  const q = config.accelerationNoiseM2pS3 ?? (motion === 'ballistic' ? BALLISTIC_COAST_Q_M2PS3 : 100);
  const transition =
    motion === 'ballistic'
      ? ballistic({ accelerationNoiseM2pS3: q })
      : constantVelocity({ accelerationNoiseM2pS3: q });
  const ukf = config.filter === 'ukf';
  const boost = motion === 'ballistic' && (config.boost ?? true);
  const biasConfig = config.accelerationBias ?? false;
  const bias =
    biasConfig === false ? undefined : resolveAccelerationBias(biasConfig === true ? {} : biasConfig);
  if (bias && (ukf || !boost))
    throw new RangeError('TrackerConfig.accelerationBias needs ballistic motion with boost and the EKF');
  const kalman = (t: TransitionModel): Predictor =>
    bias
      ? accelerationBiasPredictor({ transition: t, ...bias })
      : ukf
        ? unscentedKalmanPredictor({ transition: t })
        : extendedKalmanPredictor({ transition: t });
  const inner = bias ? accelerationBiasUpdater() : ukf ? unscentedKalmanUpdater() : extendedKalmanUpdater();
  const boostModel = kalman(
    ballistic({ accelerationNoiseM2pS3: config.boostAccelerationNoiseM2pS3 ?? BOOST_Q_M2PS3 }),
  );
  const adaptiveConfig = config.adaptiveNoise ?? false;
  const adaptiveMode = boost && adaptiveConfig !== false ? 0 : undefined;
  const adaptiveOptions = typeof adaptiveConfig === 'object' ? adaptiveConfig : {};
  const manoeuvre = config.manoeuvreMode === true;
  const drag = config.drag ?? true;
  const prior = inverseBetaPrior(DRAG_BETA_RANGE_KGPM2[0], DRAG_BETA_RANGE_KGPM2[1]);
  const dragModel = kalman(
    ballistic({
      accelerationNoiseM2pS3: q,
      aero: {
        meanInverseBetaM2pKg: prior.meanM2pKg,
        sigmaInverseBetaM2pKg: prior.sigmaM2pKg,
        correlationS: AERO_CORRELATION_S,
      },
    }),
  );
  // Modes: 0 drag-free coasting, 1 boost, then the manoeuvre mode and the drag-aware coasting mode
  // when on. Both coasting modes are absorbing (a body does not change its ballistic coefficient);
  // boost ends in either; the manoeuvre mode is entered from drag-free coasting and returns to it.
  const predictors = [kalman(transition), boostModel];
  const sojourns = [manoeuvre ? COAST_TO_MANOEUVRE_S : COAST_SOJOURN_S, BOOST_SOJOURN_S];
  const initial = manoeuvre ? [0.45, 0.45] : [0.5, 0.5];
  if (manoeuvre) {
    predictors.push(kalman(ballistic({ accelerationNoiseM2pS3: MANOEUVRE_Q_M2PS3 })));
    sojourns.push(MANOEUVRE_SOJOURN_S);
    initial.push(0.1);
  }
  if (drag) {
    predictors.push(dragModel);
    sojourns.push(COAST_SOJOURN_S);
    // Half of the drag-free mode's prior goes to the drag-aware one.
    initial[0] = initial[0]! / 2;
    initial.push(initial[0]!);
  }
  const nModes = predictors.length;
  const destinations = predictors.map((_, i) => {
    const row = new Array<number>(nModes).fill(0);
    if (i === 0)
      row[manoeuvre ? 2 : 1] = 1; // only left for the manoeuvre mode (rate 0 without)
    else if (i === 1) {
      // Boost ends in coasting, with or without air, or (opt-in) in the manoeuvre mode.
      const ends = [0, ...(manoeuvre ? [2] : []), ...(drag ? [nModes - 1] : [])];
      const share = manoeuvre ? [0.5, 0.5, ...(drag ? [0.5] : [])] : ends.map(() => 1);
      const sum = share.reduce((a, b) => a + b, 0);
      ends.forEach((e, k) => {
        row[e] = share[k]! / sum;
      });
    } else row[0] = 1; // the manoeuvre mode returns to coasting; drag-aware coasting is never left
    return row;
  });
  const predictor = !boost
    ? kalman(transition)
    : immPredictor({
        predictors,
        transition: markovModeTransition({ meanSojournS: sojourns, destinations }),
        initialProbabilities: initial,
        pruneBelow: config.pruneModesBelow ?? IMM_PRUNE_PROBABILITY,
        // Only a coasting mode is dropped: the boost mode, negligible after burn-out, still
        // gates widely after a long gap (measured: without it the lofted ICBM's track, seed 3,
        // was lost on coming back after its hour out of view and started again).
        prunable: drag ? [0, nModes - 1] : [0],
        ...(bias && { accelerationBiasSigmaMps2: bias.sigmaMps2 }),
        ...(adaptiveMode !== undefined && {
          adaptive: {
            mode: adaptiveMode,
            ...(adaptiveOptions.relaxTimeS !== undefined && { relaxTimeS: adaptiveOptions.relaxTimeS }),
          },
        }),
      });
  const updater = boost
    ? immUpdater({
        updater: inner,
        ...(adaptiveMode !== undefined && { adaptive: { ...adaptiveOptions, mode: adaptiveMode } }),
      })
    : inner;
  const m = config.confirmM ?? 4;
  const n = config.confirmN ?? 5;
  const gate = config.gateChi2 ?? CHI2_3DOF_999;
  const sprt = (config.confirmation ?? DEFAULT_CONFIRMATION) === 'sprt';
  return {
    predictor,
    updater,
    hypothesiser: distanceHypothesiser({ updater, gateChi2: gate }),
    associator: globalNearestNeighbour(),
    initiator: twoPointInitiator({ maxSpeedMps: config.maxSpeedMps ?? 7500, gateChi2: gate }),
    confirmer: sprt ? sprtConfirmer(config.sprt) : mOfNConfirmer({ m, n }),
    // A track ends when it loses its target, and when its estimate goes below the ground (impact).
    deleter: anyDeleter(
      missesDeleter({
        m,
        n,
        confirmedMaxMissesInRow: config.confirmedMaxMissesInRow ?? 10,
        maxPositionSigmaM: config.maxPositionSigmaM ?? 10_000,
        tentativeMOfN: !sprt,
      }),
      groundDeleter(),
    ),
  };
}

export interface RunTrackerOptions extends TrackerConfig {
  /** Components to use instead of `standardComponents(options)`. */
  components?: TrackerComponents;
  /** A millisecond clock for per-scan timing (e.g. performance.now); timing is skipped without it. */
  now?: () => number;
}

export interface RunTrackerResult {
  /** After each scan, one row per confirmed track at the scan time (coasting ones at their prediction). */
  rows: TrackRow[];
  stats: {
    scans: number;
    /** Tracks ever confirmed. */
    confirmedTracks: number;
    rejected: RejectedCounts;
    /** Mean wall time per scan, milliseconds; only with `now`. */
    scanMsMean?: number;
  };
}

/**
 * Runs the tracker over recorded measurement rows (the `concord track` command's core). Rows
 * with equal times form one scan; a row whose time is earlier than the current scan is rejected
 * (counted in `rejected.timeBackwards`) and the run goes on. Sensors are numbered in order of
 * first appearance.
 *
 * @example
 * const { rows, stats } = runTracker(parseMeasurementsCsv(text, 'm.csv'), { now: () => performance.now() });
 * writeFileSync('tracks.csv', formatTracksCsv(rows));
 */
export function runTracker(
  measurements: readonly MeasurementRow[],
  options: RunTrackerOptions = {},
): RunTrackerResult {
  const tracker = multiTargetTracker(options.components ?? standardComponents(options));
  const model = cartesianPosition();
  const sensors = new Map<string, number>();
  const rows: TrackRow[] = [];
  const now = options.now;
  let elapsedMs = 0;
  let extraBackwards = 0;
  let extraNotFinite = 0;
  let scan: Detection[] = [];
  let scanTS = Number.NaN;

  const flush = (): void => {
    if (scan.length === 0) return;
    const t0 = now?.();
    const live = tracker.step(scan, scanTS);
    if (now && t0 !== undefined) elapsedMs += now() - t0;
    for (const t of live) {
      if (t.status !== 'confirmed') continue;
      rows.push({
        tS: scanTS,
        track: t.id,
        x: t.x[0]!,
        y: t.x[1]!,
        z: t.x[2]!,
        vx: t.x[3]!,
        vy: t.x[4]!,
        vz: t.x[5]!,
      });
    }
    scan = [];
  };

  for (const r of measurements) {
    if (!Number.isFinite(r.tS)) {
      extraNotFinite++;
      continue;
    }
    if (r.tS < scanTS) {
      extraBackwards++;
      continue;
    }
    if (r.tS !== scanTS) {
      flush();
      scanTS = r.tS;
    }
    let sensor = sensors.get(r.sensor);
    if (sensor === undefined) {
      sensor = sensors.size;
      sensors.set(r.sensor, sensor);
    }
    scan.push({
      tS: r.tS,
      sensor,
      z: Float64Array.of(r.x, r.y, r.z),
      R: Float64Array.of(r.cxx, r.cxy, r.cxz, r.cxy, r.cyy, r.cyz, r.cxz, r.cyz, r.czz),
      model,
    });
  }
  flush();
  const s = tracker.stats;
  const result: RunTrackerResult = {
    rows,
    stats: {
      scans: s.scans,
      confirmedTracks: s.confirmedTracks,
      rejected: {
        notFinite: s.rejected.notFinite + extraNotFinite,
        notPositiveDefinite: s.rejected.notPositiveDefinite,
        timeBackwards: s.rejected.timeBackwards + extraBackwards,
      },
    },
  };
  if (now && s.scans > 0) result.stats.scanMsMean = elapsedMs / s.scans;
  return result;
}
