import { z } from 'zod';
import {
  CONDITION_STATUSES,
  ENTRY_KINDS,
  LINK_TYPES,
  type QuotedRow,
  type RegistryEvent,
  SOURCE_PAPER_IDS,
  STATUSES,
  statusEditSchema,
} from '../commitments/index.js';
import { nation, type Same, shared, source } from './schema.js';

// The commitments routes' payloads. The status body derives from the schema that checks a stored edit
// (src/commitments/schema.ts statusEditSchema); a scorecard row is src/commitments ScorecardRow.

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const evidence = z.object({ date: z.string(), source, text: z.string() });

export const commitmentParams = z.object({
  nation,
  id: z.string().min(1).max(200).meta({ description: 'the entry id, e.g. jpn-kor-gsomia-2016' }),
});

export const scorecardQuery = z.object({
  status: z.enum(STATUSES).optional(),
  kind: z.enum(ENTRY_KINDS).optional(),
  paper: z
    .enum(SOURCE_PAPER_IDS as [string, ...string[]])
    .optional()
    .meta({ description: 'only the recommendations this paper makes, or is quoted for besides' }),
  asOf: day
    .optional()
    .meta({ description: "read the histories at this past day (default: the node's today)" }),
});

export const entryQuery = z.object({ asOf: day.optional() });

/** A scorecard row: an entry with its status on the day read, the evidence and sources known by then. */
export const scorecardRow = shared(
  'scorecard-row',
  z
    .object({
      id: z.string(),
      kind: z.enum(ENTRY_KINDS),
      title: z.string(),
      summary: z.string(),
      owner: z.array(z.string()),
      sourcePaper: z.enum(SOURCE_PAPER_IDS as [string, ...string[]]).nullable() as unknown as z.ZodType<
        QuotedRow['sourcePaper'],
        string | null
      >,
      document: z.string().nullable(),
      date: z.string().nullable(),
      status: z.enum(STATUSES),
      asOf: z.string().nullable(),
      note: z.string().nullable(),
      derived: z.boolean(),
      conditions: z.array(
        z.object({
          id: z.string(),
          text: z.string(),
          status: z.enum(CONDITION_STATUSES),
          asOf: z.string().nullable(),
          note: z.string().optional(),
          blocking: z.boolean(),
          evidence: z.array(evidence),
        }),
      ),
      evidence: z.array(evidence),
      links: z.array(z.object({ type: z.enum(LINK_TYPES), to: z.string() })),
      indicators: z.array(z.string()),
      sources: z.array(source),
      flags: z.array(z.string()),
      quotes: z
        .array(
          z.object({
            paper: z.enum(SOURCE_PAPER_IDS as [string, ...string[]]) as unknown as z.ZodType<
              QuotedRow['quotes'][number]['paper'],
              string
            >,
            text: z.string().meta({ description: "the paper's words, copied exactly" }),
            place: z.string().meta({ description: "its section heading, or 'paragraph N'" }),
          }),
        )
        .meta({
          description:
            "the papers' words that make a recommendation, the main paper's first (empty for other kinds)",
        }),
    })
    .meta({ title: 'scorecard row' }),
);
export const rowMatchesItsType: Same<typeof scorecardRow, QuotedRow> = true;

/** A passage of a source paper, copied exactly: the evidence that the paper makes the recommendation. */
const quote = z.object({
  paper: z.enum(SOURCE_PAPER_IDS as [string, ...string[]]),
  text: z.string(),
  place: z.string().meta({ description: 'its section heading as the paper gives it, or `paragraph N`' }),
});

export const scorecardPage = z.object({
  nation,
  asOf: day,
  entries: z.array(
    scorecardRow.extend({
      quotes: z
        .array(quote)
        .meta({ description: "the papers' words that make a recommendation (with `paper`: that paper's)" }),
    }),
  ),
});

const statusRecord = z.object({ asOf: z.string(), status: z.enum(STATUSES), note: z.string().optional() });
const edit = z.object({
  entry: z.string(),
  nation,
  status: z.enum(STATUSES),
  asOf: day,
  note: z.string().optional(),
  evidence,
});

