import { booleanPointInPolygon } from '@turf/turf';
import Flatbush from 'flatbush';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';

/** One polygon of a nation's land. */
interface Area {
  readonly nation: string;
  readonly feature: Feature<Polygon>;
}

export interface TerritoryIndex {
  /** The nation whose land contains the point, or null (sea, or land of no indexed nation). */
  nationAt(latDeg: number, lonDeg: number): string | null;
  /**
   * Whether the point is on `nation`'s land. Tests only that nation's polygons, so a point off
   * Japan is not tested against the large polygons of its neighbours whose boxes hold it.
   */
  isIn(nation: string, latDeg: number, lonDeg: number): boolean;
  readonly nations: readonly string[];
  /** The outer and inner rings of every indexed polygon, with their nation (for coastline queries). */
  readonly rings: readonly { readonly nation: string; readonly ring: readonly Position[] }[];
}

/** Longitude in [-180, 180). */
export const wrapLonDeg = (lonDeg: number) => ((((lonDeg + 180) % 360) + 360) % 360) - 180;

/**
 * Indexes land polygons by nation (each feature's `properties.nation`). Point queries find the
 * polygons whose bounding box holds the point (a packed R-tree, flatbush), then test those.
 * @example territoryIndex(fc).nationAt(35.68, 139.69) // 'JPN' (Tokyo)
 */
export function territoryIndex(fc: FeatureCollection): TerritoryIndex {
  const areas: Area[] = [];
  const boxes: [number, number, number, number][] = [];
  const rings: { nation: string; ring: Position[] }[] = [];
  for (const f of fc.features) {
    const nation = (f.properties as { nation?: unknown } | null)?.nation;
    if (typeof nation !== 'string') continue;
    if (f.geometry?.type !== 'Polygon' && f.geometry?.type !== 'MultiPolygon') continue;
    const g = f.geometry as Polygon | MultiPolygon;
    // One entry per polygon, so that a far-flung island does not widen the box of the mainland.
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    for (const polygon of polygons) {
      let minLon = 180;
      let minLat = 90;
      let maxLon = -180;
      let maxLat = -90;
      for (const [lon, lat] of polygon[0]!) {
        minLon = Math.min(minLon, lon!);
        maxLon = Math.max(maxLon, lon!);
        minLat = Math.min(minLat, lat!);
        maxLat = Math.max(maxLat, lat!);
      }
      areas.push({
        nation,
        feature: { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: polygon } },
      });
      boxes.push([minLon, minLat, maxLon, maxLat]);
      for (const ring of polygon) rings.push({ nation, ring });
    }
  }
  const tree = new Flatbush(Math.max(1, boxes.length));
  for (const b of boxes) tree.add(b[0], b[1], b[2], b[3]);
  if (boxes.length === 0) tree.add(0, 0, 0, 0); // flatbush needs one item; never matched below
  tree.finish();
  return {
    nations: [...new Set(areas.map((a) => a.nation))],
    rings,
    nationAt(latDeg, lonDeg) {
      const lon = wrapLonDeg(lonDeg);
      for (const i of tree.search(lon, latDeg, lon, latDeg)) {
        const a = areas[i];
        if (a && booleanPointInPolygon([lon, latDeg], a.feature)) return a.nation;
      }
      return null;
    },
    isIn(nation, latDeg, lonDeg) {
      const lon = wrapLonDeg(lonDeg);
      for (const i of tree.search(lon, latDeg, lon, latDeg)) {
        const a = areas[i];
        if (a && a.nation === nation && booleanPointInPolygon([lon, latDeg], a.feature)) return true;
      }
      return false;
    },
  };
}
