import type { MapZonesSource } from '../api/index.js';
import { BUNDLED_COMPUTED_ZONES, readText } from '../bundled/index.js';
import { parseComputedZones } from '../node/index.js';

/**
 * What the console's map draws, from the data the nodes themselves use: the bundled computed
 * zones (data/computed-zones.geojson), the bases of the nodes' protected areas and the zones of
 * their maritime desks' reference.
 */
export function bundledMapZones(
  bases: MapZonesSource['bases'],
  maritime: MapZonesSource['maritime'],
): MapZonesSource {
  return {
    computed: parseComputedZones(readText(BUNDLED_COMPUTED_ZONES), BUNDLED_COMPUTED_ZONES),
    bases,
    maritime,
  };
}
