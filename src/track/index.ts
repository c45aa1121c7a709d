/**
 * Ballistic-missile and general target tracking, assembled Stone Soup style from components
 * with one role each (see `types.ts` for the role interfaces):
 *
 * - motion: `constantVelocity`, `ballistic` (J2 + rotating Earth, RK4 with its Jacobian)
 * - measurement: `cartesianPosition` (ECEF with a 3x3 covariance), `radarPolar` (range/az/el)
 * - filter: `extendedKalmanPredictor`/`extendedKalmanUpdater`, `unscentedKalmanPredictor`/`unscentedKalmanUpdater` (Joseph form)
 * - multiple models: `immPredictor`/`immUpdater` (IMM of boost and unpowered flight), `markovModeTransition`;
 *   opt-in adaptive process noise of the coasting mode (`adaptNoiseScale`, `relaxNoiseScale`); opt-in
 *   acceleration-bias state (`accelerationBiasPredictor`/`accelerationBiasUpdater`)
 * - association: `distanceHypothesiser` (spatial pre-gate + chi-square Mahalanobis gate), `globalNearestNeighbour` (`solveAssignment`)
 * - track management: `twoPointInitiator`, `mOfNConfirmer`, `missesDeleter`, `groundDeleter`, `anyDeleter`, `multiTargetTracker`, `standardComponents`
 * - `runTracker` over CSV rows; `parse*Csv`, `format*Csv`
 * - partner payloads: `checkTrackPayload` (shape, time, physics of a shared track; `TrackPayload`)
 * - fusion: `covarianceIntersection`, `associateTracks`; `predictImpact`, `groundCrossing` (a track's end),
 *   `minimumEnergyFlightTimeS`
 * - evaluation: `rmse`, `nees`, `ospa`, `gospa`, `assignTracksToTruth`, `trackContinuity`, `pcrlb`
 */
