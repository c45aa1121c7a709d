import { z } from 'zod';
import type { Agreement, ConsentRecord, EquivalenceRow, Source, StatusEvent } from './agreements.js';
import { findLevel } from './classification.js';
import type { Coalition } from './coalitions.js';
import { isNation, NATION_CODES, type Nation } from './nations.js';
import { type CompiledRegistry, compileRegistry, type Registry } from './registry.js';
import { parseInstant } from './time.js';
import { TOPIC_NAMES, type Topic } from './topics.js';
import { parseYaml } from './yaml.js';

const nation = z
  .string()
  .refine(isNation, {
    error: (i) => `unknown nation '${String(i.input)}' (expected one of ${NATION_CODES.join(', ')})`,
  })
  .transform((s) => s as Nation);
const topic = z.enum(TOPIC_NAMES as [Topic, ...Topic[]]);
const date = z.string().transform((s, ctx) => {
  try {
    return parseInstant(s, { input: 'date' });
  } catch {
    ctx.addIssue({ code: 'custom', message: `'${s}' is not a real ISO date or date-time` });
    return z.NEVER;
  }
});
const source = z.strictObject({
  title: z.string().min(1),
  date: z.string().optional(),
  url: z.string().optional(),
});
const sources = z.array(source).min(1, { error: 'every entry needs at least one public source' });

const statusEvent = z.strictObject({
  type: z.enum([
    'termination-notice',
    'notice-suspended',
    'notice-reinstated',
    'notice-withdrawn',
    'suspended',
    'resumed',
    'terminated',
  ]),
  date,
  by: nation.optional(),
  effective: date.optional(),
  note: z.string().optional(),
  source: source.optional(),
});

const agreementSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'ids are lower-case words joined by hyphens' }),
    title: z.string().min(1),
    kind: z.enum(['gsomia', 'arrangement', 'data-sharing-mechanism', 'coalition-charter']),
    parties: z.array(nation).min(2),
    signed: date,
    inForce: date,
    expires: date.optional(),
    term: z.strictObject({ years: z.number().int().positive(), autoRenew: z.boolean() }).optional(),
    noticePeriodDays: z.number().int().nonnegative().optional(),
    binding: z.boolean(),
    thirdParty: z.literal('originator-consent'),
    scope: z
      .strictObject({
        topics: z.array(topic).min(1),
        maxLevel: z.string(),
        concerning: z.array(nation).min(1).optional(),
      })
      .nullable(),
    equivalence: z
      .array(z.strictObject({ label: z.string(), levels: z.record(z.string(), z.string()) }))
      .default([]),
    routing: z
      .array(z.strictObject({ via: nation, between: z.array(z.tuple([nation, nation])).min(1) }))
      .default([]),
    history: z.array(statusEvent).default([]),
    sources,
    flags: z.array(z.string()).default([]),
  })
  .superRefine((a, ctx) => {
    const parties = new Set(a.parties);
    if (parties.size !== a.parties.length)
      ctx.addIssue({ code: 'custom', path: ['parties'], message: 'a party is listed twice' });
    if (a.inForce < a.signed)
      ctx.addIssue({ code: 'custom', path: ['inForce'], message: 'in force before it was signed' });
    a.equivalence.forEach((row, i) => {
      for (const [n, word] of Object.entries(row.levels)) {
        if (!isNation(n) || !parties.has(n)) {
          ctx.addIssue({
            code: 'custom',
            path: ['equivalence', i, 'levels', n],
            message: `${n} is not a party`,
          });
        } else if (!findLevel(n, word)) {
          ctx.addIssue({
            code: 'custom',
            path: ['equivalence', i, 'levels', n],
            message: `'${word}' is not a level of ${n}`,
          });
        }
      }
    });
    for (const n of a.parties) {
      let lastRank = 0;
      a.equivalence.forEach((row, i) => {
        const word = row.levels[n];
        const level = word === undefined ? undefined : findLevel(n, word);
        if (!level) return;
        if (level.rank <= lastRank && !(i === 0 && level.rank === 0)) {
          ctx.addIssue({
            code: 'custom',
            path: ['equivalence', i, 'levels', n],
            message: `rows must ascend for ${n}`,
          });
        }
        lastRank = level.rank;
      });
    }
    if (a.scope) {
      const labels = ['UNCLASSIFIED', ...a.equivalence.map((r) => r.label)];
      if (!labels.includes(a.scope.maxLevel)) {
        ctx.addIssue({
          code: 'custom',
          path: ['scope', 'maxLevel'],
          message: `'${a.scope.maxLevel}' is not a row of the equivalence table (rows: ${labels.join(', ')})`,
        });
      }
    }
    a.routing.forEach((r, i) => {
      for (const n of [r.via, ...r.between.flat()]) {
        if (!parties.has(n))
          ctx.addIssue({ code: 'custom', path: ['routing', i], message: `${n} is not a party` });
      }
    });
    a.history.forEach((e, i) => {
      if (i > 0 && e.date < a.history[i - 1]!.date) {
        ctx.addIssue({
          code: 'custom',
          path: ['history', i, 'date'],
          message: 'history must be in date order',
        });
      }
      if (e.date < a.inForce && e.type !== 'termination-notice') {
        ctx.addIssue({
          code: 'custom',
          path: ['history', i, 'date'],
          message: 'status event before entry into force',
        });
      }
      if (
        (e.type === 'termination-notice' && e.effective === undefined && a.noticePeriodDays === undefined) ||
        (e.type === 'notice-reinstated' && e.effective === undefined)
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['history', i],
          message: `${e.type} needs 'effective' (or the agreement a noticePeriodDays)`,
        });
      }
      if (e.by !== undefined && !parties.has(e.by)) {
        ctx.addIssue({ code: 'custom', path: ['history', i, 'by'], message: `${e.by} is not a party` });
      }
    });
  });

const coalitionSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  name: z.string().min(1),
  functions: z
    .array(
      z.enum([
        'missile-warning',
        'maritime-security',
        'pandemic-response',
        'intelligence-sharing',
        'crisis-consultation',
      ]),
    )
    .min(1),
  topics: z.array(topic).default([]),
  members: z.array(z.strictObject({ nation, joined: date, left: date.optional() })).min(2),
  agreements: z.array(z.string()).default([]),
  sources,
  flags: z.array(z.string()).default([]),
});

const consentSchema = z.strictObject({
  id: z.string().min(1),
  originator: nation,
  holder: nation,
  recipient: nation,
  topics: z.array(topic).min(1),
  from: date,
  until: date.optional(),
  source: source.optional(),
});

const fileSchema = z
  .strictObject({
    agreements: z.array(agreementSchema),
    coalitions: z.array(coalitionSchema).default([]),
    consents: z.array(consentSchema).default([]),
  })
  .superRefine((f, ctx) => {
    const ids = new Set<string>();
    f.agreements.forEach((a, i) => {
      if (ids.has(a.id))
        ctx.addIssue({ code: 'custom', path: ['agreements', i, 'id'], message: `duplicate id '${a.id}'` });
      ids.add(a.id);
    });
    f.coalitions.forEach((c, i) => {
      c.agreements.forEach((id, j) => {
        if (!ids.has(id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['coalitions', i, 'agreements', j],
            message: `no agreement '${id}'`,
          });
        }
      });
    });
  });

type AgreementInput = z.output<typeof agreementSchema>;

function toSource(s: z.output<typeof source>): Source {
  return { title: s.title, ...(s.date ? { date: s.date } : {}), ...(s.url ? { url: s.url } : {}) };
}

function toAgreement(a: AgreementInput): Agreement {
  // Level words are normalised to ids, and every table starts with an UNCLASSIFIED row for all parties.
  const rows: EquivalenceRow[] = a.equivalence.map((r) => ({
    label: r.label,
    levels: Object.fromEntries(
      Object.entries(r.levels).map(([n, w]) => [n, findLevel(n as Nation, w)!.id]),
    ) as Partial<Record<Nation, string>>,
  }));
  if (rows[0]?.label !== 'UNCLASSIFIED') {
    rows.unshift({
      label: 'UNCLASSIFIED',
      levels: Object.fromEntries(a.parties.map((p) => [p, 'UNCLASSIFIED'])),
    });
  }
  const history: StatusEvent[] = a.history.map((e) => ({
    type: e.type,
    atMs: e.date,
    ...(e.by ? { by: e.by } : {}),
    ...(e.effective !== undefined ? { effectiveMs: e.effective } : {}),
    ...(e.note ? { note: e.note } : {}),
    ...(e.source ? { source: toSource(e.source) } : {}),
  }));
  return {
    id: a.id,
    title: a.title,
    kind: a.kind,
    parties: a.parties,
    signedMs: a.signed,
    inForceMs: a.inForce,
    ...(a.expires !== undefined ? { expiresMs: a.expires } : {}),
    ...(a.term ? { term: a.term } : {}),
    ...(a.noticePeriodDays !== undefined ? { noticePeriodDays: a.noticePeriodDays } : {}),
    history,
    scope: a.scope
      ? {
          topics: a.scope.topics,
          maxLevel: a.scope.maxLevel,
          ...(a.scope.concerning ? { concerning: a.scope.concerning } : {}),
        }
      : null,
    equivalence: rows,
    routing: a.routing,
    thirdParty: a.thirdParty,
    binding: a.binding,
    sources: a.sources.map(toSource),
    flags: a.flags,
  };
}

/**
 * Reads one agreement given as a value (the file's form: ISO dates, level words), e.g. in a proposal
 * to make a new agreement. Never throws: a problem names the field (dotted path) it is in.
 */
export function parseAgreementValue(
  value: unknown,
): { ok: true; agreement: Agreement } | { ok: false; field: string; problem: string } {
  const r = agreementSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    return { ok: false, field: issue.path.map(String).join('.'), problem: issue.message };
  }
  return { ok: true, agreement: toAgreement(r.data) };
}

/**
 * Reads an agreements file (YAML text; `source` names it in errors) into a compiled registry.
 * Every problem is a DataFileError with file, line, column and field.
 */
export function parseRegistry(text: string, source: string): CompiledRegistry {
  const f = parseYaml(text, source, fileSchema);
  const registry: Registry = {
    agreements: f.agreements.map(toAgreement),
    coalitions: f.coalitions.map(
      (c): Coalition => ({
        id: c.id,
        name: c.name,
        functions: c.functions,
        topics: c.topics,
        members: c.members.map((m) => ({
          nation: m.nation,
          joinedMs: m.joined,
          ...(m.left !== undefined ? { leftMs: m.left } : {}),
        })),
        agreements: c.agreements,
        sources: c.sources.map(toSource),
        flags: c.flags,
      }),
    ),
    consents: f.consents.map(
      (c): ConsentRecord => ({
        id: c.id,
        originator: c.originator,
        holder: c.holder,
        recipient: c.recipient,
        topics: c.topics,
        fromMs: c.from,
        ...(c.until !== undefined ? { untilMs: c.until } : {}),
        ...(c.source ? { source: toSource(c.source) } : {}),
      }),
    ),
  };
  return compileRegistry(registry);
}
