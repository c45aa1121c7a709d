import { z } from 'zod';
import { isoInstant, nation } from './schema.js';

// The payloads of the replay routes (replay-api.ts), apart from the routes so that the console's
// type-check reads them without Fastify.

/** The slowest and fastest replay speeds (scenario seconds per wall-clock second). */
export const REPLAY_SPEEDS = { min: 0.1, max: 10_000 } as const;

export const replayScenario = z.object({
  name: z.string(),
  description: z.string(),
  durationS: z.number(),
  nations: z.array(nation),
});

export const replayState = z.object({
  scenario: z.string().meta({ description: 'the scenario the network runs now' }),
  start: isoInstant.meta({ description: "the scenario's start" }),
  time: isoInstant.meta({ description: 'the scenario clock now' }),
  t: z.number().meta({ description: "the scenario clock now, seconds from the scenario's start" }),
  durationS: z.number().meta({ description: "the scenario's length, seconds" }),
  speed: z.number().meta({ description: 'scenario seconds per wall-clock second' }),
  paused: z.boolean(),
  ended: z.boolean().meta({ description: "the clock stands at the scenario's end" }),
  run: z.int().positive().meta({
    description:
      'how many runs the network has made: 1, then one more for each backward seek or switch (a client that sees it change holds a picture of a run that is gone)',
  }),
  scenarios: z.array(replayScenario).meta({ description: 'the scenarios the network may switch to' }),
});
export type ReplayStateBody = z.output<typeof replayState>;

export const replayAction = z.object({
  action: z.enum(['play', 'pause', 'speed', 'seek', 'scenario']).meta({
    description:
      '`play`, `pause`; `speed` (with `speed`); `seek` (with `t`: forward runs ahead as fast as the machine goes, backward re-runs the scenario from its start on fresh stores); `scenario` (with `scenario`: re-runs the network on it from its start)',
  }),
  speed: z
    .number()
    .min(REPLAY_SPEEDS.min)
    .max(REPLAY_SPEEDS.max)
    .optional()
    .meta({
      description: `scenario seconds per wall-clock second, ${REPLAY_SPEEDS.min} to ${REPLAY_SPEEDS.max}`,
    }),
  t: z
    .number()
    .min(0)
    .optional()
    .meta({ description: "seek: scenario seconds from the scenario's start, 0 to its durationS" }),
  scenario: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'scenario: the name of one of `scenarios`' }),
});
export type ReplayActionInput =
  | { readonly action: 'play' }
  | { readonly action: 'pause' }
  | { readonly action: 'speed'; readonly speed: number }
  | { readonly action: 'seek'; readonly t: number }
  | { readonly action: 'scenario'; readonly name: string };

const markAt = {
  t: z.number().meta({ description: "scenario seconds from the scenario's start" }),
  time: isoInstant,
};
const warningMark = {
  trackId: z.string().meta({ description: "the object of the nation's picture the warning is about" }),
  reason: z.string().meta({ description: 'e.g. impact, possible-impact, overflight, possible-overflight' }),
  area: z.string().meta({ description: 'the area by name, e.g. `JPN land`, `JPN EEZ`, `Misawa Air Base`' }),
};

export const replayMark = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('launch').meta({ description: "a launch of the scenario (its file's ground truth)" }),
    ...markAt,
    missile: z.string().meta({ description: "the missile's id in the scenario, e.g. irbm-1" }),
    className: z.string().meta({ description: "the missile's class, e.g. hwasong-12" }),
  }),
  z.object({
    kind: z.literal('warning').meta({ description: 'a warning the nation’s node issued to it' }),
    ...markAt,
    ...warningMark,
  }),
  z.object({
    kind: z.literal('withdrawal').meta({ description: 'a warning the nation’s node withdrew' }),
    ...markAt,
    ...warningMark,
  }),
]);

export const replayMarks = z.object({
  scenario: z.string().meta({ description: 'the scenario the network runs now' }),
  run: z.int().positive().meta({ description: 'the run the marks belong to (as in the replay state)' }),
  t: z.number().meta({ description: 'the scenario clock when the marks were read, seconds' }),
  marks: z.array(replayMark).meta({
    description:
      "in time order: the scenario's launches (all of them, known beforehand), and the warnings the nation's own node issued and withdrew up to now (its own alerts, nothing of another nation's)",
  }),
});
export type ReplayMarksBody = z.output<typeof replayMarks>;
