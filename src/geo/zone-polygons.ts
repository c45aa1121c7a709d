import { simplify } from '@turf/turf';
import type { Polygon, Position } from 'geojson';
import type { ZoneHit, ZoneIndex } from './zones.js';

/** The sea zones a map draws: `ZoneIndex.zoneAt`'s answers other than land. */
export const DRAWN_ZONES = ['territorial-sea', 'eez'] as const;
export type DrawnZone = (typeof DRAWN_ZONES)[number];

/** A box of longitude/latitude sampled every `stepDeg` (cell centres), west < east, south < north. */
export interface ZoneGrid {
  readonly west: number;
  readonly south: number;
  readonly east: number;
  readonly north: number;
  readonly stepDeg: number;
}

/** One nation's territorial sea or EEZ as polygons (GeoJSON MultiPolygon coordinates, lon/lat). */
export interface ZonePolygon {
  readonly nation: string;
  readonly zone: DrawnZone;
  /** Outer rings counter-clockwise, holes clockwise (RFC 7946). */
  readonly coordinates: Position[][][];
  /** How many grid cells the zone holds (its area in cells). */
  readonly cells: number;
  /** Where a label goes: the centre of the zone's cell farthest from its edges, [lon, lat]. */
  readonly labelAt: Position;
}

export interface ZonePolygonsResult {
  readonly polygons: ZonePolygon[];
  /** How many points `zoneAt` was asked (the grid's cells). */
  readonly samples: number;
}

/**
 * The territorial seas and EEZs that `zones.zoneAt` gives, as polygons a map can draw: `zoneAt` is
 * asked at the centre of every cell of `grid`, the cells of each (nation, zone) are joined, their
 * outline traced along the cell edges, and the staircase simplified (Douglas-Peucker,
 * `simplifyDeg`, default a cell). A point more than a cell or two from a zone's edge lies in
 * the polygon of the zone `zoneAt` gives it; closer to an edge it may fall on either side. Islands
 * and zones smaller than a cell may be lost. Deterministic: same index and grid, same polygons.
 * @example zonePolygons(maritimeZones(territoryIndex(fc)), { west: 125, south: 30, east: 135, north: 40, stepDeg: 0.1 })
 */
export function zonePolygons(
  zones: Pick<ZoneIndex, 'zoneAt'>,
  grid: ZoneGrid,
  o: { simplifyDeg?: number } = {},
): ZonePolygonsResult {
  const { west, south, stepDeg } = grid;
  if (!(stepDeg > 0) || !(grid.east > west) || !(grid.north > south))
    throw new RangeError(
      `zonePolygons: the grid must have west < east, south < north and a positive step (got ${JSON.stringify(grid)})`,
    );
  const nx = Math.round((grid.east - west) / stepDeg);
  const ny = Math.round((grid.north - south) / stepDeg);
  // Each cell's label: 0 for none (high seas, land), else an index into `keys` + 1.
  const labels = new Uint32Array(nx * ny);
  const keys: { nation: string; zone: DrawnZone }[] = [];
  const keyIds = new Map<string, number>();
  for (let j = 0; j < ny; j++) {
    const lat = south + (j + 0.5) * stepDeg;
    for (let i = 0; i < nx; i++) {
      const hit: ZoneHit | null = zones.zoneAt(lat, west + (i + 0.5) * stepDeg);
      if (!hit || hit.zone === 'land') continue;
      const k = `${hit.nation}|${hit.zone}`;
      let id = keyIds.get(k);
      if (id === undefined) {
        keys.push({ nation: hit.nation, zone: hit.zone });
        id = keys.length;
        keyIds.set(k, id);
      }
      labels[j * nx + i] = id;
    }
  }
  const tolerance = o.simplifyDeg ?? stepDeg;
  const inner = innermostCells(labels, nx, ny, keys.length);
  const polygons = keys.map((key, k) => {
    const traced = traceCells(labels, nx, ny, k + 1, (i, j) => [west + i * stepDeg, south + j * stepDeg]);
    const coordinates = traced.polygons.map((rings) => simplifyPolygon(rings, tolerance));
    const c = inner[k + 1]!;
    const labelAt = [west + ((c % nx) + 0.5) * stepDeg, south + (Math.floor(c / nx) + 0.5) * stepDeg];
    return { ...key, coordinates, cells: traced.cells, labelAt };
  });
  polygons.sort((a, b) =>
    a.nation === b.nation ? a.zone.localeCompare(b.zone) : a.nation < b.nation ? -1 : 1,
  );
  return { polygons, samples: nx * ny };
}

