import type { FeatureCollection, Position } from 'geojson';
import { bufferPoints } from './buffer.js';

const NM = 1852;
const dm = (deg: number, min: number) => deg + min / 60;

/**
 * Published coordinates on the five named Senkaku islands, [lon, lat]. Most are the base points
 * listed in the PRC government's statement of 2012-09-10 on the baselines of the islands (points
 * on each island's shore, given to 0.1 arc-minute; as reproduced at
 * https://jendow.com.tw/wiki/黃尾嶼); Kita-kojima is not among the points reproduced there, so
 * its position is the 1-arc-minute one at http://hotelasia.cc/2015/artist/gk_4.html. Only the
 * coordinates are used: the zones below are Japan's (the islands are administered by Japan;
 * MOFA, "Information about the Senkaku Islands", https://www.mofa.go.jp/a_o/c_m1/senkaku/page1we_000009.html).
 */
export const SENKAKU_POINTS: readonly { island: string; lonLat: Position; source: string }[] = [
  {
    island: 'Uotsuri-shima',
    lonLat: [dm(123, 27.5), dm(25, 44.1)],
    source: 'PRC baseline statement 2012-09-10, point 1',
  },
  {
    island: 'Uotsuri-shima',
    lonLat: [dm(123, 27.4), dm(25, 44.2)],
    source: 'PRC baseline statement 2012-09-10, point 2',
  },
  {
    island: 'Uotsuri-shima',
    lonLat: [dm(123, 27.4), dm(25, 44.4)],
    source: 'PRC baseline statement 2012-09-10, point 3',
  },
  {
    island: 'Uotsuri-shima',
    lonLat: [dm(123, 27.5), dm(25, 44.7)],
    source: 'PRC baseline statement 2012-09-10, point 4',
  },
  {
    island: 'Kuba-shima',
    lonLat: [dm(123, 41.4), dm(25, 55.4)],
    source: 'PRC baseline statement 2012-09-10, point 8',
  },
  {
    island: 'Minami-kojima',
    lonLat: [dm(123, 33.2), dm(25, 43.2)],
    source: 'PRC baseline statement 2012-09-10, point 11',
  },
  {
    island: 'Kita-kojima',
    lonLat: [dm(123, 36), dm(25, 45)],
    source: 'hotelasia.cc (25°45′N 123°36′E, 1 arc-minute)',
  },
  {
    island: 'Taisho-jima',
    lonLat: [dm(124, 33.7), dm(25, 55.3)],
    source: 'PRC baseline statement 2012-09-10, part 2 point 1',
  },
];

const METHOD =
  'union of circles of the stated radius on the mean sphere (72 vertices) around published points on the islands; ' +
  'straight baselines, the low-water line and the islands’ outlines are not modelled, so the line can lie up to a few km inside the legal one';

/** The bundled Senkaku zones: the 12 nm territorial sea (`senkaku-territorial-sea`) and the 24 nm contiguous zone. */
export function senkakuZones(): FeatureCollection {
  const points = SENKAKU_POINTS.map((p) => p.lonLat);
  const islands = [...new Set(SENKAKU_POINTS.map((p) => p.island))];
  const common = {
    nation: 'JPN',
    islands,
    method: METHOD,
    points: SENKAKU_POINTS.map((p) => ({
      island: p.island,
      lon: round(p.lonLat[0]!),
      lat: round(p.lonLat[1]!),
      source: p.source,
    })),
    sources: [
      'UNCLOS arts. 3 and 33: territorial sea up to 12 nm, contiguous zone up to 24 nm from the baselines',
      'MOFA Japan, Information about the Senkaku Islands (islands, administration): https://www.mofa.go.jp/a_o/c_m1/senkaku/page1we_000009.html',
      'PRC statement on the baselines of the territorial sea of Diaoyu Dao and its affiliated islands, 2012-09-10 (coordinates only), reproduced at https://jendow.com.tw/wiki/黃尾嶼',
    ],
  };
  return {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        id: 'senkaku-territorial-sea',
        properties: {
          name: 'Senkaku Islands territorial sea (12 nm)',
          kind: 'territorial-sea',
          radiusNm: 12,
          ...common,
        },
        geometry: bufferPoints(points, 12 * NM),
      },
      {
        type: 'Feature',
        id: 'senkaku-contiguous-zone',
        properties: {
          name: 'Senkaku Islands contiguous zone (24 nm)',
          kind: 'contiguous-zone',
          radiusNm: 24,
          ...common,
        },
        geometry: bufferPoints(points, 24 * NM),
      },
    ],
  };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
