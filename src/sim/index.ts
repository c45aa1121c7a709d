/**
 * The scenario engine: virtual clock, seeded RNG, ballistic missiles (boost, free flight under J2
 * gravity in the rotating Earth frame, impact), radars of the three nations, and the reports they
 * produce. Pure: time and file contents are handed in; the same scenario and seed give the same
 * reports byte for byte.
 *
 * - `Clock`, `VirtualClock`; `createRng(seed, label)` -> `Rng`.
 * - `parseSensorSites(text, source)`, `parseScenario(text, source, sites)` -> `Scenario`.
 * - `scenarioSchema` (zod), `scenarioJsonSchemaText()` (the committed JSON Schema).
 * - `flyMissile`, `solveAim` (shooting method for aim and profile), `stateAt` on a `Trajectory`.
 * - `coverage`, `platformSiteAt`: the radar and platform models.
 * - `simulate(scenario, seed)` -> `{ reports, measurements, truth, flights }`.
 * - `reportsCsv`, `measurementsCsv`, `truthCsv`: the three output files.
 */
export { AimError, type AimSolution, type Profile, solveAim } from './aim.js';
export { branchRegistry } from './branch.js';
export { type Clock, VirtualClock } from './clock.js';
export { measurementsCsv, reportsCsv, truthCsv } from './csv.js';
export {
  type FlightOptions,
  flyMissile,
  type LaunchPoint,
  type MissileClass,
  type Stage,
  type Steering,
  totalBurnS,
} from './flight.js';
export { platformSiteAt } from './platform.js';
export { coverage, inSector } from './radar.js';
export { createRng, type Rng } from './rng.js';
export {
  type MissileSpec,
  parseScenario,
  parseSensorSites,
  resolveScenario,
  type Scenario,
  type SensorCatalogue,
  type SensorSpec,
} from './scenario.js';
export {
  GOVERNANCE_ACT_KINDS,
  type GovernanceEntry,
  type Hypothetical,
  INCIDENT_KINDS,
  type RadarPerformance,
  type ScenarioFile,
  type ScenarioIncident,
  type SensorDefinition,
  scenarioSchema,
  sensorSitesSchema,
  WATCH_ACTIONS,
  type WatchAction,
} from './scenario-schema.js';
export { scenarioJsonSchemaText } from './schema-json.js';
export {
  type FlightSummary,
  type Measurement,
  type SensorReport,
  type SimulationResult,
  simulate,
  type TruthRow,
} from './simulate.js';
export { stateAt, type Trajectory } from './trajectory.js';
