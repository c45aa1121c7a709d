import swagger from '@fastify/swagger';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { type CompiledRegistry, isNation, type Nation, statusAt } from '../domain/index.js';
import { geodeticFromEcef } from '../geo/index.js';
import type { AuditReader } from '../node/embedded.js';
import type { NationNode } from '../node/node.js';
import type { PictureTrack } from '../node/picture.js';
import { registerCommitmentRoutes } from './commitments-api.js';
import {
  CONSULTATION_STREAM_DOC,
  registerConsultationRoutes,
  registerConsultationStream,
} from './consult-api.js';

export interface ApiOptions {
  readonly nodes: ReadonlyMap<Nation, NationNode>;
  readonly clock: { nowMs(): number };
  readonly registry: () => CompiledRegistry;
  /** Bearer token -> the nation whose operator holds it. */
  readonly tokens: ReadonlyMap<string, Nation>;
  /**
   * Bearer token -> the nation whose administrator holds it. An administrator is also an operator of
   * that nation; only an administrator may edit the commitments registry.
   */
  readonly adminTokens?: ReadonlyMap<string, Nation>;
  readonly logger?: boolean;
  /** Each node's audit log, readable (nodes without one answer 404 on the audit route). */
  readonly audits?: ReadonlyMap<Nation, AuditReader>;
  /** How often the WebSocket stream pushes the picture, wall-clock ms (default 1000). */
  readonly streamPeriodMs?: number;
}

const nationParam = {
  type: 'object',
  required: ['nation'],
  properties: {
    nation: { type: 'string', pattern: '^[A-Z]{3}$', description: 'ISO 3166-1 alpha-3 code of the node' },
  },
} as const;

const errorSchema = {
  type: 'object',
  properties: { error: { type: 'string' }, message: { type: 'string' } },
} as const;

/** The refusals every per-nation route can answer with. */
const REFUSALS = { 401: errorSchema, 403: errorSchema, 404: errorSchema } as const;

function refuse(reply: FastifyReply, auth: { code: 401 | 403 | 404; message: string }) {
  return reply.code(auth.code).send({ error: 'refused', message: auth.message });
}

const trackSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    sources: {
      type: 'array',
      items: { type: 'object', properties: { nation: { type: 'string' }, trackId: { type: 'integer' } } },
    },
    time: { type: 'string', format: 'date-time' },
    latDeg: { type: 'number' },
    lonDeg: { type: 'number' },
    altitudeM: { type: 'number' },
    speedMps: { type: 'number' },
    positionSigmaM: { type: 'number', description: 'sqrt of the trace of the position covariance' },
    ecef: { type: 'array', items: { type: 'number' }, description: '[x, y, z, vx, vy, vz], m and m/s' },
  },
} as const;

/**
 * The node's HTTP API (Fastify). Every route declares its schema, which validates requests,
 * serialises responses and makes the OpenAPI document served at /openapi.json. Each request is
 * authenticated as an operator of one nation (Bearer token) and sees only what its nation holds.
 */
