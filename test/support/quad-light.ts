// The bundled Quad scenario (ecs-sanctions-evasion) with fewer background ships, for the tests that
// check how five nodes run, not what 300 background ships look like. Each node generates and feeds
// the whole traffic before it serves (its desk takes the 12.5 h lead-in at once): with 300 ships
// that is most of a run's CPU, five times over in `network up`. Derived from the bundled file when
// a test runs, so that every other line (nations, agreements' parties, receivers, scripted vessels,
// injected truth) stays the bundled scenario's.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scenarioPath } from '../../src/bundled/index.js';

/** How many background ships the light variant keeps (the bundled scenario has 300). */
export const QUAD_LIGHT_BACKGROUND_SHIPS = 20;

/**
 * Writes the light variant into a fresh temporary folder and returns its path. The file keeps the
 * bundled scenario's name, so a run prints `on scenario ecs-sanctions-evasion` as the bundled one
 * does. Throws when the bundled file no longer has exactly one `background: { ships: N` line to
 * change (a test must not silently run the full traffic, nor a scenario that is not the Quad's).
 */
export function writeQuadLight(): string {
  const bundled = readFileSync(scenarioPath('ecs-sanctions-evasion'), 'utf8');
  const re = /^(\s*background: \{ ships: )(\d+)(,)/m;
  const m = re.exec(bundled);
  if (!m || new RegExp(re.source, 'gm').exec(bundled.slice(m.index + m[0].length)))
    throw new Error('ecs-sanctions-evasion.yaml: expected one `background: { ships: N,` line');
  if (Number(m[2]) <= QUAD_LIGHT_BACKGROUND_SHIPS)
    throw new Error(`ecs-sanctions-evasion.yaml: ${m[2]} background ships, no more than the light variant`);
  const file = join(mkdtempSync(join(tmpdir(), 'concord-quad-light-')), 'ecs-sanctions-evasion.yaml');
  writeFileSync(file, bundled.replace(re, `$1${QUAD_LIGHT_BACKGROUND_SHIPS}$3`));
  return file;
}
