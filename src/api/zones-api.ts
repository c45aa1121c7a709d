import type { FastifyPluginAsync } from 'fastify';
import type { Nation } from '../domain/index.js';
import type { Base, ComputedZones } from '../node/index.js';
import { type Authenticate, authRefusal, bearerToken, refuse } from './auth.js';
import { nationParams } from './picture-schemas.js';
import { input, output, responses } from './schema.js';
import { type MapZones, mapZones } from './zones-schemas.js';

/** What the map-zones route serves: the same data the nodes' warnings and maritime desks use. */
export interface MapZonesSource {
  /** The territorial seas and EEZs `maritimeZones` gives, as polygons (data/computed-zones.geojson). */
  readonly computed: ComputedZones;
  /** The bases warnings protect (data/us-bases.yaml). */
  readonly bases: readonly Base[];
  /** The sea areas the maritime desks detect against (data/maritime/zones.geojson). */
  readonly maritime: readonly {
    readonly id: string;
    readonly name: string;
    readonly kind: string;
    readonly area:
      | { readonly type: 'Polygon'; readonly coordinates: number[][][] }
      | { readonly type: 'MultiPolygon'; readonly coordinates: number[][][][] };
  }[];
}

export interface ZonesRoutesOptions {
  readonly authenticate: Authenticate;
  readonly zones?: MapZonesSource | undefined;
}

const GEOJSON = 'application/geo+json';

/** The map-zones document for `nation` (the same features for every nation). */
export function mapZonesDocument(nation: Nation, s: MapZonesSource): MapZones {
  return {
    type: 'FeatureCollection',
    nation,
    note: s.computed.note,
    source: s.computed.source,
    grid: { ...s.computed.grid },
    features: [
      ...s.computed.features.map((f) => ({
        type: 'Feature' as const,
        id: `zone/${f.properties.nation}/${f.properties.zone}`,
        geometry: { type: 'MultiPolygon' as const, coordinates: f.geometry.coordinates as number[][][][] },
        properties: {
          kind: 'computed-zone' as const,
          nation: f.properties.nation,
          zone: f.properties.zone,
          name: f.properties.name,
          labelAt: [f.properties.labelAt[0], f.properties.labelAt[1]],
        },
      })),
      ...s.bases.map((b) => ({
        type: 'Feature' as const,
        id: `base/${b.id}`,
        geometry: { type: 'Point' as const, coordinates: [b.lonDeg, b.latDeg] },
        properties: {
          kind: 'base' as const,
          baseId: b.id,
          name: b.name,
          nation: b.nation,
          host: b.host,
          radiusM: b.radiusM,
        },
      })),
      ...s.maritime.map((z) => ({
        type: 'Feature' as const,
        id: `maritime-zone/${z.id}`,
        geometry:
          z.area.type === 'Polygon'
            ? { type: 'Polygon' as const, coordinates: z.area.coordinates as number[][][] }
            : { type: 'MultiPolygon' as const, coordinates: z.area.coordinates as number[][][][] },
        properties: { kind: 'maritime-zone' as const, zoneId: z.id, zoneKind: z.kind, name: z.name },
      })),
    ],
  };
}

/**
 * The zones the console's map draws: the computed territorial seas and EEZs, the bases warnings
 * protect, and the maritime desks' zones. Made once (the data does not change while a node runs),
 * sent as text.
 */
export const zonesRoutes: FastifyPluginAsync<ZonesRoutesOptions> = async (app, o) => {
  const made = new Map<Nation, string>();
  app.get<{ Params: { nation: string } }>(
    '/api/:nation/zones',
    {
      schema: {
        description:
          "The zones the console's map draws, as GeoJSON (RFC 7946): each nation's territorial sea (12 nm) and EEZ (200 nm) as Concord computes them for its warnings — approximations by equidistance from Natural Earth 1:50m coasts over the box `grid`, not claimed or agreed boundaries (`note`) —, the bases warnings protect (points, with the radius assumed around each), and the sea areas the maritime desks detect against (the Senkaku territorial sea and contiguous zone). The same for every nation. 404 `not-found` when the node serves no zones.",
        params: input(nationParams),
        response: {
          ...responses({}, [400, 401, 403, 404]),
          200: {
            description: 'the zones (application/geo+json)',
            content: { [GEOJSON]: { schema: output(mapZones) } },
          },
        },
      },
    },
    async (req, reply) => {
      const auth = o.authenticate(bearerToken(req), req.params.nation);
      if (!auth.ok) return refuse(reply, authRefusal(auth));
      if (!o.zones)
        return refuse(reply, {
          status: 404,
          error: 'not-found',
          message: `the node of ${auth.nation} serves no map zones (it was started without them)`,
        });
      let text = made.get(auth.nation);
      if (text === undefined) {
        text = `${JSON.stringify(mapZonesDocument(auth.nation, o.zones))}\n`;
        made.set(auth.nation, text);
      }
      return reply.type(`${GEOJSON}; charset=utf-8`).send(text);
    },
  );
};
