import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import {
  type ConsultationView,
  type ConsultEvent,
  renderStatementHtml,
  renderStatementMarkdown,
} from '../consult/index.js';
import type { Nation } from '../domain/index.js';
import { type DeskResult, type NationNode, type OperatorAction, performAction } from '../node/index.js';
import { type Authenticate, authRefusal, bearerToken, errorOf, refuse, streamToken } from './auth.js';
import {
  ACTION_BODIES,
  consultationList,
  consultationView,
  consultParams,
  consultStreamMessage,
  conveneBody,
  eventResult,
  exportParams,
  exportQuery,
  streamQuery,
} from './consult-schemas.js';
import { heartbeat, startHeartbeat } from './heartbeat.js';
import { OTHER_SOURCES, type RefusalAudit } from './refusal-audit.js';
import { errorBody, input, output, ref, responses } from './schema.js';
import { streamPathItem } from './stream-doc.js';
import type { StreamGuard } from './stream-limits.js';

export interface ConsultRoutesOptions {
  readonly nodes: ReadonlyMap<Nation, NationNode>;
  readonly clock: { nowMs(): number };
  readonly authenticate: Authenticate;
  /** Where refused authentications are audited, a record per source and minute (see RefusalAudit). */
  readonly refusals: RefusalAudit;
  /** Bounds every stream of the API: buffered bytes per client, streams per token. */
  readonly streams: StreamGuard;
  /** How often the stream says it is alive between events, wall-clock ms. */
  readonly heartbeatMs: number;
}

/** The refusals of a consultation route: bad input, no token, another nation's, no node/consultation, the desk's. */
const REFUSALS = [400, 401, 403, 404, 422] as const;

type ActionRoute = keyof typeof ACTION_BODIES;

const ACTION_OF: Record<ActionRoute, OperatorAction['action']> = {
  acknowledge: 'acknowledge',
  posts: 'post',
  statements: 'propose',
  approve: 'approve',
  reject: 'reject',
  escalate: 'escalate',
  readouts: 'readout',
  positions: 'position',
  close: 'close',
};

const DESCRIPTIONS: Record<ActionRoute, string> = {
  acknowledge:
    "Acknowledges the consultation for the operator's nation (no nation acknowledges for another).",
  posts: 'Posts a message, decision or item to the timeline; refused unless releasable to every participant.',
  statements: 'Proposes a version of a statement (never edited: a new version replaces an old one).',
  approve: "Approves a live version for the operator's nation; a superseded version is refused.",
  reject: "Rejects a version for the operator's nation, with a reason.",
  escalate: 'Raises the level (working < ministerial < 2+2+2 < leaders).',
  readouts:
    "Publishes the nation's readout of a statement (the one event accepted after the close); every participant must be allowed to see it.",
  positions:
    "Records a national position. Private: a partner's node receives it, and a partner's view shows it, only if its marking and the agreements release it to that partner.",
  close: 'Closes the consultation; only the convener may.',
};

/**
 * Consultation routes: list and read (each as the operator's nation may see it), convene, and one
 * route per action; and the stream of consultation events. Every action is authored by the operator's
 * own nation on its own node; a refusal (another nation's node, another nation's event, a stale
 * version, a post not releasable to every participant, a close by a non-convener) answers with a
 * reason and is written to the node's audit log.
 */
