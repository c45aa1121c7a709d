import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  ENTRY_KINDS,
  type EntryKind,
  isDay,
  STATUSES,
  type Status,
  type StatusEdit,
  scorecard,
} from '../commitments/index.js';
import type { Nation, Source } from '../domain/index.js';
import type { NationNode } from '../node/node.js';

type Auth = { ok: true; nation: Nation } | { ok: false; code: 401 | 403 | 404; message: string };

export interface CommitmentRoutesOptions {
  readonly nodes: ReadonlyMap<Nation, NationNode>;
  /** Authenticates the request's operator (or administrator) for the route's nation. */
  readonly operatorFor: (authorization: string | undefined, nation: string) => Auth;
  /** Whether the request's token is an administrator's (of whichever nation; operatorFor checks which). */
  readonly isAdministrator: (authorization: string | undefined) => boolean;
}

const errorSchema = {
  type: 'object',
  properties: {
    error: { type: 'string' },
    code: {
      type: 'string',
      description:
        'unauthenticated, other-nation, not-administrator, not-owner, shared-entry, unknown-entry, bad-body, invalid',
    },
    field: {
      type: 'string',
      description: 'the input the refusal is about, e.g. status, asOf, evidence.date',
    },
    message: { type: 'string' },
  },
} as const;

const REFUSALS = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema } as const;

const day = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;

const params = {
  type: 'object',
  required: ['nation'],
  properties: {
    nation: { type: 'string', pattern: '^[A-Z]{3}$', description: 'ISO 3166-1 alpha-3 code of the node' },
    id: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description: 'the entry id, e.g. jpn-kor-gsomia-2016',
    },
  },
} as const;

/** A scorecard row (src/commitments/scorecard.ts ScorecardRow): status then, evidence and sources known by then. */
const row = { type: 'object', additionalProperties: true } as const;

