import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { Nation } from '../domain/index.js';
import { ACT_KINDS, type ActKind } from '../governance/index.js';
import type { NationNode } from '../node/index.js';
import { type Authenticate, authRefusal, bearerToken, refuse } from './auth.js';
import { appliedAct, nationParams } from './picture-schemas.js';
import { input, isoInstant, nation, output, responses, validationField } from './schema.js';

export interface GovernanceRoutesOptions {
  readonly nodes: ReadonlyMap<Nation, NationNode>;
  readonly authenticate: Authenticate;
}

const words = z.array(z.string()).max(64);
const iso = z.string().max(40).meta({ description: 'ISO date or date-time with a zone' });

/** A new agreement in the agreements file's form (without `signed`): checked by the file's schema. */
const agreementInput = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.string(),
  parties: words,
  inForce: iso.optional(),
  expires: iso.optional(),
  term: z.object({ years: z.number(), autoRenew: z.boolean() }).optional(),
  noticePeriodDays: z.number().optional(),
  binding: z.boolean(),
  thirdParty: z.string(),
  scope: z.object({ topics: words, maxLevel: z.string(), concerning: words.optional() }).nullable(),
  equivalence: z.array(z.object({ label: z.string(), levels: z.record(z.string(), z.string()) })).optional(),
  routing: z.array(z.object({ via: z.string(), between: z.array(words) })).optional(),
  sources: z
    .array(z.object({ title: z.string(), date: z.string().optional(), url: z.string().optional() }))
    .optional(),
  flags: words.optional(),
});

const actBody = z.object({
  note: z.string().optional(),
  effective: iso
    .optional()
    .meta({ description: 'notice: a later effect than the rules give; new agreement: in force from' }),
  dropTopics: words.optional().meta({ description: 'narrow: topics dropped' }),
  maxLevel: z
    .string()
    .optional()
    .meta({ description: 'narrow: the lower maximum (a row label of the table)' }),
  change: z
    .object({
      kind: z.enum(['new-agreement', 'widen', 'extend', 'admit']),
      addTopics: words.optional(),
      maxLevel: z.string().optional(),
      expires: iso.optional(),
      nation: z.string().optional(),
      agreement: agreementInput.optional(),
    })
    .optional()
    .meta({ description: 'propose: what changes once every party has signed' }),
});

const actRequest = z.object({
  kind: z.enum(ACT_KINDS),
  target: z.string().min(1).max(300).meta({
    description:
      'the agreement or coalition acted on; for `sign`, the proposal (its act id); for a new agreement, its id',
  }),
  body: actBody.optional().meta({
    description: 'what the kind takes (see governance.md); checked by the act schema, which names the field',
  }),
});

const actResult = z.object({
  act: appliedAct,
  to: z.array(nation).meta({ description: 'the parties it was sent to' }),
});

const proposal = z.object({
  id: z.string(),
  author: nation,
  at: isoInstant,
  target: z.string(),
  change: z.string().meta({ description: 'new-agreement, widen, extend or admit' }),
  parties: z.array(nation),
  signed: z.array(nation),
  missing: z.array(nation),
  agreed: isoInstant.nullable(),
});

const rejection = z.object({
  id: z.string(),
  author: z.string().nullable(),
  kind: z.string().nullable(),
  code: z.string(),
  field: z.string(),
  reason: z.string(),
});

const governancePage = z.object({
  acts: z.array(appliedAct),
  proposals: z.array(proposal),
  rejected: z.array(rejection),
});

const isoOf = (ms: number) => new Date(ms).toISOString();

/**
 * Governance acts on the agreements and coalitions of each node: made by an administrator of the
 * node's nation (signed as that nation, sent to the other parties), read by its operators. Every
 * refusal names the field and is written to the node's audit log (`governance-act-refused`).
 */
