import type { FastifyPluginAsync } from 'fastify';
import {
  type Agreement,
  type CompiledRegistry,
  DateError,
  type Nation,
  parseInstant,
  statusAt,
} from '../domain/index.js';
import { geodeticFromEcef, horizontalEllipse } from '../geo/index.js';
import type { AuditReader, NationNode, PictureTrack } from '../node/index.js';
import { type Authenticate, authRefusal, bearerToken, errorOf, refuse, streamToken } from './auth.js';
import {
  type AGREEMENT_EVENT_KINDS,
  agreementEvents,
  agreements,
  agreementsQuery,
  alerts,
  auditPage,
  auditQuery,
  health,
  nationParams,
  picture,
  pictureStreamQuery,
  type track,
  tracks,
} from './picture-schemas.js';
import { errorBody, input, output, ref, responses, type Same } from './schema.js';
import { streamPathItem } from './stream-doc.js';
import type { StreamGuard } from './stream-limits.js';

export interface PictureRoutesOptions {
  readonly nodes: ReadonlyMap<Nation, NationNode>;
  readonly clock: { nowMs(): number };
  readonly registry: () => CompiledRegistry;
  readonly audits?: ReadonlyMap<Nation, AuditReader> | undefined;
  readonly authenticate: Authenticate;
  /** How often the picture stream pushes, wall-clock ms. */
  readonly streamPeriodMs: number;
  /** Bounds every stream of the API: buffered bytes per client, streams per token. */
  readonly streams: StreamGuard;
}

/** The refusals of a per-nation read: bad nation, no token, another nation's token, no node. */
const READ = [400, 401, 403, 404] as const;

/**
 * Health, and each nation's picture, national tracks, alerts, audit log and agreements, read by an
 * operator of that nation; the picture also as a WebSocket stream.
 */
