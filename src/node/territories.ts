import { createRequire } from 'node:module';
import type { FeatureCollection } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

/**
 * ISO 3166-1 numeric codes (as in Natural Earth / world-atlas) of the states Concord names, to
 * their alpha-3 codes. Guam and the Northern Mariana Islands are US territory. Every other
 * country is indexed too, as `ISO<numeric>`, so that the nearest coast (for maritime zones) is
 * never an allied one by default.
 */
const ALPHA3: Record<string, string> = {
  '840': 'USA',
  '316': 'USA', // Guam
  '580': 'USA', // Northern Mariana Islands
  '392': 'JPN',
  '410': 'KOR',
  '408': 'PRK',
  '156': 'CHN',
  '158': 'TWN',
  '643': 'RUS',
  '608': 'PHL',
  '036': 'AUS',
  '356': 'IND',
  '704': 'VNM',
  '554': 'NZL',
  '360': 'IDN',
  '458': 'MYS',
  '096': 'BRN',
  '702': 'SGP',
  '764': 'THA',
  '242': 'FJI',
};

export const TERRITORIES_SOURCE = 'Natural Earth 1:50m admin-0 countries (public domain), via world-atlas 2';

/**
 * The land of every country (Natural Earth 1:50m admin-0, public domain, through the
 * `world-atlas` package), as GeoJSON with `properties.nation` (alpha-3 for the states Concord
 * names, `ISO<numeric>` otherwise). Islands smaller than the 1:50m data holds (Hateruma,
 * Yonaguni, the Senkakus, Takeshima/Dokdo) are absent.
 */
export function loadTerritories(): FeatureCollection {
  const require = createRequire(import.meta.url);
  const topology = require('world-atlas/countries-50m.json') as Topology<{ countries: GeometryCollection }>;
  const all = feature(topology, topology.objects.countries) as FeatureCollection;
  return {
    type: 'FeatureCollection',
    features: all.features
      .filter((f) => f.id !== undefined && f.geometry)
      .map((f) => ({
        ...f,
        properties: {
          nation: ALPHA3[String(f.id)] ?? `ISO${String(f.id)}`,
          name: (f.properties as { name?: string } | null)?.name ?? null,
          source: TERRITORIES_SOURCE,
        },
      })),
  };
}
