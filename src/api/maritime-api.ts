import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { Nation } from '../domain/index.js';
import type { NationNode, Published, TriageAction, TriageBody, VesselView } from '../node/index.js';
import { TRIAGE_ACTIONS } from '../node/index.js';
import type { MaritimeEventRecord, PartnerMaritimeEventRecord, TriageRecord } from '../store/index.js';
import { type Authenticate, authRefusal, bearerToken, errorOf, refuse, streamToken } from './auth.js';
import { heartbeat, startHeartbeat } from './heartbeat.js';
import {
  eventPage,
  eventParams,
  eventsQuery,
  eventUpdate,
  type maritimeEvent,
  maritimeEvents,
  maritimeStreamQuery,
  triageBody,
  triageResult,
  type vessel,
  vesselPage,
  vesselParams,
  vesselQuery,
  vessels,
  vesselsQuery,
  vesselUpdate,
} from './maritime-schemas.js';
import { nationParams } from './picture-schemas.js';
import { errorBody, input, output, ref, responses, type Same } from './schema.js';
import { streamPathItem } from './stream-doc.js';
import type { StreamGuard } from './stream-limits.js';

export interface MaritimeRoutesOptions {
  readonly nodes: ReadonlyMap<Nation, NationNode>;
  readonly clock: { nowMs(): number };
  readonly authenticate: Authenticate;
  /** How often the vessel stream pushes the vessels heard since its last push, wall-clock ms. */
  readonly streamPeriodMs: number;
  readonly streams: StreamGuard;
  /** How often the stream says it is alive, wall-clock ms (it is quiet while no vessel is heard). */
  readonly heartbeatMs: number;
}

const READ = [400, 401, 403, 404] as const;
type Bbox = readonly [number, number, number, number];

/**
 * The node's maritime desk over HTTP: the vessel picture (optionally in a box, heard since an
 * instant), a vessel's identities and kept track, maritime events and their triage by the
 * nation's watch officers, and a WebSocket stream of vessel updates and new events.
 */
