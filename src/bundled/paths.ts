import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the folder with package.json), whether run from src/ or from dist/. */
export const ROOT: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('invariant: package.json not found above src/bundled');
    dir = up;
  }
  return dir;
})();

export const BUNDLED_AGREEMENTS = join(ROOT, 'data', 'agreements.yaml');
export const BUNDLED_US_BASES = join(ROOT, 'data', 'us-bases.yaml');
/** The territorial seas and EEZs the warnings use, as polygons for the console's map (`concord zones`). */
export const BUNDLED_COMPUTED_ZONES = join(ROOT, 'data', 'computed-zones.geojson');
export const SENSOR_SITES = join(ROOT, 'data', 'sensor-sites.yaml');
/** The built web console (`npm run build:web`, run by `npm ci`), which every node serves at `/`. */
export const CONSOLE_DIR = join(ROOT, 'dist', 'web');
export const SCENARIOS_DIR = join(ROOT, 'scenarios');
/** Coastal AIS receivers per nation (placed), for scenario ships feeding each nation by coverage. */
export const BUNDLED_AIS_RECEIVERS = join(ROOT, 'data', 'maritime', 'ais-receivers.yaml');

/** The maritime reference `concord ais detect` uses for each file not given. */
export const BUNDLED_MARITIME = {
  zones: join(ROOT, 'data', 'maritime', 'zones.geojson'),
  ports: join(ROOT, 'data', 'maritime', 'ports.geojson'),
  anchorages: join(ROOT, 'data', 'maritime', 'anchorages.geojson'),
  watchlist: join(ROOT, 'data', 'maritime', 'watchlist.yaml'),
} as const;
