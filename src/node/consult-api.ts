import type { FastifyInstance, FastifyReply } from 'fastify';
import { CONTINGENCIES, LEVELS, MINISTERIAL_FORMS } from '../consult/index.js';
import type { Nation } from '../domain/index.js';
import { type DeskResult, type OperatorAction, performAction } from './consultations.js';
import type { NationNode } from './node.js';

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
