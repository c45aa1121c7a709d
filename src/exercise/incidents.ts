import type { Trigger } from '../consult/index.js';
import type { Nation } from '../domain/index.js';
import type { DeskResult, NationNode } from '../node/index.js';
import type { ScenarioIncident } from '../sim/index.js';

/**
 * The trigger a scripted incident raises, as the rules read it (src/consult/rules.ts).
 * @example incidentTrigger({ kind: 'armed-attack', id: 'a1', contingency: 'taiwan-strait', ... })
 * // { kind: 'armed-attack', id: 'a1', contingency: 'taiwan-strait' }
 */
export function incidentTrigger(i: ScenarioIncident): Trigger {
  const opt = <K extends string, V>(k: K, v: V | undefined) => (v === undefined ? {} : { [k]: v });
  return i.kind === 'maritime-incursion'
    ? {
        kind: 'maritime-incursion',
        id: i.id,
        zone: i.zone,
        ...opt('coastalNation', i.coastalNation),
        ...opt('vesselFlag', i.vesselFlag),
      }
    : { kind: 'armed-attack', id: i.id, contingency: i.contingency, ...opt('against', i.against) };
}

/**
 * Raises one incident on its nation's node, into its consultation desk's rules, the way the node
 * raises its own warnings: the rules that fire with this nation as convener convene (or join the
 * consultation this desk already holds for the same parties). Returns what the desk did (empty:
 * no rule fired for this nation).
 */
export function raiseIncident(node: NationNode, i: ScenarioIncident): DeskResult[] {
  return node.consult.raise(incidentTrigger(i), `incident ${i.id}: ${i.description}`);
}

/** Schedules a scenario's incidents on the nodes' clock (`after`: ms from now), each on its own nation's node. */
export function scheduleIncidents(
  incidents: readonly ScenarioIncident[],
  nodes: ReadonlyMap<Nation, NationNode>,
  after: (delayMs: number, fn: () => void) => void,
  elapsedMs: number,
  onIncident?: (nation: Nation, i: ScenarioIncident, results: readonly DeskResult[]) => void,
): void {
  for (const i of incidents) {
    const node = nodes.get(i.nation);
    if (!node) continue;
    // Under the node's guard: a failing script is a fault of that node, not the end of the run.
    after(Math.max(0, i.atS * 1000 - elapsedMs), () =>
      node.guard('script:incident', () => {
        const results = raiseIncident(node, i);
        onIncident?.(i.nation, i, results);
      }),
    );
  }
}
