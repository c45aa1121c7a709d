import { createRequire } from 'node:module';
import type { FeatureCollection } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

/**
 * ISO 3166-1 numeric codes (as in Natural Earth / world-atlas) of the nations whose land is
 * indexed for warnings.
 */
const NUMERIC: Record<string, string> = { '840': 'USA', '392': 'JPN', '410': 'KOR' };

/**
 * The land of the United States, Japan and the Republic of Korea (Natural Earth 1:50m admin-0
 * countries, public domain, through the `world-atlas` package), as GeoJSON with `properties.nation`.
 * Territory only: EEZs and bases abroad are not modelled yet.
 */
export function loadTerritories(): FeatureCollection {
  const require = createRequire(import.meta.url);
  const topology = require('world-atlas/countries-50m.json') as Topology<{ countries: GeometryCollection }>;
  const all = feature(topology, topology.objects.countries) as FeatureCollection;
  return {
    type: 'FeatureCollection',
    features: all.features
      .filter((f) => NUMERIC[String(f.id)] !== undefined)
      .map((f) => ({
        ...f,
        properties: { nation: NUMERIC[String(f.id)], source: 'Natural Earth 1:50m via world-atlas 2' },
      })),
  };
}
