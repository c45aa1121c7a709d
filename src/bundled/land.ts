import { createRequire } from 'node:module';
import type { FeatureCollection } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { type ShoreGeometry, shoreFromLand } from '../maritime/index.js';

let bundledLand: { land: FeatureCollection; shore: ShoreGeometry } | undefined;

/** Natural Earth 1:50m land (public domain) from the world-atlas package, and its coastline. */
export function naturalEarthLand(): { land: FeatureCollection; shore: ShoreGeometry } {
  if (!bundledLand) {
    const require = createRequire(import.meta.url);
    const topology = require('world-atlas/land-50m.json') as Topology<{ land: GeometryCollection }>;
    const land = feature(topology, topology.objects.land) as unknown as FeatureCollection;
    bundledLand = { land, shore: shoreFromLand(land) };
  }
  return bundledLand;
}
