import { booleanPointInPolygon } from '@turf/turf';
import Flatbush from 'flatbush';
import type { MultiPolygon, Polygon } from 'geojson';
import { bbox } from './places.js';

/** What kind of sea area a zone is; government ships entering a territorial sea are flagged. */
export const ZONE_KINDS = ['territorial-sea', 'contiguous-zone', 'eez', 'adiz', 'other'] as const;
export type ZoneKind = (typeof ZONE_KINDS)[number];

export interface Zone {
  readonly id: string;
  readonly name: string;
  readonly kind: ZoneKind;
  readonly area: Polygon | MultiPolygon;
}

export interface ZoneIndex {
  /** The zones that contain the point (boxes first, then point-in-polygon). */
  zonesAt(latDeg: number, lonDeg: number): Zone[];
  readonly zones: readonly Zone[];
}

export function zoneIndex(zones: readonly Zone[]): ZoneIndex {
  const tree = new Flatbush(Math.max(1, zones.length));
  for (const z of zones) {
    const b = bbox(z.area);
    tree.add(b[0], b[1], b[2], b[3]);
  }
  if (zones.length === 0) tree.add(1000, 1000, 1000, 1000);
  tree.finish();
  return {
    zones,
    zonesAt(latDeg, lonDeg) {
      const out: Zone[] = [];
      for (const i of tree.search(lonDeg, latDeg, lonDeg, latDeg)) {
        const z = zones[i];
        if (z && booleanPointInPolygon([lonDeg, latDeg], z.area)) out.push(z);
      }
      return out;
    },
  };
}
