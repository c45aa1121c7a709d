import { booleanPointInPolygon } from '@turf/turf';
import Flatbush from 'flatbush';
import type { MultiPolygon, Polygon } from 'geojson';
import { haversineDistanceM } from '../../geo/index.js';
import { boxDeg } from './local.js';

/** A port or anchorage: a point (with the detectors' radius around it) or an area. */
export interface Place {
  readonly id: string;
  readonly name: string;
  /** The point, or a representative point of the area (its first vertex's ring centre). */
  readonly latDeg: number;
  readonly lonDeg: number;
  readonly area?: Polygon | MultiPolygon;
  readonly properties?: Readonly<Record<string, unknown>>;
}

export interface PlaceIndex {
  /** The nearest place within `maxM` (0 inside an area), or null. */
  nearest(latDeg: number, lonDeg: number, maxM: number): { place: Place; distanceM: number } | null;
  readonly places: readonly Place[];
}

/**
 * Indexes places by box; a query tests the places whose box (grown by `maxM`) holds the point.
 * Distance to an area is 0 inside it and the distance to its representative point outside (areas
 * are harbours and anchorages a few km across, so this errs by their radius at most).
 */
export function placeIndex(places: readonly Place[]): PlaceIndex {
  const tree = new Flatbush(Math.max(1, places.length));
  for (const p of places) {
    const b = p.area ? bbox(p.area) : [p.lonDeg, p.latDeg, p.lonDeg, p.latDeg];
    tree.add(b[0]!, b[1]!, b[2]!, b[3]!);
  }
  if (places.length === 0) tree.add(1000, 1000, 1000, 1000);
  tree.finish();
  return {
    places,
    nearest(latDeg, lonDeg, maxM) {
      const { dLat, dLon } = boxDeg(latDeg, maxM);
      let best: { place: Place; distanceM: number } | null = null;
      for (const i of tree.search(lonDeg - dLon, latDeg - dLat, lonDeg + dLon, latDeg + dLat)) {
        const p = places[i];
        if (!p) continue;
        const d =
          p.area && booleanPointInPolygon([lonDeg, latDeg], p.area)
            ? 0
            : haversineDistanceM(latDeg, lonDeg, p.latDeg, p.lonDeg);
        if (d <= maxM && (best === null || d < best.distanceM)) best = { place: p, distanceM: d };
      }
      return best;
    },
  };
}

export function bbox(g: Polygon | MultiPolygon): [number, number, number, number] {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const poly of polys)
    for (const ring of poly)
      for (const [x, y] of ring) {
        if (x! < minX) minX = x!;
        if (x! > maxX) maxX = x!;
        if (y! < minY) minY = y!;
        if (y! > maxY) maxY = y!;
      }
  return [minX, minY, maxX, maxY];
}
