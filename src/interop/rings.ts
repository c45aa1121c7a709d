// Polygons on the sphere as RFC 7946 wants them: lon/lat positions, closed rings, exterior rings
// counter-clockwise (the right-hand rule), and cut at the antimeridian into a MultiPolygon.

import { destinationPoint } from '../geo/index.js';
import { DEG_DIGITS, roundTo } from './numbers.js';
import type { LatLonDeg } from './picture.js';

/** [lon, lat] degrees. */
export type Position = [number, number];

/** Points around an ellipse: the outline of a 95 % impact ellipse, every 360/`steps` degrees. */
export function ellipseOutline(
  centre: LatLonDeg,
  e: { semiMajorM: number; semiMinorM: number; orientationDeg: number },
  steps = 72,
): LatLonDeg[] {
  if (!(e.semiMajorM >= 0 && e.semiMinorM >= 0))
    throw new Error('interop: an ellipse has a negative semi-axis');
  const o = (e.orientationDeg * Math.PI) / 180;
  const out: LatLonDeg[] = [];
  for (let i = 0; i < steps; i++) {
    const t = (2 * Math.PI * i) / steps;
    const a = e.semiMajorM * Math.cos(t);
    const b = e.semiMinorM * Math.sin(t);
    const northM = a * Math.cos(o) - b * Math.sin(o);
    const eastM = a * Math.sin(o) + b * Math.cos(o);
    const bearingDeg = (Math.atan2(eastM, northM) * 180) / Math.PI;
    out.push(destinationPoint(centre.latDeg, centre.lonDeg, bearingDeg, Math.hypot(northM, eastM)));
  }
  return out;
}

/**
 * An outline (open or closed) as the exterior rings of one or more polygons: positions rounded,
 * repeated points dropped, each ring closed and counter-clockwise; an outline that crosses the
 * antimeridian comes back as two polygons, one each side. Empty when too few distinct points are left.
 * Outlines around a pole are not expected here (impact regions are a few hundred km) and are refused.
 */
export function polygonRings(outline: readonly LatLonDeg[]): Position[][] {
  if (outline.length < 3) return [];
  // Unwrapped longitudes: each step the short way round, so a crossing shows as lon beyond ±180.
  const unwrapped: Position[] = [];
  for (const p of outline) {
    const lon = roundTo(p.lonDeg, 9, 'longitude');
    const lat = roundTo(p.latDeg, 9, 'latitude');
    const prev = unwrapped.at(-1);
    const u = prev ? prev[0] + (((((lon - prev[0]) % 360) + 540) % 360) - 180) : lon;
    unwrapped.push([u, lat]);
  }
  const lons = unwrapped.map((p) => p[0]);
  const span = Math.max(...lons) - Math.min(...lons);
  if (span >= 180) throw new Error(`interop: an outline spans ${span.toFixed(0)} degrees of longitude`);
  const parts: Position[][] = [];
  if (Math.max(...lons) > 180) {
    parts.push(clip(unwrapped, 180, 'below'), shift(clip(unwrapped, 180, 'above'), -360));
  } else if (Math.min(...lons) < -180) {
    parts.push(clip(unwrapped, -180, 'above'), shift(clip(unwrapped, -180, 'below'), 360));
  } else {
    parts.push(unwrapped);
  }
  return parts.map(finishRing).filter((r): r is Position[] => r !== undefined);
}

/** Sutherland-Hodgman against the half-plane lon <= at (`below`) or lon >= at (`above`). */
function clip(ring: readonly Position[], at: number, keep: 'below' | 'above'): Position[] {
  const inside = (p: Position) => (keep === 'below' ? p[0] <= at : p[0] >= at);
  const out: Position[] = [];
  for (let i = 0; i < ring.length; i++) {
    const cur = ring[i]!;
    const prev = ring[(i + ring.length - 1) % ring.length]!;
    if (inside(cur) !== inside(prev)) {
      const f = (at - prev[0]) / (cur[0] - prev[0]);
      out.push([at, prev[1] + f * (cur[1] - prev[1])]);
    }
    if (inside(cur)) out.push(cur);
  }
  return out;
}

function shift(ring: readonly Position[], byDeg: number): Position[] {
  return ring.map(([lon, lat]) => [lon + byDeg, lat]);
}

/** Rounded, without repeats, closed, counter-clockwise; undefined when it has no area left. */
function finishRing(ring: readonly Position[]): Position[] | undefined {
  const out: Position[] = [];
  for (const [lon, lat] of ring) {
    const p: Position = [roundTo(lon, DEG_DIGITS, 'longitude'), roundTo(lat, DEG_DIGITS, 'latitude')];
    const last = out.at(-1);
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  while (out.length > 1 && out[0]![0] === out.at(-1)![0] && out[0]![1] === out.at(-1)![1]) out.pop();
  if (out.length < 3) return undefined;
  const area = signedArea(out);
  if (area === 0) return undefined;
  if (area < 0) out.reverse();
  out.push([out[0]![0], out[0]![1]]);
  return out;
}

/** Twice the signed area in the lon/lat plane: positive when counter-clockwise. */
export function signedArea(ring: readonly Position[]): number {
  let s = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[(i + 1) % ring.length]!;
    s += x1 * y2 - x2 * y1;
  }
  return s;
}
