import { z } from 'zod';
import { isoInstant, nation, shared } from './schema.js';

// The picture routes' payloads: what the node's picture, tracks, alerts, audit log and agreements
// look like on the wire (the shapes describeTrack and the routes build; checked against them).

export const nationParams = z.object({ nation });

/** One track of the picture, in geodetic and ECEF terms. */
export const track = shared(
  'track',
  z
    .object({
      id: z.string().meta({ description: '<nation>:<trackId> of its first source' }),
      sources: z.array(z.object({ nation, trackId: z.int() })),
      time: isoInstant,
      latDeg: z.number(),
      lonDeg: z.number(),
      altitudeM: z.number(),
      speedMps: z.number(),
      positionSigmaM: z.number().meta({ description: 'sqrt of the trace of the position covariance' }),
      positionEllipse: z
        .object({
          covarianceEnM2: z.array(z.number()).length(3).meta({
            description:
              'the horizontal position covariance in local east-north axes at the track, m²: [east variance, east-north covariance, north variance]',
          }),
          semiMajorM: z.number(),
          semiMinorM: z.number(),
          orientationDeg: z
            .number()
            .meta({ description: 'azimuth of the semi-major axis, degrees east of north, [0, 180)' }),
          confidence: z.number().meta({ description: 'probability mass inside the ellipse: 0.95' }),
        })
        .meta({
          description:
            "the position's horizontal uncertainty ellipse at 95 %, from the east-north block of the position covariance rotated into local east-north-up axes",
        }),
      ecef: z.array(z.number()).meta({ description: '[x, y, z, vx, vy, vz], m and m/s' }),
    })
    .meta({ title: 'track' }),
);

export const health = z.object({ status: z.literal('ok'), nodes: z.array(nation), time: isoInstant });

/** The picture response, and each message of the picture stream. */
export const picture = shared(
  'picture',
  z.object({ nation, time: isoInstant, tracks: z.array(track) }).meta({ title: 'picture' }),
);

export const tracks = z.object({ own: z.array(track), partners: z.array(track) });

export const alerts = z.object({
  warnings: z.array(
    z.object({
      trackId: z.string(),
      reason: z.enum(['impact', 'possible-impact', 'overflight', 'possible-overflight']),
      zone: z.enum(['land', 'territorial-sea', 'eez', 'base']),
      area: z.string(),
      phase: z.enum(['boost', 'ballistic']),
      issued: isoInstant,
      withdrawn: isoInstant
        .optional()
        .meta({ description: 'when a later prediction no longer supported it' }),
      event: isoInstant.meta({
        description:
          'the predicted event; for a possible impact whose time depends on the flight still possible, the earliest it can come',
      }),
      timeToEventS: z.number().meta({ description: 'from now, to `event`' }),
      eventLatest: isoInstant.optional().meta({
        description: 'for such a possible impact, the latest a flight still possible comes down there',
      }),
      latDeg: z.number(),
      lonDeg: z.number(),
      ellipse: z
        .object({
          semiMajorM: z.number(),
          semiMinorM: z.number(),
          orientationDeg: z.number().meta({ description: 'of the semi-major axis, degrees from north' }),
        })
        .optional()
        .meta({
          description:
            "an impact's or possible impact's 95 % ellipse around latDeg/lonDeg, when one was computed",
        }),
      swept: z
        .array(z.object({ latDeg: z.number(), lonDeg: z.number() }))
        .optional()
        .meta({
          description:
            'a possible impact under thrust: the outline (closed polygon) of the region swept by every burnout still possible',
        }),
    }),
  ),
  notices: z.array(
    z.object({
      trackId: z.string(),
      issued: isoInstant,
      sources: z.array(nation),
      latDeg: z.number(),
      lonDeg: z.number(),
      altitudeM: z.number(),
    }),
  ),
});

export const auditQuery = z.object({
  from: z.int().min(1).default(1).meta({ description: 'the first record, by seq' }),
  limit: z.int().min(1).max(1000).default(100),
});

export const auditPage = z.object({
  head: z.object({ seq: z.int(), hash: z.string() }),
  records: z.array(
    z.object({
      seq: z.int(),
      tMs: z.number(),
      kind: z.string().meta({ description: 'e.g. egress-allow, egress-deny, consult-refused' }),
      actor: z.string(),
      subject: z.string(),
      detail: z.unknown().meta({ description: 'any JSON: what the record says, by kind' }),
      prevHash: z.string(),
      hash: z.string(),
    }),
  ),
});

/** A governance act as the agreements route lists it (see /api/{nation}/governance). */
export const appliedAct = z.object({
  id: z.string(),
  author: nation,
  at: isoInstant,
  kind: z.string().meta({
    description: 'notice, suspend-notice, withdraw-notice, suspend, resume, narrow, leave, propose, sign',
  }),
  target: z.string(),
  effective: isoInstant.meta({
    description: 'when the act changes what may flow (a notice: the end of its period)',
  }),
  summary: z.string(),
});

export const agreementsQuery = z.object({
  at: z.string().optional().meta({
    description:
      "ISO date or date-time with a zone: standing at that instant (default now on the node's clock)",
  }),
});

export const agreements = z.object({
  at: isoInstant,
  agreements: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      parties: z.array(nation),
      inForce: z.boolean(),
      state: z.string().meta({ description: 'e.g. in-force, in-force-notice-pending, suspended' }),
      detail: z.string(),
      acts: z.array(appliedAct).meta({
        description:
          'the governance acts on this agreement made by `at`, in fold order: what made its standing',
      }),
    }),
  ),
});

/** The kinds of an agreement's dated events, as the agreements' events route lists them. */
export const AGREEMENT_EVENT_KINDS = [
  'signed',
  'in-force',
  'termination-notice',
  'notice-suspended',
  'notice-reinstated',
  'notice-withdrawn',
  'suspended',
  'resumed',
  'terminated',
  'amended',
  'expires',
] as const;

export const agreementEvents = z.object({
  nation,
  events: z
    .array(
      z.object({
        agreement: z.string().meta({ description: 'the agreement id' }),
        title: z.string(),
        kind: z.enum(AGREEMENT_EVENT_KINDS).meta({
          description:
            'signed; in-force (listed when later than the signature); a status event of its history (termination-notice, notice-suspended, notice-reinstated, notice-withdrawn, suspended, resumed, terminated); amended (its scope changed, e.g. narrowed); expires (a fixed end)',
        }),
        at: isoInstant,
        by: nation.optional().meta({ description: 'the party that acted, when one did' }),
        note: z.string().optional(),
        act: z
          .string()
          .optional()
          .meta({ description: 'the governance act that made it, when made at run time' }),
      }),
    )
    .meta({ description: 'in time order' }),
});

export const pictureStreamQuery = z.object({
  token: z
    .string()
    .optional()
    .meta({ description: 'deprecated: the token; offer the subprotocol concord.token.<token> instead' }),
});
