import { z } from 'zod';
import { CONTINGENCIES } from '../domain/contingencies.js';
import { NATION_CODES, type Nation, TRILATERAL } from '../domain/nations.js';
import { maritimeSchema } from './traffic/schema.js';

/**
 * The scenario file format: the one schema that validates `scenarios/*.yaml` and is published as
 * `scenarios/scenario.schema.json`. Cross-references (missile classes, bundled sensor ids) are
 * checked by `scenarioSchemaWithSites` at load time; the structure lives here only.
 */

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and hyphens')
  .describe('identifier: lower-case letters, digits and hyphens');
const latDeg = z.number().min(-90).max(90).describe('latitude, degrees north (WGS84)');
const lonDeg = z.number().min(-180).max(180).describe('longitude, degrees east (WGS84)');

export const nationSchema = z
  .enum(NATION_CODES as [Nation, ...Nation[]])
  .describe('ISO 3166-1 alpha-3 code of the operating nation');

export const sourceSchema = z
  .object({
    title: z.string().min(1),
    date: z
      .string()
      .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'YYYY, YYYY-MM or YYYY-MM-DD')
      .describe('publication date: YYYY, YYYY-MM or YYYY-MM-DD'),
  })
  .strict()
  .describe('a public source for a fact');

const fixedPlatform = z
  .object({
    kind: z.literal('fixed'),
    latDeg,
    lonDeg,
    hM: z.number().min(-500).max(9000).default(0).describe('antenna height above the ellipsoid, m'),
  })
  .strict();

const shipPlatform = z
  .object({
    kind: z.literal('ship'),
    antennaHeightM: z.number().min(0).max(100).describe('antenna height above sea level, m'),
    speedMps: z.number().positive().max(30).describe('speed along the route, m/s'),
    waypoints: z
      .array(z.object({ latDeg, lonDeg }).strict())
      .min(2)
      .describe('route, followed along great circles'),
    loop: z.boolean().default(false).describe('after the last waypoint, sail back to the first and repeat'),
  })
  .strict();

export const platformSchema = z.discriminatedUnion('kind', [fixedPlatform, shipPlatform]);

export const radarPerformanceSchema = z
  .object({
    maxRangeM: z.number().positive().max(6_000_000),
    minRangeM: z.number().min(0).default(0),
    minElevationDeg: z.number().min(-10).max(90).default(0).describe('lowest apparent (refracted) elevation'),
    maxElevationDeg: z.number().min(-10).max(90).default(90),
    azimuthSector: z
      .object({
        centreDeg: z.number().min(0).lt(360),
        widthDeg: z.number().positive().max(360),
      })
      .strict()
      .optional()
      .describe('true-bearing sector the radar covers; omitted means all round'),
    scanPeriodS: z.number().min(0.1).max(60),
    sigmaRangeM: z.number().min(0),
    sigmaAzDeg: z.number().min(0).max(10),
    sigmaElDeg: z.number().min(0).max(10),
    pd: z.number().min(0).max(1).describe('probability of detection per scan of a target in coverage'),
    falseAlarmsPerScan: z
      .number()
      .min(0)
      .max(100)
      .default(0)
      .describe('mean number of false alarms per scan'),
    assumed: z.boolean().describe('true when the figures are assumptions (performance is rarely public)'),
    rationale: z.string().min(1).describe('one line: where the figures come from or why they were assumed'),
  })
  .strict();

export const sensorDefinitionSchema = z
  .object({
    id,
    name: z.string().min(1),
    nation: nationSchema,
    type: z.string().min(1).describe('equipment type, e.g. AN/TPY-2'),
    platform: platformSchema,
    performance: radarPerformanceSchema,
    source: sourceSchema.optional(),
    note: z.string().optional(),
  })
  .strict();

export const sensorRefSchema = z
  .object({
    ref: id.describe('id of a site in data/sensor-sites.yaml'),
    pd: z.number().min(0).max(1).optional(),
    falseAlarmsPerScan: z.number().min(0).max(100).optional(),
  })
  .strict();

const stageSchema = z
  .object({
    burnTimeS: z.number().positive().max(1000),
    accelStartMps2: z.number().positive().max(500).describe('thrust / mass at ignition, m/s^2'),
    accelEndMps2: z.number().positive().max(2000).describe('thrust / mass at burnout, m/s^2'),
  })
  .strict()
  .refine((s) => s.accelEndMps2 >= s.accelStartMps2, {
    message: 'accelEndMps2 must be at least accelStartMps2 (mass only falls)',
    path: ['accelEndMps2'],
  });

