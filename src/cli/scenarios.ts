import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, type Nation } from '../domain/index.js';
import { entriesWithoutNode } from '../node/scripts.js';
import { parseScenario, parseSensorSites, type Scenario } from '../sim/index.js';
import { readText } from './io.js';
import { ROOT } from './paths.js';

export const SENSOR_SITES = join(ROOT, 'data', 'sensor-sites.yaml');
export const SCENARIOS_DIR = join(ROOT, 'scenarios');

/** The names of the bundled scenarios, in name order. */
export function bundledScenarios(): string[] {
  return readdirSync(SCENARIOS_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

/**
 * A scenario file path, or the name of a bundled scenario (`korea-irbm-over-japan`). Neither is an
 * InputError that lists the bundled names, so a misspelt name is one look away from the right one.
 */
export function scenarioPath(nameOrFile: string): string {
  if (existsSync(nameOrFile)) return nameOrFile;
  const bundled = join(SCENARIOS_DIR, `${nameOrFile}.yaml`);
  if (existsSync(bundled)) return bundled;
  throw new InputError(
    { input: nameOrFile },
    `no such scenario file, nor a bundled scenario of that name (bundled: ${bundledScenarios().join(', ')})`,
  );
}

/**
 * Reads and validates a scenario against the bundled sensor sites. With `nodes` (the nations of the
 * network that will run it), also refuses one that gives a sensor, an incident or a watch action to
 * a nation with no node there: nothing would play it.
 */
export function loadScenario(nameOrFile: string, nodes?: readonly Nation[]): Scenario {
  const sites = parseSensorSites(readText(SENSOR_SITES), SENSOR_SITES);
  const file = scenarioPath(nameOrFile);
  const scenario = parseScenario(readText(file), file, sites);
  const orphans = nodes === undefined ? [] : entriesWithoutNode(scenario, nodes);
  if (orphans.length > 0) {
    throw new InputError(
      { input: file },
      `${orphans.join('; ')}: no node of that nation in this network (${nodes!.join(', ')})`,
    );
  }
  return scenario;
}
