import { z } from 'zod';
import { IDENTITY_KINDS, isNation } from '../../domain/index.js';
import { isValidImo } from './identity.js';

/**
 * The maritime block of a scenario (`maritime:` in `scenarios/*.yaml`): the traffic window, the
 * shore and reception model, background density, the named vessels with their scripted
 * itineraries, the events they are meant to produce (checked against the truth derived from
 * their tracks), the near misses that must not fire, and the sensors that see ships.
 *
 * Times (`atS`, `fromS`) are scenario seconds from the scenario's `start`; they may be negative
 * down to `-leadInH` hours, the traffic before the scenario starts.
 */

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and hyphens')
  .describe('identifier: lower-case letters, digits and hyphens');
const latDeg = z.number().min(-90).max(90).describe('latitude, degrees north (WGS84)');
const lonDeg = z.number().min(-180).max(180).describe('longitude, degrees east (WGS84)');
const point = z.tuple([latDeg, lonDeg]).describe('[latitude, longitude], degrees');
const sourceText = z.string().min(1).describe('where the coordinates come from (title, date)');

/** The regions with bundled background lanes (src/sim/traffic/lanes.ts). */
export const TRAFFIC_REGIONS = ['yellow-sea', 'east-china-sea', 'sea-of-japan', 'south-china-sea'] as const;
export type TrafficRegion = (typeof TRAFFIC_REGIONS)[number];

/** Ship kinds, each with its AIS ship type, class and speeds (src/sim/traffic/identity.ts). */
export const SHIP_KINDS = ['tanker', 'cargo', 'fishing', 'passenger', 'government'] as const;
export type ShipKind = (typeof SHIP_KINDS)[number];

const receptionSchema = z
  .object({
    nearShoreNm: z
      .number()
      .min(0)
      .max(200)
      .default(40)
      .describe('within this distance of the shore, terrestrial receivers hear a ship'),
    nearShoreP: z
      .number()
      .min(0)
      .max(1)
      .default(0.92)
      .describe('probability a report is received near shore'),
    farP: z
      .number()
      .min(0)
      .max(1)
      .default(0.06)
      .describe('probability a report is received farther out (satellite AIS)'),
  })
  .strict();

const backgroundSchema = z
  .object({
    ships: z.number().int().min(0).max(20_000).describe('background ships over the regions'),
    regions: z.array(z.enum(TRAFFIC_REGIONS)).min(1).describe('regions whose bundled lanes they sail'),
    mix: z
      .partialRecord(z.enum(SHIP_KINDS), z.number().min(0))
      .optional()
      .describe(
        'relative share of each kind (default: tanker 2, cargo 4, fishing 3, passenger 0.5, government 0.5)',
      ),
  })
  .strict();

const placeSchema = z
  .object({
    id,
    kind: z
      .enum(['zone', 'port', 'anchorage'])
      .describe(
        'zone: territorial sea etc.; port: port-visit area; anchorage: encounters near it do not count',
      ),
    points: z
      .array(point)
      .min(1)
      .describe('the place is every point within radiusNm of one of these (islands, a port basin)'),
    radiusNm: z.number().positive().max(200),
    source: sourceText,
  })
  .strict();

const stepSchema = z
  .object({
    latDeg,
    lonDeg,
    atS: z
      .number()
      .optional()
      .describe(
        'the vessel reaches this point at this scenario time; legs between two pins take the speed that fits',
      ),
    speedKn: z.number().positive().max(40).optional().describe('speed on the leg to this point and after'),
    holdH: z
      .number()
      .positive()
      .max(500)
      .optional()
      .describe('stay here this long (drifting, anchored, moored or fishing)'),
    status: z
      .enum(['drifting', 'anchored', 'moored', 'fishing'])
      .default('drifting')
      .describe('navigational status during the hold'),
    driftKn: z.number().min(0).max(2).default(0).describe('drift speed during the hold'),
    driftDeg: z.number().min(0).lt(360).default(0).describe('drift direction, degrees true'),
    ais: z.enum(['on', 'off']).optional().describe('switch the transmitter on or off on arrival here'),
    aisAfterHold: z.enum(['on', 'off']).optional().describe('switch it on or off when the hold ends'),
  })
  .strict();

const imoSchema = z
  .number()
  .int()
  .refine(isValidImo, 'not a valid IMO number (seven digits, the last a check digit)');