/** Drag (and the lift a manoeuvre may use) of a missile class; absent: the flight is in vacuum. */
const aeroSchema = z
  .object({
    ballisticCoefficientKgPerM2: z
      .number()
      .min(100)
      .max(100_000)
      .describe(
        'm / (Cd A), kg/m^2: drag deceleration is rho v^2 / (2 beta), rho from the U.S. Standard Atmosphere 1976',
      ),
    liftToDrag: z
      .number()
      .min(0)
      .max(5)
      .default(0)
      .describe('the largest lift / drag the body can pull (a manoeuvre needs it above 0)'),
  })
  .strict();

export const missileClassSchema = z
  .object({
    description: z.string().min(1),
    stages: z.array(stageSchema).min(1),
    verticalRiseS: z.number().min(0).max(60),
    pitchOverS: z.number().positive().max(600),
    aero: aeroSchema.optional().describe('atmospheric drag and lift; omitted: no atmosphere'),
    assumed: z.boolean(),
    rationale: z.string().min(1),
  })
  .strict();

const aimSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('point'), latDeg, lonDeg }).strict(),
  z
    .object({
      kind: z.literal('bearing'),
      azimuthDeg: z.number().min(0).lt(360),
      rangeM: z.number().positive().max(15_000_000).describe('great-circle distance on the mean sphere, m'),
    })
    .strict(),
]);

const profileSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('minimum-energy') }).strict(),
  z.object({ kind: z.literal('lofted'), apogeeM: z.number().positive().max(20_000_000) }).strict(),
  z.object({ kind: z.literal('depressed'), apogeeM: z.number().positive().max(20_000_000) }).strict(),
]);

const manoeuvreSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('pull-up'),
      belowAltitudeM: z
        .number()
        .positive()
        .max(100_000)
        .describe('on the way down, the pull-up starts when the body goes below this height'),
      durationS: z
        .number()
        .positive()
        .max(600)
        .describe('how long the lift is turned upward (a smooth bump)'),
    })
    .strict()
    .describe('quasi-ballistic pull-up in the descent (KN-23-like)'),
  z
    .object({
      kind: z.literal('glide'),
      altitudeM: z.number().min(10_000).max(100_000).describe('height the glide holds while its lift allows'),
      diveBelowSpeedMps: z
        .number()
        .positive()
        .max(10_000)
        .default(1500)
        .describe('below this speed the lift fades out and the vehicle dives'),
    })
    .strict()
    .describe('boost, then an equilibrium glide on lift (HGV-like)'),
]);

export const missileSchema = z
  .object({
    id,
    class: id.describe('key in missileClasses'),
    launch: z
      .object({
        latDeg,
        lonDeg,
        hM: z.number().min(-500).max(9000).default(0),
        afterS: z.number().min(0).describe('launch time, seconds after the scenario start'),
      })
      .strict(),
    aim: aimSchema,
    profile: profileSchema,
    manoeuvre: manoeuvreSchema
      .optional()
      .describe("flown on lift after burnout; needs the class's aero with liftToDrag above 0"),
    note: z.string().optional(),
  })
  .strict();

export const regionSchema = z
  .object({
    latMinDeg: latDeg,
    latMaxDeg: latDeg,
    lonMinDeg: lonDeg,
    lonMaxDeg: lonDeg,
    altMinM: z.number().min(0),
    altMaxM: z.number().positive(),
  })
  .strict();

/**
 * The kinds of governance act a scenario may schedule (src/governance's ACT_KINDS; a test keeps the
 * two lists equal: this folder may not import that one).
 */
export const GOVERNANCE_ACT_KINDS = [
  'notice',
  'suspend-notice',
  'withdraw-notice',
  'suspend',
  'resume',
  'narrow',
  'leave',
  'propose',
  'sign',
] as const;

