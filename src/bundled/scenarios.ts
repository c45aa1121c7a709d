import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../domain/index.js';
import { parseScenario, parseSensorSites, type Scenario } from '../sim/index.js';
import { SCENARIOS_DIR, SENSOR_SITES } from './paths.js';
import { readText } from './read-text.js';

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
 * Reads and validates a scenario (a file path or a bundled name) against the bundled sensor sites,
 * and says which file it read. Whether the nations it names have nodes to play it is the
 * exercise's check (`loadScenario` in src/exercise).
 */
export function readScenario(nameOrFile: string): { scenario: Scenario; file: string } {
  const sites = parseSensorSites(readText(SENSOR_SITES), SENSOR_SITES);
  const file = scenarioPath(nameOrFile);
  return { scenario: parseScenario(readText(file), file, sites), file };
}
