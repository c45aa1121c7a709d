import { z } from 'zod';
import {
  CONTINGENCIES,
  type ConsultationView,
  ENTRY_KINDS,
  EVENT_BODIES,
  EVENT_KINDS,
  eventSchema,
  LEVELS,
  MINISTERIAL_FORMS,
  type RejectCode,
  ROLE_STATUSES,
  TRIGGER_KINDS,
} from '../consult/index.js';
import type { Rule } from '../domain/index.js';
import { isoInstant, marking, named, nation, type Same, shared, source } from './schema.js';

// The consultation routes' payloads. Request bodies derive from the event bodies the desk validates
// (src/consult/events.ts EVENT_BODIES); the view is the one src/consult/view.ts computes, checked
// against its type at compile time.

const ms = z.number().meta({ description: 'milliseconds since the epoch' });
const level = z.enum(LEVELS);
const form = z.enum(MINISTERIAL_FORMS);

const stance = z.object({
  nation,
  version: z.string(),
  stance: z.enum(['approve', 'reject']),
  atMs: ms,
  event: z.string(),
  reason: z.string().optional(),
});

const escalationCause = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('manual') }),
  z.object({ kind: z.literal('missed-ack'), nations: z.array(nation) }),
]);

const plan = z.object({
  id: z.enum(CONTINGENCIES),
  name: z.string(),
  summary: z.string(),
  parties: z.array(nation),
  roles: z.array(
    z.object({
      parties: z.array(nation),
      mission: z.string(),
      status: z.enum(ROLE_STATUSES),
      sources: z.array(source),
      assumption: z.boolean(),
      flags: z.array(z.string()),
    }),
  ),
  flags: z.array(z.string()),
});

/** One consultation as one nation may see it (src/consult/view.ts ConsultationView). */
export const consultationView = shared(
  'consultation',
  z
    .object({
      id: z.string().nullable().meta({ description: 'its convene event id' }),
      convened: z.boolean(),
      subject: z.string(),
      trigger: z
        .discriminatedUnion('kind', [
          z.object({
            kind: z.enum(TRIGGER_KINDS),
            id: z.string(),
            rules: z.array(z.string()).optional(),
            run: z
              .string()
              .optional()
              .meta({ description: 'the scenario run (or deployment) in which the rules convened on it' }),
          }),
          z.object({ kind: z.literal('manual'), note: z.string().optional() }),
        ])
        .nullable(),
      convener: nation.nullable(),
      coalition: z.string().nullable(),
      contingency: z.enum(CONTINGENCIES).nullable(),
      plan: plan.nullable(),
      participants: z.array(nation),
      convenedAtMs: ms.nullable(),
      level: level.nullable(),
      form: form.nullable(),
      levelHistory: z.array(
        z.object({
          level,
          form: form.optional(),
          atMs: ms,
          by: nation,
          event: z.string(),
          reason: z.string(),
          cause: z.discriminatedUnion('kind', [
            z.object({ kind: z.literal('manual') }),
            z.object({ kind: z.literal('missed-ack'), nations: z.array(nation) }),
            z.object({ kind: z.literal('convened') }),
          ]),
        }),
      ),
      acks: z.array(
        z.discriminatedUnion('status', [
          z.object({ nation, status: z.literal('acked'), atMs: ms, deadlineMs: ms, late: z.boolean() }),
          z.object({ nation, status: z.literal('pending'), deadlineMs: ms }),
          z.object({ nation, status: z.literal('missed'), deadlineMs: ms }),
        ]),
      ),
      escalation: z.object({
        missed: z.array(nation),
        due: z
          .object({
            author: nation,
            body: z.object({
              to: level,
              form: form.optional(),
              reason: z.string(),
              cause: escalationCause,
              ackWithinMs: z.number().optional(),
            }),
          })
          .nullable(),
        effectiveLevel: level.nullable(),
        note: z.string().nullable(),
      }),
      timeline: z.array(
        z.object({
          id: z.string(),
          author: nation,
          atMs: ms,
          entry: z.enum(ENTRY_KINDS),
          text: z.string(),
          marking,
          item: z
            .object({ title: z.string(), ref: z.string().optional(), mediaType: z.string().optional() })
            .optional(),
          audience: z
            .array(
              z.object({
                nation,
                allow: z.boolean(),
                rule: named<Rule>('the releasability rule that decided'),
                reason: z.string(),
              }),
            )
            .optional()
            .meta({ description: "who may see it; shown to its author's nation only" }),
        }),
      ),
      statements: z.array(
        z.object({
          id: z.string(),
          versions: z.array(
            z.object({
              id: z.string(),
              statement: z.string(),
              author: nation,
              atMs: ms,
              text: z.string(),
              marking,
              replaces: z.string().optional(),
              supersededBy: z.array(z.string()),
              stances: z.array(stance),
            }),
          ),
          current: z.array(stance),
          agreed: z
            .object({
              statement: z.string(),
              version: z.string(),
              text: z.string(),
              atMs: ms,
              approvals: z.array(stance),
            })
            .nullable(),
        }),
      ),
      readouts: z.array(
        z.object({ id: z.string(), nation, statement: z.string(), atMs: ms, text: z.string(), marking }),
      ),
      positions: z.array(
        z.object({
          id: z.string(),
          nation,
          atMs: ms,
          text: z.string(),
          marking,
          about: z.string().optional(),
        }),
      ),
      closed: z
        .object({ atMs: ms, by: nation, event: z.string(), outcome: z.string().optional() })
        .nullable(),
      applied: z.array(z.string()),
      rejected: z.array(
        z.object({
          id: z.string(),
          author: nation.nullable(),
          kind: z.string().nullable(),
          atMs: ms.nullable(),
          code: named<RejectCode>('why the event was rejected, e.g. not-own, stale-version'),
          reason: z.string(),
        }),
      ),
      nowMs: ms,
      viewer: nation,
    })
    .meta({ title: 'consultation', description: 'One consultation as the viewing nation may see it' }),
);
export const viewMatchesItsType: Same<typeof consultationView, ConsultationView> = true;

