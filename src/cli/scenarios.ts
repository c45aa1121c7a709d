import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario, parseSensorSites, type Scenario } from '../sim/index.js';
import { readText } from './io.js';
import { ROOT } from './paths.js';

export const SENSOR_SITES = join(ROOT, 'data', 'sensor-sites.yaml');
export const SCENARIOS_DIR = join(ROOT, 'scenarios');

/** A scenario file path, or the name of a bundled scenario (`korea-irbm-over-japan`). */
export function scenarioPath(nameOrFile: string): string {
  if (existsSync(nameOrFile)) return nameOrFile;
  const bundled = join(SCENARIOS_DIR, `${nameOrFile}.yaml`);
  return existsSync(bundled) ? bundled : nameOrFile;
}

/** Reads and validates a scenario against the bundled sensor sites. */
export function loadScenario(nameOrFile: string): Scenario {
  const sites = parseSensorSites(readText(SENSOR_SITES), SENSOR_SITES);
  const file = scenarioPath(nameOrFile);
  return parseScenario(readText(file), file, sites);
}
