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

/** An entry of a scenario given to a nation with no node: what it is, and its field in the file. */
export interface EntryWithoutNode {
  readonly text: string;
  /** The path of its `nation` field in the scenario file, e.g. `['watch', 3, 'nation']`. */
  readonly path: readonly (string | number)[];
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
 * node acts for it). One per entry, naming it and its field; empty when every entry has its node.
 * The commands that run a network (`start`, `network up`, `exercise`, and `node` with its
 * partners) refuse such a scenario rather than leave the entries out unsaid. A sensor's path is
 * `sensors[i]` when `siteRefs` (how many of the resolved sensors are `sensors:` references, the
 * rest `inlineSensors:`) is given, else `sensors[i]` of the resolved list.
 */
export function entriesWithoutNodeAt(
  scenario: Pick<Scenario, 'sensors' | 'watch' | 'incidents' | 'governance'>,
  nodes: readonly Nation[],
  siteRefs: number = scenario.sensors.length,
): EntryWithoutNode[] {
  const has = new Set<Nation>(nodes);
  const out: EntryWithoutNode[] = [];
  scenario.sensors.forEach((s, i) => {
    if (has.has(s.nation)) return;
    const path = i < siteRefs ? ['sensors', i, 'ref'] : ['inlineSensors', i - siteRefs, 'nation'];
    out.push({ text: `sensor ${s.id} is ${s.nation}'s`, path });
  });
  scenario.incidents.forEach((x, i) => {
    if (!has.has(x.nation))
      out.push({ text: `incident ${x.id} is raised by ${x.nation}`, path: ['incidents', i, 'nation'] });
  });
  scenario.watch.forEach((a, i) => {
    if (!has.has(a.nation))
      out.push({
        text: `watch action at ${a.atS} s (${a.action}) is ${a.nation}'s`,
        path: ['watch', i, 'nation'],
      });
  });
  (scenario.governance ?? []).forEach((a, i) => {
    if (!has.has(a.nation))
      out.push({
        text: `governance act at ${a.atS} s (${a.kind} ${a.target}) is ${a.nation}'s`,
        path: ['governance', i, 'nation'],
      });
  });
  return out;
}

/** `entriesWithoutNodeAt`'s lines alone. */
export function entriesWithoutNode(
  scenario: Pick<Scenario, 'sensors' | 'watch' | 'incidents' | 'governance'>,
  nodes: readonly Nation[],
): string[] {
  return entriesWithoutNodeAt(scenario, nodes).map((e) => e.text);
}