/** A consultation event as signed and sent (src/consult/events.ts). */
export const consultEvent = shared('consult-event', eventSchema, 'input');

const B = EVENT_BODIES;
const statementName = B['propose-statement-version'].shape.statement;

/** The body each action route accepts, derived from the event body it becomes. */
export const ACTION_BODIES = {
  acknowledge: B.acknowledge.partial().meta({
    description: "nation: default the operator's nation; no other is accepted",
  }),
  posts: B.post.extend({ entry: B.post.shape.entry.default('message') }),
  statements: B['propose-statement-version'].extend({ statement: statementName.default('joint') }),
  approve: B['approve-version']
    .partial()
    .extend({ statement: statementName.default('joint') })
    .meta({
      description: 'version: default the latest live version of `statement`',
    }),
  reject: B['reject-version']
    .partial({ version: true, nation: true })
    .extend({ statement: statementName.optional() }),
  escalate: B['escalate-level'].pick({ to: true, form: true, reason: true }),
  readouts: B['publish-readout'],
  positions: B['record-position'],
  close: B.close,
} as const;

export const conveneBody = B.convene.extend({
  trigger: B.convene.shape.trigger.optional().meta({
    description:
      "default { kind: 'manual' }; or { kind: 'missile-warning' | 'maritime-incursion' | 'armed-attack', id }",
  }),
});

export const eventResult = z.object({
  /** The event authored, as signed and sent. */
  event: consultEvent,
  consultation: consultationView.nullable(),
});

export const consultationList = z.object({ consultations: z.array(consultationView) });

export const consultParams = z.object({
  nation,
  id: z.string().min(5).max(300).meta({ description: 'the consultation id (its convene event id)' }),
});

export const exportParams = consultParams.extend({
  statement: z.string().min(1).max(64).meta({ description: 'e.g. joint' }),
});

export const exportQuery = z.object({ format: z.enum(['md', 'html']).default('md') });

export const streamQuery = z.object({
  token: z
    .string()
    .optional()
    .meta({ description: 'deprecated: the token; offer the subprotocol concord.token.<token> instead' }),
  after: z
    .string()
    .regex(/^[0-9]+$/)
    .optional()
    .meta({ description: 'resume after this place: the `seq` of the last message received' }),
});

/** The messages of `GET /api/{nation}/consultations/stream`. */
export const consultStreamMessage = shared(
  'consultation-stream-message',
  z
    .discriminatedUnion('type', [
      z.object({
        type: z.literal('consultations'),
        nation,
        time: isoInstant,
        seq: z.int().meta({ description: "the place of the node's last stored event" }),
        consultations: z.array(consultationView),
      }),
      z.object({
        type: z.literal('event'),
        nation,
        from: z.enum(['own', 'partner']),
        seq: z.int(),
        event: z.object({
          kind: z.enum(EVENT_KINDS as [string, ...string[]]),
          id: z.string(),
          consultation: z.string(),
          author: nation,
          atMs: ms,
          time: isoInstant,
        }),
        consultation: consultationView,
      }),
    ])
    .meta({ title: 'consultation stream message' }),
);
