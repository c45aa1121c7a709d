import type { Nation } from '../domain/index.js';
import type { Scenario, ScenarioIncident, WatchAction } from '../sim/index.js';
import type { DeskResult } from './consultations.js';
import { scheduleIncidents } from './incidents.js';
import type { NationNode } from './node.js';
import { scheduleWatch, type WatchOutcome } from './watch.js';

export interface ScriptCallbacks {
  /** What became of each scripted watch action. */
  readonly onWatchAction?: (nation: Nation, a: WatchAction, outcome: WatchOutcome) => void;
  /** What each scripted incident convened or joined (empty: no rule fired for its nation). */
  readonly onIncident?: (nation: Nation, i: ScenarioIncident, results: readonly DeskResult[]) => void;
}

/**
 * Schedules what a scenario scripts — its incidents, then its watch officers' actions — on the nodes
 * given (the embedded network passes all three; a distributed `concord node` only its own), at their
 * scenario instants. `after` runs a function after that many scenario ms; `elapsedMs` is the
 * scenario time already gone (negative before the start).
 */
export function scheduleScenarioScripts(
  scenario: Pick<Scenario, 'watch' | 'incidents'>,
  nodes: ReadonlyMap<Nation, NationNode>,
  after: (delayMs: number, fn: () => void) => void,
  elapsedMs: number,
  on: ScriptCallbacks = {},
): void {
  scheduleIncidents(scenario.incidents, nodes, after, elapsedMs, on.onIncident);
  scheduleWatch(scenario.watch, nodes, after, elapsedMs, on.onWatchAction);
}