/**
 * For each label 1..n, the cell farthest from a cell of another label or the grid's edge (chamfer
 * distance, two passes), by index; ties go to the first in row order.
 */
function innermostCells(labels: Uint32Array, nx: number, ny: number, n: number): number[] {
  const d = new Float64Array(nx * ny);
  const D = Math.SQRT2;
  for (let j = 0; j < ny; j++)
    for (let i = 0; i < nx; i++) {
      const c = j * nx + i;
      const l = labels[c]!;
      const edge =
        i === 0 ||
        j === 0 ||
        i === nx - 1 ||
        j === ny - 1 ||
        labels[c - 1] !== l ||
        labels[c + 1] !== l ||
        labels[c - nx] !== l ||
        labels[c + nx] !== l;
      d[c] = edge ? 1 : Number.POSITIVE_INFINITY;
    }
  for (let j = 1; j < ny; j++)
    for (let i = 1; i < nx - 1; i++) {
      const c = j * nx + i;
      d[c] = Math.min(d[c]!, d[c - 1]! + 1, d[c - nx]! + 1, d[c - nx - 1]! + D, d[c - nx + 1]! + D);
    }
  for (let j = ny - 2; j >= 0; j--)
    for (let i = nx - 2; i >= 1; i--) {
      const c = j * nx + i;
      d[c] = Math.min(d[c]!, d[c + 1]! + 1, d[c + nx]! + 1, d[c + nx + 1]! + D, d[c + nx - 1]! + D);
    }
  const best = new Array<number>(n + 1).fill(-1);
  for (let c = 0; c < nx * ny; c++) {
    const l = labels[c]!;
    if (l > 0 && (best[l]! < 0 || d[c]! > d[best[l]!]!)) best[l] = c;
  }
  return best;
}

/** A polygon's rings simplified, each kept closed and with at least its first three corners. */
function simplifyPolygon(rings: Position[][], tolerance: number): Position[][] {
  if (tolerance <= 0) return rings;
  const g: Polygon = { type: 'Polygon', coordinates: rings };
  return (simplify(g, { tolerance, highQuality: true }) as Polygon).coordinates;
}

/**
 * The outline of the cells labelled `label` in an nx-by-ny grid, as polygons: each cell's edges
 * that border a cell of another label, directed with the cell on their left (outer rings run
 * counter-clockwise, holes clockwise), joined at the grid's corners into rings; at a corner where
 * two cells of the label touch only diagonally, the ring turns left, so they stay apart. Each
 * hole goes to the smallest outer ring around it. Collinear corners are dropped.
 */
