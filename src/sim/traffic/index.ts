/**
 * Synthetic maritime traffic with ground truth, and the scorer of detectors against it. Pure:
 * the scenario's maritime block and a seed in; ships, AIS messages (gpsd field names), sensor
 * contacts and the truth out, the same byte for byte for the same inputs.
 *
 * - `maritimeSchema` (zod): the `maritime:` block of a scenario.
 * - `generateTraffic(maritime, { name, startMs }, { seed?, backgroundShips? })` -> `Traffic`
 *   (`ships`, `contacts`, `truth`, `reports()` lazily in time order).
 * - `contactsCsv(contacts)`: the contacts CSV; `reportIntervalMs`: AIS reporting rates.
 * - `aisGen(scenario, { seed?, backgroundShips? })`: a scenario's traffic, truth JSON and contacts
 *   CSV, as `concord ais gen` writes them; `scenarioWatchlistCsv(scenario)`: its watch list as CSV.
 * - `scoreEvents(truth, detected, tolerances?)` -> precision and recall per event type.
 * - `byCoverage(records, receivers)`: which nations' coastal AIS receivers hear each message
 *   (radio horizon from antenna heights), for per-nation feeds.
 */

export { IDENTITY_KINDS, type IdentityKind } from '../../domain/index.js';
export { type AisRecord, reportIntervalMs, STATIC_INTERVAL_MS } from './ais.js';
export { type AisGenOptions, type AisGenResult, aisGen, scenarioWatchlistCsv } from './ais-gen.js';
export { type Contact, contactsCsv } from './contacts.js';
export {
  type AisReceiver,
  byCoverage,
  classOfType,
  type Heard,
  receiverRangeM,
  SHIP_ANTENNA_HM,
} from './coverage.js';
export { generateTraffic, type Traffic, type TrafficOptions } from './generate.js';
export { imoWithCheckDigit, isValidImo, KIND_PROFILES } from './identity.js';
export { GROUNDS, LANES } from './lanes.js';
export {
  INJECTED_KINDS,
  type MaritimeScenario,
  maritimeSchema,
  NEAR_MISS_KINDS,
  SHIP_KINDS,
  type ShipKind,
  TRAFFIC_REGIONS,
} from './schema.js';
export {
  DEFAULT_TOLERANCES,
  type DetectedEvent,
  eventsMatch,
  type Score,
  type ScoreTolerances,
  scoreEvents,
  subKindOf,
  type TypeScore,
} from './score.js';
export { type ShoreIndex, shoreIndex } from './shore.js';
export { type Knot, NAV_STATUS, Track, type TrackState } from './track.js';
export { DEFINITIONS, EVENT_TYPES, type EventType, type Truth, type TruthEvent } from './truth.js';
export type { Ship, Window } from './vessels.js';
