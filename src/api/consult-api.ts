import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  CONTINGENCIES,
  type ConsultationView,
  type ConsultEvent,
  LEVELS,
  MINISTERIAL_FORMS,
  renderStatementHtml,
  renderStatementMarkdown,
} from '../consult/index.js';
import type { Nation } from '../domain/index.js';
import { type DeskResult, type OperatorAction, performAction } from '../node/consultations.js';
import type { NationNode } from '../node/node.js';

type Auth = { ok: true; nation: Nation } | { ok: false; code: 401 | 403 | 404; message: string };

export interface ConsultRoutesOptions {
  readonly nodes: ReadonlyMap<Nation, NationNode>;
  /** Authenticates the request's operator for the route's nation. */
  readonly operatorFor: (authorization: string | undefined, nation: string) => Auth;
}

const errorSchema = {
  type: 'object',
  properties: {
    error: { type: 'string' },
    code: { type: 'string', description: 'why the desk refused, e.g. not-own, stale-version, not-convener' },
    message: { type: 'string' },
  },
} as const;

const REFUSALS = { 401: errorSchema, 403: errorSchema, 404: errorSchema, 422: errorSchema } as const;

const params = {
  type: 'object',
  required: ['nation'],
  properties: {
    nation: { type: 'string', pattern: '^[A-Z]{3}$', description: 'ISO 3166-1 alpha-3 code of the node' },
    id: {
      type: 'string',
      minLength: 5,
      maxLength: 300,
      description: 'the consultation id (its convene event id)',
    },
  },
} as const;

/** The state as the operator's nation may see it (src/consult viewFor); its fields are documented in the README. */
const consultation = { type: 'object', additionalProperties: true } as const;

const eventResult = {
  type: 'object',
  properties: {
    event: {
      type: 'object',
      additionalProperties: true,
      description: 'the event authored, as signed and sent',
    },
    consultation,
  },
} as const;

const nation = { type: 'string', pattern: '^[A-Z]{3}$' } as const;
const text = { type: 'string', minLength: 1, maxLength: 20_000 } as const;
const marking = { type: 'string', minLength: 1, maxLength: 500 } as const;

/** The body each action route accepts (JSON Schema, so the OpenAPI document shows it). */
const BODIES = {
  acknowledge: {
    type: 'object',
    additionalProperties: false,
    properties: {
      nation: { ...nation, description: "default: the operator's nation; no other is accepted" },
    },
  },
  posts: {
    type: 'object',
    additionalProperties: false,
    required: ['text', 'marking'],
    properties: {
      entry: { type: 'string', enum: ['message', 'decision', 'item'], default: 'message' },
      text,
      marking: {
        type: 'string',
        minLength: 1,
        maxLength: 500,
        description: 'e.g. //JPN SECRET//REL TO USA, JPN, KOR',
      },
      item: {
        type: 'object',
        additionalProperties: false,
        required: ['title'],
        properties: { title: { type: 'string' }, ref: { type: 'string' }, mediaType: { type: 'string' } },
      },
    },
  },
  statements: {
    type: 'object',
    additionalProperties: false,
    required: ['text'],
    properties: {
      statement: { type: 'string', default: 'joint' },
      text,
      replaces: { type: 'string', description: 'the version this one supersedes' },
      marking: { type: 'string', description: 'default: unclassified' },
    },
  },
  approve: {
    type: 'object',
    additionalProperties: false,
    properties: {
      version: { type: 'string', description: 'default: the latest live version of `statement`' },
      statement: { type: 'string', default: 'joint' },
      nation,
    },
  },
  reject: {
    type: 'object',
    additionalProperties: false,
    required: ['reason'],
    properties: { version: { type: 'string' }, statement: { type: 'string' }, reason: text, nation },
  },
  escalate: {
    type: 'object',
    additionalProperties: false,
    required: ['to', 'reason'],
    properties: {
      to: { type: 'string', enum: [...LEVELS] },
      form: { type: 'string', enum: [...MINISTERIAL_FORMS] },
      reason: text,
    },
  },
  readouts: {
    type: 'object',
    additionalProperties: false,
    required: ['text'],
    properties: {
      statement: { type: 'string', default: 'joint', description: 'the statement this readout accounts for' },
      text,
      marking: { ...marking, description: "default: unclassified in the nation's words" },
    },
  },
  positions: {
    type: 'object',
    additionalProperties: false,
    required: ['text', 'marking'],
    properties: {
      text,
      marking: {
        ...marking,
        description:
          'decides who else may ever see it, e.g. //JPN SECRET//NOFORN (the nation alone) or //JPN SECRET//REL TO USA, JPN',
      },
      about: {
        type: 'string',
        minLength: 1,
        maxLength: 256,
        description: 'a statement or timeline entry id',
      },
    },
  },
  close: {
    type: 'object',
    additionalProperties: false,
    properties: { outcome: text },
  },
} as const;

