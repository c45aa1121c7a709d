import { z } from 'zod';
import { EVENT_TYPES } from '../maritime/index.js';
import { TRIAGE_ACTIONS } from '../node/index.js';
import { isoInstant, named, nation, shared } from './schema.js';

// The maritime routes' payloads: the vessel picture, a vessel's history, maritime events and their
// triage. Positions in degrees, speed in knots, course and heading in degrees (null: not available).

const STATES = ['new', 'acknowledged', 'escalated', 'dismissed'] as const;
/** A partner's event is `escalated` (as its originator shared it) until the originator withdraws it. */
const VIEW_STATES = [...STATES, 'withdrawn'] as const;

export const vesselParams = z.object({
  nation,
  mmsi: z
    .string()
    .regex(/^\d{1,9}$/)
    .meta({ description: 'the vessel’s MMSI, up to nine digits' }),
});

export const eventParams = z.object({
  nation,
  id: z
    .string()
    .min(1)
    .max(210)
    .meta({ description: 'the event’s id; a partner’s event is `<ORIGINATOR>:<its id there>`' }),
});

export const vesselsQuery = z.object({
  bbox: z
    .string()
    .regex(/^[^,]+,[^,]+,[^,]+,[^,]+$/)
    .optional()
    .meta({
      description: 'W,S,E,N in degrees (west beyond east crosses the antimeridian), e.g. 122,24,126,27',
    }),
  since: isoInstant.optional().meta({ description: 'only vessels heard at or after this instant' }),
});

export const vesselQuery = z.object({
  from: isoInstant.optional().meta({ description: 'history from this instant (default: all kept)' }),
  to: isoInstant.optional().meta({ description: 'history up to this instant (default: now)' }),
});

export const eventsQuery = z.object({
  type: z.enum(EVENT_TYPES).optional(),
  since: isoInstant.optional().meta({ description: 'events detected at or after this instant' }),
  status: z
    .enum(VIEW_STATES)
    .optional()
    .meta({ description: 'the triage state (`withdrawn`: partners’ events their originator took back)' }),
  limit: z.int().min(1).max(1000).default(200),
});

export const maritimeStreamQuery = z.object({
  bbox: vesselsQuery.shape.bbox,
  token: z
    .string()
    .optional()
    .meta({ description: 'deprecated: the token; offer the subprotocol concord.token.<token> instead' }),
});

const kn = z.number().nullable();

/** One vessel of the picture now. */
export const vessel = shared(
  'vessel',
  z
    .object({
      mmsi: z.int(),
      lat: z.number(),
      lon: z.number(),
      speed: kn.meta({ description: 'speed over ground, kn' }),
      course: kn.meta({ description: 'course over ground, degrees' }),
      heading: kn.meta({ description: 'true heading, degrees' }),
      name: z.string().optional(),
      imo: z.int().optional(),
      shipType: z
        .int()
        .optional()
        .meta({ description: 'AIS ship type (ITU-R M.1371), e.g. 55 law enforcement' }),
      lastSeen: isoInstant,
      sources: z.array(z.string()).meta({
        description:
          'the own feeds and receivers that heard it (the first 8), then `partner:<NATION>` for each partner that shared it',
      }),
      positionSource: z.string().optional().meta({
        description:
          'present when the position is a partner’s (fresher than the own receivers’): `partner:<NATION>`',
      }),
      otherIdentities: z
        .array(
          z.object({
            source: z.string().meta({ description: '`partner:<NATION>`' }),
            name: z.string().optional(),
            imo: z.int().optional(),
            shipType: z.int().optional(),
          }),
        )
        .optional()
        .meta({
          description:
            'partners’ identities that differ from the one shown (the own receivers’ when they heard the vessel: a partner’s never replaces it)',
        }),
    })
    .meta({ title: 'vessel' }),
);

export const vessels = z.object({ vessels: z.array(vessel) });

const identity = z.object({
  imo: z.int().nullable(),
  name: z.string().nullable(),
  callsign: z.string().nullable(),
  shipType: z.int().nullable(),
  firstSeen: isoInstant,
  lastSeen: isoInstant,
});