/** A governance act a nation's administrator makes at a scenario instant, through its own node. */
export const governanceEntrySchema = z
  .object({
    atS: z.number().min(0).describe('scenario seconds from the start'),
    nation: nationSchema.describe('the acting nation: acts on its own node, signed as itself'),
    kind: z.enum(GOVERNANCE_ACT_KINDS),
    target: z.string().min(1).describe('the agreement or coalition (for sign: the proposal id)'),
    body: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('what the kind takes, as the API takes it (docs/governance.md)'),
    label: z.string().min(1).optional().describe('what the act stands for, e.g. history or a hypothesis'),
  })
  .strict();

/** The status events an agreement's recorded history may hold (data/agreements.yaml). */
export const HISTORY_EVENT_TYPES = [
  'termination-notice',
  'notice-suspended',
  'notice-reinstated',
  'notice-withdrawn',
  'suspended',
  'resumed',
  'terminated',
] as const;

/**
 * A HYPOTHETICAL branch's past: events of the agreements file's recorded history that did not happen
 * in this branch. Every node of the run starts from the file without them.
 */
export const hypotheticalSchema = z
  .object({
    label: z
      .string()
      .regex(/HYPOTHETICAL/, { error: "a branch's label says it is HYPOTHETICAL" })
      .describe('what the branch supposes, marked HYPOTHETICAL'),
    omitHistory: z
      .array(
        z
          .object({
            agreement: id.describe('the agreement of data/agreements.yaml'),
            type: z.enum(HISTORY_EVENT_TYPES).describe('the recorded event'),
            date: z.iso.date().describe('its recorded date (YYYY-MM-DD), as the file has it'),
          })
          .strict(),
      )
      .min(1)
      .describe('recorded events this branch leaves out of the agreements history'),
  })
  .strict();

/** What a watch officer does, and when: played through the node's consultation desk as an operator would. */
export const WATCH_ACTIONS = ['acknowledge', 'post', 'propose', 'approve', 'reject', 'close'] as const;

export const watchActionSchema = z
  .object({
    atS: z.number().min(0).describe('scenario seconds from the start'),
    nation: nationSchema.describe("the watch officer's nation: acts on its own node, as itself"),
    action: z.enum(WATCH_ACTIONS),
    rule: id
      .optional()
      .describe('act in the latest open consultation a rule of this id convened (default: any)'),
    text: z.string().min(1).optional().describe('post and propose: the text'),
    marking: z.string().min(1).optional().describe('post: the banner; propose: default unclassified'),
    statement: z
      .string()
      .min(1)
      .optional()
      .describe('propose, approve, reject: the statement (default joint)'),
    reason: z.string().min(1).optional().describe('reject: why'),
    outcome: z.string().min(1).optional().describe('close: the outcome'),
  })
  .strict()
  .superRefine((a, ctx) => {
    const need = (field: 'text' | 'marking' | 'reason') => {
      if (a[field] === undefined)
        ctx.addIssue({ code: 'custom', path: [field], message: `a ${a.action} needs ${field}` });
    };
    if (a.action === 'post') {
      need('text');
      need('marking');
    }
    if (a.action === 'propose') need('text');
    if (a.action === 'reject') need('reason');
  });

/** The trigger kinds a scenario can script (missile warnings come from the nodes' own warnings). */
export const INCIDENT_KINDS = ['maritime-incursion', 'armed-attack'] as const;

const incidentBase = {
  id: id.describe("the trigger's id, unique in the scenario; named in the consultation's subject"),
  atS: z.number().min(0).describe('scenario seconds from the start'),
  nation: nationSchema.describe('the nation whose node observes the incident and raises it to its rules'),
  description: z.string().min(1).describe('what happened, in one or two sentences'),
  source: sourceSchema.optional().describe('the public report the incident is modelled on'),
  assumption: z.boolean().optional().describe('true when the incident is invented for the exercise'),
};

/**
 * A timed incident a scenario scripts: at `atS` the named nation's node raises it as a trigger to
 * its consultation rules, as it does its own missile warnings. Sourced, or marked an assumption.
 */
export const incidentSchema = z
  .discriminatedUnion('kind', [
    z
      .object({
        kind: z.literal('maritime-incursion'),
        ...incidentBase,
        zone: id.describe('maritime zone id the rules match, e.g. senkaku-territorial-sea'),
        coastalNation: nationSchema.optional().describe('the state whose waters these are'),
        vesselFlag: nationSchema.optional().describe('flag state of the intruding vessels'),
      })
      .strict(),
    z
      .object({
        kind: z.literal('armed-attack'),
        ...incidentBase,
        contingency: z.enum(CONTINGENCIES).describe('the contingency the attack is part of'),
        against: z.array(nationSchema).min(1).optional().describe('the attacked parties'),
      })
      .strict(),
  ])
  .superRefine((i, ctx) => {
    if (i.source === undefined && i.assumption !== true)
      ctx.addIssue({
        code: 'custom',
        path: ['source'],
        message: 'an incident needs a source, or assumption: true when it is invented',
      });
  });