export const consultationRoutes: FastifyPluginAsync<ConsultRoutesOptions> = async (app, o) => {
  const params = input(consultParams);
  const nationOnly = input(consultParams.pick({ nation: true }));

  /** Authenticates; a refusal on a node that exists is audited there (aggregated per source and minute). */
  const authorise = (req: FastifyRequest<{ Params: { nation: string } }>, what: string, subject: string) => {
    const target = req.params.nation;
    const auth = o.authenticate(bearerToken(req), target);
    const node = o.nodes.get(target as Nation);
    if (!auth.ok && auth.status !== 404 && node) {
      const source = req.ip;
      o.refusals.refused(node.nation, source, auth.reason, (summary) =>
        summary
          ? node.consult.auditRefusal(
              'api',
              '*',
              'requests',
              auth.reason,
              `${summary.count} more refused requests (${auth.reason}) from ${summary.source === OTHER_SOURCES ? 'sources past the cap' : summary.source} in the window`,
              { ...summary },
            )
          : node.consult.auditRefusal('api', subject, what, auth.reason, auth.message, { source }),
      );
    }
    return auth;
  };

  const answer = (reply: FastifyReply, node: NationNode, r: DeskResult) => {
    if (!r.ok) {
      const status = r.code === 'unknown-consultation' ? 404 : 422;
      return refuse(reply, { status, error: r.code, message: r.reason });
    }
    return { event: r.event, consultation: node.consult.view(r.event.consultation) };
  };

  app.get<{ Params: { nation: string } }>(
    '/api/:nation/consultations',
    {
      schema: {
        description: "The consultations the node's nation takes part in, each as it may see it.",
        params: nationOnly,
        response: responses(output(consultationList), [400, 401, 403, 404]),
      },
    },
    async (req, reply) => {
      const auth = o.authenticate(bearerToken(req), req.params.nation);
      if (!auth.ok) return refuse(reply, authRefusal(auth));
      const desk = o.nodes.get(auth.nation)!.consult;
      return {
        consultations: desk
          .list()
          .map((s) => desk.view(s.id!))
          .filter((v) => v !== null),
      };
    },
  );

  app.get<{ Params: { nation: string; id: string } }>(
    '/api/:nation/consultations/:id',
    {
      schema: {
        description:
          'One consultation as the nation may see it: participants, level and its history, acknowledgements (missed ones shown to all), timeline, statements, readouts, rejected events of its own. 404 `unknown-consultation`.',
        params,
        response: responses(ref(consultationView), [400, 401, 403, 404]),
      },
    },
    async (req, reply) => {
      const auth = o.authenticate(bearerToken(req), req.params.nation);
      if (!auth.ok) return refuse(reply, authRefusal(auth));
      const view = o.nodes.get(auth.nation)!.consult.view(req.params.id);
      if (view === null)
        return refuse(reply, {
          status: 404,
          error: 'unknown-consultation',
          message: `no consultation '${req.params.id}' for ${auth.nation}`,
          field: 'id',
        });
      return view;
    },
  );

  app.post<{ Params: { nation: string }; Body: Record<string, unknown> }>(
    '/api/:nation/consultations',
    {
      schema: {
        description: "Convenes a consultation, the operator's nation being the convener (and a participant).",
        params: nationOnly,
        body: input(conveneBody),
        response: responses(output(eventResult), REFUSALS),
      },
    },
    async (req, reply) => {
      const auth = authorise(req, 'convene', '(new)');
      if (!auth.ok) return refuse(reply, authRefusal(auth));
      const node = o.nodes.get(auth.nation)!;
      const body = { trigger: { kind: 'manual' }, ...req.body };
      return answer(
        reply,
        node,
        performAction(node.consult, auth.nation, { action: 'convene', body }, `api:${auth.nation}`),
      );
    },
  );

  app.get<{
    Params: { nation: string; id: string; statement: string };
    Querystring: { format: 'md' | 'html' };
  }>(
    '/api/:nation/consultations/:id/statements/:statement/export',
    {
      schema: {
        description:
          "An agreed statement as Markdown or HTML, from the nation's view: the agreed text, who approved it when, the version history and where each national readout the nation may see departs from it. 404 `unknown-consultation` / `unknown-statement` (no version the nation may see); 422 `not-agreed` while the participants have not all approved one version.",
        params: input(exportParams),
        querystring: input(exportQuery),
        response: {
          ...responses({}, REFUSALS),
          200: {
            description: 'the statement (text/markdown or text/html, UTF-8)',
            content: {
              'text/markdown': { schema: { type: 'string' } },
              'text/html': { schema: { type: 'string' } },
            },
          },
        },
      },
    },
    async (req, reply) => {
      const auth = o.authenticate(bearerToken(req), req.params.nation);
      if (!auth.ok) return refuse(reply, authRefusal(auth));
      const { id, statement } = req.params;
      const view = o.nodes.get(auth.nation)!.consult.view(id);
      if (view === null)
        return refuse(reply, {
          status: 404,
          error: 'unknown-consultation',
          message: `no consultation '${id}' for ${auth.nation}`,
          field: 'id',
        });
      const st = view.statements.find((s) => s.id === statement);
      if (!st || st.versions.length === 0)
        return refuse(reply, {
          status: 404,
          error: 'unknown-statement',
          message: `consultation '${id}' has no version of statement '${statement}' that ${auth.nation} may see`,
          field: 'statement',
        });
      if (!st.agreed) {
        const stances = st.current.map((c) => `${c.nation} ${c.stance}s ${c.version}`).join('; ');
        return refuse(reply, {
          status: 422,
          error: 'not-agreed',
          message: `statement '${statement}' is not agreed yet: every participant must approve one version (${stances || 'no stance yet'})`,
          field: 'statement',
        });
      }
      if (req.query.format === 'html')
        return reply.type('text/html; charset=utf-8').send(renderStatementHtml(view, statement));
      return reply.type('text/markdown; charset=utf-8').send(renderStatementMarkdown(view, statement));
    },
  );

  for (const route of Object.keys(ACTION_BODIES) as ActionRoute[]) {
    app.post<{ Params: { nation: string; id: string }; Body: Record<string, unknown> }>(
      `/api/:nation/consultations/:id/${route}`,
      {
        schema: {
          description: DESCRIPTIONS[route],
          params,
          body: input(ACTION_BODIES[route]),
          response: responses(output(eventResult), REFUSALS),
        },
      },
      async (req, reply) => {
        const auth = authorise(req, ACTION_OF[route], req.params.id);
        if (!auth.ok) return refuse(reply, authRefusal(auth));
        const node = o.nodes.get(auth.nation)!;
        const action = {
          ...(req.body ?? {}),
          action: ACTION_OF[route],
          consultation: req.params.id,
        } as OperatorAction;
        return answer(reply, node, performAction(node.consult, auth.nation, action, `api:${auth.nation}`));
      },
    );
  }

  /**
   * `GET /api/:nation/consultations/stream` (WebSocket): first `{type: 'consultations', nation, time,
   * seq, consultations}` (every view, as the list route; `seq`, the node's last stored event), then
   * one `{type: 'event', nation, from, seq, event: {kind, id, consultation, author, atMs, time},
   * consultation}` per event the node newly holds (its own, from any client or rule, or a partner's),
   * with the consultation as the nation now sees it. An event the nation may not see (a partner's
   * post or position its agreements do not release, a partner's rejected event) sends nothing.
   * `?after=<seq>` resumes: instead of the list, the events stored since that place that the nation
   * may see, in order, then the new ones (an `after` past the node's last event — its store was
   * replaced — gets the list).
   */
  app.get<{ Params: { nation: string } }>(
    '/api/:nation/consultations/stream',
    // @fastify/websocket hides its routes from the document: consultationStreamDoc describes it.
    { websocket: true, exposeHeadRoute: false, schema: { hide: true } },
    (socket, req) => {
      const query = (req.query ?? {}) as { after?: string };
      const token = streamToken(req);
      const auth = o.authenticate(token, req.params.nation);
      if (!auth.ok) {
        socket.send(JSON.stringify(errorOf({ ...authRefusal(auth), status: 1008 })));
        socket.close(1008, 'refused');
        return;
      }
      const after = resumePoint(query.after);
      if (after instanceof Error) {
        socket.send(
          JSON.stringify(
            errorOf({ status: 1008, error: 'bad-request', message: after.message, field: 'after' }),
          ),
        );
        socket.close(1008, 'bad-request');
        return;
      }
      if (!o.streams.admit(socket, token!)) return;
      const nation = auth.nation;
      const desk = o.nodes.get(nation)!.consult;
      const send = (e: ConsultEvent, from: 'own' | 'partner', seq: number) => {
        const view = desk.view(e.consultation);
        if (view === null || !showsEvent(view, e)) return;
        o.streams.send(
          socket,
          JSON.stringify({
            type: 'event',
            nation,
            from,
            seq,
            event: {
              kind: e.kind,
              id: e.id,
              consultation: e.consultation,
              author: e.author,
              atMs: e.atMs,
              time: new Date(e.atMs).toISOString(),
            },
            consultation: view,
          }),
        );
      };
      // All in this one turn of the event loop: nothing is stored between the catch-up and the listener.
      const last = desk.lastSeq();
      if (after === null || after > last) {
        o.streams.send(
          socket,
          JSON.stringify({
            type: 'consultations',
            nation,
            time: new Date(o.clock.nowMs()).toISOString(),
            seq: last,
            consultations: desk
              .list()
              .map((s) => desk.view(s.id!))
              .filter((v) => v !== null),
          }),
        );
      } else {
        for (const r of desk.since(after)) send(r.event, r.from, r.seq);
      }
      const off = desk.onChange((e, _state, from, seq) => send(e, from, seq));
      socket.on('close', off);
      startHeartbeat(socket, o.streams, o.heartbeatMs, o.clock);
    },
  );
};

