// The exercise's public face: the embedded network (a node per nation of the scenario in one process), the scripts a
// scenario plays on the nodes (watch officers, incidents), the exercise runner and its report, and
// the loading of a scenario for a network of nodes.

export type { SharingPolicy } from '../link/index.js';
export { EmbeddedNetwork, type EmbeddedOptions } from './embedded.js';
export {
  type ConsultationFigures,
  DEFAULT_DELAYS,
  DELAY_ASSUMPTIONS,
  type ExerciseDelays,
  type ExerciseOptions,
  type ExerciseRun,
  type ExerciseTimeBase,
  exerciseTimeBase,
  type MaritimeEventFigures,
  type MissileFigures,
  type NationFigures,
  runExercise,
  type WarningFigures,
} from './exercise.js';
export { incidentTrigger, raiseIncident, scheduleIncidents } from './incidents.js';
export { loadScenario } from './load-scenario.js';
export { nodeTrackMarking } from './markings.js';
/**
 * The report's renderers (report.html, report.md, their charts), loaded when a report is written:
 * ECharts costs every other command its start-up time otherwise.
 */
export const loadReportRenderer = () => import('./report/index.js');
export {
  REPLAY_SPEED_MAX,
  REPLAY_SPEED_MIN,
  Replay,
  type ReplayAction,
  type ReplayLaunch,
  type ReplayOptions,
  ReplayRefusal,
  type ReplayRerun,
  type ReplayRun,
  type ReplayScenario,
  type ReplayState,
  replayRun,
} from './replay.js';
export {
  type ExerciseResults,
  exerciseResults,
  type PolicySummary,
  type ScenarioProvenance,
  type SensitivityRow,
  type Spread,
  scenarioProvenance,
} from './results.js';
export {
  type EntryWithoutNode,
  entriesWithoutNode,
  entriesWithoutNodeAt,
  type ScriptCallbacks,
  scheduleScenarioScripts,
} from './scripts.js';
export { SHIP_FEED_STEP_MS, scheduleShips } from './ships.js';
export { playWatchAction, scheduleWatch, WATCH_PATIENCE_S, type WatchOutcome } from './watch.js';
