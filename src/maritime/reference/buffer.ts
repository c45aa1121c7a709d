import { featureCollection, polygon, union } from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { destinationPoint } from '../../geo/index.js';

/**
 * The ring of points at `radiusM` from (lat, lon) on the mean sphere, `steps` vertices,
 * counter-clockwise and closed (GeoJSON [lon, lat], rounded to 1e-5 degree, ~1 m).
 */
export function circleRing(latDeg: number, lonDeg: number, radiusM: number, steps = 72): Position[] {
  const ring: Position[] = [];
  for (let k = 0; k < steps; k++) {
    const p = destinationPoint(latDeg, lonDeg, (360 * (steps - k)) / steps, radiusM);
    ring.push([round5(p.lonDeg), round5(p.latDeg)]);
  }
  ring.push(ring[0]!);
  return ring;
}

const round5 = (x: number) => Math.round(x * 1e5) / 1e5;

/**
 * The area within `radiusM` of any of `points` ([lon, lat]): the union of their circles on the
 * sphere. This is how the bundled Senkaku zones are drawn: from the islands' coordinates, not
 * from straight baselines or the low-water line, which are not modelled.
 */
export function bufferPoints(
  points: readonly Position[],
  radiusM: number,
  steps = 72,
): Polygon | MultiPolygon {
  const circles = points.map((p) => polygon([circleRing(p[1]!, p[0]!, radiusM, steps)]));
  if (circles.length === 1) return circles[0]!.geometry;
  const u = union(featureCollection(circles));
  if (!u) throw new Error('bufferPoints: empty union');
  return u.geometry;
}