export function traceCells(
  labels: ArrayLike<number>,
  nx: number,
  ny: number,
  label: number,
  at: (i: number, j: number) => Position,
): { polygons: Position[][][]; cells: number } {
  const is = (i: number, j: number) => i >= 0 && j >= 0 && i < nx && j < ny && labels[j * nx + i] === label;
  // Directed edges keyed by their start corner (corner (i, j) is the south-west corner of cell (i, j)).
  const W = nx + 1;
  const out = new Map<number, number[]>(); // start corner -> end corners
  const add = (i0: number, j0: number, i1: number, j1: number) => {
    const s = j0 * W + i0;
    const list = out.get(s);
    if (list) list.push(j1 * W + i1);
    else out.set(s, [j1 * W + i1]);
  };
  let cells = 0;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      if (!is(i, j)) continue;
      cells++;
      if (!is(i, j - 1)) add(i, j, i + 1, j); // south edge, eastwards
      if (!is(i + 1, j)) add(i + 1, j, i + 1, j + 1); // east edge, northwards
      if (!is(i, j + 1)) add(i + 1, j + 1, i, j + 1); // north edge, westwards
      if (!is(i - 1, j)) add(i, j + 1, i, j); // west edge, southwards
    }
  }
  const rings: { corners: number[]; area: number }[] = [];
  const starts = [...out.keys()].sort((a, b) => a - b);
  for (const s0 of starts) {
    while ((out.get(s0)?.length ?? 0) > 0) {
      const corners = [s0];
      let prev = s0;
      let cur = takeEdge(out, s0, -1, W)!;
      while (cur !== s0) {
        corners.push(cur);
        const next = takeEdge(out, cur, prev, W);
        if (next === undefined) throw new Error('invariant: traceCells found an open ring');
        prev = cur;
        cur = next;
      }
      const pts = dropCollinear(corners, W);
      rings.push({ corners: pts, area: signedArea(pts, W) });
    }
  }
  const toPositions = (corners: number[]) => {
    const ring = corners.map((c) => at(c % W, Math.floor(c / W)));
    ring.push(ring[0]!);
    return ring;
  };
  const outers = rings.filter((r) => r.area > 0).sort((a, b) => a.area - b.area);
  const polygons: { outer: (typeof rings)[number]; holes: (typeof rings)[number][] }[] = outers.map((r) => ({
    outer: r,
    holes: [],
  }));
  for (const h of rings.filter((r) => r.area < 0)) {
    // A point just left of the hole's first edge: inside the label's cells, so inside its outer ring.
    const a = h.corners[0]!;
    const b = h.corners[1]!;
    const [ax, ay] = [a % W, Math.floor(a / W)];
    const [bx, by] = [b % W, Math.floor(b / W)];
    const px = (ax + bx) / 2 - (by - ay) * 0.25;
    const py = (ay + by) / 2 + (bx - ax) * 0.25;
    const home = polygons.find((p) => p.outer.area > -h.area && inRing(px, py, p.outer.corners, W));
    if (!home) throw new Error('invariant: traceCells found a hole outside every outer ring');
    home.holes.push(h);
  }
  // Largest first: the order a reader expects of a nation's zone (mainland, then islands).
  polygons.reverse();
  return {
    polygons: polygons.map((p) => [
      toPositions(p.outer.corners),
      ...p.holes.map((h) => toPositions(h.corners)),
    ]),
    cells,
  };
}

/** Takes the edge leaving corner `c`; of two (cells touching diagonally), the one that turns left. */
function takeEdge(out: Map<number, number[]>, c: number, prev: number, W: number): number | undefined {
  const list = out.get(c);
  if (!list || list.length === 0) return undefined;
  let k = 0;
  if (list.length > 1 && prev >= 0) {
    const [dx0, dy0] = [(c % W) - (prev % W), Math.floor(c / W) - Math.floor(prev / W)];
    k = list.findIndex((n) => {
      const [dx1, dy1] = [(n % W) - (c % W), Math.floor(n / W) - Math.floor(c / W)];
      return dx0 * dy1 - dy0 * dx1 > 0;
    });
    if (k < 0) k = 0;
  }
  const [n] = list.splice(k, 1);
  return n;
}

function dropCollinear(corners: number[], W: number): number[] {
  const n = corners.length;
  const kept: number[] = [];
  for (let k = 0; k < n; k++) {
    const a = corners[(k + n - 1) % n]!;
    const b = corners[k]!;
    const c = corners[(k + 1) % n]!;
    const cross =
      ((b % W) - (a % W)) * (Math.floor(c / W) - Math.floor(b / W)) -
      (Math.floor(b / W) - Math.floor(a / W)) * ((c % W) - (b % W));
    if (cross !== 0) kept.push(b);
  }
  return kept;
}

/** The shoelace area of a ring of corners, in cells (positive counter-clockwise). */
function signedArea(corners: number[], W: number): number {
  let s = 0;
  for (let k = 0; k < corners.length; k++) {
    const a = corners[k]!;
    const b = corners[(k + 1) % corners.length]!;
    s += (a % W) * Math.floor(b / W) - (b % W) * Math.floor(a / W);
  }
  return s / 2;
}

function inRing(px: number, py: number, corners: number[], W: number): boolean {
  let inside = false;
  for (let k = 0, m = corners.length - 1; k < corners.length; m = k++) {
    const [xi, yi] = [corners[k]! % W, Math.floor(corners[k]! / W)];
    const [xj, yj] = [corners[m]! % W, Math.floor(corners[m]! / W)];
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
