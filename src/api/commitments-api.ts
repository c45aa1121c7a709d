import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import {
  type EntryKind,
  isDay,
  paperScorecard,
  projectSchedule,
  proposalJson,
  ratesOf,
  type SourcePaper,
  type Status,
  type StatusEdit,
  scorecard,
  statusEditSchema,
  withQuotes,
} from '../commitments/index.js';
import type { Nation, Source } from '../domain/index.js';
import type { CommitmentDesk, CommitmentEditResult, NationNode } from '../node/index.js';
import { type Auth, type Authenticate, authRefusal, bearerToken, type Refusal, refuse } from './auth.js';
import {
  approvalBody,
  commitmentParams,
  entryPage,
  entryQuery,
  indicatorsPage,
  scorecardPage,
  scorecardQuery,
  statusBody,
  statusResult,
} from './commitment-schemas.js';
import { OTHER_SOURCES, type RefusalAudit } from './refusal-audit.js';
import { input, output, responses, validationField } from './schema.js';

export interface CommitmentRoutesOptions {
  readonly nodes: ReadonlyMap<Nation, NationNode>;
  readonly authenticate: Authenticate;
  /** Where refused authentications are audited, a record per source and minute (see RefusalAudit). */
  readonly refusals: RefusalAudit;
}

interface StatusBody {
  status: Status;
  asOf: string;
  note?: string;
  evidence: { date: string; source: string | Source; text: string };
}

const READ = [400, 401, 403, 404] as const;

/**
 * The commitments registry of each node: read by its nation's operators (the scorecard at a day,
 * one entry with its replicated history), a status proposed or approved only by an administrator of
 * the node's nation, for an entry that nation owns. Every refused edit — token, nation, role, body,
 * entry — answers with the reason and the field, and is written to the node's audit log
 * (`commitment-edit-refused`); every edit is stored in the node's store, audited
 * (`commitment-edited`, `commitment-approved`) and sent to the partners (topic `registry`).
 */