export {
  ACCELERATION_BIAS_CORRELATION_S,
  ACCELERATION_BIAS_SIGMA_MPS2,
  type AccelerationBiasOptions,
  accelerationBiasPredictor,
  accelerationBiasUpdater,
  priorAccelerationBias,
} from './acceleration-bias.js';
export {
  type AdaptiveNoiseOptions,
  type AdaptiveNoiseState,
  adaptNoiseScale,
  relaxNoiseScale,
} from './adaptive-noise.js';
export { solveAssignment } from './assignment.js';
export { airDensity, approxHeightM } from './atmosphere.js';
export { type AeroUncertainty, type BallisticOptions, ballistic } from './ballistic.js';
export { cartesianPosition } from './cartesian-position.js';
export { type ConstantVelocityOptions, constantVelocity } from './constant-velocity.js';
export {
  formatMeasurementsCsv,
  formatTracksCsv,
  formatTruthCsv,
  type MeasurementRow,
  parseMeasurementsCsv,
  parseTracksCsv,
  parseTruthCsv,
  type TrackRow,
  type TruthRow,
} from './csv.js';
export {
  anyDeleter,
  type GroundDeleterOptions,
  groundDeleter,
  type MissesDeleterOptions,
  missesDeleter,
} from './deleter.js';
export { type Evaluation, type EvaluationOptions, evaluateTracks } from './evaluate.js';
export { minimumEnergyFlightTimeS } from './flight-time.js';
export {
  associateTracks,
  type CovarianceIntersectionOptions,
  covarianceIntersection,
  type FusedEstimate,
  type SharedTrack,
  type TrackPair,
  type TrackToTrackOptions,
} from './fusion.js';
export { globalNearestNeighbour } from './gnn.js';
export { CHI2_3DOF_999, type DistanceHypothesiserOptions, distanceHypothesiser } from './hypothesiser.js';
export {
  type ImmPredictorOptions,
  type ImmUpdaterOptions,
  immPredictor,
  immUpdater,
} from './imm.js';
export {
  ellipseContains,
  type GroundCrossing,
  groundCrossing,
  type ImpactEllipse,
  type ImpactOptions,
  type ImpactPrediction,
  predictImpact,
} from './impact.js';
export {
  arrivalWindowS,
  type CorridorLanding,
  corridorBand,
  corridorCoordinates,
  corridorPoint,
  DEFAULT_IMPACT_REGION,
  DEFAULT_SWEEP,
  fanHalfWidthM,
  type ImpactRegion,
  type ImpactRegionOptions,
  impactRegion,
  impactRegionContains,
  manoeuvreCorridor,
  type SweepOptions,
  type SweptImpactRegion,
  sampleAlong,
  sweptImpactRegion,
  sweptRegionAreaM2,
  sweptRegionContains,
  sweptRegionOutline,
} from './impact-region.js';
export {
  fuseVelocityPrior,
  type MOfNOptions,
  mOfNConfirmer,
  type TwoPointInitiatorOptions,
  twoPointInitiator,
} from './initiator.js';
export {
  extendedKalmanPredictor,
  extendedKalmanUpdater,
  type KalmanPredictorOptions,
} from './kalman.js';
export { isSymmetricPd, sandwich, TrackInvariantError } from './linalg.js';
export {
  apogeeAltitudeM,
  canManoeuvre,
  DEFAULT_MANOEUVRE,
  type ManoeuvreOptions,
  manoeuvreLandings,
} from './manoeuvre-reach.js';
export {
  type AssignmentFrame,
  assignTracksToTruth,
  type ContinuityResult,
  type ErrorSample,
  type GospaResult,
  gospa,
  nees,
  type OspaOptions,
  ospa,
  rmse,
  trackContinuity,
} from './metrics.js';
export { type ModeTransition, type ModeTransitionOptions, markovModeTransition } from './mode-transition.js';
export {
  type CheckedTrack,
  checkTrackPayload,
  TRACK_LIMITS,
  TRACK_PAYLOAD_TOPIC,
  type TrackPayload,
  type TrackPayloadCheck,
  type TrackRefusalCode,
  type TrackTimes,
  trackPayloadSchema,
} from './payload.js';
export { type PcrlbBound, type PcrlbOptions, type PcrlbStep, pcrlb } from './pcrlb.js';
export { radarPolar } from './radar-polar.js';
export {
  AERO_CORRELATION_S,
  BALLISTIC_COAST_Q_M2PS3,
  BOOST_Q_M2PS3,
  BOOST_SOJOURN_S,
  COAST_SOJOURN_S,
  COAST_TO_MANOEUVRE_S,
  DEFAULT_CONFIRMATION,
  DRAG_BETA_RANGE_KGPM2,
  IMM_PRUNE_PROBABILITY,
  inverseBetaPrior,
  MANOEUVRE_Q_M2PS3,
  MANOEUVRE_SOJOURN_S,
  type RunTrackerOptions,
  type RunTrackerResult,
  runTracker,
  standardComponents,
  type TrackerConfig,
} from './run.js';
export {
  type ScoreConfirmer,
  SPRT_FALSE_ALARM_DENSITY_PER_M3,
  SPRT_FALSE_CONFIRM_PROBABILITY,
  SPRT_FALSE_DROP_PROBABILITY,
  SPRT_PD,
  type SprtOptions,
  sprtConfirmer,
} from './sprt.js';
export {
  type MultiTargetTracker,
  multiTargetTracker,
  type RejectedCounts,
  type TrackerComponents,
  type TrackerStats,
} from './tracker.js';
export type {
  AccelerationBias,
  Confirmer,
  DataAssociator,
  Deleter,
  Detection,
  GaussianState,
  Hypothesis,
  Hypothesiser,
  Initiator,
  MeasurementModel,
  MeasurementPrediction,
  ModeMixture,
  Predictor,
  Track,
  TrackStatus,
  TransitionModel,
  Updater,
} from './types.js';
export { STATE_DIM } from './types.js';
export { type UnscentedOptions, unscentedKalmanPredictor, unscentedKalmanUpdater } from './unscented.js';
