import type { Nation } from '../domain/index.js';
import type { DeskResult, GovernanceResult, NationNode } from '../node/index.js';
import type { GovernanceEntry, Scenario, ScenarioIncident, WatchAction } from '../sim/index.js';
import { scheduleIncidents } from './incidents.js';
import { scheduleWatch, type WatchOutcome } from './watch.js';

export interface ScriptCallbacks {
  /** What became of each scripted watch action. */
  readonly onWatchAction?: (nation: Nation, a: WatchAction, outcome: WatchOutcome) => void;
  /** What each scripted incident convened or joined (empty: no rule fired for its nation). */
  readonly onIncident?: (nation: Nation, i: ScenarioIncident, results: readonly DeskResult[]) => void;
  /** What became of each scheduled governance act (taken, or refused with its field). */
  readonly onGovernanceAct?: (nation: Nation, a: GovernanceEntry, result: GovernanceResult) => void;
}

/**
 * Schedules what a scenario scripts — its incidents, then its watch officers' actions — on the nodes
 * given (the embedded network passes all three; a distributed `concord node` only its own), at their
 * scenario instants. `after` runs a function after that many scenario ms; `elapsedMs` is the
 * scenario time already gone (negative before the start).
 */
export function scheduleScenarioScripts(
  scenario: Pick<Scenario, 'watch' | 'incidents' | 'governance'>,
  nodes: ReadonlyMap<Nation, NationNode>,
  after: (delayMs: number, fn: () => void) => void,
  elapsedMs: number,
  on: ScriptCallbacks = {},
): void {
  scheduleGovernance(scenario.governance ?? [], nodes, after, elapsedMs, on.onGovernanceAct);
  scheduleIncidents(scenario.incidents, nodes, after, elapsedMs, on.onIncident);
  scheduleWatch(scenario.watch, nodes, after, elapsedMs, on.onWatchAction);
}

/**
 * Each governance act at its scenario instant, made by its nation's node as its administrator
 * would (`scenario` names who in the audit); one already past (a node started late) is made at once,
 * dated then. A refused act is reported, never retried: the scenario said what to do and when.
 */
export function scheduleGovernance(
  acts: readonly GovernanceEntry[],
  nodes: ReadonlyMap<Nation, NationNode>,
  after: (delayMs: number, fn: () => void) => void,
  elapsedMs: number,
  onResult?: (nation: Nation, a: GovernanceEntry, result: GovernanceResult) => void,
): void {
  for (const a of acts) {
    const node = nodes.get(a.nation);
    if (!node) continue;
    after(Math.max(0, a.atS * 1000 - elapsedMs), () =>
      node.guard('script:governance', () => {
        const r = node.governance.act(
          a.kind,
          a.target,
          a.body ?? {},
          `scenario${a.label ? ` (${a.label})` : ''}`,
        );
        onResult?.(a.nation, a, r);
      }),
    );
  }
}

/**
 * What `scenario` gives to nations that have no node among `nodes`: their sensors would feed no
 * picture, their incidents and watch officers' actions would never be played (only a nation's own
 * node acts for it). One line per entry, naming it; empty when every entry has its node. The
 * commands that run a whole network (`start`, `network up`, `exercise`) refuse such a scenario
 * rather than leave the entries out unsaid.
 */
export function entriesWithoutNode(
  scenario: Pick<Scenario, 'sensors' | 'watch' | 'incidents' | 'governance'>,
  nodes: readonly Nation[],
): string[] {
  const has = new Set<Nation>(nodes);
  const out: string[] = [];
  for (const s of scenario.sensors) if (!has.has(s.nation)) out.push(`sensor ${s.id} is ${s.nation}'s`);
  for (const i of scenario.incidents)
    if (!has.has(i.nation)) out.push(`incident ${i.id} is raised by ${i.nation}`);
  for (const a of scenario.watch)
    if (!has.has(a.nation)) out.push(`watch action at ${a.atS} s (${a.action}) is ${a.nation}'s`);
  for (const a of scenario.governance ?? [])
    if (!has.has(a.nation)) out.push(`governance act at ${a.atS} s (${a.kind} ${a.target}) is ${a.nation}'s`);
  return out;
}