export async function buildApi(o: ApiOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: o.logger ?? false });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Concord node API',
        version: '0.1.0',
        description: 'One nation node: picture, tracks, warnings, consultations, agreements, audit.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    // WebSocket routes are hidden by @fastify/websocket; the consultation stream is documented here.
    transformObject: (doc) =>
      'openapiObject' in doc
        ? {
            ...doc.openapiObject,
            paths: {
              ...doc.openapiObject.paths,
              '/api/{nation}/consultations/stream': structuredClone(CONSULTATION_STREAM_DOC) as never,
            },
          }
        : doc.swaggerObject,
  });

  // Authenticates the operator and checks that the route's nation is theirs.
  const operatorFor = (
    authorization: string | undefined,
    nation: string,
  ): { ok: true; nation: Nation } | { ok: false; code: 401 | 403 | 404; message: string } => {
    const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
    const holder = token === undefined ? undefined : (o.tokens.get(token) ?? o.adminTokens?.get(token));
    if (!holder) return { ok: false, code: 401, message: 'a valid Bearer token of an operator is required' };
    if (!isNation(nation) || !o.nodes.has(nation))
      return { ok: false, code: 404, message: `no node for '${nation}'` };
    if (holder !== nation)
      return { ok: false, code: 403, message: `an operator of ${holder} cannot read ${nation}'s node` };
    return { ok: true, nation };
  };

  app.get(
    '/health',
    {
      schema: {
        security: [],
        response: {
          200: {
            type: 'object',
            properties: {
              status: { type: 'string' },
              nodes: { type: 'array', items: { type: 'string' } },
              time: { type: 'string' },
            },
          },
        },
      },
    },
    async () => ({ status: 'ok', nodes: [...o.nodes.keys()], time: new Date(o.clock.nowMs()).toISOString() }),
  );

  registerConsultationRoutes(app, { nodes: o.nodes, operatorFor });
  registerCommitmentRoutes(app, {
    nodes: o.nodes,
    operatorFor,
    isAdministrator: (authorization) => {
      const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
      return token !== undefined && o.adminTokens?.has(token) === true;
    },
  });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(websocket);
  registerConsultationStream(app, { nodes: o.nodes, operatorFor, clock: o.clock });
  // The picture as a stream, one JSON message per period. Browsers cannot set headers on a
  // WebSocket, so the token may also come as `?token=`.
  app.get<{ Params: { nation: string }; Querystring: { token?: string } }>(
    '/api/:nation/stream',
    { websocket: true, exposeHeadRoute: false, schema: { hide: true } },
    (socket, req) => {
      const token = (req.query as { token?: string } | undefined)?.token;
      const auth = operatorFor(
        req.headers.authorization ?? (token ? `Bearer ${token}` : undefined),
        req.params.nation,
      );
      if (!auth.ok) {
        socket.send(JSON.stringify({ error: 'refused', message: auth.message }));
        socket.close(1008, 'refused');
        return;
      }
      const node = o.nodes.get(auth.nation)!;
      const push = () =>
        socket.send(
          JSON.stringify({
            nation: auth.nation,
            time: new Date(o.clock.nowMs()).toISOString(),
            tracks: node.picture().map(describeTrack),
          }),
        );
      push();
      const timer = setInterval(push, o.streamPeriodMs ?? 1_000);
      socket.on('close', () => clearInterval(timer));
    },
  );

  app.get<{ Params: { nation: string } }>(
    '/api/:nation/picture',
    {
      schema: {
        description:
          "The nation's fused picture: its own tracks and its partners', fused by covariance intersection.",
        params: nationParam,
        response: {
          200: {
            type: 'object',
            properties: {
              nation: { type: 'string' },
              time: { type: 'string' },
              tracks: { type: 'array', items: trackSchema },
            },
          },
          ...REFUSALS,
        },
      },
    },
    async (req, reply) => {
      const auth = operatorFor(req.headers.authorization, req.params.nation);
      if (!auth.ok) return refuse(reply, auth);
      const node = o.nodes.get(auth.nation)!;
      return {
        nation: auth.nation,
        time: new Date(o.clock.nowMs()).toISOString(),
        tracks: node.picture().map(describeTrack),
      };
    },
  );

  app.get<{ Params: { nation: string } }>(
    '/api/:nation/tracks',
    {
      schema: {
        description: 'The national tracks the node holds: its own and those its partners shared with it.',
        params: nationParam,
        response: {
          200: {
            type: 'object',
            properties: {
              own: { type: 'array', items: trackSchema },
              partners: { type: 'array', items: trackSchema },
            },
          },
          ...REFUSALS,
        },
      },
    },
    async (req, reply) => {
      const auth = operatorFor(req.headers.authorization, req.params.nation);
      if (!auth.ok) return refuse(reply, auth);
      const node = o.nodes.get(auth.nation)!;
      const asPicture = (t: {
        nation: Nation;
        trackId: number;
        tMs: number;
        x: Float64Array;
        P: Float64Array;
      }): PictureTrack => ({
        id: `${t.nation}:${t.trackId}`,
        sources: [{ nation: t.nation, trackId: t.trackId }],
        tMs: t.tMs,
        x: t.x,
        P: t.P,
      });
      return {
        own: node.ownTracks().map(asPicture).map(describeTrack),
        partners: node.partnerTracks().map(asPicture).map(describeTrack),
      };
    },
  );

  app.get<{ Params: { nation: string } }>(
    '/api/:nation/warnings',
    {
      schema: {
        description:
          "Alerts the node issued to its nation: warnings (predicted impact in its land, territorial sea, EEZ or a base; overflight of its land or a base; possible overflight while the object may still be boosting) and notices (every object tracked in the nation's picture).",
        params: nationParam,
        response: {
          200: {
            type: 'object',
            properties: {
              warnings: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    trackId: { type: 'string' },
                    reason: { type: 'string', enum: ['impact', 'overflight', 'possible-overflight'] },
                    zone: { type: 'string', enum: ['land', 'territorial-sea', 'eez', 'base'] },
                    area: { type: 'string' },
                    phase: { type: 'string', enum: ['boost', 'ballistic'] },
                    issued: { type: 'string' },
                    withdrawn: {
                      type: 'string',
                      description: 'when a later prediction no longer supported it',
                    },
                    event: { type: 'string' },
                    timeToEventS: { type: 'number', description: 'from now' },
                    latDeg: { type: 'number' },
                    lonDeg: { type: 'number' },
                  },
                },
              },
              notices: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    trackId: { type: 'string' },
                    issued: { type: 'string' },
                    sources: { type: 'array', items: { type: 'string' } },
                    latDeg: { type: 'number' },
                    lonDeg: { type: 'number' },
                    altitudeM: { type: 'number' },
                  },
                },
              },
            },
          },
          ...REFUSALS,
        },
      },
    },
    async (req, reply) => {
      const auth = operatorFor(req.headers.authorization, req.params.nation);
      if (!auth.ok) return refuse(reply, auth);
      const now = o.clock.nowMs();
      const node = o.nodes.get(auth.nation)!;
      return {
        notices: node.notices().map((n) => ({
          trackId: n.trackId,
          issued: new Date(n.issuedMs).toISOString(),
          sources: n.sources,
          latDeg: n.latDeg,
          lonDeg: n.lonDeg,
          altitudeM: n.altitudeM,
        })),
        warnings: node.warnings().map((w) => ({
          trackId: w.trackId,
          reason: w.reason,
          zone: w.zone,
          area: w.area,
          phase: w.phase,
          issued: new Date(w.issuedMs).toISOString(),
          ...(w.withdrawnMs !== undefined ? { withdrawn: new Date(w.withdrawnMs).toISOString() } : {}),
          event: new Date(w.eventMs).toISOString(),
          timeToEventS: Math.round((w.eventMs - now) / 100) / 10,
          latDeg: w.latDeg,
          lonDeg: w.lonDeg,
        })),
      };
    },
  );

  app.get<{ Params: { nation: string }; Querystring: { from?: number; limit?: number } }>(
    '/api/:nation/audit',
    {
      schema: {
        description:
          "The node's hash-chained audit log: every releasability decision and rejection, from record `from` on.",
        params: nationParam,
        querystring: {
          type: 'object',
          properties: {
            from: { type: 'integer', minimum: 1, default: 1 },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              head: { type: 'object', properties: { seq: { type: 'integer' }, hash: { type: 'string' } } },
              records: { type: 'array', items: { type: 'object', additionalProperties: true } },
            },
          },
          ...REFUSALS,
        },
      },
    },
    async (req, reply) => {
      const auth = operatorFor(req.headers.authorization, req.params.nation);
      if (!auth.ok) return refuse(reply, auth);
      const audit = o.audits?.get(auth.nation);
      if (!audit)
        return refuse(reply, { code: 404, message: `${auth.nation}'s node keeps no readable audit log` });
      return { head: audit.head(), records: audit.read(req.query.from ?? 1, req.query.limit ?? 100) };
    },
  );

  app.get<{ Params: { nation: string } }>(
    '/api/:nation/agreements',
    {
      schema: {
        description: "The agreements the node's nation is party to, with their standing now.",
        params: nationParam,
        response: {
          200: {
            type: 'object',
            properties: {
              agreements: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    id: { type: 'string' },
                    title: { type: 'string' },
                    parties: { type: 'array', items: { type: 'string' } },
                    inForce: { type: 'boolean' },
                    state: { type: 'string' },
                    detail: { type: 'string' },
                  },
                },
              },
            },
          },
          ...REFUSALS,
        },
      },
    },
    async (req, reply) => {
      const auth = operatorFor(req.headers.authorization, req.params.nation);
      if (!auth.ok) return refuse(reply, auth);
      const now = o.clock.nowMs();
      return {
        agreements: o
          .registry()
          .agreements.filter((a) => a.parties.includes(auth.nation))
          .map((a) => ({ id: a.id, title: a.title, parties: a.parties, ...statusAt(a, now) })),
      };
    },
  );

  return app;
}

function describeTrack(t: PictureTrack) {
  const g = geodeticFromEcef(t.x[0]!, t.x[1]!, t.x[2]!);
  return {
    id: t.id,
    sources: t.sources,
    time: new Date(t.tMs).toISOString(),
    latDeg: round(g.latDeg, 5),
    lonDeg: round(g.lonDeg, 5),
    altitudeM: round(g.hM, 0),
    speedMps: round(Math.hypot(t.x[3]!, t.x[4]!, t.x[5]!), 1),
    positionSigmaM: round(Math.sqrt(t.P[0]! + t.P[7]! + t.P[14]!), 1),
    ecef: [...t.x].map((v) => round(v, 2)),
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