/** The OpenAPI path item of the consultation stream. */
export function consultationStreamDoc(): object {
  return streamPathItem({
    description:
      "WebSocket. First message `{type: 'consultations', nation, time, seq, consultations}` (each as the nation may see it; `seq`, the place of the node's last stored event); then, per event the node newly holds (its own or a partner's), `{type: 'event', nation, from: 'own'|'partner', seq, event: {kind, id, consultation, author, atMs, time}, consultation}` with the consultation as the nation now sees it. Events the nation may not see send nothing. Between them, every `everyMs` (10 s unless the node is told otherwise), a `{type: 'heartbeat', time, everyMs}`: a client that hears nothing for about 2.5 heartbeats may take the connection as dropped and reconnect with `?after=`. `?after=<seq>` (the last `seq` received) resumes: instead of the first message, the events stored since that the nation may see, in order, then the new ones; an `after` past the node's last event (its store was replaced) gets the first message. A refusal is one `error` message (`refused`; a bad `after`, `bad-request` with field `after`; `code` 1008), then close 1008.",
    query: input(streamQuery),
    messages: [ref(consultStreamMessage), ref(heartbeat), ref(errorBody)],
  });
}

/** Whether `view` shows event `e` (its nation may learn that it happened): applied and, if it carries content, that content is in the view; or one of the nation's own rejected events. */
export function showsEvent(view: ConsultationView, e: ConsultEvent): boolean {
  if (view.rejected.some((r) => r.id === e.id)) return true;
  if (!view.applied.includes(e.id)) return false;
  switch (e.kind) {
    case 'post':
      return view.timeline.some((t) => t.id === e.id);
    case 'propose-statement-version':
      return view.statements.some((s) => s.versions.some((v) => v.id === e.id));
    case 'publish-readout':
      return view.readouts.some((r) => r.id === e.id);
    case 'record-position':
      return view.positions.some((p) => p.id === e.id);
    default:
      return true;
  }
}

/** The `after` of a stream request: null when absent, an Error naming the problem when not a place. */
function resumePoint(raw: string | undefined): number | null | Error {
  if (raw === undefined) return null;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n)) {
    return new Error(`after must be a whole number, the seq of the last event received, not '${raw}'`);
  }
  return n;
}
