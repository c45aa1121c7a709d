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
  /**
   * `zoneAt` when the point is `nation`'s, else null — the same answer, found without testing
   * other nations' land where the nation's coast cannot be the nearest (what a warning asks of
   * each of thousands of points of a swept region).
   */
  zoneOf(latDeg: number, lonDeg: number, nation: string): ZoneHit | null;
}

const DEG = Math.PI / 180;

/** Side of the cells `zoneOf` marks far from a nation, degrees. */
const CELL_DEG = 0.5;
const CELL_ROWS = 180 / CELL_DEG;
const CELL_COLUMNS = 360 / CELL_DEG;
/**
 * A cell is far from a nation when its centre is farther than this from every coast of it: 200 nm
 * widened by 10 % (distances are measured on a projection local to each point, which differs
 * between the centre and a corner) plus the cell's half-diagonal, twice over. Conservative: a far
 * cell holds none of the nation's points; a near one may hold none either.
 */
const FAR_M = EEZ_M * 1.1 + 2 * Math.SQRT2 * (CELL_DEG / 2) * MEAN_EARTH_RADIUS_M * DEG;
/** Past this latitude the cells are too narrow for the margin: never far. */
const FAR_CELL_MAX_LAT_DEG = 75;
const UNKNOWN = 0;
const FAR = 1;
const NEAR = 2;

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

  // Each nation's coast segments (indices into `coords`), boxed, built when first asked for.
  const byNation = new Map<string, { tree: Flatbush; ids: number[] }>();
  const segmentsOf = (nation: string) => {
    let s = byNation.get(nation);
    if (s) return s;
    const ids: number[] = [];
    for (let i = 0; i < nations.length; i++) if (nations[i] === nation) ids.push(i);
    const t = new Flatbush(Math.max(1, ids.length));
    for (const i of ids) {
      const [x0, y0, x1, y1] = [coords[4 * i]!, coords[4 * i + 1]!, coords[4 * i + 2]!, coords[4 * i + 3]!];
      t.add(Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1));
    }
    // An empty tree still needs an entry: one beyond the poles, which no query box meets.
    if (ids.length === 0) t.add(0, 1_000, 0, 1_000);
    t.finish();
    s = { tree: t, ids };
    byNation.set(nation, s);
    return s;
  };

  /**
   * The nearest of the segments `search` finds in the box around the point that holds every
   * segment within `radiusM` of it: its nation and distance (m), or null. Ties go to the first
   * found, in the tree's order.
   */
  const nearest = (
    latDeg: number,
    lon: number,
    radiusM: number,
    search: (minX: number, minY: number, maxX: number, maxY: number) => Iterable<number>,
  ) => {
    const cosLat = Math.max(Math.cos(latDeg * DEG), 1e-6);
    const dLat = radiusM / (MEAN_EARTH_RADIUS_M * DEG);
    const dLon = dLat / cosLat;
    // Local projection around the query point, metres.
    const kx = MEAN_EARTH_RADIUS_M * DEG * cosLat;
    const ky = MEAN_EARTH_RADIUS_M * DEG;
    let best = Number.POSITIVE_INFINITY;
    let bestNation: string | null = null;
    for (const i of search(lon - dLon, latDeg - dLat, lon + dLon, latDeg + dLat)) {
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
    return bestNation === null ? null : { nation: bestNation, distanceM: best };
  };
  const everyCoast = (minX: number, minY: number, maxX: number, maxY: number) =>
    tree.search(minX, minY, maxX, maxY);
  const coastOf = (nation: string) => {
    const { tree: t, ids } = segmentsOf(nation);
    return (minX: number, minY: number, maxX: number, maxY: number) =>
      t.search(minX, minY, maxX, maxY).map((k) => ids[k] ?? nations.length);
  };

  const seaHit = (c: { nation: string; distanceM: number } | null): ZoneHit | null =>
    c === null || c.distanceM > EEZ_M
      ? null
      : {
          nation: c.nation,
          zone: c.distanceM <= TERRITORIAL_SEA_M ? 'territorial-sea' : 'eez',
          coastDistanceM: Math.round(c.distanceM),
        };

  // Each nation's far cells, made when first asked for: a CELL_DEG square is far when none of its
  // points can be the nation's (no coast of it within FAR_M of the centre, and the centre off its
  // land: a point of the cell on its land or within 200 nm of its coast would put a coast of it
  // within the cell's half-diagonal plus 200 nm of the centre). `zoneOf` answers null there without
  // a coast search: most of a swept region a warning walks, for most nations, is far.
  const cells = new Map<string, Uint8Array>();
  const farFrom = (nation: string, latDeg: number, lon: number): boolean => {
    if (latDeg < -FAR_CELL_MAX_LAT_DEG || latDeg > FAR_CELL_MAX_LAT_DEG) return false;
    let known = cells.get(nation);
    if (!known) {
      known = new Uint8Array(CELL_ROWS * CELL_COLUMNS);
      cells.set(nation, known);
    }
    const row = Math.floor((latDeg + 90) / CELL_DEG);
    const column = Math.min(CELL_COLUMNS - 1, Math.floor((lon + 180) / CELL_DEG));
    const k = row * CELL_COLUMNS + column;
    if (known[k] === UNKNOWN) {
      const cLat = -90 + (row + 0.5) * CELL_DEG;
      const cLon = -180 + (column + 0.5) * CELL_DEG;
      const c = nearest(cLat, cLon, FAR_M, coastOf(nation));
      known[k] = (c === null || c.distanceM > FAR_M) && !territories.isIn(nation, cLat, cLon) ? FAR : NEAR;
    }
    return known[k] === FAR;
  };

  const zoneAt = (latDeg: number, lonDeg: number): ZoneHit | null => {
    const lon = wrapLonDeg(lonDeg);
    const owner = territories.nationAt(latDeg, lon);
    if (owner) return { nation: owner, zone: 'land', coastDistanceM: 0 };
    return seaHit(nearest(latDeg, lon, EEZ_M, everyCoast));
  };

  return {
    zoneAt,
    zoneOf(latDeg, lonDeg, nation) {
      const lon = wrapLonDeg(lonDeg);
      if (farFrom(nation, latDeg, lon)) return null;
      const mine = (z: ZoneHit | null) => (z !== null && z.nation === nation ? z : null);
      // Off the nation's land, the point is its only if its coast is the nearest, within 200 nm;
      // on its land, zoneAt decides (as it does where polygons of two nations overlap).
      const landOnly = () => (territories.isIn(nation, latDeg, lon) ? mine(zoneAt(latDeg, lon)) : null);
      const own = nearest(latDeg, lon, EEZ_M, coastOf(nation));
      if (own === null || own.distanceM > EEZ_M) return landOnly();
      // Every coast as near as the nation's is in the box of that radius (widened by a metre against
      // rounding), found in the same order as zoneAt's search finds it: the same nearest coast.
      const c = nearest(latDeg, lon, own.distanceM + 1, everyCoast);
      if (c === null || c.nation !== nation) return landOnly();
      const owner = territories.nationAt(latDeg, lon);
      if (owner) return owner === nation ? { nation, zone: 'land', coastDistanceM: 0 } : null;
      return seaHit(c);
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
