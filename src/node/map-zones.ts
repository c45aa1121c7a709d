import type { FeatureCollection, MultiPolygon } from 'geojson';
import { z } from 'zod';
import { DataFileError, isNation, NATIONS } from '../domain/index.js';
import {
  DRAWN_ZONES,
  type DrawnZone,
  maritimeZones,
  territoryIndex,
  type ZoneGrid,
  zonePolygons,
} from '../geo/index.js';
import { loadTerritories, TERRITORIES_SOURCE } from './territories.js';

/**
 * The box whose territorial seas and EEZs the console draws: the seas of the bundled scenarios,
 * from the East and South China Seas to Guam and Kamchatka, sampled every 0.05° (about 5 km).
 * Zones outside it (Hawaii, Alaska, the US mainland, Australia, India) are not drawn.
 */
export const ZONES_THEATRE: ZoneGrid = { west: 115, south: 8, east: 160, north: 52, stepDeg: 0.05 };

/** What the drawn zones are, in the words the map's legend and the API repeat. */
export const COMPUTED_ZONES_NOTE =
  "Concord's computed approximations, not claimed or agreed boundaries: territorial sea (12 nm) and EEZ (200 nm) by equidistance from Natural Earth 1:50m coasts, as the nodes' warnings use them (src/geo/zones.ts). Baselines, negotiated boundaries and islands too small for 1:50m are not modelled.";

export interface ComputedZoneProperties {
  readonly nation: string;
  readonly zone: DrawnZone;
  /** The nation's name: Concord's for the nations it knows, Natural Earth's for the others. */
  readonly name: string | null;
  /** Where the map puts the zone's label: the point of the zone farthest from its edges, [lon, lat]. */
  readonly labelAt: [number, number];
}

/** The computed zones as a GeoJSON FeatureCollection, with how they were made. */
export interface ComputedZones extends FeatureCollection<MultiPolygon, ComputedZoneProperties> {
  readonly grid: ZoneGrid;
  readonly source: string;
  readonly note: string;
}

/**
 * The territorial seas and EEZs that the nodes' warnings use (`maritimeZones` over Natural Earth's
 * land), as polygons over `grid`: what `data/computed-zones.geojson` holds (`concord zones`
 * writes it; a test checks it against `zoneAt` at random points).
 */
export function computeZones(grid: ZoneGrid = ZONES_THEATRE): { zones: ComputedZones; samples: number } {
  const land = loadTerritories();
  // Concord's own name of a nation it knows; Natural Earth's of the others ('ISO<numeric>').
  const names = new Map<string, string>();
  for (const f of land.features) {
    const p = f.properties as { nation: string; name: string | null };
    if (isNation(p.nation)) names.set(p.nation, NATIONS[p.nation]);
    else if (p.name && !names.has(p.nation)) names.set(p.nation, p.name);
  }
  const { polygons, samples } = zonePolygons(maritimeZones(territoryIndex(land)), grid);
  return {
    samples,
    zones: {
      type: 'FeatureCollection',
      grid,
      source: TERRITORIES_SOURCE,
      note: COMPUTED_ZONES_NOTE,
      features: polygons.map((p) => ({
        type: 'Feature',
        id: `${p.nation}/${p.zone}`,
        properties: {
          nation: p.nation,
          zone: p.zone,
          name: names.get(p.nation) ?? null,
          labelAt: [round4(p.labelAt[0]!), round4(p.labelAt[1]!)],
        },
        geometry: { type: 'MultiPolygon', coordinates: p.coordinates.map((poly) => poly.map(roundRing)) },
      })),
    },
  };
}

/** Positions to 1e-4° (about 10 m, well under a cell): the file stays small and stable. */
const roundRing = (ring: number[][]) => ring.map(([lon, lat]) => [round4(lon!), round4(lat!)]);
const round4 = (v: number) => Math.round(v * 1e4) / 1e4;

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const computedZonesSchema = z
  .object({
    type: z.literal('FeatureCollection'),
    grid: z
      .object({
        west: z.number(),
        south: z.number(),
        east: z.number(),
        north: z.number(),
        stepDeg: z.number().positive(),
      })
      .strict(),
    source: z.string(),
    note: z.string(),
    features: z.array(
      z
        .object({
          type: z.literal('Feature'),
          id: z.string(),
          properties: z
            .object({
              nation: z.string().min(1),
              zone: z.enum(DRAWN_ZONES),
              name: z.string().nullable(),
              labelAt: position,
            })
            .strict(),
          geometry: z
            .object({
              type: z.literal('MultiPolygon'),
              coordinates: z.array(z.array(z.array(position).min(4))),
            })
            .strict(),
        })
        .strict(),
    ),
  })
  .strict();

/**
 * Reads the computed zones (`data/computed-zones.geojson`'s shape); a file that does not fit names
 * itself and the field.
 */
export function parseComputedZones(text: string, source: string): ComputedZones {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new DataFileError({ input: source }, `not valid JSON: ${(err as Error).message}`);
  }
  const r = computedZonesSchema.safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new DataFileError({ input: source, field: issue.path.map(String).join('.') }, issue.message);
  }
  return r.data as ComputedZones;
}