export const maritimeRoutes: FastifyPluginAsync<MaritimeRoutesOptions> = async (app, o) => {
  const desk = (n: Nation) => o.nodes.get(n)!.maritime;

  app.get<{ Params: { nation: string }; Querystring: { bbox?: string; since?: string } }>(
    '/api/:nation/vessels',
    {
      schema: {
        description:
          "The nation's vessel picture now: every vessel its AIS feeds heard, its latest position and identity. `bbox` (W,S,E,N degrees) and `since` (heard at or after) narrow it; a bad one is 400 `bad-query` naming it.",
        params: input(nationParams),
        querystring: input(vesselsQuery),
        response: responses(output(vessels), READ),
      },
    },
    async (req, reply) => {
      const auth = o.authenticate(bearerToken(req), req.params.nation);
      if (!auth.ok) return refuse(reply, authRefusal(auth));
      const bbox = req.query.bbox === undefined ? undefined : parseBbox(req.query.bbox);
      if (bbox === null) return badBbox(reply, req.query.bbox!);
      const sinceMs = req.query.since === undefined ? undefined : Date.parse(req.query.since);
      return {
        vessels: desk(auth.nation)
          .vessels({ ...(bbox ? { bbox } : {}), ...(sinceMs !== undefined ? { sinceMs } : {}) })
          .map(describeVessel),
      };
    },
  );

  app.get<{ Params: { nation: string; mmsi: string }; Querystring: { from?: string; to?: string } }>(
    '/api/:nation/vessels/:mmsi',
    {
      schema: {
        description:
          'One vessel: where the picture has it now, every identity it broadcast (MMSI, IMO, name, call sign, ship type, first and last heard), its kept positions from `from` to `to` (the store keeps one per 30 s for 180 days by default) and the events naming it. 404 `unknown-vessel` when the node never heard it.',
        params: input(vesselParams),
        querystring: input(vesselQuery),
        response: responses(output(vesselPage), READ),
      },
    },
    async (req, reply) => {
      const auth = o.authenticate(bearerToken(req), req.params.nation);
      if (!auth.ok) return refuse(reply, authRefusal(auth));
      const mmsi = Number(req.params.mmsi);
      const fromMs = req.query.from === undefined ? undefined : Date.parse(req.query.from);
      const toMs = req.query.to === undefined ? undefined : Date.parse(req.query.to);
      if (fromMs !== undefined && toMs !== undefined && fromMs > toMs)
        return refuse(reply, {
          status: 400,
          error: 'bad-query',
          message: `from ${req.query.from} is after to ${req.query.to}`,
          field: 'from',
        });
      const d = desk(auth.nation);
      const now = d.vessel(mmsi);
      const h = d.history(mmsi, fromMs, toMs);
      if (!now && h.identities.length === 0 && h.positions.length === 0)
        return refuse(reply, {
          status: 404,
          error: 'unknown-vessel',
          message: `${auth.nation}'s node has not heard MMSI ${mmsi} (or no longer keeps it)`,
          field: 'mmsi',
        });
      return {
        mmsi,
        vessel: now ? describeVessel(now) : null,
        identities: h.identities.map((i) => ({
          imo: i.imo,
          name: i.name,
          callsign: i.callsign,
          shipType: i.shipType,
          firstSeen: iso(i.firstSeenMs),
          lastSeen: iso(i.lastSeenMs),
        })),
        track: h.positions.map((p) => ({
          time: iso(p.tMs),
          lat: p.latDeg,
          lon: p.lonDeg,
          speed: p.speedKn,
          course: p.courseDeg,
          heading: p.headingDeg,
          source: p.source,
        })),
        events: [
          ...d
            .events({ mmsi, limit: 200 })
            .map((e) => ({ at: e.detectedMs, view: describeEvent(e, auth.nation) })),
          ...d
            .partnerEvents({ mmsi, limit: 200 })
            .map((e) => ({ at: e.receivedMs, view: describePartnerEvent(e) })),
        ]
          .sort((a, b) => b.at - a.at)
          .slice(0, 200)
          .map((e) => e.view),
      };
    },
  );

  app.get<{
    Params: { nation: string };
    Querystring: {
      type?: string;
      since?: string;
      status?: MaritimeEventRecord['state'] | 'withdrawn';
      limit: number;
    };
  }>(
    '/api/:nation/maritime-events',
    {
      schema: {
        description:
          "The events the nation's detectors decided (encounter, loitering, gap, identity, zone entry and exit, port visit, watch list, dark contact), latest first, each with its originator, marking and triage state, and the events partners escalated and shared with it (originator the partner; `escalated`, or `withdrawn` once the partner dismissed it; read-only here). Detector output is a candidate, not a finding: a watch officer acknowledges, escalates, dismisses it.",
        params: input(nationParams),
        querystring: input(eventsQuery),
        response: responses(output(maritimeEvents), READ),
      },
    },
    async (req, reply) => {
      const auth = o.authenticate(bearerToken(req), req.params.nation);
      if (!auth.ok) return refuse(reply, authRefusal(auth));
      const q = req.query;
      const d = desk(auth.nation);
      const common = {
        ...(q.type ? { type: q.type } : {}),
        ...(q.since ? { sinceMs: Date.parse(q.since) } : {}),
        limit: q.limit,
      };
      // Own events in every state but `withdrawn`; partners' only as `escalated` (standing) or `withdrawn`.
      const own =
        q.status === 'withdrawn'
          ? []
          : d.events({ ...common, ...(q.status ? { state: q.status } : {}) }).map((e) => ({
              at: e.detectedMs,
              view: describeEvent(e, auth.nation),
            }));
      const theirs =
        q.status === undefined || q.status === 'escalated' || q.status === 'withdrawn'
          ? d
              .partnerEvents({
                ...common,
                ...(q.status ? { withdrawn: q.status === 'withdrawn' } : {}),
              })
              .map((e) => ({ at: e.receivedMs, view: describePartnerEvent(e) }))
          : [];
      return {
        events: [...own, ...theirs]
          .sort((a, b) => b.at - a.at)
          .slice(0, q.limit)
          .map((e) => e.view),
      };
    },
  );

  app.get<{ Params: { nation: string; id: string } }>(
    '/api/:nation/maritime-events/:id',
    {
      schema: {
        description:
          "One maritime event with every triage action taken on it (a partner's, `<ORIGINATOR>:<id>`, with none: its triage is the partner's). 404 `unknown-event`.",
        params: input(eventParams),
        response: responses(output(eventPage), READ),
      },
    },
    async (req, reply) => {
      const auth = o.authenticate(bearerToken(req), req.params.nation);
      if (!auth.ok) return refuse(reply, authRefusal(auth));
      const d = desk(auth.nation);
      const e = d.event(req.params.id);
      if (e) return { event: describeEvent(e.event, auth.nation), triage: e.triage.map(describeTriage) };
      const theirs = d.partnerEvent(req.params.id);
      if (theirs) return { event: describePartnerEvent(theirs), triage: [] };
      return unknownEvent(reply, req.params.id);
    },
  );

  for (const action of TRIAGE_ACTIONS) {
    app.post<{ Params: { nation: string; id: string }; Body: TriageBody }>(
      `/api/:nation/maritime-events/:id/${action}`,
      {
        schema: {
          description: `${TRIAGE_DOC[action]} Stored with the event, audited (\`maritime-event-triaged\`). 400 \`missing-field\` (naming it); 404 \`unknown-event\`; 409 \`illegal-transition\` (e.g. acknowledging an event already acknowledged, anything but annotating a dismissed one), 409 \`partner-event\` (a partner's event: its triage is the partner's)${action === 'escalate' ? '; 422 `bad-marking` (naming the column), `not-shareable`' : ''}.`,
          params: input(eventParams),
          body: input(triageBody),
          response: responses(output(triageResult), [400, 401, 403, 404, 409, 422]),
        },
      },
      async (req, reply) => {
        const auth = o.authenticate(bearerToken(req), req.params.nation);
        if (!auth.ok) return refuse(reply, authRefusal(auth));
        const r = desk(auth.nation).triage(
          req.params.id,
          action as TriageAction,
          req.body ?? {},
          `api:${auth.nation}`,
        );
        if (!r.ok)
          return refuse(reply, {
            status: r.status,
            error: r.code,
            message: r.reason,
            ...(r.field ? { field: r.field } : {}),
          });
        return {
          event: describeEvent(r.event, auth.nation),
          action: describeTriage(r.record),
          ...(r.published ? { published: describePublished(r.published, action) } : {}),
        };
      },
    );
  }

  // Vessels heard since the last push, one message a period; each new event as it is stored.
  app.get<{ Params: { nation: string }; Querystring: { bbox?: string } }>(
    '/api/:nation/maritime/stream',
    { websocket: true, exposeHeadRoute: false, schema: { hide: true } },
    (socket, req) => {
      const token = streamToken(req);
      const auth = o.authenticate(token, req.params.nation);
      if (!auth.ok) {
        socket.send(JSON.stringify(errorOf({ ...authRefusal(auth), status: 1008 })));
        socket.close(1008, 'refused');
        return;
      }
      const raw = typeof req.query.bbox === 'string' ? req.query.bbox : undefined;
      const bbox = raw === undefined ? undefined : parseBbox(raw);
      if (bbox === null) {
        socket.send(JSON.stringify(errorOf({ ...bboxRefusal(raw!), status: 1008 })));
        socket.close(1008, 'bad-query');
        return;
      }
      if (!o.streams.admit(socket, token!)) return;
      const node = o.nodes.get(auth.nation)!;
      let sinceMs: number | undefined;
      let timer: NodeJS.Timeout | undefined;
      const push = () => {
        const ok = node.guard('api:maritime-stream', () => {
          const now = o.clock.nowMs();
          const list = node.maritime.vessels({
            ...(bbox ? { bbox } : {}),
            ...(sinceMs !== undefined ? { sinceMs } : {}),
          });
          if (sinceMs === undefined || list.length > 0)
            o.streams.send(
              socket,
              JSON.stringify({ type: 'vessels', time: iso(now), vessels: list.map(describeVessel) }),
            );
          sinceMs = now;
          return true;
        });
        if (ok === undefined) {
          clearInterval(timer);
          socket.close(1011, 'internal');
        }
      };
      const unsubscribe = node.maritime.onEvent((e) => {
        const d = describeEvent(e, auth.nation);
        if (bbox && !inBbox(bbox, d.lat, d.lon)) return;
        o.streams.send(socket, JSON.stringify({ type: 'event', event: d }));
      });
      push();
      timer = setInterval(push, o.streamPeriodMs);
      socket.on('close', () => {
        clearInterval(timer);
        unsubscribe();
      });
      startHeartbeat(socket, o.streams, o.heartbeatMs, o.clock);
    },
  );
};