export const scenarioSchema = z
  .object({
    name: id,
    description: z.string().min(1),
    start: z.iso.datetime({ offset: true }).describe('ISO 8601 date-time with zone'),
    nations: z
      .array(nationSchema)
      .min(2)
      .default([...TRILATERAL])
      .describe(
        'the nations that run a node in this scenario, in the order the commands list them (default USA, JPN, KOR); every sensor, incident and watch action belongs to one of them',
      ),
    launchState: nationSchema
      .default('PRK')
      .describe('the state whose missiles these are: shared tracks are marked as concerning it'),
    durationS: z.number().positive().max(86_400),
    truthPeriodS: z.number().min(0.1).max(60).default(1).describe('spacing of the truth rows, s'),
    missileClasses: z.record(id, missileClassSchema),
    missiles: z.array(missileSchema),
    sensors: z.array(sensorRefSchema).default([]).describe('bundled sensor sites by id'),
    inlineSensors: z.array(sensorDefinitionSchema).default([]).describe('sensors defined in this file'),
    falseAlarms: z
      .object({
        perScan: z
          .number()
          .min(0)
          .max(100)
          .optional()
          .describe('overrides every sensor’s falseAlarmsPerScan'),
        region: regionSchema
          .optional()
          .describe('draw false alarms here (and in coverage) instead of the whole coverage'),
      })
      .strict()
      .optional(),
    watch: z
      .array(watchActionSchema)
      .default([])
      .describe(
        "watch officers' timed actions on the consultation each acts in (the latest open one its nation takes part in)",
      ),
    incidents: z
      .array(incidentSchema)
      .default([])
      .describe('timed incidents each raised by one nation node to its consultation rules'),
    governance: z
      .array(governanceEntrySchema)
      .default([])
      .describe(
        "governance acts on agreements and coalitions, each made by one nation's node at its instant",
      ),
    hypothetical: hypotheticalSchema
      .optional()
      .describe('a HYPOTHETICAL branch: recorded agreement history it leaves out (docs/governance.md)'),
    maritime: maritimeSchema
      .optional()
      .describe('ships, AIS, sensor contacts and ground truth (src/sim/traffic)'),
  })
  .strict()
  .superRefine((s, ctx) => {
    const nodes = new Set<Nation>();
    s.nations.forEach((n, i) => {
      if (nodes.has(n))
        ctx.addIssue({ code: 'custom', path: ['nations', i], message: `${n} is listed twice` });
      if (n === s.launchState)
        ctx.addIssue({
          code: 'custom',
          path: ['nations', i],
          message: `${n} is the launch state (launchState), not a nation that runs a node`,
        });
      nodes.add(n);
    });
    const listed = `nations: ${s.nations.join(', ')}`;
    const noNode = (path: (string | number)[], n: Nation, what: string) =>
      ctx.addIssue({
        code: 'custom',
        path,
        message: `${what} is ${n}'s, but ${n} runs no node in this scenario (${listed}): add ${n} to nations`,
      });
    s.inlineSensors.forEach((d, i) => {
      if (!nodes.has(d.nation)) noNode(['inlineSensors', i, 'nation'], d.nation, `sensor ${d.id}`);
    });
    s.incidents.forEach((x, i) => {
      if (!nodes.has(x.nation)) noNode(['incidents', i, 'nation'], x.nation, `incident ${x.id}`);
    });
    s.governance.forEach((a, i) => {
      if (!nodes.has(a.nation))
        noNode(
          ['governance', i, 'nation'],
          a.nation,
          `the governance act at ${a.atS} s (${a.kind} ${a.target})`,
        );
    });
    s.watch.forEach((a, i) => {
      if (!nodes.has(a.nation))
        noNode(['watch', i, 'nation'], a.nation, `the watch action at ${a.atS} s (${a.action})`);
    });
    s.missiles.forEach((m, i) => {
      if (!Object.hasOwn(s.missileClasses, m.class)) {
        ctx.addIssue({
          code: 'custom',
          path: ['missiles', i, 'class'],
          message: `unknown missile class '${m.class}' (defined: ${Object.keys(s.missileClasses).join(', ') || 'none'})`,
        });
      } else if (m.manoeuvre !== undefined && !((s.missileClasses[m.class]!.aero?.liftToDrag ?? 0) > 0)) {
        ctx.addIssue({
          code: 'custom',
          path: ['missiles', i, 'manoeuvre'],
          message: `a ${m.manoeuvre.kind} flies on lift: class '${m.class}' needs aero with liftToDrag above 0`,
        });
      }
    });
    const seen = new Set<string>();
    s.missiles.forEach((m, i) => {
      if (seen.has(m.id))
        ctx.addIssue({ code: 'custom', path: ['missiles', i, 'id'], message: `duplicate id '${m.id}'` });
      seen.add(m.id);
    });
    const incidents = new Set<string>();
    s.incidents.forEach((x, i) => {
      if (incidents.has(x.id))
        ctx.addIssue({ code: 'custom', path: ['incidents', i, 'id'], message: `duplicate id '${x.id}'` });
      incidents.add(x.id);
      if (x.atS > s.durationS)
        ctx.addIssue({
          code: 'custom',
          path: ['incidents', i, 'atS'],
          message: `after the scenario's end (durationS ${s.durationS})`,
        });
    });
  });

