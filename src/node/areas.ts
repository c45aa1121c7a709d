import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { type Nation, parseYaml } from '../domain/index.js';
import {
  type MaritimeZone,
  maritimeZones,
  type TerritoryIndex,
  territoryIndex,
  type ZoneIndex,
} from '../geo/index.js';
import { nationSchema, sourceSchema } from '../sim/scenario-schema.js';
import { loadTerritories } from './territories.js';

/** A nation's forces' base abroad (or at home), protected as a circle around a public point. */
export interface Base {
  readonly id: string;
  readonly name: string;
  /** The nation whose forces hold it, and which is warned. */
  readonly nation: Nation;
  /** The state it lies in. */
  readonly host: Nation;
  readonly latDeg: number;
  readonly lonDeg: number;
  readonly radiusM: number;
  readonly source: { readonly title: string; readonly date: string };
}

const basesSchema = z
  .object({
    bases: z.array(
      z
        .object({
          id: z.string().regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and hyphens'),
          name: z.string().min(1),
          nation: nationSchema,
          host: nationSchema,
          latDeg: z.number().min(-90).max(90),
          lonDeg: z.number().min(-180).max(180),
          radiusM: z.number().positive().max(50_000),
          source: sourceSchema,
        })
        .strict(),
    ),
  })
  .strict()
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    f.bases.forEach((b, i) => {
      if (seen.has(b.id))
        ctx.addIssue({ code: 'custom', path: ['bases', i, 'id'], message: `duplicate id '${b.id}'` });
      seen.add(b.id);
    });
  });

/**
 * Parses `data/us-bases.yaml`-style text; errors name the file, line and field.
 * @example parseBases(text, 'data/us-bases.yaml')[0].name // 'Misawa Air Base'
 */
export function parseBases(text: string, source: string): Base[] {
  return parseYaml(text, source, basesSchema).bases;
}

/** Where a point lies among what a warning protects: land, territorial sea, EEZ, or a base. */
export type AreaZone = MaritimeZone | 'base';

export interface AreaHit {
  readonly nation: string;
  readonly zone: AreaZone;
  /** A name for people: the nation's land or sea, or the base's name. */
  readonly area: string;
}

/** What warnings protect: every nation's land and (approximate) maritime zones, and bases. */
export interface ProtectedAreas {
  readonly territories: TerritoryIndex;
  readonly zones: ZoneIndex;
  readonly bases: readonly Base[];
  /** The base of `nation` within whose radius the point lies, if any. */
  baseAt(latDeg: number, lonDeg: number, nation: string): Base | null;
  /** The nation's base nearest the segment a-b within its radius (a ground-track step), if any. */
  baseAlong(a: LatLon, b: LatLon, nation: string): Base | null;
  /** What of `nation`'s the point is in: a base, its land, territorial sea or EEZ; else null. */
  areaOf(latDeg: number, lonDeg: number, nation: string): AreaHit | null;
  /**
   * `areaOf` where it is the nation's land, territorial sea or EEZ, null where it is a base or
   * nothing of the nation's: what a swept region's grid asks (its bases are tested apart), with
   * the zone looked up before the bases, since most points are in none.
   */
  landOrSeaOf(latDeg: number, lonDeg: number, nation: string): AreaHit | null;
}

export interface LatLon {
  readonly latDeg: number;
  readonly lonDeg: number;
}

const R = 6_371_008.8;
const DEG = Math.PI / 180;

/** Distance, m, from point p to the segment a-b on a local projection around p (short segments). */
function distanceToSegmentM(p: LatLon, a: LatLon, b: LatLon): number {
  const kx = R * DEG * Math.cos(p.latDeg * DEG);
  const ky = R * DEG;
  const dl = (lon: number) => ((((lon - p.lonDeg + 540) % 360) + 360) % 360) - 180;
  const ax = dl(a.lonDeg) * kx;
  const ay = (a.latDeg - p.latDeg) * ky;
  const bx = dl(b.lonDeg) * kx;
  const by = (b.latDeg - p.latDeg) * ky;
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, -(ax * dx + ay * dy) / len2));
  return Math.hypot(ax + t * dx, ay + t * dy);
}

const NAMES: Record<MaritimeZone, string> = {
  land: 'land',
  'territorial-sea': 'territorial sea',
  eez: 'EEZ',
};

export function protectedAreas(territories: TerritoryIndex, bases: readonly Base[]): ProtectedAreas {
  const zones = maritimeZones(territories);
  const within = (p: LatLon, b: Base) => distanceToSegmentM(p, b, b) <= b.radiusM;
  const baseAt = (latDeg: number, lonDeg: number, nation: string) =>
    bases.find((b) => b.nation === nation && within({ latDeg, lonDeg }, b)) ?? null;
  return {
    territories,
    zones,
    bases,
    baseAt,
    baseAlong(a, b, nation) {
      return bases.find((x) => x.nation === nation && distanceToSegmentM(x, a, b) <= x.radiusM) ?? null;
    },
    areaOf(latDeg, lonDeg, nation) {
      const base = baseAt(latDeg, lonDeg, nation);
      if (base) return { nation, zone: 'base', area: base.name };
      const z = zones.zoneOf(latDeg, lonDeg, nation);
      if (!z) return null;
      return { nation, zone: z.zone, area: `${nation} ${NAMES[z.zone]}` };
    },
    landOrSeaOf(latDeg, lonDeg, nation) {
      const z = zones.zoneOf(latDeg, lonDeg, nation);
      if (!z || baseAt(latDeg, lonDeg, nation)) return null;
      return { nation, zone: z.zone, area: `${nation} ${NAMES[z.zone]}` };
    },
  };
}

/** The bundled areas: Natural Earth land of every country and the bases in `basesFile`. */
export function loadProtectedAreas(basesFile: string): ProtectedAreas {
  return protectedAreas(
    territoryIndex(loadTerritories()),
    parseBases(readFileSync(basesFile, 'utf8'), basesFile),
  );
}
