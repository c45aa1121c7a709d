import { check } from '@placemarkio/check-geojson';
import { booleanClockwise, booleanValid, distance } from '@turf/turf';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Feature, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import {
  decimal,
  ellipseOutline,
  type NationExport,
  polygonRings,
  toGeoJson,
  toKml,
} from '../../src/interop/index.js';

const T0 = Date.UTC(2026, 11, 7, 3, 0, 0);

/** A picture with one of everything: tracks, an impact with its ellipse, a swept region over the antimeridian. */
const PICTURE: NationExport = {
  nation: 'JPN',
  timeMs: T0 + 300_000,
  tracks: [
    {
      id: 'JPN:3',
      originators: ['JPN', 'USA'],
      sources: ['JPN:3', 'USA:7'],
      marking: '//JPN SECRET//REL TO USA, JPN, KOR',
      latDeg: 40.123456789,
      lonDeg: 140.000000012,
      altitudeM: 412_345.6,
      speedMps: 3_456.78,
      timeMs: T0 + 299_000,
    },
    // A track a hair off the equator and the prime meridian: its numbers must not go out as 1e-7.
    {
      id: 'USA:9',
      originators: ['USA'],
      sources: ['USA:9'],
      latDeg: 1e-7,
      lonDeg: -2e-8,
      altitudeM: 0.0000004,
      speedMps: 1e-9,
      timeMs: T0,
    },
  ],
  warnings: [
    {
      trackId: 'JPN:3',
      reason: 'impact',
      zone: 'eez',
      area: 'JPN EEZ',
      phase: 'ballistic',
      issuedMs: T0 + 250_000,
      eventMs: T0 + 600_000,
      latDeg: 41,
      lonDeg: 150,
      ellipse: { semiMajorM: 40_000, semiMinorM: 10_000, orientationDeg: 60 },
    },
    {
      trackId: 'JPN:3',
      reason: 'possible-impact',
      zone: 'land',
      area: 'Quick & <odd> "area"',
      phase: 'boost',
      issuedMs: T0 + 200_000,
      eventMs: T0 + 700_000,
      withdrawnMs: T0 + 260_000,
      latDeg: 20,
      lonDeg: 179.9,
      // Clockwise as given, and over the antimeridian.
      swept: [
        { latDeg: 19, lonDeg: 179 },
        { latDeg: 21, lonDeg: 179 },
        { latDeg: 21, lonDeg: -179 },
        { latDeg: 19, lonDeg: -179 },
      ],
    },
  ],
  vessels: [
    {
      mmsi: 431000001,
      name: 'KAIYO MARU',
      latDeg: 34.5,
      lonDeg: 139.25,
      speedKn: 12.3,
      courseDeg: 271,
      lastSeenMs: T0,
      sources: ['rx-1', 'partner:USA'],
    },
    {
      mmsi: 440000002,
      latDeg: 35.1,
      lonDeg: 129.9,
      speedKn: null,
      courseDeg: null,
      lastSeenMs: T0,
      sources: ['partner:KOR'],
    },
  ],
  events: [
    {
      id: 'ev-1',
      type: 'ais-gap',
      originator: 'JPN',
      mmsi: [431000001],
      latDeg: 34.4,
      lonDeg: 139.2,
      timeMs: T0,
      state: 'new',
    },
    {
      id: 'KOR:e7',
      type: 'encounter',
      originator: 'KOR',
      mmsi: [440000002, 431000001],
      latDeg: 35,
      lonDeg: 130,
      timeMs: T0,
      state: 'shared',
      marking: '//KOR SECRET//REL TO USA, JPN, KOR',
    },
  ],
  zones: [
    {
      id: 'box',
      name: 'A box zone',
      kind: 'territorial-sea',
      // Clockwise as given; a second polygon with too few points is dropped.
      outlines: [
        [
          { latDeg: 25, lonDeg: 123 },
          { latDeg: 26, lonDeg: 123 },
          { latDeg: 26, lonDeg: 124 },
          { latDeg: 25, lonDeg: 124 },
          { latDeg: 25, lonDeg: 123 },
        ],
        [{ latDeg: 0, lonDeg: 0 }],
      ],
    },
  ],
};

