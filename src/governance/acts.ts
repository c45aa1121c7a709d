import { z } from 'zod';
import { isNation, type Nation, TOPIC_NAMES, type Topic } from '../domain/index.js';
import { ACT_KINDS, type ActKind, type GovernanceAct } from './model.js';

// Acts arrive from partners and administrators: their shape is checked here, once, before the fold
// reads them. Problems name the field.

const nation = z
  .string()
  .refine(isNation, { error: (i) => `unknown nation '${String(i.input)}'` })
  .transform((s) => s as Nation);
const topic = z.enum(TOPIC_NAMES as [Topic, ...Topic[]]);
const note = z.string().trim().min(1).max(2000).optional();
const iso = z.string().min(10).max(40).meta({ description: 'ISO date or date-time with a zone' });
const level = z
  .string()
  .min(1)
  .max(40)
  .meta({ description: 'a row label of the agreement table, e.g. SECRET' });

const change = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('new-agreement'), agreement: z.record(z.string(), z.unknown()) }),
  z.object({
    kind: z.literal('widen'),
    addTopics: z.array(topic).min(1).max(16).optional(),
    maxLevel: level.optional(),
  }),
  z.object({ kind: z.literal('extend'), expires: iso }),
  z.object({ kind: z.literal('admit'), nation }),
]);

/** The body of each act kind, as partners sign and send it (the API's request bodies derive from these). */
export const ACT_BODIES = {
  notice: z.object({ effective: iso.optional(), note }),
  'suspend-notice': z.object({ note }),
  'withdraw-notice': z.object({ note }),
  suspend: z.object({ note }),
  resume: z.object({ note }),
  narrow: z.object({
    dropTopics: z.array(topic).min(1).max(16).optional(),
    maxLevel: level.optional(),
    note,
  }),
  leave: z.object({ note }),
  propose: z.object({ change, effective: iso.optional(), note }),
  sign: z.object({ note }),
} satisfies Record<ActKind, z.ZodType>;

const envelope = z.object({
  id: z.string().min(5).max(300),
  author: nation,
  atMs: z.int().nonnegative(),
  kind: z.enum(ACT_KINDS),
  target: z.string().min(1).max(300),
  body: z.unknown(),
});

export type ParsedAct =
  | { ok: true; act: GovernanceAct }
  | { ok: false; code: 'malformed' | 'bad-id'; field: string; problem: string };

/** Reads an act: the envelope, the body its kind calls for, then the id rule. Never throws. */
export function parseAct(raw: unknown): ParsedAct {
  const env = envelope.safeParse(raw);
  if (!env.success) return malformed(env.error);
  const body = (ACT_BODIES[env.data.kind] as z.ZodType).safeParse(env.data.body ?? {});
  if (!body.success) return malformed(body.error, 'body');
  const act = { ...env.data, body: body.data } as GovernanceAct;
  if (!act.id.startsWith(`${act.author}:`)) {
    return {
      ok: false,
      code: 'bad-id',
      field: 'id',
      problem: `id '${act.id}' must start with its author '${act.author}:'`,
    };
  }
  return { ok: true, act };
}

function malformed(error: z.ZodError, prefix?: string): ParsedAct {
  const issue = error.issues[0]!;
  const field = [...(prefix ? [prefix] : []), ...issue.path.map(String)].join('.');
  return {
    ok: false,
    code: 'malformed',
    field,
    problem: field === '' ? issue.message : `${field}: ${issue.message}`,
  };
}

/** Fold order: time, then author, then id; total, so every node applies the same acts in the same order. */
export function compareActs(
  a: { atMs: number; author: string; id: string },
  b: { atMs: number; author: string; id: string },
): number {
  if (a.atMs !== b.atMs) return a.atMs - b.atMs;
  if (a.author !== b.author) return a.author < b.author ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
