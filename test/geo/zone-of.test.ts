// `zoneOf` (and the areas' `landOrSeaOf` built on it) must give exactly what `zoneAt` (and
// `areaOf`) give for the nation asked about: it is the shortcut the warnings' swept-region grid
// takes, and a warning may not change for it.
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { destinationPoint, EEZ_M } from '../../src/geo/index.js';
import { loadProtectedAreas } from '../../src/node/areas.js';

const ROOT = join(import.meta.dirname, '..', '..');
const areas = loadProtectedAreas(join(ROOT, 'data', 'us-bases.yaml'));
const NATIONS = ['USA', 'JPN', 'KOR', 'PRK', 'CHN', 'RUS', 'TWN', 'PHL', 'ISO999'];

/** Coast vertices of the region, to draw points near coasts and boundaries (where answers change). */
const coastPoints = areas.territories.rings
  .flatMap((r) => r.ring)
  .filter(([lon, lat]) => lon! > 110 && lon! < 160 && lat! > 15 && lat! < 55);

const expectSame = (latDeg: number, lonDeg: number, nation: string) => {
  const z = areas.zones.zoneAt(latDeg, lonDeg);
  expect(areas.zones.zoneOf(latDeg, lonDeg, nation)).toEqual(z !== null && z.nation === nation ? z : null);
  const a = areas.areaOf(latDeg, lonDeg, nation);
  expect(areas.landOrSeaOf(latDeg, lonDeg, nation)).toEqual(a !== null && a.zone !== 'base' ? a : null);
};

describe('zoneOf: zoneAt for one nation, by a shorter way', () => {
  it('agrees with zoneAt over the western Pacific and the world', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 10, max: 60, noNaN: true }),
        fc.double({ min: 100, max: 190, noNaN: true }),
        fc.constantFrom(...NATIONS),
        (lat, lon, nation) => expectSame(lat, lon, nation),
      ),
      { numRuns: 1_500 },
    );
    fc.assert(
      fc.property(
        fc.double({ min: -89, max: 89, noNaN: true }),
        fc.double({ min: -180, max: 180, noNaN: true }),
        fc.constantFrom(...NATIONS),
        (lat, lon, nation) => expectSame(lat, lon, nation),
      ),
      { numRuns: 500 },
    );
  });

  it('agrees with zoneAt near coasts, land borders and median lines', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...coastPoints),
        fc.double({ min: -4, max: 4, noNaN: true }),
        fc.double({ min: -4, max: 4, noNaN: true }),
        fc.constantFrom(...NATIONS),
        ([lon, lat], dLat, dLon, nation) => expectSame(lat! + dLat, lon! + dLon, nation),
      ),
      { numRuns: 1_500 },
    );
    // On the coast vertices themselves, and at bases.
    for (const [lon, lat] of coastPoints.filter((_, i) => i % 50 === 0))
      for (const n of NATIONS) expectSame(lat!, lon!, n);
    for (const b of areas.bases) for (const n of NATIONS) expectSame(b.latDeg, b.lonDeg, n);
  });

  // zoneOf skips the coast search in cells it marks far from the nation (no coast of it within
  // 200 nm plus a margin of the cell's centre): points just inside and just outside 200 nm of a
  // coast, where a margin cut too fine would show.
  it('agrees with zoneAt around the 200 nm line', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...coastPoints),
        fc.double({ min: 0, max: 360, noNaN: true }),
        fc.double({ min: EEZ_M - 80_000, max: EEZ_M + 20_000, noNaN: true }),
        fc.constantFrom('USA', 'JPN', 'KOR', 'CHN', 'RUS'),
        ([lon, lat], bearingDeg, rangeM, nation) => {
          const p = destinationPoint(lat!, lon!, bearingDeg, rangeM);
          expectSame(p.latDeg, p.lonDeg, nation);
        },
      ),
      { numRuns: 3_000 },
    );
  });
});