const identityChangeSchema = z
  .object({
    atS: z.number().describe('from this scenario time on, the static data (type 5/24) carry the new values'),
    name: z
      .string()
      .min(1)
      .max(20)
      .regex(
        /^[A-Za-z0-9 .,-]+$/,
        'letters, digits, space and .,- (lower case and extra spaces allowed: a near miss that changes only padding or case)',
      )
      .optional()
      .describe('the new name'),
    imo: imoSchema.optional().describe('the new IMO number'),
    note: z.string().optional(),
  })
  .strict()
  .refine((c) => c.name !== undefined || c.imo !== undefined, 'give a new name, a new imo or both');

const gpsGlitchSchema = z
  .object({
    fromS: z.number().describe('scenario time the glitch begins'),
    toS: z.number().describe('scenario time it ends'),
    latDeg,
    lonDeg,
    note: z.string().optional(),
  })
  .strict()
  .refine((g) => g.toS > g.fromS, 'toS must be after fromS')
  .describe(
    'a GPS glitch: from fromS to toS the position reports carry this point (on land) instead of the true position',
  );

const vesselSchema = z
  .object({
    id,
    kind: z.enum(SHIP_KINDS),
    mmsi: z.number().int().min(0).max(999_999_999),
    imo: imoSchema.optional(),
    name: z
      .string()
      .min(1)
      .max(20)
      .regex(/^[A-Z0-9 .,-]+$/, 'AIS six-bit text: upper-case letters, digits, space and .,-'),
    callsign: z
      .string()
      .min(1)
      .max(7)
      .regex(/^[A-Z0-9]+$/),
    lengthM: z.number().positive().max(460).optional(),
    impersonates: id
      .optional()
      .describe('transmit as this other vessel (its MMSI, name and IMO): an MMSI spoofed by a second ship'),
    ais: z.enum(['on', 'off']).default('on').describe('transmitter at the start of the itinerary'),
    identityChanges: z
      .array(identityChangeSchema)
      .default([])
      .describe('changes of the transmitted name and/or IMO number (a sanctions-evasion practice)'),
    gpsGlitches: z
      .array(gpsGlitchSchema)
      .default([])
      .describe('spells when the position reports put the vessel on land'),
    itinerary: z.array(stepSchema).min(1),
    note: z.string().optional(),
  })
  .strict();

/** Events a scenario injects: the truth derived from the tracks must hold each of them. */
export const INJECTED_KINDS = [
  'encounter',
  'loitering',
  'gap',
  'identity',
  'zone-entry',
  'port-visit',
  'watchlist',
  'dark',
] as const;

/** Near misses: situations close to a definition that must NOT produce an event. */
export const NEAR_MISS_KINDS = [
  'passing',
  'anchorage-stop',
  'gap-near-shore',
  'name-padding',
  'near-coast',
  'rare-mid',
] as const;

const injectedSchema = z
  .object({
    kind: z.enum(INJECTED_KINDS),
    vessels: z.array(id).describe('the vessels involved (none for a dark contact found by position)'),
    zone: id.optional().describe('zone-entry and port-visit: the place id'),
    subKind: z
      .enum(IDENTITY_KINDS)
      .optional()
      .describe('identity: the sub-kind expected (the event evidence kind)'),
    note: z.string().min(1),
  })
  .strict();

const nearMissSchema = z
  .object({
    kind: z.enum(NEAR_MISS_KINDS),
    vessels: z.array(id).min(1),
    note: z.string().min(1),
  })
  .strict();

const box = z
  .object({ latMinDeg: latDeg, latMaxDeg: latDeg, lonMinDeg: lonDeg, lonMaxDeg: lonDeg })
  .strict()
  .refine((b) => b.latMinDeg < b.latMaxDeg && b.lonMinDeg < b.lonMaxDeg, 'min must be below max');

const sensorBase = {
  id,
  pd: z.number().min(0).max(1).describe('probability of detecting a ship in coverage, per look'),
  sigmaM: z.number().min(0).max(50_000).describe('position error, one sigma per axis, m'),
  nation: z
    .string()
    .refine(isNation, { error: 'not a known nation code' })
    .optional()
    .describe("the nation operating it: its contacts feed that nation's maritime desk (none without)"),
};

const maritimeSensorSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('radar'),
      ...sensorBase,
      latDeg,
      lonDeg,
      rangeNm: z.number().positive().max(300),
      periodS: z.number().min(10).max(3600).describe('time between looks'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('aircraft'),
      ...sensorBase,
      waypoints: z.array(point).min(2),
      speedKn: z.number().positive().max(600),
      fromS: z.number().describe('take-off time, scenario seconds'),
      rangeNm: z.number().positive().max(200).describe('detection range of its surface-search radar'),
      periodS: z.number().min(10).max(3600),
    })
    .strict(),
  z
    .object({
      kind: z.enum(['sar', 'rf']),
      ...sensorBase,
      passes: z
        .array(z.object({ atS: z.number(), area: box }).strict())
        .min(1)
        .describe('satellite passes: each images or listens to its area at one instant'),
    })
    .strict(),
]);

