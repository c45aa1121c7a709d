import { z } from 'zod';
import { isNation, type Nation } from '../domain/index.js';
import {
  CONTINGENCIES,
  type ConsultEvent,
  ENTRY_KINDS,
  EVENT_KINDS,
  type EventKind,
  LEVELS,
  MINISTERIAL_FORMS,
  TRIGGER_KINDS,
} from './model.js';

// Events arrive from partners: their shape is checked here, once, before the fold reads them. Unknown
// members are dropped rather than refused, so that a node one version behind still folds what a newer
// node sends (the signature covers the bytes as sent, not this reading of them).

const MAX_TEXT = 20_000;
const WEEK_MS = 7 * 86_400_000;

const nation = z
  .string()
  .refine(isNation, { error: (i) => `unknown nation '${String(i.input)}'` })
  .transform((s) => s as Nation);
const text = z.string().trim().min(1, { error: 'must not be empty' }).max(MAX_TEXT);
const name = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { error: 'lower-case words joined by hyphens' });
const ref = z.string().min(1).max(256);
/** A classification banner as an event carries it; parsed (and refused if bad) by the fold. */
export const markingText = z
  .string()
  .min(1)
  .max(500)
  .meta({ description: 'a classification banner, e.g. //JPN SECRET//REL TO USA, JPN, KOR' });
const durationMs = z.int().positive().max(WEEK_MS, { error: 'at most a week' });

const triggerRef = z.discriminatedUnion('kind', [
  z.object({
    kind: z.enum(TRIGGER_KINDS),
    id: ref,
    rules: z.array(name).optional(),
    run: ref.optional(),
  }),
  z.object({ kind: z.literal('manual'), note: text.optional() }),
]);

const conveneBody = z.object({
  subject: text.max(500),
  trigger: triggerRef,
  coalition: name.optional(),
  level: z.enum(LEVELS),
  form: z.enum(MINISTERIAL_FORMS).optional(),
  participants: z.array(nation).min(2).max(32),
  ackWithinMs: durationMs,
  ackWithinMsBy: z.record(z.string(), durationMs).optional(),
  onMissedAck: z.enum(['escalate', 'flag']).optional(),
  contingency: z.enum(CONTINGENCIES).optional(),
});

const cause = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('manual') }),
  z.object({ kind: z.literal('missed-ack'), nations: z.array(nation).min(1) }),
]);

/** The body of each event kind, as partners sign and send it (the API's request bodies derive from these). */
export const EVENT_BODIES = {
  convene: conveneBody,
  acknowledge: z.object({ nation }),
  post: z.object({
    entry: z.enum(ENTRY_KINDS),
    text,
    marking: markingText,
    item: z.object({ title: text.max(500), ref: ref.optional(), mediaType: ref.optional() }).optional(),
  }),
  'propose-statement-version': z.object({
    statement: name,
    text,
    replaces: ref.optional(),
    marking: markingText.optional(),
  }),
  'approve-version': z.object({ version: ref, nation }),
  'reject-version': z.object({ version: ref, nation, reason: text.max(2000) }),
  'escalate-level': z.object({
    to: z.enum(LEVELS),
    form: z.enum(MINISTERIAL_FORMS).optional(),
    reason: text.max(2000),
    cause,
    ackWithinMs: durationMs.optional(),
  }),
  'publish-readout': z.object({
    statement: name.default('joint'),
    text,
    marking: markingText.optional(),
  }),
  'record-position': z.object({ text, marking: markingText, about: ref.optional() }),
  close: z.object({ outcome: text.max(2000).optional() }),
} satisfies Record<EventKind, z.ZodType>;

const envelope = z.object({
  id: z.string().min(5).max(300),
  consultation: z.string().min(5).max(300),
  author: nation,
  atMs: z.int().nonnegative(),
  kind: z.enum(EVENT_KINDS as [EventKind, ...EventKind[]]),
  body: z.unknown(),
});

/** An event as signed and sent: the envelope with the body of its kind. */
export const eventSchema = z.discriminatedUnion(
  'kind',
  EVENT_KINDS.map((kind) =>
    envelope.extend({ kind: z.literal(kind), body: EVENT_BODIES[kind] as z.ZodType }),
  ) as unknown as [z.ZodObject, ...z.ZodObject[]],
);

export type ParsedEvent =
  | { ok: true; event: ConsultEvent }
  | { ok: false; code: 'malformed' | 'bad-id'; problem: string };

/**
 * Reads a partner's event: the envelope, then the body its kind calls for, then the id rule (the
 * author's trigraph and a colon). Never throws; a problem names the field.
 */
export function parseEvent(raw: unknown): ParsedEvent {
  const env = envelope.safeParse(raw);
  if (!env.success) return { ok: false, code: 'malformed', problem: describe(env.error) };
  const body = (EVENT_BODIES[env.data.kind] as z.ZodType).safeParse(env.data.body);
  if (!body.success) return { ok: false, code: 'malformed', problem: describe(body.error, 'body') };
  const e = { ...env.data, body: body.data } as ConsultEvent;
  if (!e.id.startsWith(`${e.author}:`)) {
    return { ok: false, code: 'bad-id', problem: `id '${e.id}' must start with its author '${e.author}:'` };
  }
  if (e.kind === 'convene' && e.consultation !== e.id) {
    return {
      ok: false,
      code: 'bad-id',
      problem: `a convene event's id names its consultation: '${e.id}' != '${e.consultation}'`,
    };
  }
  return { ok: true, event: e };
}

function describe(error: z.ZodError, prefix?: string): string {
  const issue = error.issues[0]!;
  const path = [...(prefix ? [prefix] : []), ...issue.path.map(String)].join('.');
  return path === '' ? issue.message : `${path}: ${issue.message}`;
}

/** Fold order: time, then author, then id; total, so every node applies the same events in the same order. */
export function compareEvents(
  a: { atMs: number; author: string; id: string },
  b: { atMs: number; author: string; id: string },
): number {
  if (a.atMs !== b.atMs) return a.atMs - b.atMs;
  if (a.author !== b.author) return a.author < b.author ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Whether a partner's event is dated when its item says it was made: `atMs` within `maxSkewMs` of
 * the item's signed creation time (`signedMs`). Null when it is, else the reason. The log is
 * append-only and every node folds it by `atMs`, so a date taken as sent would let one partner move
 * deadlines and escalations (back- or forward-dated), or freeze a consultation (an acknowledgement
 * near 2^53 makes every later event's time too big to write).
 * @example eventTimeProblem({ id: 'KOR:1', atMs: 2 ** 53 - 1 }, 1_700_000_000_000, 5_000) // 'event KOR:1 is dated ...'
 */
export function eventTimeProblem(
  e: { readonly id: string; readonly atMs: number },
  signedMs: number,
  maxSkewMs: number,
): string | null {
  const offMs = e.atMs - signedMs;
  if (Math.abs(offMs) <= maxSkewMs) return null;
  return `event ${e.id} is dated ${e.atMs}, ${offMs} ms from its item's signed creation time ${signedMs} (allowed ${maxSkewMs} ms)`;
}