const conveneBody = {
  type: 'object',
  additionalProperties: false,
  required: ['subject', 'level', 'participants', 'ackWithinMs'],
  properties: {
    subject: { type: 'string', minLength: 1, maxLength: 500 },
    trigger: {
      type: 'object',
      description:
        "default { kind: 'manual' }; or { kind: 'missile-warning' | 'maritime-incursion' | 'armed-attack', id }",
      additionalProperties: true,
    },
    coalition: { type: 'string' },
    level: { type: 'string', enum: [...LEVELS] },
    form: { type: 'string', enum: [...MINISTERIAL_FORMS] },
    participants: { type: 'array', items: nation, minItems: 2, maxItems: 32 },
    ackWithinMs: { type: 'integer', minimum: 1, maximum: 604_800_000 },
    ackWithinMsBy: { type: 'object', additionalProperties: { type: 'integer' } },
    onMissedAck: { type: 'string', enum: ['escalate', 'flag'] },
    contingency: { type: 'string', enum: [...CONTINGENCIES] },
  },
} as const;

type ActionRoute = keyof typeof BODIES;

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
 * route per action. Every action is authored by the operator's own nation on its own node; a refusal
 * (another nation's node, another nation's event, a stale version, a post not releasable to every
 * participant, a close by a non-convener) answers with a reason and is written to the node's audit log.
 */
