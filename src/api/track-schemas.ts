import { z } from 'zod';
import { track } from './picture-schemas.js';
import { isoInstant, nation } from './schema.js';

// The track detail route's payloads: one object of a nation's picture, where each of its national
// tracks came from, and the audit record of the decision that let each partner's reach the nation.

export const trackParams = z.object({
  nation,
  id: z
    .string()
    .regex(/^[A-Z]{3}:\d{1,15}$/, { error: 'a picture id: <NATION>:<trackId>, e.g. KOR:3' })
    .meta({ description: 'the object id in the picture, e.g. KOR:3' }),
});

/** The admission a partner track's audit record states (`partner-track-admitted`), read back from the log. */
const admission = z
  .object({
    seq: z.int().meta({ description: "the record's place in the node's audit log" }),
    hash: z.string().meta({ description: "the record's hash in the chain (GET /api/{nation}/audit)" }),
    time: isoInstant,
    item: z
      .string()
      .meta({ description: 'the item it was decided on (the first of the track, or of a change)' }),
    sender: nation,
    topic: z.string(),
    marking: z.string().meta({ description: "the item's marking, in its originator's words" }),
    levelHere: z.string().meta({ description: "the level it is held at, in this nation's scheme" }),
    rule: z
      .string()
      .nullable()
      .meta({ description: 'the releasability rule that allowed it, e.g. agreement' }),
    agreement: z.string().nullable().meta({ description: 'the agreement in force that allowed it' }),
    reason: z.string().nullable(),
  })
  .meta({ title: 'track admission' });

const source = z.object({
  nation,
  trackId: z.int(),
  own: z.boolean().meta({ description: "the node's own sensors' track" }),
  held: z.boolean().meta({ description: 'false: the node no longer holds it (dropped since the picture)' }),
  marking: z
    .string()
    .nullable()
    // Not the shared `marking` schema: a partner's banner is shown as its originator wrote it.
    .meta({ description: "the originator's marking: the node's track marking, or the last item's" }),
  item: z.string().optional().meta({ description: "a partner's: the item that last updated it" }),
  sender: nation.optional(),
  levelHere: z.string().optional(),
  received: isoInstant.optional(),
  admission: admission.nullable().optional().meta({
    description:
      "a partner's: the decision that let it in, from this node's audit log; null when the log has no such record (a node without a readable log)",
  }),
});

/** One position of an object's trajectory, as the node's picture held it (one a second). */
export const trajectorySample = z
  .object({
    time: isoInstant.meta({ description: "the estimate's time" }),
    latDeg: z.number(),
    lonDeg: z.number(),
    altitudeM: z.number(),
    speedMps: z.number(),
  })
  .meta({ title: 'trajectory sample' });

const trajectory = z.array(trajectorySample).meta({
  description:
    "the object's positions as this node's picture held them, one a second, oldest first (at most 1,200: twenty minutes of flight)",
});

export const trackDetail = z
  .object({
    nation,
    time: isoInstant,
    track,
    sources: z.array(source),
    trajectory,
  })
  .meta({ title: 'track detail' });

export const trajectories = z
  .object({
    nation,
    time: isoInstant,
    trajectories: z.array(z.object({ id: z.string(), samples: trajectory })),
  })
  .meta({ title: 'trajectories' });
