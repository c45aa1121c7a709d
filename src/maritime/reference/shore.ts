import Flatbush from 'flatbush';
import type { Position } from 'geojson';
import { boxDeg, segmentDistanceM } from './local.js';

/** Shore as the detectors see it: line segments (coastlines, polygon rings) and points. */
export interface ShoreGeometry {
  /** Polylines, each a list of [lon, lat] positions (polygon rings included as closed lines). */
  readonly lines: readonly (readonly Position[])[];
  /** Isolated points (islets, rocks), [lon, lat]. */
  readonly points: readonly Position[];
}

export interface ShoreIndex {
  /**
   * Distance to the nearest shore segment or point, m; `capM` when there is none within `capM`
   * (the search stops there, so a ship mid-ocean costs one empty box query).
   */
  distanceM(latDeg: number, lonDeg: number, capM: number): number;
  readonly segmentCount: number;
}

/**
 * Indexes shore segments and points in a packed R-tree (flatbush) by their boxes in degrees.
 * @example shoreIndex({ lines: [[[123, 25], [124, 25]]], points: [] }).distanceM(25.1, 123.5, 50_000) // ~11_120
 */
export function shoreIndex(g: ShoreGeometry): ShoreIndex {
  const coords: number[] = [];
  for (const line of g.lines) {
    for (let i = 0; i + 1 < line.length; i++) {
      const a = line[i]!;
      const b = line[i + 1]!;
      coords.push(a[1]!, a[0]!, b[1]!, b[0]!);
    }
  }
  for (const p of g.points) coords.push(p[1]!, p[0]!, p[1]!, p[0]!);
  const n = coords.length / 4;
  const tree = new Flatbush(Math.max(1, n));
  for (let i = 0; i < n; i++) {
    const [aLat, aLon, bLat, bLon] = [
      coords[4 * i]!,
      coords[4 * i + 1]!,
      coords[4 * i + 2]!,
      coords[4 * i + 3]!,
    ];
    tree.add(Math.min(aLon, bLon), Math.min(aLat, bLat), Math.max(aLon, bLon), Math.max(aLat, bLat));
  }
  if (n === 0) tree.add(1000, 1000, 1000, 1000); // flatbush needs one item; never inside a query box
  tree.finish();
  return {
    segmentCount: n,
    distanceM(latDeg, lonDeg, capM) {
      const { dLat, dLon } = boxDeg(latDeg, capM);
      let best = capM;
      for (const i of tree.search(lonDeg - dLon, latDeg - dLat, lonDeg + dLon, latDeg + dLat)) {
        if (i >= n) continue;
        const d = segmentDistanceM(
          latDeg,
          lonDeg,
          coords[4 * i]!,
          coords[4 * i + 1]!,
          coords[4 * i + 2]!,
          coords[4 * i + 3]!,
        );
        if (d < best) best = d;
      }
      return best;
    },
  };
}