export const pictureRoutes: FastifyPluginAsync<PictureRoutesOptions> = async (app, o) => {
  const params = input(nationParams);

  app.get(
    '/health',
    {
      schema: {
        security: [],
        description: 'Whether the API is up, and its nodes.',
        response: responses(output(health), []),
      },
    },
    async () => ({
      status: 'ok' as const,
      nodes: [...o.nodes.keys()],
      time: new Date(o.clock.nowMs()).toISOString(),
    }),
  );

  const pictureOf = (nation: Nation) => ({
    nation,
    time: new Date(o.clock.nowMs()).toISOString(),
    tracks: o.nodes.get(nation)!.picture().map(describeTrack),
  });

  app.get<{ Params: { nation: string } }>(
    '/api/:nation/picture',
    {
      schema: {
        description:
          "The nation's fused picture: its own tracks and its partners', fused by covariance intersection.",
        params,
        response: responses(ref(picture), READ),
      },
    },
    async (req, reply) => {
      const auth = o.authenticate(bearerToken(req), req.params.nation);
      if (!auth.ok) return refuse(reply, authRefusal(auth));
      return pictureOf(auth.nation);
    },
  );

  app.get<{ Params: { nation: string } }>(
    '/api/:nation/tracks',
    {
      schema: {
        description: 'The national tracks the node holds: its own and those its partners shared with it.',
        params,
        response: responses(output(tracks), READ),
      },
    },
    async (req, reply) => {
      const auth = o.authenticate(bearerToken(req), req.params.nation);
      if (!auth.ok) return refuse(reply, authRefusal(auth));
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
        params,
        response: responses(output(alerts), READ),
      },
    },
    async (req, reply) => {
      const auth = o.authenticate(bearerToken(req), req.params.nation);
      if (!auth.ok) return refuse(reply, authRefusal(auth));
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
          ...(w.eventLatestMs !== undefined ? { eventLatest: new Date(w.eventLatestMs).toISOString() } : {}),
          latDeg: w.latDeg,
          lonDeg: w.lonDeg,
          ...(w.ellipse
            ? {
                ellipse: {
                  semiMajorM: Math.round(w.ellipse.semiMajorM),
                  semiMinorM: Math.round(w.ellipse.semiMinorM),
                  orientationDeg: Math.round(w.ellipse.orientationDeg * 10) / 10,
                },
              }
            : {}),
          ...(w.swept ? { swept: w.swept.map((p) => ({ latDeg: p.latDeg, lonDeg: p.lonDeg })) } : {}),
        })),
      };
    },
  );

  app.get<{ Params: { nation: string }; Querystring: { from: number; limit: number } }>(
    '/api/:nation/audit',
    {
      schema: {
        description:
          "The node's hash-chained audit log: every releasability decision and rejection, from record `from` on. 404 also where the node keeps no readable log.",
        params,
        querystring: input(auditQuery),
        response: responses(output(auditPage), READ),
      },
    },
    async (req, reply) => {
      const auth = o.authenticate(bearerToken(req), req.params.nation);
      if (!auth.ok) return refuse(reply, authRefusal(auth));
      const audit = o.audits?.get(auth.nation);
      if (!audit)
        return refuse(reply, {
          status: 404,
          error: 'refused',
          message: `${auth.nation}'s node keeps no readable audit log`,
        });
      return { head: audit.head(), records: audit.read(req.query.from, req.query.limit) };
    },
  );

  app.get<{ Params: { nation: string }; Querystring: { at?: string } }>(
    '/api/:nation/agreements',
    {
      schema: {
        description:
          "The agreements the node's nation is party to, with their standing at `at` (default now) as the node folds them — the agreements file and the governance acts it holds — and the acts that made it. 400 `bad-query` (field `at`).",
        params,
        querystring: input(agreementsQuery),
        response: responses(output(agreements), READ),
      },
    },
    async (req, reply) => {
      const auth = o.authenticate(bearerToken(req), req.params.nation);
      if (!auth.ok) return refuse(reply, authRefusal(auth));
      let atMs = o.clock.nowMs();
      if (req.query.at !== undefined) {
        try {
          atMs = parseInstant(req.query.at, { input: 'at', field: 'at' });
        } catch (err) {
          if (!(err instanceof DateError)) throw err;
          return refuse(reply, { status: 400, error: 'bad-query', message: err.message, field: 'at' });
        }
      }
      const node = o.nodes.get(auth.nation)!;
      const gov = node.governance.state();
      const iso = (ms: number) => new Date(ms).toISOString();
      const proposalTarget = new Map(gov.proposals.map((p) => [p.id, p.target]));
      return {
        at: iso(atMs),
        agreements: node
          .registry()
          .agreements.filter((a) => a.parties.includes(auth.nation))
          .map((a) => ({
            id: a.id,
            title: a.title,
            parties: a.parties,
            ...statusAt(a, atMs),
            acts: gov.applied
              .filter((x) => x.atMs <= atMs && (x.target === a.id || proposalTarget.get(x.target) === a.id))
              .map((x) => ({
                id: x.id,
                author: x.author,
                at: iso(x.atMs),
                kind: x.kind,
                target: x.target,
                effective: iso(x.effectiveMs),
                summary: x.summary,
              })),
          })),
      };
    },
  );

  app.get<{ Params: { nation: string } }>(
    '/api/:nation/agreements/events',
    {
      schema: {
        description:
          "The dated events of the agreements the node's nation is party to, as the node folds them (the agreements file and the governance acts it holds), in time order: signature, entry into force, notices, suspensions, resumptions, amendments, a fixed end. What the console's date slider marks.",
        params,
        response: responses(output(agreementEvents), READ),
      },
    },
    async (req, reply) => {
      const auth = o.authenticate(bearerToken(req), req.params.nation);
      if (!auth.ok) return refuse(reply, authRefusal(auth));
      const events = o.nodes
        .get(auth.nation)!
        .registry()
        .agreements.filter((a) => a.parties.includes(auth.nation))
        .flatMap((a) => agreementEventsOf(a));
      events.sort((x, y) => x.atMs - y.atMs || x.agreement.localeCompare(y.agreement));
      return {
        nation: auth.nation,
        events: events.map(({ atMs, ...e }) => ({ ...e, at: new Date(atMs).toISOString() })),
      };
    },
  );

  // The picture as a stream, one message per period (see pictureStreamDoc).
  app.get<{ Params: { nation: string } }>(
    '/api/:nation/stream',
    { websocket: true, exposeHeadRoute: false, schema: { hide: true } },
    (socket, req) => {
      const token = streamToken(req);
      const auth = o.authenticate(token, req.params.nation);
      if (!auth.ok) {
        socket.send(JSON.stringify(errorOf({ ...authRefusal(auth), status: 1008 })));
        socket.close(1008, 'refused');
        return;
      }
      if (!o.streams.admit(socket, token!)) return;
      let timer: NodeJS.Timeout | undefined;
      // A timer callback: a push that fails (the picture, the socket) is the node's fault to count,
      // never the process's end; the stream is closed.
      const node = o.nodes.get(auth.nation)!;
      const push = () => {
        const sent = node.guard('api:picture-stream', () => {
          o.streams.send(socket, JSON.stringify(pictureOf(auth.nation)));
          return true;
        });
        if (sent === undefined) {
          clearInterval(timer);
          socket.close(1011, 'internal');
        }
      };
      push();
      timer = setInterval(push, o.streamPeriodMs);
      socket.on('close', () => clearInterval(timer));
    },
  );
};