export const maritimeSchema = z
  .object({
    seed: z.number().int().default(1).describe('traffic seed (the command line may override it)'),
    leadInH: z
      .number()
      .min(0)
      .max(240)
      .default(0)
      .describe('traffic starts this long before the scenario start'),
    durationH: z.number().positive().max(480).describe('traffic ends this long after the scenario start'),
    shore: z
      .object({ source: sourceText, points: z.array(point).min(1) })
      .strict()
      .describe('coastline sample points: distance from shore is the distance to the nearest'),
    reception: receptionSchema.prefault({}),
    background: backgroundSchema.optional(),
    places: z.array(placeSchema).default([]),
    vessels: z.array(vesselSchema).default([]),
    receivers: z
      .array(
        z
          .object({
            id,
            nation: z.string().refine(isNation, { error: 'not a known nation code' }),
            latDeg,
            lonDeg,
            antennaHM: z.number().min(0).max(2_000).describe('antenna height above the sea, m'),
            note: z.string().min(1).describe('what it stands for (a patrol vessel on station, a lighthouse)'),
          })
          .strict(),
      )
      .default([])
      .describe(
        "AIS receivers of this scenario beyond the bundled coastal ones (data/maritime/ais-receivers.yaml), e.g. a coast guard vessel on station: each nation's feed hears what is in their range",
      ),
    watchList: z
      .array(
        z
          .object({
            mmsi: z.number().int().optional(),
            imo: z.number().int().optional(),
            name: z.string().optional(),
            note: z.string().min(1),
          })
          .strict(),
      )
      .default([])
      .describe('vessels of interest (by MMSI, IMO or name)'),
    injected: z.array(injectedSchema).default([]),
    nearMisses: z.array(nearMissSchema).default([]),
    sensors: z.array(maritimeSensorSchema).default([]),
  })
  .strict()
  .superRefine((m, ctx) => {
    const vessels = new Set<string>();
    const mmsis = new Set<number>();
    m.vessels.forEach((v, i) => {
      if (vessels.has(v.id))
        ctx.addIssue({ code: 'custom', path: ['vessels', i, 'id'], message: `duplicate vessel '${v.id}'` });
      vessels.add(v.id);
      if (v.impersonates === undefined) {
        if (mmsis.has(v.mmsi))
          ctx.addIssue({ code: 'custom', path: ['vessels', i, 'mmsi'], message: `duplicate MMSI ${v.mmsi}` });
        mmsis.add(v.mmsi);
      }
      v.itinerary.forEach((s, j) => {
        if (s.atS !== undefined && s.atS < -m.leadInH * 3600)
          ctx.addIssue({
            code: 'custom',
            path: ['vessels', i, 'itinerary', j, 'atS'],
            message: `before the traffic starts (leadInH ${m.leadInH})`,
          });
      });
    });
    const places = new Set(m.places.map((p) => p.id));
    m.vessels.forEach((v, i) => {
      if (v.impersonates !== undefined && !vessels.has(v.impersonates))
        ctx.addIssue({
          code: 'custom',
          path: ['vessels', i, 'impersonates'],
          message: `unknown vessel '${v.impersonates}'`,
        });
    });
    const checkRefs = (list: 'injected' | 'nearMisses', ids: readonly string[], i: number, zone?: string) => {
      ids.forEach((v, j) => {
        if (!vessels.has(v))
          ctx.addIssue({ code: 'custom', path: [list, i, 'vessels', j], message: `unknown vessel '${v}'` });
      });
      if (zone !== undefined && !places.has(zone))
        ctx.addIssue({ code: 'custom', path: [list, i, 'zone'], message: `unknown place '${zone}'` });
    };
    m.injected.forEach((e, i) => {
      checkRefs('injected', e.vessels, i, e.zone);
    });
    m.nearMisses.forEach((e, i) => {
      checkRefs('nearMisses', e.vessels, i);
    });
  });

export type MaritimeScenario = z.output<typeof maritimeSchema>;
export type MaritimeVessel = MaritimeScenario['vessels'][number];
export type ItineraryStep = MaritimeVessel['itinerary'][number];
export type MaritimePlace = MaritimeScenario['places'][number];
export type MaritimeSensor = MaritimeScenario['sensors'][number];
export type InjectedEvent = MaritimeScenario['injected'][number];
export type NearMiss = MaritimeScenario['nearMisses'][number];
export type Reception = MaritimeScenario['reception'];
