import Flatbush from 'flatbush';
import { type TerritoryIndex, wrapLonDeg } from './territory.js';
import { MEAN_EARTH_RADIUS_M } from './wgs84.js';

/** Where a point lies relative to the nation that owns it (UNCLOS: 12 nm, 200 nm). */
export const MARITIME_ZONES = ['land', 'territorial-sea', 'eez'] as const;
export type MaritimeZone = (typeof MARITIME_ZONES)[number];

export const NAUTICAL_MILE_M = 1_852;
export const TERRITORIAL_SEA_M = 12 * NAUTICAL_MILE_M;
export const EEZ_M = 200 * NAUTICAL_MILE_M;

export interface ZoneHit {
  /** The nation the point belongs to (land) or whose coast is nearest within 200 nm (sea). */
  readonly nation: string;
  readonly zone: MaritimeZone;
  /** Distance to that nation's nearest coast, m (0 on land). */
  readonly coastDistanceM: number;
}

export interface ZoneIndex {
  /** The land, territorial sea or EEZ the point lies in, or null (high seas). */
  zoneAt(latDeg: number, lonDeg: number): ZoneHit | null;
}

const DEG = Math.PI / 180;

/**
 * Maritime zones approximated from the land polygons of `territories`: a sea point belongs to the
 * nation with the nearest coast (the equidistance principle that bilateral boundaries usually
 * start from), as territorial sea within 12 nm of it and as EEZ within 200 nm. Not the claimed or
 * agreed lines: baselines, islands too small for the land data (Hateruma, Yonaguni, the
 * Senkakus, Takeshima/Dokdo, Okinotorishima at 1:50m) and negotiated boundaries are not
 * modelled, so points near a boundary may fall on the other side of the real line. Distances are
 * measured on a local equirectangular projection around the query point (error well under 1 %
 * within 200 nm, away from the poles).
 * @example maritimeZones(territoryIndex(fc)).zoneAt(23.6, 123.2) // { nation: 'JPN', zone: 'eez', ... }
 */
export function maritimeZones(territories: TerritoryIndex): ZoneIndex {
  // Every coastline segment, boxed in degrees.
  const nations: string[] = [];
  const coords: number[] = [];
  for (const { nation, ring } of territories.rings) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const a = ring[i]!;
      const b = ring[i + 1]!;
      nations.push(nation);
      coords.push(a[0]!, a[1]!, b[0]!, b[1]!);
    }
  }
  const tree = new Flatbush(Math.max(1, nations.length));
  for (let i = 0; i < nations.length; i++) {
    const [x0, y0, x1, y1] = [coords[4 * i]!, coords[4 * i + 1]!, coords[4 * i + 2]!, coords[4 * i + 3]!];
    tree.add(Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1));
  }
  if (nations.length === 0) tree.add(0, 0, 0, 0);
  tree.finish();

  return {
    zoneAt(latDeg, lonDeg) {
      const lon = wrapLonDeg(lonDeg);
      const owner = territories.nationAt(latDeg, lon);
      if (owner) return { nation: owner, zone: 'land', coastDistanceM: 0 };
      const cosLat = Math.max(Math.cos(latDeg * DEG), 1e-6);
      const dLat = EEZ_M / (MEAN_EARTH_RADIUS_M * DEG);
      const dLon = dLat / cosLat;
      // Local projection around the query point, metres.
      const kx = MEAN_EARTH_RADIUS_M * DEG * cosLat;
      const ky = MEAN_EARTH_RADIUS_M * DEG;
      let best = Number.POSITIVE_INFINITY;
      let bestNation: string | null = null;
      for (const i of tree.search(lon - dLon, latDeg - dLat, lon + dLon, latDeg + dLat)) {
        if (i >= nations.length) continue;
        const ax = (coords[4 * i]! - lon) * kx;
        const ay = (coords[4 * i + 1]! - latDeg) * ky;
        const bx = (coords[4 * i + 2]! - lon) * kx;
        const by = (coords[4 * i + 3]! - latDeg) * ky;
        const d = distanceToSegment(ax, ay, bx, by);
        if (d < best) {
          best = d;
          bestNation = nations[i]!;
        }
      }
      if (bestNation === null || best > EEZ_M) return null;
      return {
        nation: bestNation,
        zone: best <= TERRITORIAL_SEA_M ? 'territorial-sea' : 'eez',
        coastDistanceM: Math.round(best),
      };
    },
  };
}

/** Distance from the origin to the segment a-b. */
function distanceToSegment(ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, -(ax * dx + ay * dy) / len2));
  return Math.hypot(ax + t * dx, ay + t * dy);
}
