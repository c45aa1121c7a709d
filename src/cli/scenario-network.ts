import { BUNDLED_US_BASES, loadMaritimeInputs, shipsByNation } from '../bundled/index.js';
import type { Nation } from '../domain/index.js';
import { EmbeddedNetwork, loadScenario, nodeTrackMarking, type SharingPolicy } from '../exercise/index.js';
import { exportZones, type GatherOptions } from '../interop/index.js';
import { generateSigningKeyPair, SHARING_POLICIES } from '../link/index.js';
import { loadProtectedAreas } from '../node/index.js';
import { openStore } from '../store/index.js';
import { loadConsultData } from './consult-data.js';
import { loadRegistry } from './io.js';
import { UsageError } from './usage.js';

export interface ScenarioNetwork {
  readonly net: EmbeddedNetwork;
  readonly scenario: ReturnType<typeof loadScenario>;
  readonly nation: Nation;
  /** What `nationExport` needs to know beyond the node: the originators' markings, the desk's zones. */
  readonly gather: GatherOptions;
}

/**
 * The embedded network on a scenario (a node per nation it names, in-memory stores, the bundled
 * agreements and areas, the scenario's ships for a scenario with `maritime:`), for `concord export`
 * and `concord cot --scenario`: `--nation`, `--seed` and `--policy` checked, naming the option.
 */
export function scenarioNetwork(o: {
  scenario: string;
  nation: string;
  seed: string;
  policy: string;
}): ScenarioNetwork {
  const scenario = loadScenario(o.scenario);
  const nations = scenario.nations;
  const nation = o.nation as Nation;
  if (!nations.includes(nation))
    throw new UsageError(
      `--nation '${o.nation}' has no node in scenario ${scenario.name} (${nations.join(', ')})`,
    );
  const seed = Number(o.seed);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be a whole number, not '${o.seed}'`);
  if (!SHARING_POLICIES.includes(o.policy as SharingPolicy))
    throw new UsageError(`--policy must be one of ${SHARING_POLICIES.join(', ')}, not '${o.policy}'`);
  const registry = loadRegistry(undefined);
  const endMs = scenario.startMs + scenario.durationS * 1000;
  const reference = scenario.maritime ? loadMaritimeInputs({}).ref : undefined;
  const net = new EmbeddedNetwork({
    scenario,
    seed,
    nations,
    keys: new Map(nations.map((n) => [n, generateSigningKeyPair()])),
    openStore: () => openStore(':memory:'),
    registry: () => registry,
    policy: o.policy as SharingPolicy,
    trackMarking: (n) => nodeTrackMarking(n, nations),
    areas: loadProtectedAreas(BUNDLED_US_BASES),
    ...loadConsultData(registry),
    // A scenario with ships: each node's desk hears what its nation's receivers cover.
    ...(reference
      ? {
          maritime: { reference },
          ships: shipsByNation(scenario, seed, { nations, untilMs: endMs }),
        }
      : {}),
  });
  return {
    net,
    scenario,
    nation,
    gather: {
      markingOf: (n) => nodeTrackMarking(n, nations),
      // The zones the desk detects against, for a scenario with ships.
      ...(reference ? { zones: exportZones(reference.zones.zones) } : {}),
    },
  };
}
