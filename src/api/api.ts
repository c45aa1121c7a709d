import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import swagger from '@fastify/swagger';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { CompiledRegistry, Nation } from '../domain/index.js';
import type { ExportZone } from '../interop/index.js';
import type { AuditReader, NationNode } from '../node/index.js';
import { authenticator, chooseProtocol, refuse } from './auth.js';
import { commitmentRoutes } from './commitments-api.js';
import { consultationRoutes, consultationStreamDoc } from './consult-api.js';
import { exportRoutes } from './export-api.js';
import { governanceRoutes } from './governance-api.js';
import { DEFAULT_HEARTBEAT_MS } from './heartbeat.js';
import { maritimeRoutes, maritimeStreamDoc } from './maritime-api.js';
import { pictureRoutes, pictureStreamDoc } from './picture-api.js';
import { DEFAULT_REFUSAL_AUDIT_LIMITS, RefusalAudit, type RefusalAuditLimits } from './refusal-audit.js';
import { type ReplayControl, replayRoutes } from './replay-api.js';
import { type JsonSchema, sharedSchemas, validationField } from './schema.js';
import { sharingRoutes } from './sharing-api.js';
import { statusRoutes } from './status-api.js';
import { DEFAULT_STREAM_LIMITS, StreamGuard, type StreamLimits } from './stream-limits.js';
import { trackRoutes } from './track-api.js';
import { type MapZonesSource, zonesRoutes } from './zones-api.js';

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
  /**
   * How often the consultation and maritime streams say they are alive between messages, wall-clock
   * ms (default DEFAULT_HEARTBEAT_MS, 10 s): a client hearing nothing for about 2.5 of these reconnects.
   */
  readonly streamHeartbeatMs?: number;
  /** Bounds of the WebSocket streams (default DEFAULT_STREAM_LIMITS: 4 MiB unsent per client, 8 streams per token). */
  readonly streamLimits?: StreamLimits;
  /** How refused authentications are aggregated in the audit log (default: per minute, 100 sources). */
  readonly refusalAudit?: RefusalAuditLimits;
  /** The marking each originator puts on its shared tracks, written into exports when given. */
  readonly trackMarkingOf?: (originator: Nation) => string | undefined;
  /** The sea areas the nodes' maritime desks detect against, written into exports when given. */
  readonly exportZones?: readonly ExportZone[];
  /** What the console's map draws (computed territorial seas and EEZs, bases, maritime zones), when given. */
  readonly mapZones?: MapZonesSource;
  /** The embedded network's replay (`concord start`); a node without one answers 404 `no-replay`. */
  readonly replay?: ReplayControl;
}

/** How often (wall clock) the API checks whether a window of refused requests has ended. */
const REFUSAL_FLUSH_EVERY_MS = 5_000;

/** The `error` of a refusal Fastify itself makes (no route, a body it cannot read), by status. */
const ERROR_OF_STATUS: Readonly<Record<number, string>> = {
  400: 'bad-request',
  404: 'not-found',
  405: 'method-not-allowed',
  406: 'not-acceptable',
  413: 'too-large',
  415: 'unsupported-media-type',
};

/**
 * The node's HTTP API (Fastify). Every route declares its schema, generated from the zod schemas of
 * its payloads: it validates requests, serialises responses and makes the OpenAPI document served at
 * /openapi.json. Each request is authenticated as an operator (or administrator) of one nation and
 * sees only what its nation holds. Every refusal, the API's own or Fastify's, has one shape: `error`.
 */
