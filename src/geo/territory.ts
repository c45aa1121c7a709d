import { booleanPointInPolygon } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';

/** A nation's land, as polygons with their bounding boxes for a cheap first test. */
interface Area {
  readonly nation: string;
  readonly feature: Feature<Polygon | MultiPolygon>;
  readonly bbox: readonly [number, number, number, number];
}

export interface TerritoryIndex {
  /** The nation whose land contains the point, or null (sea, or a nation not indexed). */
  nationAt(latDeg: number, lonDeg: number): string | null;
  readonly nations: readonly string[];
}

/**
 * Indexes land polygons by nation (each feature's `properties.nation`). Point queries test the
 * bounding boxes first, then the polygon.
 * @example territoryIndex(fc).nationAt(35.68, 139.69) // 'JPN' (Tokyo)
 */
export function territoryIndex(fc: FeatureCollection): TerritoryIndex {
  const areas: Area[] = [];
  for (const f of fc.features) {
    const nation = (f.properties as { nation?: unknown } | null)?.nation;
    if (typeof nation !== 'string') continue;
    if (f.geometry?.type !== 'Polygon' && f.geometry?.type !== 'MultiPolygon') continue;
    // One entry per polygon, so that a far-flung island does not widen the box of the mainland.
    const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const rings of polygons) {
      let minLon = 180;
      let minLat = 90;
      let maxLon = -180;
      let maxLat = -90;
      for (const [lon, lat] of rings[0]!) {
        minLon = Math.min(minLon, lon!);
        maxLon = Math.max(maxLon, lon!);
        minLat = Math.min(minLat, lat!);
        maxLat = Math.max(maxLat, lat!);
      }
      areas.push({
        nation,
        feature: { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: rings } },
        bbox: [minLon, minLat, maxLon, maxLat],
      });
    }
  }
  return {
    nations: [...new Set(areas.map((a) => a.nation))],
    nationAt(latDeg, lonDeg) {
      const lon = ((((lonDeg + 180) % 360) + 360) % 360) - 180;
      for (const a of areas) {
        const [x0, y0, x1, y1] = a.bbox;
        if (lon < x0 || lon > x1 || latDeg < y0 || latDeg > y1) continue;
        if (booleanPointInPolygon([lon, latDeg], a.feature)) return a.nation;
      }
      return null;
    },
  };
}