export const commitmentRoutes: FastifyPluginAsync<CommitmentRoutesOptions> = async (app, o) => {
  const desk = (nation: Nation) => o.nodes.get(nation)!.commitments;
  const noRegistry = (nation: Nation): Refusal => ({
    status: 404,
    error: 'no-registry',
    message: `${nation}'s node keeps no commitments registry`,
  });
  /**
   * What a read needs: the operator's nation, its node's registry desk and the day to read it on
   * (`asOf`, default the node's day); or null once the reply says why not.
   */
  const reading = (
    req: Parameters<typeof bearerToken>[0] & { params: { nation: string } },
    reply: FastifyReply,
    asOf: string | undefined,
  ) => {
    const auth = o.authenticate(bearerToken(req), req.params.nation);
    if (!auth.ok) {
      refuse(reply, authRefusal(auth));
      return null;
    }
    const d = desk(auth.nation);
    if (!d) {
      refuse(reply, noRegistry(auth.nation));
      return null;
    }
    if (asOf !== undefined && !isDay(asOf)) {
      refuse(reply, {
        status: 400,
        error: 'bad-query',
        message: `asOf '${asOf}' is not a real day (YYYY-MM-DD)`,
        field: 'asOf',
      });
      return null;
    }
    return { nation: auth.nation, d, asOf: asOf ?? d.today() };
  };
  /**
   * What an edit or an approval needs: an administrator's token of the node's nation, and that node's
   * registry desk; or null once the reply says why not. A refused token is audited by `auditToken`
   * (on the node the path names, if there is one), an operator's token on the desk.
   */
  /**
   * Audits a refused token on an edit or approval of entry `id` from `source`: in full once per
   * source and window, then as a count (RefusalAudit), so that knocking on the routes cannot grow the
   * audit log faster than a record per source and minute.
   */
  const tokenAudit =
    (id: string, source: string) =>
    (
      target: NationNode,
      by: string,
      error: 'unauthenticated' | 'other-nation',
      auth: Extract<Auth, { ok: false }>,
    ): void => {
      const node = target.commitments;
      if (!node) return;
      o.refusals.refused(target.nation, source, error, (summary) =>
        summary
          ? node.refuse(
              by,
              '*',
              error,
              'token',
              `${summary.count} more refused edits (${error}) from ${summary.source === OTHER_SOURCES ? 'sources past the cap' : summary.source} in the window`,
              { ...summary },
            )
          : node.refuse(by, id, error, 'token', auth.message, { source }),
      );
    };
  const administering = (
    req: Parameters<typeof bearerToken>[0] & { params: { nation: string; id: string } },
    reply: FastifyReply,
    action: string,
    auditToken: (
      target: NationNode,
      by: string,
      error: 'unauthenticated' | 'other-nation',
      auth: Extract<Auth, { ok: false }>,
    ) => void,
  ) => {
    const id = req.params.id;
    const auth = o.authenticate(bearerToken(req), req.params.nation);
    if (!auth.ok) {
      const error = auth.status === 401 ? 'unauthenticated' : 'other-nation';
      const target = o.nodes.get(req.params.nation as Nation);
      if (auth.status !== 404 && target) auditToken(target, 'api', error, auth);
      refuse(reply, authRefusal(auth, error));
      return null;
    }
    const by = `api:${auth.nation}`;
    const d = desk(auth.nation);
    if (!d) {
      refuse(reply, noRegistry(auth.nation));
      return null;
    }
    if (auth.role !== 'administrator') {
      const message = `only an administrator of ${auth.nation} may ${action}; this token is an operator's`;
      d.refuse(by, id, 'not-administrator', 'token', message);
      refuse(reply, { status: 403, error: 'not-administrator', message, field: 'token' });
      return null;
    }
    return { nation: auth.nation, d, by };
  };

  app.get<{
    Params: { nation: string };
    Querystring: { status?: Status; kind?: EntryKind; paper?: SourcePaper; asOf?: string };
  }>(
    '/api/:nation/commitments',
    {
      schema: {
        description:
          "The commitments scorecard as the node holds it (the data files plus its administrators' edits): every entry made by `asOf` (default: today on the node's clock) with its status then, read from its history, and the papers' words for each recommendation. With `paper`: that paper's recommendations (those it makes or is quoted for), each with that paper's words.",
        params: input(commitmentParams.pick({ nation: true })),
        querystring: input(scorecardQuery),
        response: responses(output(scorecardPage), READ),
      },
    },
    async (req, reply) => {
      const r = reading(req, reply, req.query.asOf);
      if (r === null) return reply;
      const { status, kind, paper } = req.query;
      const reg = r.d.registry();
      // A paper's scorecard carries that paper's own words for each recommendation.
      const entries =
        paper === undefined
          ? withQuotes(
              reg,
              scorecard(reg, r.asOf, { ...(status ? { status } : {}), ...(kind ? { kind } : {}) }),
            )
          : paperScorecard(reg, paper, r.asOf)
              .filter(
                (x) =>
                  (status === undefined || x.status === status) && (kind === undefined || x.kind === kind),
              )
              .map(({ main: _main, paperQuotes, ...x }) => ({ ...x, quotes: paperQuotes }));
      return { nation: r.nation, asOf: r.asOf, entries };
    },
  );

  app.get<{ Params: { nation: string; id: string }; Querystring: { asOf?: string } }>(
    '/api/:nation/commitments/:id',
    {
      schema: {
        description:
          "One entry on `asOf` (default today): its scorecard row, its status history up to that day, the replicated history of its status edits (`proposals`: who proposed what, when, on what evidence, who approved it, whether it is in force) and the registry events this node stores for it (`edits`: its own administrators' and those partners sent, with who stored them). 404 `unknown-entry`, or `not-made` before the entry was made.",
        params: input(commitmentParams),
        querystring: input(entryQuery),
        response: responses(output(entryPage), READ),
      },
    },
    async (req, reply) => {
      const reached = reading(req, reply, req.query.asOf);
      if (reached === null) return reply;
      const { nation, d, asOf } = reached;
      const reg = d.registry();
      const e = reg.entry(req.params.id);
      if (!e)
        return refuse(reply, {
          status: 404,
          error: 'unknown-entry',
          message: `no entry '${req.params.id}' in the registry`,
          field: 'id',
        });
      const r = withQuotes(reg, scorecard(reg, asOf, { kind: e.kind })).find((x) => x.id === e.id);
      if (!r)
        return refuse(reply, {
          status: 404,
          error: 'not-made',
          message: `entry '${e.id}' was not made by ${asOf} (${e.date})`,
          field: 'asOf',
        });
      return {
        nation,
        asOf,
        entry: r,
        quotes: e.quotes,
        history: e.status.filter((s) => s.asOf <= asOf),
        proposals: d.proposals(e.id).map(proposalJson),
        edits: d.events(e.id).map((x) => ({
          event: x.event,
          by: x.by,
          stored: new Date(x.storedMs).toISOString(),
        })),
      };
    },
  );

  app.get<{ Params: { nation: string } }>(
    '/api/:nation/indicators',
    {
      schema: {
        description:
          "The registry's indicators: series per nation and year (e.g. military expenditure, % of GDP), cost-sharing schedules with each year's formula amount (from the bundled index rates) beside the published one, and amounts agreed for whole periods; each with its sources.",
        params: input(commitmentParams.pick({ nation: true })),
        response: responses(output(indicatorsPage), READ),
      },
    },
    async (req, reply) => {
      const r = reading(req, reply, undefined);
      if (r === null) return reply;
      const reg = r.d.registry();
      const rates = ratesOf(reg.indices);
      return {
        nation: r.nation,
        series: reg.series.map((s) => ({
          id: s.id,
          title: s.title,
          unit: s.unit,
          method: s.method,
          period: s.period,
          values: s.values,
          targets: s.targets,
          sources: s.sources,
          flags: s.flags,
        })),
        schedules: reg.schedules.map((s) => ({
          id: s.id,
          title: s.title,
          currency: s.currency,
          unit: s.unit,
          years: projectSchedule(s, rates).map((p) => ({
            year: p.year,
            under: p.under,
            rule: p.rule.kind,
            amount: p.amount,
            growthPercent: p.growthPercent,
            capped: p.capped,
            ...(p.known !== undefined ? { known: p.known } : {}),
            ...(p.missing !== undefined ? { missing: p.missing } : {}),
          })),
          sources: s.sources,
          flags: s.flags,
        })),
        totals: reg.totals.map((t) => ({
          id: t.id,
          title: t.title,
          currency: t.currency,
          unit: t.unit,
          periods: t.periods,
          sources: t.sources,
          flags: t.flags,
        })),
      };
    },
  );

  app.post<{ Params: { nation: string; id: string }; Body: StatusBody }>(
    '/api/:nation/commitments/:id/status',
    {
      // Validation failures reach the handler, which audits them as refused edits.
      attachValidation: true,
      schema: {
        description:
          "Proposes a status record, with its evidence, for an entry the node's nation owns (never changing a record): signed, stored, audited and sent to the partners (topic `registry`). It is appended to the history at once when the nation is the entry's only owner (`proposal.state` `in-force`), else when every owner has approved it (`pending` until then; see `/approvals`). Only an administrator of the node's nation. `asOf` may not precede the entry's latest record nor be after today; an entry with conditions may only be recorded `withdrawn`. Refusals name the field and are audited: 400 `bad-body`; 401 `unauthenticated`; 403 `other-nation`, `not-administrator`, `not-owner`; 404 `unknown-entry`, `no-registry`; 422 `invalid`.",
        params: input(commitmentParams),
        body: input(statusBody),
        response: responses(output(statusResult), [400, 401, 403, 404, 422]),
      },
    },
    async (req, reply) => {
      const id = req.params.id;
      const admin = administering(req, reply, 'edit the commitments registry', tokenAudit(id, req.ip));
      if (!admin) return;
      const { d, by, nation } = admin;
      // The JSON Schema checks the shape; the edit's own schema checks what it cannot say (real days).
      const problem = req.validationError
        ? { field: validationField(req.validationError.validation), message: req.validationError.message }
        : zodProblem({ ...req.body, entry: id, nation });
      if (problem) {
        d.refuse(by, id, 'bad-body', problem.field, problem.message);
        return refuse(reply, {
          status: 400,
          error: 'bad-body',
          message: problem.message,
          field: problem.field,
        });
      }
      const b = req.body;
      const source: Source =
        typeof b.evidence.source === 'string' ? { title: b.evidence.source } : b.evidence.source;
      const edit: StatusEdit = {
        entry: id,
        nation,
        status: b.status,
        asOf: b.asOf,
        ...(b.note ? { note: b.note } : {}),
        evidence: { date: b.evidence.date, source, text: b.evidence.text },
      };
      const r = d.edit(by, edit);
      return r.ok ? taken(d, id, r) : refuse(reply, editRefusal(r));
    },
  );

  app.post<{ Params: { nation: string; id: string }; Body: { proposal: string } }>(
    '/api/:nation/commitments/:id/approvals',
    {
      attachValidation: true,
      schema: {
        description:
          "Approves, as the node's nation, a pending status proposal for an entry that nation owns with others: signed, stored, audited and sent to the partners (topic `registry`). The proposal takes effect when every owner has approved it (`proposal.state` `in-force`; `conflict` when by then the entry's history has a later record). Only an administrator of the node's nation. Refusals name the field and are audited: 400 `bad-body`; 401 `unauthenticated`; 403 `other-nation`, `not-administrator`, `not-owner`; 404 `unknown-entry`, `no-registry`; 422 `unknown-proposal`, `already-approved`, `not-pending`, `wrong-entry`.",
        params: input(commitmentParams),
        body: input(approvalBody),
        response: responses(output(statusResult), [400, 401, 403, 404, 422]),
      },
    },
    async (req, reply) => {
      const id = req.params.id;
      const admin = administering(req, reply, 'approve a registry edit', tokenAudit(id, req.ip));
      if (!admin) return;
      const { d, by } = admin;
      if (req.validationError) {
        const field = validationField(req.validationError.validation);
        d.refuse(by, id, 'bad-body', field, req.validationError.message);
        return refuse(reply, { status: 400, error: 'bad-body', message: req.validationError.message, field });
      }
      const r = d.approve(by, id, req.body.proposal);
      return r.ok ? taken(d, id, r) : refuse(reply, editRefusal(r));
    },
  );
};

/** The answer to an edit or approval the desk took: the edit, its proposal and the entry's row today. */
function taken(d: CommitmentDesk, id: string, r: Extract<CommitmentEditResult, { ok: true }>) {
  const reg = d.registry();
  const e = reg.entry(id)!;
  return {
    edit: r.edit,
    proposal: proposalJson(r.proposal),
    entry: withQuotes(reg, scorecard(reg, d.today(), { kind: e.kind })).find((x) => x.id === id) ?? null,
  };
}

/** A refused edit or approval as the API answers it. */
function editRefusal(r: { code: string; field: string; reason: string }): Refusal {
  const status = r.code === 'unknown-entry' ? 404 : r.code === 'not-owner' ? 403 : 422;
  return { status, error: r.code, message: r.reason, field: r.field };
}

/** The first problem statusEditSchema finds in an edit, as `body` field and message; null if none. */
function zodProblem(edit: unknown): { field: string; message: string } | null {
  const r = statusEditSchema.safeParse(edit);
  if (r.success) return null;
  const issue = r.error.issues[0]!;
  const field = issue.path.map(String).join('.') || 'body';
  return { field, message: `body.${field}: ${issue.message}` };
}