const position = z.object({
  time: isoInstant,
  lat: z.number(),
  lon: z.number(),
  speed: kn,
  course: kn,
  heading: kn,
  source: z.string(),
});

const triageEntry = z.object({
  action: named<(typeof TRIAGE_ACTIONS)[number]>(`one of ${TRIAGE_ACTIONS.join(', ')}`),
  by: z.string().meta({ description: 'api:<NATION>, then /<operator> when the body named one' }),
  at: isoInstant,
  detail: z.unknown().meta({ description: 'the action’s reason, text, to and note, as given' }),
});

/** A detector event with its triage state. */
export const maritimeEvent = shared(
  'maritimeEvent',
  z
    .object({
      id: z.string(),
      /** The nation whose detectors decided it and whose watch officers triage it. */
      originator: nation,
      marking: z.string().nullable().meta({
        description:
          'the marking it was shared with (given at escalation, in the originator’s words); null if never shared',
      }),
      type: named<string>(`the detector: ${EVENT_TYPES.join(', ')}`),
      mmsi: z.array(z.int()),
      detected: isoInstant.meta({
        description: 'when the node decided it (a partner’s event: when it was received)',
      }),
      start: z.string(),
      end: z.string().nullable(),
      lat: z.number(),
      lon: z.number(),
      zone: z.string().optional(),
      confidence: z.number(),
      evidence: z.array(
        z.object({
          kind: z.string(),
          detail: z.unknown().meta({ description: 'the facts of this kind, e.g. {"impliedSpeedKn": 412}' }),
        }),
      ),
      status: z.object({
        state: z.enum(VIEW_STATES),
        holder: z.string().nullable().meta({ description: 'the watch or operator it was handed over to' }),
        updated: isoInstant,
      }),
    })
    .meta({ title: 'maritimeEvent' }),
);

export const maritimeEvents = z.object({ events: z.array(maritimeEvent) });

export const vesselPage = z.object({
  mmsi: z.int(),
  vessel: vessel.nullable().meta({ description: 'in the picture now; null if it is not' }),
  identities: z.array(identity).meta({ description: 'every identity it broadcast, latest first' }),
  track: z.array(position).meta({ description: 'kept positions from..to, oldest first (at most 10,000)' }),
  events: z.array(maritimeEvent).meta({ description: 'events naming it, latest first (at most 200)' }),
});

export const eventPage = z.object({ event: maritimeEvent, triage: z.array(triageEntry) });

const text = z.string().min(1).max(2_000);
export const triageBody = z.object({
  reason: text.optional().meta({ description: 'dismiss: why (required)' }),
  text: text.optional().meta({ description: 'annotate: the note (required)' }),
  to: text.optional().meta({ description: 'hand-over: the watch or operator taking it over (required)' }),
  note: text.optional(),
  marking: z.string().min(1).max(512).optional().meta({
    description:
      'escalate: the marking the event is shared with, in this nation’s words (default UNCLASSIFIED); the link decides per partner what it allows',
  }),
  operator: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'the operator’s name, recorded with the action' }),
});

export const triageResult = z.object({
  event: maritimeEvent,
  action: triageEntry,
  published: z
    .object({
      item: z.string().meta({ description: 'the link item’s id' }),
      kind: z.enum(['maritime-event', 'maritime-event-withdrawal']),
      decisions: z.array(
        z.object({
          recipient: nation,
          allow: z.boolean(),
          agreement: z.string().nullable(),
          rule: z.string(),
          reason: z.string(),
        }),
      ),
    })
    .optional()
    .meta({
      description:
        'what escalating (the event) or dismissing a shared event (its withdrawal) sent: the releasability decision per partner (re-checked again at delivery)',
    }),
});

/** Stream messages: vessels heard since the last message, and each new event. */
export const vesselUpdate = z.object({
  type: z.literal('vessels'),
  time: isoInstant,
  vessels: z.array(vessel),
});
export const eventUpdate = z.object({ type: z.literal('event'), event: maritimeEvent });
