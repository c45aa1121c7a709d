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
} from './exercise.js';
export { exerciseReportHtml } from './exercise-report.js';
export { incidentTrigger, raiseIncident, scheduleIncidents } from './incidents.js';
export { loadScenario } from './load-scenario.js';
export { nodeTrackMarking } from './markings.js';
export {
  type EntryWithoutNode,
  entriesWithoutNode,
  entriesWithoutNodeAt,
  type ScriptCallbacks,
  scheduleScenarioScripts,
} from './scripts.js';
export { SHIP_FEED_STEP_MS, scheduleShips } from './ships.js';
export { playWatchAction, scheduleWatch, WATCH_PATIENCE_S, type WatchOutcome } from './watch.js';
