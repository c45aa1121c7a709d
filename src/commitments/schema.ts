import { z } from 'zod';
import { isNation, NATION_CODES, type Nation } from '../domain/index.js';
import { compareDates, isDay, isWhen } from './dates.js';
import {
  CONDITION_STATUSES,
  ENTRY_KINDS,
  LINK_TYPES,
  SOURCE_PAPER_IDS,
  type SourcePaper,
  STATUSES,
} from './model.js';
import { quoteTextProblem } from './quote-text.js';

// The two kinds of data file. Each file says which it is (`kind:`), and each kind has exactly one
// schema: every problem a single file can have is found here, with its field path; the loader adds
// only the checks that need several files (ids, links, indicator references).

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'ids are lower-case words joined by hyphens' });
const text = z.string().trim().min(1, { error: 'must not be empty' });

const nation = z
  .string()
  .refine(isNation, {
    error: (i) => `unknown nation '${String(i.input)}' (expected one of ${NATION_CODES.join(', ')})`,
  })
  .transform((s) => s as Nation);

/** YAML reads `2019` as a number; dates are kept as the text the sources give. */
const calendarDate = z.preprocess(
  (v) => (typeof v === 'number' ? String(v) : v),
  z.string().refine(isWhen, {
    error: (i) =>
      `'${String(i.input)}' is not a real date (YYYY-MM-DD, or YYYY-MM / YYYY when the source gives no day, or an instant with its zone such as 2019-11-22T18:00+09:00)`,
  }),
);

const paperId = z.enum(SOURCE_PAPER_IDS as [SourcePaper, ...SourcePaper[]], {
  error: (i) => `unknown paper '${String(i.input)}' (expected one of ${SOURCE_PAPER_IDS.join(', ')})`,
});

/** A passage of a paper; that it is verbatim is checked against the papers by `--check-quotes`. */
const quote = z.strictObject({
  paper: paperId,
  text: z.string().superRefine((t, ctx) => {
    const problem = quoteTextProblem(t);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  }),
  place: text,
});

const source = z.preprocess(
  (v) => (typeof v === 'string' ? { title: v } : v),
  z.strictObject(
    { title: text, date: calendarDate.optional(), url: z.url().optional() },
    { error: 'a source is a title, or { title, date, url }' },
  ),
);

const evidence = z.strictObject({ date: calendarDate, source, text });

/** A status edit as a node's store keeps it (src/commitments/edits.ts StatusEdit). */
export const statusEditSchema = z.strictObject({
  entry: text,
  nation,
  status: z.enum(STATUSES),
  asOf: z.string().refine(isDay, { error: (i) => `'${String(i.input)}' is not a real day (YYYY-MM-DD)` }),
  note: text.optional(),
  evidence,
});

const flags = z.array(text).default([]);

function statusRecord<const S extends readonly [string, ...string[]]>(statuses: S) {
  return z.strictObject({ asOf: calendarDate, status: z.enum(statuses), note: text.optional() });
}

/**
 * Whether date `a` begins before date `b`. Zod runs an object's refinements even when a field
 * failed its own check, so a malformed date (already reported) is never compared here.
 */
function before(a: string, b: string): boolean {
  return isWhen(a) && isWhen(b) && compareDates(a, b) < 0;
}

/** Records must be in date order: statusAt reads the last one on or before a day. */
function inDateOrder(
  records: readonly { asOf: string }[],
  ctx: z.RefinementCtx,
  path: (string | number)[],
): void {
  records.forEach((r, i) => {
    if (i > 0 && before(r.asOf, records[i - 1]!.asOf))
      ctx.addIssue({
        code: 'custom',
        path: [...path, i, 'asOf'],
        message: 'status records must be in date order',
      });
  });
}

const condition = z
  .strictObject({
    id,
    text,
    status: z.array(statusRecord(CONDITION_STATUSES)).default([]),
    evidence: z.array(evidence).default([]),
    flags,
  })
  .superRefine((c, ctx) => inDateOrder(c.status, ctx, ['status']));

