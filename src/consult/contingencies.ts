import { z } from 'zod';
import { CONTINGENCIES, type ContingencyId, type Nation, parseYaml, type Source } from '../domain/index.js';
import { flags, nation, source, sourcedOrAssumed, text } from './schema.js';

/**
 * How far the parties have settled a role: `agreed` in a public text, `under-discussion`, or
 * `not-articulated` (the 2022 Heritage paper: neither ally "has articulated the parameters of those
 * responsibilities").
 */
export const ROLE_STATUSES = ['agreed', 'under-discussion', 'not-articulated'] as const;
export type RoleStatus = (typeof ROLE_STATUSES)[number];

export interface PlanRole {
  readonly parties: readonly Nation[];
  readonly mission: string;
  readonly status: RoleStatus;
  readonly sources: readonly Source[];
  /** True when the entry is Concord's reading rather than a sourced fact. */
  readonly assumption: boolean;
  readonly flags: readonly string[];
}

/** The roles and missions each party has agreed to (or not) for one contingency. */
export interface ContingencyPlan {
  readonly id: ContingencyId;
  readonly name: string;
  readonly summary: string;
  readonly parties: readonly Nation[];
  readonly roles: readonly PlanRole[];
  readonly flags: readonly string[];
}

const role = z
  .strictObject({
    parties: z.array(nation).min(1),
    mission: text,
    status: z.enum(ROLE_STATUSES),
    sources: z.array(source).default([]),
    assumption: z.boolean().default(false),
    flags,
  })
  .superRefine(sourcedOrAssumed);

const plan = z
  .strictObject({
    id: z.enum(CONTINGENCIES),
    name: text,
    summary: text,
    parties: z.array(nation).min(2),
    roles: z.array(role).min(1),
    flags,
  })
  .superRefine((p, ctx) => {
    for (const [i, r] of p.roles.entries()) {
      for (const [j, n] of r.parties.entries()) {
        if (!p.parties.includes(n))
          ctx.addIssue({
            code: 'custom',
            path: ['roles', i, 'parties', j],
            message: `${n} is not among the plan's parties (${p.parties.join(', ')})`,
          });
      }
    }
  });

const file = z.strictObject({ contingencies: z.array(plan).min(1) }).superRefine((f, ctx) => {
  const seen = new Set<string>();
  f.contingencies.forEach((p, i) => {
    if (seen.has(p.id))
      ctx.addIssue({ code: 'custom', path: ['contingencies', i, 'id'], message: `duplicate '${p.id}'` });
    seen.add(p.id);
  });
});

/**
 * Reads `data/consult/contingencies.yaml` (text handed in; `source` names it in errors).
 * @throws DataFileError naming file, line, column and field.
 */
export function parseContingencies(text: string, source: string): readonly ContingencyPlan[] {
  return parseYaml(text, source, file).contingencies;
}

/** The plan for a contingency, if the data has one. */
export function planFor(
  plans: readonly ContingencyPlan[],
  contingency: ContingencyId | null,
): ContingencyPlan | null {
  return plans.find((p) => p.id === contingency) ?? null;
}