const eventHead = { id: z.string(), author: nation, atMs: z.number(), entry: z.string() };
/** A registry event as its author signed it (an older store's edit read as a proposal). */
const registryEvent = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('propose-status'),
    ...eventHead,
    ...edit.omit({ entry: true, nation: true }).shape,
  }),
  z.object({ kind: z.literal('approve-status'), ...eventHead, proposal: z.string() }),
]);
export const eventMatchesItsType: Same<typeof registryEvent, RegistryEvent> = true;

/** A status edit as folded from the registry events: proposed, approved by each owner, in force. */
export const proposal = shared(
  'registry-proposal',
  z
    .object({
      id: z.string().meta({ description: 'the proposal event id, <AUTHOR>:<id>' }),
      entry: z.string(),
      author: nation,
      at: z.iso.datetime().meta({ description: 'when it was proposed' }),
      edit,
      owners: z.array(nation).meta({ description: "the entry's owners: each must approve" }),
      approvals: z.array(z.object({ nation, at: z.iso.datetime(), event: z.string() })),
      state: z.enum(['pending', 'in-force', 'conflict']),
      effective: z.iso.datetime().nullable().meta({ description: 'when the last owner approved it' }),
      reason: z.string().optional(),
    })
    .meta({ title: 'registry proposal' }),
);

export const entryPage = z.object({
  nation,
  asOf: day,
  entry: scorecardRow,
  quotes: z
    .array(quote)
    .meta({ description: "the papers' words that make a recommendation, the main paper's first" }),
  history: z.array(statusRecord),
  proposals: z.array(proposal).meta({ description: 'the replicated history of status edits, in fold order' }),
  edits: z.array(
    z.object({
      event: registryEvent,
      by: z.string().meta({
        description: "who stored it here: api:KOR (an administrator's token) or link:USA (a partner sent it)",
      }),
      stored: z.iso.datetime(),
    }),
  ),
});

export const approvalBody = z.object({
  proposal: z.string().min(1).max(200).meta({ description: 'the id of the pending proposal to approve' }),
});

const e = statusEditSchema.shape.evidence;
/**
 * What an administrator sends: a stored edit without `entry` and `nation` (the route's). The source
 * may be its title alone; the days are checked by statusEditSchema in the route.
 */
export const statusBody = statusEditSchema.omit({ entry: true, nation: true }).extend({
  asOf: day.meta({
    description: 'from this day on the entry stands so; not before its latest record, not after today',
  }),
  evidence: e.extend({
    date: z
      .string()
      .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/)
      .meta({ description: 'YYYY-MM-DD, YYYY-MM or YYYY' }),
    source: z
      .union([z.string().min(1), e.shape.source])
      .meta({ description: 'a public source: its title, or { title, date?, url? }' }),
  }),
});

export const statusResult = z.object({ edit, proposal, entry: scorecardRow.nullable() });

const yearValues = z.record(
  z.string().meta({ description: 'a nation' }),
  z.array(z.object({ year: z.int(), value: z.number() })),
);
const amount = z.object({
  fromYear: z.int(),
  toYear: z.int(),
  total: z.number(),
  under: z.string().optional(),
});

/** The indicators the registry measures entries by: series per nation and year, payment schedules, totals. */
export const indicatorsPage = z.object({
  nation,
  series: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      unit: z.string(),
      method: z.string(),
      period: z.enum(['calendar-year', 'fiscal-year']),
      values: yearValues,
      targets: yearValues,
      sources: z.array(source),
      flags: z.array(z.string()),
    }),
  ),
  schedules: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      currency: z.enum(['KRW', 'JPY', 'USD']),
      unit: z.literal('billion'),
      years: z.array(
        z.object({
          year: z.int(),
          under: z.string().meta({ description: 'the agreement that sets the year' }),
          rule: z.enum(['fixed', 'growth', 'indexed']),
          amount: z.number().nullable().meta({
            description: "the formula's amount with the bundled index rates; null when a rate is missing",
          }),
          growthPercent: z.number().nullable(),
          capped: z.boolean(),
          known: z.number().optional().meta({ description: 'the published amount, when there is one' }),
          missing: z.string().optional(),
        }),
      ),
      sources: z.array(source),
      flags: z.array(z.string()),
    }),
  ),
  totals: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      currency: z.enum(['KRW', 'JPY', 'USD']),
      unit: z.literal('billion'),
      periods: z.array(amount),
      sources: z.array(source),
      flags: z.array(z.string()),
    }),
  ),
});