export async function buildApi(o: ApiOptions): Promise<FastifyInstance> {
  const hb = o.streamHeartbeatMs;
  if (hb !== undefined && !(Number.isInteger(hb) && hb > 0))
    throw new Error(`invariant: streamHeartbeatMs must be a whole number of ms above 0, not ${hb}`);
  const app = Fastify({
    logger: o.logger ?? false,
    schemaController: { compilersFactory: { buildSerializer: sharedSerializers } },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Concord node API',
        version: '0.1.0',
        description:
          'One nation node: picture, tracks, warnings, vessels and maritime events, consultations, agreements, commitments, audit. Every refusal is an `error` (components.schemas.error). WebSocket streams authenticate by the subprotocol `concord.token.<token>` offered beside `concord.v1` (the server answers `concord.v1`); `?token=` still works for this release and is deprecated (it ends up in logs).',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    // Shared schemas keep their $id as their name under components.schemas.
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
    // @fastify/websocket hides its routes: the streams are described here, from the same schemas.
    transformObject: (doc) =>
      'openapiObject' in doc
        ? {
            ...doc.openapiObject,
            paths: {
              ...doc.openapiObject.paths,
              '/api/{nation}/stream': localRefs(pictureStreamDoc()) as never,
              '/api/{nation}/consultations/stream': localRefs(consultationStreamDoc()) as never,
              '/api/{nation}/maritime/stream': localRefs(maritimeStreamDoc()) as never,
            },
          }
        : doc.swaggerObject,
  });
  for (const s of sharedSchemas()) app.addSchema(s);

  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err.validation) {
      return refuse(reply, {
        status: 400,
        error: 'bad-request',
        message: err.message,
        field: validationField(err.validation),
      });
    }
    const status = err.statusCode ?? 500;
    if (status >= 500) {
      // The message below says the failure is in the node's log: without a logger, stderr is it.
      if (o.logger) req.log.error(err);
      else
        process.stderr.write(`concord api: ${req.method} ${req.url} failed: ${err.stack ?? err.message}\n`);
      return refuse(reply, {
        status: 500,
        error: 'internal',
        message: `the node failed to answer ${req.method} ${req.routeOptions.url ?? req.url}; the failure is in its log`,
      });
    }
    return refuse(reply, { status, error: ERROR_OF_STATUS[status] ?? 'bad-request', message: err.message });
  });
  app.setNotFoundHandler((req, reply) =>
    refuse(reply, {
      status: 404,
      error: 'not-found',
      message: `no route ${req.method} ${req.url.split('?')[0]}`,
    }),
  );

  const authenticate = authenticator({ operators: o.tokens, administrators: o.adminTokens }, (n) =>
    o.nodes.has(n),
  );
  await app.register(websocket, {
    options: { handleProtocols: (offered: Set<string>) => chooseProtocol(offered) },
  });
  const streams = new StreamGuard(o.streamLimits ?? DEFAULT_STREAM_LIMITS);
  await app.register(pictureRoutes, {
    streams,
    nodes: o.nodes,
    clock: o.clock,
    registry: o.registry,
    audits: o.audits,
    authenticate,
    streamPeriodMs: o.streamPeriodMs ?? 1_000,
  });
  await app.register(sharingRoutes, {
    nodes: o.nodes,
    clock: o.clock,
    registry: o.registry,
    authenticate,
  });
  await app.register(trackRoutes, { nodes: o.nodes, clock: o.clock, audits: o.audits, authenticate });
  const refusals = new RefusalAudit(o.clock, o.refusalAudit ?? DEFAULT_REFUSAL_AUDIT_LIMITS);
  // A window's summaries are written at the next refusal, or by this timer once it has ended (a
  // burst followed by silence), or when the API closes.
  const flushing = setInterval(() => {
    try {
      refusals.flushEnded();
    } catch (err) {
      app.log.error(err, 'writing the summary of refused requests to the audit log failed');
    }
  }, REFUSAL_FLUSH_EVERY_MS);
  flushing.unref();
  app.addHook('onClose', async () => {
    clearInterval(flushing);
    try {
      refusals.flush();
    } catch (err) {
      app.log.error(err, 'writing the summary of refused requests to the audit log failed');
    }
  });
  await app.register(consultationRoutes, {
    nodes: o.nodes,
    clock: o.clock,
    authenticate,
    refusals,
    streams,
    heartbeatMs: o.streamHeartbeatMs ?? DEFAULT_HEARTBEAT_MS,
  });
  await app.register(commitmentRoutes, { nodes: o.nodes, authenticate, refusals });
  await app.register(governanceRoutes, { nodes: o.nodes, authenticate });
  await app.register(statusRoutes, { nodes: o.nodes, clock: o.clock, authenticate });
  await app.register(maritimeRoutes, {
    nodes: o.nodes,
    clock: o.clock,
    authenticate,
    streams,
    streamPeriodMs: o.streamPeriodMs ?? 1_000,
    heartbeatMs: o.streamHeartbeatMs ?? DEFAULT_HEARTBEAT_MS,
  });
  await app.register(exportRoutes, {
    nodes: o.nodes,
    clock: o.clock,
    authenticate,
    trackMarkingOf: o.trackMarkingOf,
    zones: o.exportZones,
  });
  await app.register(zonesRoutes, { authenticate, zones: o.mapZones });

  await app.register(replayRoutes, { replay: o.replay, nodes: o.nodes, authenticate, streams });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}

/**
 * fast-json-stringify's compiler, compiling each distinct response schema once (the ten consultation
 * actions answer with the same one), and only when a route first answers with it: compiling the
 * consultation unions is most of the API's start-up, which a node pays while its scenario clock runs.
 */
function sharedSerializers(...args: Parameters<ReturnType<typeof SerializerSelector>>) {
  const compile = SerializerSelector()(...args);
  type Serialize = ReturnType<typeof compile>;
  const compiled = new Map<string, Serialize>();
  return (route: Parameters<typeof compile>[0]): Serialize => {
    const key = JSON.stringify(route.schema);
    let fn: Serialize | undefined;
    return (data: unknown) => {
      if (fn === undefined) {
        fn = compiled.get(key) ?? compile(route);
        compiled.set(key, fn);
      }
      return fn(data);
    };
  };
}

/** `{$ref: 'id#'}` (how routes refer to a shared schema) -> `#/components/schemas/id`, for the hand-placed path items. */
function localRefs(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(localRefs);
  if (x === null || typeof x !== 'object') return x;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(x)) {
    out[k] =
      k === '$ref' && typeof v === 'string' && v.endsWith('#')
        ? `#/components/schemas/${v.slice(0, -1)}`
        : localRefs(v);
  }
  return out;
}