export type ScenarioFile = z.output<typeof scenarioSchema>;
export type WatchAction = z.output<typeof watchActionSchema>;
export type GovernanceEntry = z.output<typeof governanceEntrySchema>;
export type Hypothetical = z.output<typeof hypotheticalSchema>;
export type ScenarioIncident = z.output<typeof incidentSchema>;
export type SensorDefinition = z.output<typeof sensorDefinitionSchema>;
export type RadarPerformance = z.output<typeof radarPerformanceSchema>;
export type Platform = z.output<typeof platformSchema>;
export type Region = z.output<typeof regionSchema>;
export type MissileFile = z.output<typeof missileSchema>;
export type MissileClassFile = z.output<typeof missileClassSchema>;

/** `data/sensor-sites.yaml`: bundled sensors, each with its public source and a note. */
export const sensorSitesSchema = z
  .object({
    sites: z.array(
      sensorDefinitionSchema.extend({
        source: sourceSchema,
        note: z.string().min(1),
      }),
    ),
  })
  .strict()
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    f.sites.forEach((s, i) => {
      if (seen.has(s.id))
        ctx.addIssue({ code: 'custom', path: ['sites', i, 'id'], message: `duplicate id '${s.id}'` });
      seen.add(s.id);
    });
  });

/**
 * The scenario schema plus the checks that need the bundled sensor catalogue: every `sensors[].ref`
 * names a bundled site of a nation that runs a node (`nations`), and sensor ids are unique across
 * bundled and inline sensors. Used for parsing so those errors, too, come back with a line and column.
 */
export function scenarioSchemaWithSites(sites: ReadonlyMap<string, { readonly nation: Nation }>) {
  return scenarioSchema.superRefine((s, ctx) => {
    const ids = new Set<string>();
    s.sensors.forEach((r, i) => {
      const site = sites.get(r.ref);
      if (site === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['sensors', i, 'ref'],
          message: `unknown sensor site '${r.ref}'`,
        });
      } else if (!s.nations.includes(site.nation)) {
        ctx.addIssue({
          code: 'custom',
          path: ['sensors', i, 'ref'],
          message: `sensor ${r.ref} is ${site.nation}'s, but ${site.nation} runs no node in this scenario (nations: ${s.nations.join(', ')}): add ${site.nation} to nations`,
        });
      }
      if (ids.has(r.ref))
        ctx.addIssue({ code: 'custom', path: ['sensors', i, 'ref'], message: `duplicate sensor '${r.ref}'` });
      ids.add(r.ref);
    });
    s.inlineSensors.forEach((d, i) => {
      if (ids.has(d.id))
        ctx.addIssue({
          code: 'custom',
          path: ['inlineSensors', i, 'id'],
          message: `duplicate sensor '${d.id}'`,
        });
      ids.add(d.id);
    });
  });
}