const TRIAGE_DOC: Record<TriageAction, string> = {
  acknowledge: 'A watch officer has seen the event (from `new`).',
  escalate:
    'The event is a finding worth raising (from `new` or `acknowledged`); it is shared with the partners with `marking` (default UNCLASSIFIED), as far as the agreements allow that marking on topic `maritime`.',
  dismiss:
    'The event is not a finding; `reason` required (from any state but `dismissed`). An event already shared is withdrawn at the partners.',
  annotate: 'Adds a note (`text` required) without changing the state.',
  'hand-over': 'Hands the event to another watch or operator (`to` required); the state stays.',
};

/** The OpenAPI path item of the maritime stream. */
export function maritimeStreamDoc(): object {
  return streamPathItem({
    description:
      'WebSocket. The vessels in `bbox` (all when none): one `vessels` message at once with every one, then one per period with those heard since the last; and an `event` message as each new maritime event is stored; every `everyMs` (10 s unless the node is told otherwise) a `{type: "heartbeat", time, everyMs}`, so that a client can tell a quiet stream from a stalled one (nothing for about 2.5 heartbeats: reconnect). A refusal is one `error` message (`code` 1008), then close 1008. A client that falls behind by more than the stream limit is disconnected: narrow the box.',
    query: input(maritimeStreamQuery),
    messages: [output(vesselUpdate), output(eventUpdate), ref(heartbeat), ref(errorBody)],
  });
}

