import { z } from 'zod';
import { TOPIC_NAMES } from '../domain/index.js';
import { isoInstant, nation } from './schema.js';

// The sharing routes' payloads: the releasability the node computes (src/domain sharingMatrix, which
// is decide() itself) for its nation's flows at one instant, and who the token's holder is.

export const sharingQuery = z.object({
  at: z.string().optional().meta({
    description:
      "the instant to decide at: ISO date (YYYY-MM-DD, 00:00 UTC) or date-time with a zone (default: now on the node's clock)",
  }),
});

const topic = z.enum(TOPIC_NAMES as [string, ...string[]]);

const flow = z.object({
  level: z.string().meta({ description: "the originator's highest level that may flow, e.g. GOKUHI" }),
  english: z.string().meta({ description: 'its English equivalent, e.g. SECRET' }),
  agreement: z.string().meta({ description: 'the id of the agreement that allows it' }),
  concerning: nation
    .optional()
    .meta({ description: 'set when only items about this state may flow (e.g. TISA: PRK)' }),
});

export const sharingCell = z.object({
  from: nation,
  to: nation,
  topic,
  direct: flow.nullable().meta({ description: 'null when nothing may flow directly' }),
  via: z
    .array(flow.extend({ relay: nation }))
    .meta({ description: 'relayed routes that carry the topic where the direct one does not, or higher' }),
});

export const sharingPage = z.object({
  nation,
  at: isoInstant,
  topics: z.array(topic),
  nations: z
    .array(nation)
    .meta({ description: "the nations the node's nation shares any agreement with, and itself" }),
  cells: z.array(sharingCell).meta({
    description:
      "every ordered pair with the node's nation as sender or recipient and a topic on which something may flow; a pair and topic not listed: nothing may flow",
  }),
  agreements: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      parties: z.array(nation),
      inForce: z.boolean(),
      state: z.string().meta({ description: 'e.g. in-force, in-force-notice-pending, suspended' }),
      detail: z.string(),
    }),
  ),
});

export const sessionPage = z.object({
  nation,
  role: z.enum(['operator', 'administrator']),
});
