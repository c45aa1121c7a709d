import type { FastifyPluginAsync } from 'fastify';
import type { Nation } from '../domain/index.js';
import {
  EXPORT_MEDIA_TYPE,
  type ExportFormat,
  type ExportZone,
  nationExport,
  toGeoJson,
  toKml,
} from '../interop/index.js';
import type { NationNode } from '../node/index.js';
import { type Authenticate, authRefusal, bearerToken, refuse } from './auth.js';
import { exportQuery, featureCollection } from './export-schemas.js';
import { nationParams } from './picture-schemas.js';
import { input, output, responses } from './schema.js';

export interface ExportRoutesOptions {
  readonly nodes: ReadonlyMap<Nation, NationNode>;
  readonly clock: { nowMs(): number };
  readonly authenticate: Authenticate;
  /** The marking each originator puts on its shared tracks, when the API knows it. */
  readonly trackMarkingOf?: ((originator: Nation) => string | undefined) | undefined;
  /** The sea areas the nodes' maritime desks detect against, exported with the picture. */
  readonly zones?: readonly ExportZone[] | undefined;
}

/** A nation's picture, warnings, vessels and maritime events as GeoJSON or KML, for other tools. */
export const exportRoutes: FastifyPluginAsync<ExportRoutesOptions> = async (app, o) => {
  app.get<{ Params: { nation: string }; Querystring: { format: ExportFormat } }>(
    '/api/:nation/export',
    {
      schema: {
        description:
          "What the nation's node holds now, for GIS and map tools: its fused tracks (with originators, marking, altitude, time), its warnings (impact or overflight point, 95 % ellipse or swept region as polygons), its vessels, its own and partners' maritime events, and the sea areas its maritime desk detects against. GeoJSON per RFC 7946 (lon/lat, counter-clockwise exterior rings, cut at the antimeridian) or KML 2.2.",
        params: input(nationParams),
        querystring: input(exportQuery),
        response: {
          ...responses({}, [400, 401, 403, 404]),
          200: {
            description: 'the export (application/geo+json, or application/vnd.google-earth.kml+xml for kml)',
            content: {
              [EXPORT_MEDIA_TYPE.geojson]: { schema: output(featureCollection) },
              [EXPORT_MEDIA_TYPE.kml]: { schema: { type: 'string', description: 'a KML 2.2 document' } },
            },
          },
        },
      },
    },
    async (req, reply) => {
      const auth = o.authenticate(bearerToken(req), req.params.nation);
      if (!auth.ok) return refuse(reply, authRefusal(auth));
      const x = nationExport(o.nodes.get(auth.nation)!, o.clock.nowMs(), {
        ...(o.trackMarkingOf ? { markingOf: o.trackMarkingOf } : {}),
        ...(o.zones ? { zones: o.zones } : {}),
      });
      const format = req.query.format;
      const body = format === 'kml' ? toKml(x) : `${JSON.stringify(toGeoJson(x))}\n`;
      return reply.type(`${EXPORT_MEDIA_TYPE[format]}; charset=utf-8`).send(body);
    },
  );
};