const statusBody = {
  type: 'object',
  additionalProperties: false,
  required: ['status', 'asOf', 'evidence'],
  properties: {
    status: { type: 'string', enum: [...STATUSES] },
    asOf: {
      ...day,
      description: 'from this day on the entry stands so; not before its latest record, not after today',
    },
    note: { type: 'string', minLength: 1, maxLength: 2000 },
    evidence: {
      type: 'object',
      additionalProperties: false,
      required: ['date', 'source', 'text'],
      properties: {
        date: {
          type: 'string',
          pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$',
          description: 'YYYY-MM-DD, YYYY-MM or YYYY',
        },
        source: {
          description: 'a public source: its title, or { title, date?, url? }',
          anyOf: [
            { type: 'string', minLength: 1, maxLength: 500 },
            {
              type: 'object',
              additionalProperties: false,
              required: ['title'],
              properties: {
                title: { type: 'string', minLength: 1, maxLength: 500 },
                date: { type: 'string', pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$' },
                url: { type: 'string', format: 'uri', maxLength: 2000 },
              },
            },
          ],
        },
        text: { type: 'string', minLength: 1, maxLength: 5000 },
      },
    },
  },
} as const;

interface StatusBody {
  status: Status;
  asOf: string;
  note?: string;
  evidence: { date: string; source: string | Source; text: string };
}

/** `/evidence/date` -> `evidence.date`; a missing property names itself. */
function fieldOf(err: NonNullable<FastifyRequest['validationError']>): string {
  const v = (err as { validation?: { instancePath?: string; params?: { missingProperty?: string } }[] })
    .validation?.[0];
  const path = (v?.instancePath ?? '').split('/').filter((p) => p !== '');
  if (v?.params?.missingProperty) path.push(v.params.missingProperty);
  return path.join('.') || 'body';
}

/**
 * The commitments registry of each node: read by its nation's operators (the scorecard at a day,
 * one entry with its history), a status added only by an administrator of the node's nation, for an
 * entry that nation alone owns. Every refused edit — token, nation, role, body, entry — answers with
 * the reason and the field, and is written to the node's audit log (`commitment-edit-refused`);
 * every edit is stored in the node's store and audited (`commitment-edited`).
 */
export function registerCommitmentRoutes(app: FastifyInstance, o: CommitmentRoutesOptions): void {
  const refuse = (reply: FastifyReply, status: number, code: string, message: string, field?: string) =>
    reply.code(status).send({ error: code, code, ...(field ? { field } : {}), message });

  const desk = (nation: Nation) => o.nodes.get(nation)!.commitments;
  const noRegistry = (reply: FastifyReply, nation: Nation) =>
    refuse(reply, 404, 'no-registry', `${nation}'s node keeps no commitments registry`);
  /**
   * What a read needs: the operator's nation, its node's registry desk and the day to read it on
   * (`asOf`, default the node's day); or null once the reply says why not.
   */
  const reading = (
    req: { headers: { authorization?: string | undefined }; params: { nation: string } },
    reply: FastifyReply,
    asOf: string | undefined,
  ) => {
    const auth = o.operatorFor(req.headers.authorization, req.params.nation);
    if (!auth.ok) {
      refuse(reply, auth.code, 'refused', auth.message);
      return null;
    }
    const d = desk(auth.nation);
    if (!d) {
      noRegistry(reply, auth.nation);
      return null;
    }
    if (asOf !== undefined && !isDay(asOf)) {
      refuse(reply, 400, 'bad-query', `asOf '${asOf}' is not a real day (YYYY-MM-DD)`, 'asOf');
      return null;
    }
    return { nation: auth.nation, d, asOf: asOf ?? d.today() };
  };

  app.get<{
    Params: { nation: string };
    Querystring: { status?: Status; kind?: EntryKind; asOf?: string };
  }>(
    '/api/:nation/commitments',
    {
      schema: {
        description:
          "The commitments scorecard as the node holds it (the data files plus its administrators' edits): every entry made by `asOf` (default: today on the node's clock) with its status then, read from its history.",
        params,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: { type: 'string', enum: [...STATUSES] },
            kind: { type: 'string', enum: [...ENTRY_KINDS] },
            asOf: { ...day, description: 'read the histories at this past day' },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              nation: { type: 'string' },
              asOf: { type: 'string' },
              entries: { type: 'array', items: row },
            },
          },
          ...REFUSALS,
        },
      },
    },
    async (req, reply) => {
      const r = reading(req, reply, req.query.asOf);
      if (r === null) return reply;
      const filter = {
        ...(req.query.status ? { status: req.query.status } : {}),
        ...(req.query.kind ? { kind: req.query.kind } : {}),
      };
      return { nation: r.nation, asOf: r.asOf, entries: scorecard(r.d.registry(), r.asOf, filter) };
    },
  );

  app.get<{ Params: { nation: string; id: string }; Querystring: { asOf?: string } }>(
    '/api/:nation/commitments/:id',
    {
      schema: {
        description:
          'One entry on `asOf` (default today): its scorecard row, its status history up to that day, and the edits made at this node.',
        params: { ...params, required: ['nation', 'id'] },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { asOf: day },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              nation: { type: 'string' },
              asOf: { type: 'string' },
              entry: row,
              history: { type: 'array', items: { type: 'object', additionalProperties: true } },
              edits: { type: 'array', items: { type: 'object', additionalProperties: true } },
            },
          },
          ...REFUSALS,
        },
      },
    },
    async (req, reply) => {
      const reached = reading(req, reply, req.query.asOf);
      if (reached === null) return reply;
      const { nation, d, asOf } = reached;
      const reg = d.registry();
      const e = reg.entry(req.params.id);
      if (!e) return refuse(reply, 404, 'unknown-entry', `no entry '${req.params.id}' in the registry`, 'id');
      const r = scorecard(reg, asOf, { kind: e.kind }).find((x) => x.id === e.id);
      if (!r)
        return refuse(reply, 404, 'not-made', `entry '${e.id}' was not made by ${asOf} (${e.date})`, 'asOf');
      return {
        nation,
        asOf,
        entry: r,
        history: e.status.filter((s) => s.asOf <= asOf),
        edits: d
          .edits(e.id)
          .map((x) => ({ ...(x.edit as object), by: x.by, stored: new Date(x.storedMs).toISOString() })),
      };
    },
  );

  app.post<{ Params: { nation: string; id: string }; Body: StatusBody }>(
    '/api/:nation/commitments/:id/status',
    {
      attachValidation: true,
      schema: {
        description:
          "Appends a status record, with its evidence, to an entry's history (never changing a record). Only an administrator of the node's nation, and only for an entry that nation alone owns (a shared entry is refused: no one nation sets a joint status). `asOf` may not precede the entry's latest record nor be after today; an entry with conditions may only be recorded `withdrawn`. Refusals name the field and are audited.",
        params: { ...params, required: ['nation', 'id'] },
        body: statusBody,
        response: {
          200: {
            type: 'object',
            properties: {
              edit: { type: 'object', additionalProperties: true },
              entry: row,
            },
          },
          422: errorSchema,
          ...REFUSALS,
        },
      },
    },
    async (req, reply) => {
      const { authorization } = req.headers;
      const id = req.params.id;
      const target = o.nodes.get(req.params.nation as Nation);
      const auth = o.operatorFor(authorization, req.params.nation);
      const by = auth.ok ? `api:${auth.nation}` : 'api';
      if (!auth.ok) {
        const code = auth.code === 401 ? 'unauthenticated' : 'other-nation';
        if (auth.code !== 404) target?.commitments?.refuse(by, id, code, 'token', auth.message);
        return refuse(reply, auth.code, code, auth.message, auth.code === 404 ? 'nation' : 'token');
      }
      const d = desk(auth.nation);
      if (!d) return noRegistry(reply, auth.nation);
      if (!o.isAdministrator(authorization)) {
        const message = `only an administrator of ${auth.nation} may edit the commitments registry; this token is an operator's`;
        d.refuse(by, id, 'not-administrator', 'token', message);
        return refuse(reply, 403, 'not-administrator', message, 'token');
      }
      if (req.validationError) {
        const field = fieldOf(req.validationError);
        const message = req.validationError.message;
        d.refuse(by, id, 'bad-body', field, message);
        return refuse(reply, 400, 'bad-body', message, field);
      }
      const b = req.body;
      const source: Source =
        typeof b.evidence.source === 'string' ? { title: b.evidence.source } : b.evidence.source;
      const edit: StatusEdit = {
        entry: id,
        nation: auth.nation,
        status: b.status,
        asOf: b.asOf,
        ...(b.note ? { note: b.note } : {}),
        evidence: { date: b.evidence.date, source, text: b.evidence.text },
      };
      const r = d.edit(by, edit);
      if (!r.ok) {
        const status = r.code === 'unknown-entry' ? 404 : r.code === 'invalid' ? 422 : 403;
        return refuse(reply, status, r.code, r.reason, r.field);
      }
      const e = d.registry().entry(id)!;
      return {
        edit: r.edit,
        entry: scorecard(d.registry(), d.today(), { kind: e.kind }).find((x) => x.id === id) ?? null,
      };
    },
  );
}