type AgreementEventKind = (typeof AGREEMENT_EVENT_KINDS)[number];

/** An agreement's dated events: signature, entry into force, its status history, amendments, a fixed end. */
function agreementEventsOf(a: Agreement) {
  const base = { agreement: a.id, title: a.title };
  const out: {
    agreement: string;
    title: string;
    kind: AgreementEventKind;
    atMs: number;
    by?: Nation;
    note?: string;
    act?: string;
  }[] = [{ ...base, kind: 'signed', atMs: a.signedMs }];
  if (a.inForceMs !== a.signedMs) out.push({ ...base, kind: 'in-force', atMs: a.inForceMs });
  for (const e of a.history)
    out.push({
      ...base,
      kind: e.type,
      atMs: e.atMs,
      ...(e.by !== undefined ? { by: e.by } : {}),
      ...(e.note !== undefined ? { note: e.note } : {}),
      ...(e.act !== undefined ? { act: e.act } : {}),
    });
  for (const m of a.amendments ?? [])
    out.push({ ...base, kind: 'amended', atMs: m.fromMs, ...(m.act !== undefined ? { act: m.act } : {}) });
  if (a.expiresMs !== undefined) out.push({ ...base, kind: 'expires', atMs: a.expiresMs });
  return out;
}

/** The OpenAPI path item of the picture stream. */
export function pictureStreamDoc(): object {
  return streamPathItem({
    description:
      'WebSocket. The picture (as `GET /api/{nation}/picture`), one message at once and then one per period. A refusal is one `error` message (`code` 1008), then close 1008.',
    query: input(pictureStreamQuery),
    messages: [ref(picture), ref(errorBody)],
  });
}

/** A picture track as the API describes it (geodetic terms beside the ECEF state). */
export function describeTrack(t: PictureTrack) {
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
    positionEllipse: describeEllipse(t),
    ecef: [...t.x].map((v) => round(v, 2)),
  };
}
export const trackMatchesDescribeTrack: Same<typeof track, ReturnType<typeof describeTrack>> = true;

/** The track's horizontal position ellipse at 95 %, rounded as the wire carries it. */
function describeEllipse(t: PictureTrack) {
  const e = horizontalEllipse(t.x, t.P, 0.95);
  return {
    covarianceEnM2: e.covarianceEnM2.map((v) => round(v, 1)),
    semiMajorM: round(e.semiMajorM, 1),
    semiMinorM: round(e.semiMinorM, 1),
    orientationDeg: round(e.orientationDeg, 2),
    confidence: e.confidence,
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