const link = z.strictObject({ type: z.enum(LINK_TYPES), to: id, note: text.optional(), flags });

const owner = z.preprocess(
  (v) => (typeof v === 'string' ? [v] : v),
  z.array(nation).min(1, { error: 'name at least one owner nation' }),
);

const entry = z
  .strictObject({
    id,
    kind: z.enum(ENTRY_KINDS),
    title: text,
    summary: text,
    owner,
    sourcePaper: paperId.optional(),
    quotes: z.array(quote).default([]),
    document: text.optional(),
    date: calendarDate.optional(),
    indicators: z.array(id).default([]),
    status: z.array(statusRecord(STATUSES)).default([]),
    conditions: z.array(condition).default([]),
    evidence: z.array(evidence).default([]),
    links: z.array(link).default([]),
    chains: z.array(id).default([]),
    sources: z.array(source).default([]),
    flags,
  })
  .superRefine((e, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    if (new Set(e.owner).size !== e.owner.length) issue(['owner'], 'an owner is listed twice');
    if (e.sources.length === 0 && e.evidence.length === 0)
      issue(['sources'], 'every entry needs at least one public source (in sources or in evidence)');
    if (e.sourcePaper !== undefined && e.kind !== 'recommendation')
      issue(['sourcePaper'], 'only recommendations come from a source paper');
    if (e.kind === 'recommendation') {
      if (e.sourcePaper === undefined)
        issue(['sourcePaper'], 'a recommendation names the paper that makes it');
      if (e.quotes.length === 0)
        issue(
          ['quotes'],
          "a recommendation quotes the paper's words that make it (quotes: [{paper, text, place}])",
        );
      else if (e.sourcePaper !== undefined && !e.quotes.some((q) => q.paper === e.sourcePaper))
        issue(['sourcePaper'], `no quotation is from '${e.sourcePaper}', the paper named as making it`);
    } else if (e.quotes.length > 0) issue(['quotes'], 'only recommendations quote the papers');
    inDateOrder(e.status, ctx, ['status']);
    if (e.date !== undefined) {
      e.status.forEach((r, i) => {
        if (before(r.asOf, e.date!))
          issue(['status', i, 'asOf'], `status recorded before the entry was made (${e.date})`);
      });
    }
    if (e.conditions.length > 0) {
      e.status.forEach((r, i) => {
        if (r.status !== 'withdrawn')
          issue(
            ['status', i, 'status'],
            'an entry with conditions takes its status from them; record only withdrawn',
          );
      });
      const ids = new Set<string>();
      e.conditions.forEach((c, i) => {
        if (ids.has(c.id)) issue(['conditions', i, 'id'], `duplicate condition '${c.id}'`);
        ids.add(c.id);
        const last = c.status.at(-1)?.status ?? 'unknown';
        if (last === 'unknown' && c.flags.length === 0 && e.flags.length === 0)
          issue(
            ['conditions', i, 'flags'],
            'a condition left unknown needs a flag saying what the sources lack',
          );
      });
    } else {
      const last = e.status.at(-1)?.status ?? 'unknown';
      if (last === 'unknown' && e.flags.length === 0)
        issue(['flags'], 'an entry left unknown needs a flag saying what the sources lack');
    }
    if (e.chains.length > 0 && e.date === undefined) issue(['date'], 'a step of a chain needs a date');
  });

const chain = z
  .strictObject({
    id,
    title: text,
    summary: text,
    warning: z
      .strictObject({
        text,
        sourcePaper: paperId.optional(),
        source,
      })
      .optional(),
    sources: z.array(source).default([]),
    flags,
  })
  .superRefine((c, ctx) => {
    if (c.sources.length === 0 && c.warning === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['sources'],
        message: 'every chain needs at least one public source',
      });
  });

