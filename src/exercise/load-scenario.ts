import { readScenario } from '../bundled/index.js';
import { InputError, type Nation } from '../domain/index.js';
import type { Scenario } from '../sim/index.js';
import { entriesWithoutNode } from './scripts.js';

/**
 * Reads and validates a scenario (a file path or a bundled name) against the bundled sensor sites.
 * Its `nations` are the nodes of the network that runs it (parsing already refuses a sensor, an
 * incident or a watch action of a nation not among them, at its line). With `nodes`, a network of
 * other nations, it also refuses one that gives such an entry to a nation with no node there:
 * nothing would play it.
 */
export function loadScenario(nameOrFile: string, nodes?: readonly Nation[]): Scenario {
  const { scenario, file } = readScenario(nameOrFile);
  const orphans = nodes === undefined ? [] : entriesWithoutNode(scenario, nodes);
  if (orphans.length > 0) {
    throw new InputError(
      { input: file },
      `${orphans.join('; ')}: no node of that nation in this network (${nodes!.join(', ')})`,
    );
  }
  return scenario;
}
