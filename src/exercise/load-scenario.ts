import { z } from 'zod';
import { readScenario, readText } from '../bundled/index.js';
import { formatPath, InputError, type Nation, parseYaml, placeIn } from '../domain/index.js';
import type { Scenario } from '../sim/index.js';
import { entriesWithoutNodeAt } from './scripts.js';

/**
 * Reads and validates a scenario (a file path or a bundled name) against the bundled sensor sites.
 * Its `nations` are the nodes of the network that runs it (parsing already refuses a sensor, an
 * incident or a watch action of a nation not among them, at its line). With `nodes`, a network of
 * other nations (a node's own nation and its partners), it also refuses one that gives such an
 * entry to a nation with no node there: nothing would play it. The error names the file, the
 * first such entry's line, column and field, and every such entry.
 */
export function loadScenario(nameOrFile: string, nodes?: readonly Nation[]): Scenario {
  const { scenario, file } = readScenario(nameOrFile);
  if (nodes === undefined) return scenario;
  const text = readText(file);
  const orphans = entriesWithoutNodeAt(scenario, nodes, siteRefsIn(text, file));
  const first = orphans[0];
  if (first === undefined) return scenario;
  throw new InputError(
    { input: file, field: formatPath(first.path), ...(placeIn(text, first.path) ?? {}) },
    `${orphans.map((o) => o.text).join('; ')}: no node of that nation in this network (${nodes.join(', ')})`,
  );
}

/** How many `sensors:` references the scenario file lists (the resolved sensors' first ones). */
function siteRefsIn(text: string, file: string): number {
  const raw = parseYaml(text, file, z.looseObject({ sensors: z.array(z.unknown()).optional() }));
  return raw.sensors?.length ?? 0;
}