export function registerConsultationRoutes(app: FastifyInstance, o: ConsultRoutesOptions): void {
  const refuse = (reply: FastifyReply, code: number, error: string, message: string) =>
    reply.code(code).send({ error, code: error, message });

  /** Authenticates; an operator refused on a node that exists is audited there. */
  const authorise = (authorization: string | undefined, target: string, what: string, subject: string) => {
    const auth = o.operatorFor(authorization, target);
    if (!auth.ok && auth.code !== 404) {
      const node = o.nodes.get(target as Nation);
      node?.consult.auditRefusal(
        'api',
        subject,
        what,
        auth.code === 401 ? 'unauthenticated' : 'other-nation',
        auth.message,
      );
    }
    return auth;
  };

  const answer = (reply: FastifyReply, node: NationNode, r: DeskResult) => {
    if (!r.ok) {
      const status = r.code === 'unknown-consultation' ? 404 : 422;
      return refuse(reply, status, r.code, r.reason);
    }
    return { event: r.event, consultation: node.consult.view(r.event.consultation) };
  };

  app.get<{ Params: { nation: string } }>(
    '/api/:nation/consultations',
    {
      schema: {
        description: "The consultations the node's nation takes part in, each as it may see it.",
        params,
        response: {
          200: { type: 'object', properties: { consultations: { type: 'array', items: consultation } } },
          ...REFUSALS,
        },
      },
    },
    async (req, reply) => {
      const auth = o.operatorFor(req.headers.authorization, req.params.nation);
      if (!auth.ok) return refuse(reply, auth.code, 'refused', auth.message);
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
          'One consultation as the nation may see it: participants, level and its history, acknowledgements (missed ones shown to all), timeline, statements, readouts, rejected events of its own.',
        params,
        response: { 200: consultation, ...REFUSALS },
      },
    },
    async (req, reply) => {
      const auth = o.operatorFor(req.headers.authorization, req.params.nation);
      if (!auth.ok) return refuse(reply, auth.code, 'refused', auth.message);
      const view = o.nodes.get(auth.nation)!.consult.view(req.params.id);
      if (view === null)
        return refuse(
          reply,
          404,
          'unknown-consultation',
          `no consultation '${req.params.id}' for ${auth.nation}`,
        );
      return view;
    },
  );

  app.post<{ Params: { nation: string }; Body: Record<string, unknown> }>(
    '/api/:nation/consultations',
    {
      schema: {
        description: "Convenes a consultation, the operator's nation being the convener (and a participant).",
        params,
        body: conveneBody,
        response: { 200: eventResult, ...REFUSALS },
      },
    },
    async (req, reply) => {
      const auth = authorise(req.headers.authorization, req.params.nation, 'convene', '(new)');
      if (!auth.ok) return refuse(reply, auth.code, 'refused', auth.message);
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
    Querystring: { format?: 'md' | 'html' };
  }>(
    '/api/:nation/consultations/:id/statements/:statement/export',
    {
      schema: {
        description:
          "An agreed statement as Markdown or HTML, from the nation's view: the agreed text, who approved it when, the version history and where each national readout the nation may see departs from it. 404 `unknown-consultation` / `unknown-statement` (no version the nation may see); 422 `not-agreed` while the participants have not all approved one version.",
        params: {
          ...params,
          required: ['nation', 'id', 'statement'],
          properties: {
            ...params.properties,
            statement: { type: 'string', minLength: 1, maxLength: 64, description: 'e.g. joint' },
          },
        },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { format: { type: 'string', enum: ['md', 'html'], default: 'md' } },
        },
        response: {
          200: {
            description: 'the statement (text/markdown or text/html, UTF-8)',
            content: {
              'text/markdown': { schema: { type: 'string' } },
              'text/html': { schema: { type: 'string' } },
            },
          },
          ...REFUSALS,
        },
      },
    },
    async (req, reply) => {
      const auth = o.operatorFor(req.headers.authorization, req.params.nation);
      if (!auth.ok) return refuse(reply, auth.code, 'refused', auth.message);
      const { id, statement } = req.params;
      const view = o.nodes.get(auth.nation)!.consult.view(id);
      if (view === null)
        return refuse(reply, 404, 'unknown-consultation', `no consultation '${id}' for ${auth.nation}`);
      const st = view.statements.find((s) => s.id === statement);
      if (!st || st.versions.length === 0)
        return refuse(
          reply,
          404,
          'unknown-statement',
          `consultation '${id}' has no version of statement '${statement}' that ${auth.nation} may see`,
        );
      if (!st.agreed) {
        const stances = st.current.map((c) => `${c.nation} ${c.stance}s ${c.version}`).join('; ');
        return refuse(
          reply,
          422,
          'not-agreed',
          `statement '${statement}' is not agreed yet: every participant must approve one version (${stances || 'no stance yet'})`,
        );
      }
      if (req.query.format === 'html')
        return reply.type('text/html; charset=utf-8').send(renderStatementHtml(view, statement));
      return reply.type('text/markdown; charset=utf-8').send(renderStatementMarkdown(view, statement));
    },
  );

  for (const route of Object.keys(BODIES) as ActionRoute[]) {
    app.post<{ Params: { nation: string; id: string }; Body: Record<string, unknown> }>(
      `/api/:nation/consultations/:id/${route}`,
      {
        schema: {
          description: DESCRIPTIONS[route],
          params,
          body: BODIES[route],
          response: { 200: eventResult, ...REFUSALS },
        },
      },
      async (req, reply) => {
        const auth = authorise(req.headers.authorization, req.params.nation, ACTION_OF[route], req.params.id);
        if (!auth.ok) return refuse(reply, auth.code, 'refused', auth.message);
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
}

/** The OpenAPI path item of the consultation stream (added to the document by buildApi). */
export const CONSULTATION_STREAM_DOC = {
  get: {
    description:
      "WebSocket. First message `{type: 'consultations', nation, time, seq, consultations}` (each as the nation may see it; `seq`, the place of the node's last stored event); then, per event the node newly holds (its own or a partner's), `{type: 'event', nation, from: 'own'|'partner', seq, event: {kind, id, consultation, author, atMs, time}, consultation}` with the consultation as the nation now sees it. Events the nation may not see send nothing. `?after=<seq>` (the last `seq` received) resumes: instead of the first message, the events stored since that the nation may see, in order, then the new ones; an `after` past the node's last event (its store was replaced) gets the first message. The token may come as `?token=` (browsers cannot set WebSocket headers); a refusal is one `{error: 'refused', message}` message, a bad `after` one `{error: 'bad-request', message}`, then close (1008).",
    parameters: [
      {
        name: 'nation',
        in: 'path',
        required: true,
        schema: params.properties.nation,
        description: 'ISO 3166-1 alpha-3 code of the node',
      },
      {
        name: 'token',
        in: 'query',
        required: false,
        schema: { type: 'string' },
        description: 'the Bearer token, for clients that cannot set headers',
      },
      {
        name: 'after',
        in: 'query',
        required: false,
        schema: { type: 'string', pattern: '^[0-9]+$' },
        description: 'resume after this place: the `seq` of the last message received',
      },
    ],
    responses: { '101': { description: 'switching to the WebSocket protocol' } },
  },
} as const;

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

/**
 * `GET /api/:nation/consultations/stream` (WebSocket): first `{type: 'consultations', nation, time,
 * seq, consultations}` (every view, as the list route; `seq`, the node's last stored event), then
 * one `{type: 'event', nation, from, seq, event: {kind, id, consultation, author, atMs, time},
 * consultation}` per event the node newly holds (its own, from any client or rule, or a partner's),
 * with the consultation as the nation now sees it. An event the nation may not see (a partner's
 * post or position its agreements do not release, a partner's rejected event) sends nothing.
 * `?after=<seq>` resumes: instead of the list, the events stored since that place that the nation
 * may see, in order, then the new ones (an `after` past the node's last event — its store was
 * replaced — gets the list). Registered after @fastify/websocket.
 */
export function registerConsultationStream(
  app: FastifyInstance,
  o: ConsultRoutesOptions & { readonly clock: { nowMs(): number } },
): void {
  app.get<{ Params: { nation: string }; Querystring: { token?: string; after?: string } }>(
    '/api/:nation/consultations/stream',
    // @fastify/websocket hides its routes from the document: CONSULTATION_STREAM_DOC describes it.
    { websocket: true, exposeHeadRoute: false, schema: { hide: true } },
    (socket, req) => {
      const query = (req.query ?? {}) as { token?: string; after?: string };
      const auth = o.operatorFor(
        req.headers.authorization ?? (query.token ? `Bearer ${query.token}` : undefined),
        req.params.nation,
      );
      if (!auth.ok) {
        socket.send(JSON.stringify({ error: 'refused', message: auth.message }));
        socket.close(1008, 'refused');
        return;
      }
      const after = resumePoint(query.after);
      if (after instanceof Error) {
        socket.send(JSON.stringify({ error: 'bad-request', message: after.message }));
        socket.close(1008, 'bad-request');
        return;
      }
      const nation = auth.nation;
      const desk = o.nodes.get(nation)!.consult;
      const send = (e: ConsultEvent, from: 'own' | 'partner', seq: number) => {
        const view = desk.view(e.consultation);
        if (view === null || !showsEvent(view, e)) return;
        socket.send(
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
        socket.send(
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
    },
  );
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
