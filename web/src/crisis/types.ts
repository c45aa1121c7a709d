import type { z } from 'zod';
import type {
  ACTION_BODIES,
  consultationView,
  consultStreamMessage,
  conveneBody,
  eventResult,
} from '../../../src/api/consult-schemas.js';

// The crisis room's view of the consultation API: the zod schemas the node validates and serialises
// with, read as types (as web/src/api/types.ts does for the pictures). Type-only: no zod in the bundle.

export type Consultation = z.output<typeof consultationView>;
export type ConsultMessage = z.output<typeof consultStreamMessage>;
export type EventResult = z.output<typeof eventResult>;
export type ConveneBody = z.input<typeof conveneBody>;
/** The body each action route takes (`acknowledge`, `posts`, `statements`, ...). */
export type ActionBodies = { [K in keyof typeof ACTION_BODIES]: z.input<(typeof ACTION_BODIES)[K]> };
export type ActionRoute = keyof ActionBodies;
export type Statement = Consultation['statements'][number];
export type StatementVersion = Statement['versions'][number];
export type Ack = Consultation['acks'][number];
export type { Level } from '../../../src/consult/model.js';