/** W,S,E,N -> the box, or null when it is not one (each a number in range, south not above north). */
function parseBbox(text: string): Bbox | null {
  const parts = text.split(',');
  if (parts.length !== 4 || parts.some((p) => p.trim() === '')) return null;
  const [w, s, e, n] = parts.map(Number) as [number, number, number, number];
  const lon = (x: number) => Number.isFinite(x) && x >= -180 && x <= 180;
  const lat = (x: number) => Number.isFinite(x) && x >= -90 && x <= 90;
  if (!(lon(w) && lon(e) && lat(s) && lat(n) && s <= n)) return null;
  return [w, s, e, n];
}

function inBbox(b: Bbox, lat: number, lon: number): boolean {
  const [w, s, e, n] = b;
  if (lat < s || lat > n) return false;
  return w <= e ? lon >= w && lon <= e : lon >= w || lon <= e;
}

function bboxRefusal(text: string) {
  return {
    status: 400,
    error: 'bad-query',
    message: `bbox '${text.slice(0, 100)}' is not W,S,E,N in degrees (longitudes in [-180, 180], latitudes in [-90, 90], south not above north)`,
    field: 'bbox',
  };
}

function badBbox(reply: FastifyReply, text: string): FastifyReply {
  return refuse(reply, bboxRefusal(text));
}