export const governanceRoutes: FastifyPluginAsync<GovernanceRoutesOptions> = async (app, o) => {
  app.get<{ Params: { nation: string } }>(
    '/api/:nation/governance',
    {
      schema: {
        description:
          "The governance acts the node holds (its nation's and its partners'), folded: each act taken with when it takes effect, the proposals with their signatures, and the acts refused with the field at fault.",
        params: input(nationParams),
        response: responses(output(governancePage), [400, 401, 403, 404]),
      },
    },
    async (req, reply) => {
      const auth = o.authenticate(bearerToken(req), req.params.nation);
      if (!auth.ok) return refuse(reply, authRefusal(auth));
      const s = o.nodes.get(auth.nation)!.governance.state();
      return {
        acts: s.applied.map((x) => ({
          id: x.id,
          author: x.author,
          at: isoOf(x.atMs),
          kind: x.kind,
          target: x.target,
          effective: isoOf(x.effectiveMs),
          summary: x.summary,
        })),
        proposals: s.proposals.map((p) => ({
          id: p.id,
          author: p.author,
          at: isoOf(p.atMs),
          target: p.target,
          change: p.change,
          parties: [...p.parties],
          signed: p.signatures.map((x) => x.nation),
          missing: [...p.missing],
          agreed: p.agreedMs === null ? null : isoOf(p.agreedMs),
        })),
        rejected: s.rejected.map((r) => ({
          id: r.id,
          author: r.author,
          kind: r.kind,
          code: r.code,
          field: r.field,
          reason: r.reason,
        })),
      };
    },
  );

  app.post<{
    Params: { nation: string };
    Body: { kind: ActKind; target: string; body?: Record<string, unknown> };
  }>(
    '/api/:nation/governance/acts',
    {
      attachValidation: true,
      schema: {
        description:
          "An act of the node's nation on an agreement or coalition it is party to, dated now on the node's clock: only an administrator's token. Unilateral acts (notice, suspend-notice, withdraw-notice, suspend, resume, narrow, leave) take effect as the agreement's rules say; a `propose` (new agreement, widen, extend, admit) takes effect once every party has signed it (`sign`). Refusals name the field and are audited, and store and send nothing: 400 `bad-body`, `malformed`; 401; 403 `other-nation`, `not-administrator`; 422 the fold's code (`not-party`, `before-signature`, `unknown-level`, `no-notice`, ...).",
        params: input(nationParams),
        body: input(actRequest),
        response: responses(output(actResult), [400, 401, 403, 404, 422]),
      },
    },
    async (req, reply) => {
      const auth = o.authenticate(bearerToken(req), req.params.nation);
      if (!auth.ok)
        return refuse(reply, authRefusal(auth, auth.status === 401 ? 'unauthenticated' : 'other-nation'));
      const desk = o.nodes.get(auth.nation)!.governance;
      const by = `api:${auth.nation}`;
      if (auth.role !== 'administrator') {
        const message = `only an administrator of ${auth.nation} may act on its agreements; this token is an operator's`;
        desk.auditRefusal(by, req.body?.target ?? '?', 'not-administrator', 'token', message);
        return refuse(reply, { status: 403, error: 'not-administrator', message, field: 'token' });
      }
      if (req.validationError) {
        const field = validationField(req.validationError.validation);
        desk.auditRefusal(by, '?', 'bad-body', field, req.validationError.message);
        return refuse(reply, { status: 400, error: 'bad-body', message: req.validationError.message, field });
      }
      const r = desk.act(req.body.kind, req.body.target, req.body.body ?? {}, by);
      if (!r.ok) {
        return refuse(reply, {
          status: r.code === 'malformed' || r.code === 'bad-id' ? 400 : 422,
          error: r.code,
          message: `${r.field}: ${r.reason}`,
          field: r.field,
        });
      }
      const applied = r.state.applied.find((x) => x.id === r.act.id)!;
      return {
        act: {
          id: applied.id,
          author: applied.author,
          at: isoOf(applied.atMs),
          kind: applied.kind,
          target: applied.target,
          effective: isoOf(applied.effectiveMs),
          summary: applied.summary,
        },
        to: [...r.to],
      };
    },
  );
};
