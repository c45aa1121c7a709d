import { z } from 'zod';
import { EXPORT_FORMATS } from '../interop/index.js';
import { isoInstant, nation } from './schema.js';

// The export route's payloads: the query, and the GeoJSON FeatureCollection (RFC 7946) it answers
// with, as src/interop writes it. KML has no JSON schema: it is documented as text.

export const exportQuery = z.object({
  format: z
    .enum(EXPORT_FORMATS)
    .default('geojson')
    .meta({ description: 'geojson (RFC 7946) or kml (KML 2.2)' }),
});

const position = z
  .array(z.number())
  .min(2)
  .max(3)
  .meta({ description: '[lon, lat] or [lon, lat, altitude m], WGS84 degrees' });
const ring = z.array(position).min(4).meta({ description: 'closed; exterior rings counter-clockwise' });

const geometry = z.union([
  z.object({ type: z.literal('Point'), coordinates: position }),
  z.object({ type: z.literal('Polygon'), coordinates: z.array(ring) }),
  z
    .object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring)) })
    .meta({ description: 'a region cut at the antimeridian, one polygon each side' }),
]);

const property = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

export const featureCollection = z
  .object({
    type: z.literal('FeatureCollection'),
    nation,
    time: isoInstant,
    features: z.array(
      z.object({
        type: z.literal('Feature'),
        id: z
          .string()
          .meta({ description: 'e.g. track/JPN:3, warning/JPN:3/impact/JPN EEZ/ellipse, vessel/431000001' }),
        geometry,
        properties: z.record(z.string(), property).meta({
          description:
            '`kind` (track, warning, warning-ellipse, warning-swept, vessel, maritime-event, zone), `name`, and by kind: originators, sources, marking, time, altitudeM, speedMps; reason, zone, area, phase, issued, event, withdrawn; mmsi, lastSeen; type, originator, state; zoneId, zoneKind',
        }),
      }),
    ),
  })
  .meta({ title: 'featureCollection' });