function unknownEvent(reply: FastifyReply, id: string): FastifyReply {
  return refuse(reply, {
    status: 404,
    error: 'unknown-event',
    message: `no maritime event '${id}'`,
    field: 'id',
  });
}

const iso = (ms: number) => new Date(ms).toISOString();

function describeVessel(v: VesselView): z.output<typeof vessel> {
  return {
    mmsi: v.mmsi,
    lat: v.latDeg,
    lon: v.lonDeg,
    speed: v.speedKn,
    course: v.courseDeg,
    heading: v.headingDeg,
    ...(v.name !== undefined ? { name: v.name } : {}),
    ...(v.imo !== undefined ? { imo: v.imo } : {}),
    ...(v.shipType !== undefined ? { shipType: v.shipType } : {}),
    lastSeen: iso(v.lastSeenMs),
    sources: [...v.sources],
    ...(v.positionSource !== undefined ? { positionSource: v.positionSource } : {}),
    ...(v.otherIdentities ? { otherIdentities: v.otherIdentities.map((o) => ({ ...o })) } : {}),
  };
}

interface DetectorJson {
  start: string;
  end: string | null;
  lat: number;
  lon: number;
  zone?: string;
  confidence: number;
  evidence: ({ kind: string } & Record<string, unknown>)[];
}

function describeEvent(e: MaritimeEventRecord, originator: Nation): z.output<typeof maritimeEvent> {
  const d = e.detector as unknown as DetectorJson;
  return {
    id: e.id,
    originator,
    marking: e.marking ?? null,
    type: e.type,
    mmsi: [...e.mmsi],
    detected: iso(e.detectedMs),
    start: d.start,
    end: d.end,
    lat: d.lat,
    lon: d.lon,
    ...(d.zone !== undefined ? { zone: d.zone } : {}),
    confidence: d.confidence,
    evidence: (d.evidence ?? []).map(({ kind, ...detail }) => ({ kind, detail })),
    status: { state: e.state, holder: e.holder, updated: iso(e.updatedMs) },
  };
}
/** The checked `maritime-event` payload a partner shared (src/maritime/payloads.ts). */
interface PartnerEventJson {
  startMs: number;
  endMs: number | null;
  latDeg: number;
  lonDeg: number;
  zone?: string;
  confidence: number;
  evidence: ({ kind: string } & Record<string, unknown>)[];
}

function describePartnerEvent(e: PartnerMaritimeEventRecord): z.output<typeof maritimeEvent> {
  const p = e.event as unknown as PartnerEventJson;
  return {
    id: `${e.originator}:${e.id}`,
    originator: e.originator as Nation,
    marking: e.marking,
    type: e.type,
    mmsi: [...e.mmsi],
    detected: iso(e.receivedMs),
    start: iso(p.startMs),
    end: p.endMs === null ? null : iso(p.endMs),
    lat: p.latDeg,
    lon: p.lonDeg,
    ...(p.zone !== undefined ? { zone: p.zone } : {}),
    confidence: p.confidence,
    evidence: p.evidence.map(({ kind, ...detail }) => ({ kind, detail })),
    status: {
      state: e.withdrawnMs === null ? 'escalated' : 'withdrawn',
      holder: null,
      updated: iso(e.withdrawnMs ?? e.receivedMs),
    },
  };
}

function describePublished(p: Published, action: TriageAction) {
  return {
    item: p.itemId,
    kind: action === 'escalate' ? ('maritime-event' as const) : ('maritime-event-withdrawal' as const),
    decisions: p.decisions.map(({ recipient, decision }) => ({
      recipient: recipient as Nation,
      allow: decision.allow,
      agreement: decision.agreement,
      rule: decision.rule,
      reason: decision.reason,
    })),
  };
}

export const eventMatchesDescribeEvent: Same<typeof maritimeEvent, ReturnType<typeof describeEvent>> = true;

function describeTriage(t: TriageRecord) {
  return { action: t.action as TriageAction, by: t.by, at: iso(t.atMs), detail: t.detail };
}
