import { z } from 'zod';
import { nation } from './schema.js';

// The map-zones route's payload: a GeoJSON FeatureCollection (RFC 7946) of what the nodes' warnings
// and maritime desks protect and detect against, for the console's map.

const position = z.array(z.number()).length(2).meta({ description: '[lon, lat], WGS84 degrees' });
const ring = z
  .array(position)
  .min(4)
  .meta({ description: 'closed; exterior rings counter-clockwise, holes clockwise' });

const polygonal = z.union([
  z.object({ type: z.literal('Polygon'), coordinates: z.array(ring) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring)) }),
]);

const computedZone = z.object({
  type: z.literal('Feature'),
  id: z.string().meta({ description: 'zone/<nation>/<zone>, e.g. zone/JPN/eez' }),
  geometry: z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring)) }),
  properties: z.object({
    kind: z.literal('computed-zone'),
    nation: z.string().meta({
      description: "the nation whose zone it is: alpha-3 for the nations Concord names, else 'ISO<numeric>'",
    }),
    zone: z.enum(['territorial-sea', 'eez']),
    name: z
      .string()
      .nullable()
      .meta({ description: "the nation's name (Concord's for the nations it knows, else Natural Earth's)" }),
    labelAt: position.meta({
      description: 'where a label goes: the point of the zone farthest from its edges',
    }),
  }),
});

const base = z.object({
  type: z.literal('Feature'),
  id: z.string().meta({ description: 'base/<id>, e.g. base/misawa-ab' }),
  geometry: z.object({ type: z.literal('Point'), coordinates: position }),
  properties: z.object({
    kind: z.literal('base'),
    baseId: z.string(),
    name: z.string(),
    nation,
    host: nation,
    radiusM: z
      .number()
      .meta({ description: 'the circle a warning protects around the point (an assumption)' }),
  }),
});

const maritimeZone = z.object({
  type: z.literal('Feature'),
  id: z.string().meta({ description: 'maritime-zone/<id>, e.g. maritime-zone/senkaku-territorial-sea' }),
  geometry: polygonal,
  properties: z.object({
    kind: z.literal('maritime-zone'),
    zoneId: z.string(),
    zoneKind: z.string().meta({ description: 'territorial-sea, contiguous-zone, eez, adiz or other' }),
    name: z.string(),
  }),
});

export const mapZones = z
  .object({
    type: z.literal('FeatureCollection'),
    nation,
    note: z.string().meta({ description: 'what the computed zones are: approximations, not boundaries' }),
    source: z.string().meta({ description: 'the land the computed zones are measured from' }),
    grid: z
      .object({
        west: z.number(),
        south: z.number(),
        east: z.number(),
        north: z.number(),
        stepDeg: z.number(),
      })
      .meta({ description: 'the box over which the computed zones were sampled, and the step' }),
    features: z.array(z.union([computedZone, base, maritimeZone])),
  })
  .meta({ title: 'mapZones' });
export type MapZones = z.output<typeof mapZones>;