/** Every number anywhere in a JSON value. */
function numbersIn(v: unknown, out: number[] = []): number[] {
  if (typeof v === 'number') out.push(v);
  else if (Array.isArray(v)) for (const x of v) numbersIn(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) numbersIn(x, out);
  return out;
}

describe('toGeoJson', () => {
  const g = toGeoJson(PICTURE);
  const text = JSON.stringify(g);

  it('is GeoJSON a validator accepts, with a feature per object and region', () => {
    expect(() => check(text)).not.toThrow();
    expect(g.features.map((f) => f.properties?.kind)).toEqual([
      'track',
      'track',
      'warning',
      'warning-ellipse',
      'warning',
      'warning-swept',
      'vessel',
      'vessel',
      'maritime-event',
      'maritime-event',
      'zone',
    ]);
    for (const f of g.features) expect(booleanValid(f as Feature)).toBe(true);
  });

  it('puts longitude first, altitude third, and writes no number with an exponent', () => {
    expect(g.features[0]!.geometry).toEqual({ type: 'Point', coordinates: [140, 40.123457, 412346] });
    expect(g.features[1]!.geometry).toEqual({ type: 'Point', coordinates: [0, 0, 0] });
    expect(text).not.toMatch(/\d[eE][+-]?\d|NaN|Infinity/);
    for (const n of numbersIn(g)) expect(String(n)).not.toMatch(/e/);
  });

  it('keeps the right-hand rule and cuts a region at the antimeridian', () => {
    const ellipse = g.features[3]!.geometry as Polygon;
    expect(ellipse.type).toBe('Polygon');
    const ring = ellipse.coordinates[0]!;
    expect(ring[0]).toEqual(ring.at(-1));
    expect(booleanClockwise(ring)).toBe(false);
    const swept = g.features[5]!.geometry;
    expect(swept.type).toBe('MultiPolygon');
    const parts = (swept as { coordinates: Position[][][] }).coordinates;
    expect(parts).toHaveLength(2);
    for (const [outer] of parts) {
      expect(booleanClockwise(outer!)).toBe(false);
      for (const [lon] of outer!) expect(Math.abs(lon!)).toBeLessThanOrEqual(180);
    }
    const lons = parts.map(([outer]) => outer!.map(([lon]) => lon!));
    expect(Math.min(...lons[0]!)).toBe(179);
    expect(Math.max(...lons[0]!)).toBe(180);
    expect(Math.min(...lons[1]!)).toBe(-180);
    expect(Math.max(...lons[1]!)).toBe(-179);
  });

  it('writes a zone as a counter-clockwise polygon', () => {
    const zone = g.features[10]!;
    expect(zone.properties).toMatchObject({
      kind: 'zone',
      zoneId: 'box',
      zoneKind: 'territorial-sea',
      name: 'A box zone',
    });
    expect(zone.geometry.type).toBe('Polygon');
    expect(booleanClockwise((zone.geometry as Polygon).coordinates[0]!)).toBe(false);
  });

  it("carries each object's originator, marking and time", () => {
    expect(g.features[0]!.properties).toMatchObject({
      originators: ['JPN', 'USA'],
      marking: '//JPN SECRET//REL TO USA, JPN, KOR',
      time: new Date(T0 + 299_000).toISOString(),
      altitudeM: 412345.6,
    });
    expect(g.features[4]!.properties).toMatchObject({ withdrawn: new Date(T0 + 260_000).toISOString() });
    expect(g.features[9]!.properties).toMatchObject({ originator: 'KOR', mmsi: ['440000002', '431000001'] });
  });
});

