import { bboxClip } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { destinationPoint } from '../../geo/index.js';
import { loadTerritories, TERRITORIES_SOURCE } from '../../node/index.js';
import type { ExerciseRun, WarningFigures } from '../exercise.js';
import { type ChartOption, PALETTE, registerMap } from './svg-chart.js';

export const MAP_SOURCE = TERRITORIES_SOURCE;

/** [west, south, east, north], degrees. */
export type Bbox = [number, number, number, number];

/** East Asia from the Yellow Sea to the Pacific east of Japan: the view when nothing flew. */
const DEFAULT_BBOX: Bbox = [118, 22, 150, 48];

/** What the map shows of a run, and the box around it (padded by 3°, at least the default's middle). */
export function mapBbox(run: ExerciseRun): Bbox {
  const pts: [number, number][] = [
    ...run.missiles.flatMap((m) => m.groundTrack),
    ...run.warnings.map((w): [number, number] => [w.lonDeg, w.latDeg]),
  ];
  if (pts.length === 0) return DEFAULT_BBOX;
  const lons = pts.map((p) => p[0]);
  const lats = pts.map((p) => p[1]);
  const pad = 3;
  return [
    Math.max(-180, Math.min(...lons) - pad),
    Math.max(-85, Math.min(...lats) - pad),
    Math.min(180, Math.max(...lons) + pad),
    Math.min(85, Math.max(...lats) + pad),
  ];
}

/**
 * A predicted-impact ellipse as a closed ring of [lonDeg, latDeg] (every 10°), its semi-major along
 * `orientationDeg` from north.
 */
export function ellipseRing(w: Pick<WarningFigures, 'latDeg' | 'lonDeg' | 'ellipse'>): [number, number][] {
  if (!w.ellipse) return [];
  const { semiMajorM: a, semiMinorM: b, orientationDeg } = w.ellipse;
  const ring: [number, number][] = [];
  for (let deg = 0; deg <= 360; deg += 10) {
    const t = (deg * Math.PI) / 180;
    const along = a * Math.cos(t);
    const across = b * Math.sin(t);
    const p = destinationPoint(
      w.latDeg,
      w.lonDeg,
      orientationDeg + (Math.atan2(across, along) * 180) / Math.PI,
      Math.hypot(along, across),
    );
    ring.push([p.lonDeg, p.latDeg]);
  }
  return ring;
}

let land: FeatureCollection | null = null;

/** Natural Earth's countries cut to the box: the map's SVG holds only what is in view. */
function landIn(bbox: Bbox): FeatureCollection {
  land ??= loadTerritories();
  const features: Feature[] = [];
  for (const f of land.features) {
    const clipped = bboxClip(f as Feature<Polygon | MultiPolygon>, bbox);
    const coords = clipped.geometry.coordinates as unknown[];
    if (coords.length > 0 && coords.some((c) => Array.isArray(c) && c.length > 0))
      features.push({ ...clipped, properties: { name: (f.properties as { nation: string }).nation } });
  }
  return { type: 'FeatureCollection', features };
}

/**
 * The map of one run: the missiles' true ground tracks, each warning's predicted point (impact or
 * overflight) labelled with the warned area, and the predicted-impact 95 % ellipses, on Natural Earth.
 */
export function mapChart(run: ExerciseRun, nations: readonly string[]): ChartOption {
  const bbox = mapBbox(run);
  const mapName = `concord-${bbox.join('_')}`;
  registerMap(mapName, landIn(bbox));
  const colour = (n: string) => PALETTE[nations.indexOf(n) % PALETTE.length] ?? '#333';
  const byNation = [...new Set(run.warnings.map((w) => w.nation))];
  return {
    legend: { top: 6, itemGap: 24, data: ['true ground track', ...byNation.map((n) => `${n} warned`)] },
    geo: {
      map: mapName,
      roam: false,
      boundingCoords: [
        [bbox[0], bbox[3]],
        [bbox[2], bbox[1]],
      ],
      // All four sides: the box is fitted inside, its aspect kept.
      left: 10,
      right: 10,
      top: 40,
      bottom: 10,
      itemStyle: { areaColor: '#e8e4d8', borderColor: '#9a927c', borderWidth: 0.6 },
      label: { show: false },
      silent: true,
    },
    series: [
      {
        name: 'true ground track',
        type: 'lines',
        coordinateSystem: 'geo',
        polyline: true,
        lineStyle: { color: '#222', width: 2 },
        data: run.missiles.map((m) => ({ name: m.id, coords: m.groundTrack })),
      },
      {
        name: 'missile labels',
        type: 'scatter',
        coordinateSystem: 'geo',
        symbolSize: 6,
        itemStyle: { color: '#222' },
        data: run.missiles
          .filter((m) => m.groundTrack.length > 0)
          .map((m) => ({ name: m.id, value: [...m.groundTrack[0]!] })),
        label: { show: true, position: 'left', formatter: '{b}', fontSize: 11 },
      },
      ...byNation.flatMap((n) => {
        const ws = run.warnings.filter((w) => w.nation === n);
        return [
          {
            name: `${n} warned`,
            type: 'scatter',
            coordinateSystem: 'geo',
            symbol: 'triangle',
            symbolSize: 10,
            itemStyle: { color: colour(n) },
            // A withdrawn warning hollow: the prediction a later assessment did not confirm.
            data: ws.map((w) => ({
              name: `${n}: ${w.reason} ${w.area}${w.withdrawnS === null ? '' : ' (withdrawn)'}`,
              value: [w.lonDeg, w.latDeg],
              ...(w.withdrawnS === null ? {} : { symbol: 'emptyTriangle' }),
            })),
            label: { show: true, position: 'right', formatter: '{b}', fontSize: 10 },
            labelLayout: { hideOverlap: true },
          },
          {
            name: `${n} warned`,
            type: 'lines',
            coordinateSystem: 'geo',
            polyline: true,
            lineStyle: { color: colour(n), width: 1.5 },
            data: ws.filter((w) => w.ellipse).map((w) => ({ coords: ellipseRing(w) })),
          },
        ];
      }),
    ],
  };
}
