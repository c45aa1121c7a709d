import { readFileSync } from 'node:fs';
import { parseScenario, parseSensorSites, type Scenario, type SensorCatalogue } from '../../src/sim/index.js';

export const SITES_PATH = 'data/sensor-sites.yaml';

export function loadSites(): SensorCatalogue {
  return parseSensorSites(readFileSync(SITES_PATH, 'utf8'), SITES_PATH);
}

export function loadScenario(name: string, sites: SensorCatalogue = loadSites()): Scenario {
  const path = `scenarios/${name}.yaml`;
  return parseScenario(readFileSync(path, 'utf8'), path, sites);
}
