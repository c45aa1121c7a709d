/**
 * The maritime detectors, one module each, and the streaming engine that runs them over the
 * vessel picture: encounter, loitering, gap, identity, zone entry/exit, port visit, watch list,
 * dark contacts. Every parameter is in `params.ts` with its source (`DEFAULT_PARAMS`).
 *
 * - `DetectionEngine(ref, params)` -> `pushAis(tMs, record)`, `pushContact(c)`, `finish()`.
 * - `detectEvents(ref, inputs)` -> a generator of `DetectedEvent`; `toNdjson(e)` writes one line.
 * - `runDetect(records, inputs, out)`: AIS records and contacts merged by time, NDJSON to `out`.
 */
export type { Detector, DetectorContext, FixEvent, MaritimeReference } from './context.js';
export { type DarkDetector, darkDetector, silentWatchedEvent } from './dark.js';
export { encounterDetector } from './encounter.js';
export {
  DETECTOR_NAMES,
  DetectionEngine,
  type DetectorName,
  detectEvents,
  type EngineInput,
  type EngineStats,
} from './engine.js';
export {
  type DetectedEvent,
  EVENT_TYPES,
  type EventJson,
  type EventType,
  type Evidence,
  toEventJson,
  toNdjson,
} from './event.js';
export { gapDetector } from './gap.js';
export { identityDetector, mmsiProblem } from './identity.js';
export { loiteringDetector } from './loitering.js';
export {
  type DarkParams,
  DEFAULT_PARAMS,
  type DetectParams,
  type EncounterParams,
  type GapParams,
  type IdentityParams,
  type LoiteringParams,
  type PortVisitParams,
  withParams,
  type ZoneParams,
} from './params.js';
export { portVisitDetector } from './port-visit.js';
export { type MaritimeInputs, runDetect } from './run.js';
export { matchWatch, watchlistDetector } from './watchlist.js';
export { normaliseName, type WatchEntry, type WatchIndex, watchIndex } from './watchlist-index.js';
export { governmentReason, zoneDetector } from './zone.js';