describe('toKml', () => {
  const kml = toKml(PICTURE);

  it('is well-formed XML in the KML 2.2 namespace', () => {
    expect(XMLValidator.validate(kml)).toBe(true);
    expect(kml).toContain('<kml xmlns="http://www.opengis.net/kml/2.2">');
    expect(kml).not.toMatch(/\d[eE][+-]?\d|NaN|Infinity/);
  });

  it('round-trips through a parser: the same places, names and properties as the GeoJSON', () => {
    const doc = new XMLParser({
      ignoreAttributes: false,
      parseTagValue: false,
      isArray: (n) => ['Folder', 'Placemark', 'Data', 'Polygon'].includes(n),
    }).parse(kml);
    const placemarks = doc.kml.Document.Folder.flatMap((f: { Placemark?: unknown[] }) => f.Placemark ?? []);
    const features = toGeoJson(PICTURE).features;
    expect(placemarks).toHaveLength(features.length);
    for (const [i, p] of placemarks.entries()) {
      const f = features[i]!;
      expect(p.name).toBe(f.properties!.name);
      const data = Object.fromEntries(
        p.ExtendedData.Data.map((d: { '@_name': string; value: string }) => [d['@_name'], d.value]),
      );
      expect(data.kind).toBe(f.properties!.kind);
      const polygons = p.Point ? [] : (p.Polygon ?? p.MultiGeometry.Polygon);
      const read = (s: string) => s.split(' ').map((c) => c.split(',').map(Number));
      if (f.geometry.type === 'Point') expect(read(p.Point.coordinates)[0]).toEqual(f.geometry.coordinates);
      else if (f.geometry.type === 'Polygon')
        expect(read(polygons[0].outerBoundaryIs.LinearRing.coordinates)).toEqual(f.geometry.coordinates[0]);
      else if (f.geometry.type === 'MultiPolygon')
        expect(
          polygons.map((q: { outerBoundaryIs: { LinearRing: { coordinates: string } } }) =>
            read(q.outerBoundaryIs.LinearRing.coordinates),
          ),
        ).toEqual(f.geometry.coordinates.map((r) => r[0]));
      else throw new Error(`unexpected ${f.geometry.type}`);
    }
    // Text that XML must escape comes back as it was.
    expect(
      placemarks[4].ExtendedData.Data.find((d: { '@_name': string }) => d['@_name'] === 'area').value,
    ).toBe('Quick & <odd> "area"');
  });
});

describe('numbers and rings', () => {
  it('writes decimals without exponent or negative zero, and refuses NaN', () => {
    expect(decimal(1e-7, 6, 'x')).toBe('0');
    expect(decimal(-1e-7, 6, 'x')).toBe('0');
    expect(decimal(135.25, 6, 'x')).toBe('135.25');
    expect(decimal(123456789012, 0, 'x')).toBe('123456789012');
    expect(() => decimal(Number.NaN, 6, 'lon of X')).toThrow(/lon of X is NaN/);
  });

  it('draws an ellipse whose farthest point is its semi-major axis away, along its orientation', () => {
    const c = { latDeg: 38, lonDeg: 135 };
    const outline = ellipseOutline(c, { semiMajorM: 50_000, semiMinorM: 20_000, orientationDeg: 90 });
    const km = outline.map((p) =>
      distance([c.lonDeg, c.latDeg], [p.lonDeg, p.latDeg], { units: 'kilometers' }),
    );
    expect(Math.max(...km)).toBeCloseTo(50, 0);
    expect(Math.min(...km)).toBeCloseTo(20, 0);
    // Oriented east: the first point (the semi-major end) is due east of the centre.
    expect(outline[0]!.latDeg).toBeCloseTo(38, 2);
    expect(outline[0]!.lonDeg).toBeGreaterThan(135.5);
  });

  it('drops an outline with no area left', () => {
    expect(
      polygonRings([
        { latDeg: 1, lonDeg: 1 },
        { latDeg: 1, lonDeg: 1 },
        { latDeg: 2, lonDeg: 2 },
      ]),
    ).toEqual([]);
  });
});