export const entriesFileSchema = z
  .strictObject({
    kind: z.literal('entries'),
    chains: z.array(chain).default([]),
    entries: z.array(entry).min(1, { error: 'an entries file holds at least one entry' }),
  })
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    f.entries.forEach((e, i) => {
      if (seen.has(e.id))
        ctx.addIssue({ code: 'custom', path: ['entries', i, 'id'], message: `duplicate id '${e.id}'` });
      seen.add(e.id);
    });
  });

const sources = z.array(source).min(1, { error: 'every indicator needs at least one public source' });

/** `{ 2019: 3.41, ... }`: YAML gives the years as keys (text); they are checked and made numbers. */
const byYear = z.record(z.string(), z.number()).superRefine((r, ctx) => {
  for (const k of Object.keys(r)) {
    if (!/^\d{4}$/.test(k)) ctx.addIssue({ code: 'custom', path: [k], message: `'${k}' is not a year` });
  }
});

const byNation = z.record(z.string(), byYear).superRefine((r, ctx) => {
  for (const k of Object.keys(r)) {
    if (!isNation(k))
      ctx.addIssue({
        code: 'custom',
        path: [k],
        message: `unknown nation '${k}' (expected one of ${NATION_CODES.join(', ')})`,
      });
  }
});

const series = z.strictObject({
  id,
  title: text,
  unit: text,
  method: text,
  period: z.enum(['calendar-year', 'fiscal-year']),
  values: byNation,
  targets: byNation.default({}),
  sources,
  flags,
});

const indexSeries = z.strictObject({ id, title: text, values: byYear.default({}), sources, flags });

const currency = z.enum(['KRW', 'JPY', 'USD']);

const paymentYear = z
  .strictObject({
    year: z.number().int(),
    under: id,
    fixed: z.number().positive().optional(),
    growthPercent: z.number().optional(),
    index: id.optional(),
    capPercent: z.number().optional(),
    known: z.number().positive().optional(),
  })
  .superRefine((y, ctx) => {
    const rules = [y.fixed, y.growthPercent, y.index].filter((r) => r !== undefined).length;
    if (rules !== 1)
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'give exactly one rule: fixed, growthPercent or index',
      });
    if (y.capPercent !== undefined && y.index === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['capPercent'],
        message: 'a cap applies only to an indexed year',
      });
  });

const schedule = z
  .strictObject({
    id,
    title: text,
    currency,
    unit: z.literal('billion'),
    roundTo: z.number().positive(),
    years: z.array(paymentYear).min(1),
    sources,
    flags,
  })
  .superRefine((s, ctx) => {
    s.years.forEach((y, i) => {
      if (i > 0 && y.year !== s.years[i - 1]!.year + 1)
        ctx.addIssue({
          code: 'custom',
          path: ['years', i, 'year'],
          message: 'years must follow one another',
        });
    });
  });

const totals = z.strictObject({
  id,
  title: text,
  currency,
  unit: z.literal('billion'),
  periods: z
    .array(
      z
        .strictObject({
          fromYear: z.number().int(),
          toYear: z.number().int(),
          total: z.number().positive(),
          under: id.optional(),
        })
        .superRefine((p, ctx) => {
          if (p.toYear < p.fromYear)
            ctx.addIssue({ code: 'custom', path: ['toYear'], message: 'the period ends before it starts' });
        }),
    )
    .min(1),
  sources,
  flags,
});

export const indicatorsFileSchema = z.strictObject({
  kind: z.literal('indicators'),
  series: z.array(series).default([]),
  indices: z.array(indexSeries).default([]),
  schedules: z.array(schedule).default([]),
  totals: z.array(totals).default([]),
});

/** Read first, to choose the schema: only `kind` is looked at. */
export const fileKindSchema = z.looseObject({
  kind: z.enum(['entries', 'indicators'], { error: "kind must be 'entries' or 'indicators'" }),
});

export type EntriesFile = z.output<typeof entriesFileSchema>;
export type IndicatorsFile = z.output<typeof indicatorsFileSchema>;
