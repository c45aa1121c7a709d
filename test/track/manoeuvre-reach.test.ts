import { describe, expect, it } from 'vitest';
import { ecefFromGeodetic, ecefVectorFromEnu, siteFromGeodetic } from '../../src/geo/index.js';
import {
  apogeeAltitudeM,
  arrivalWindowS,
  canManoeuvre,
  corridorCoordinates,
  impactRegion,
  impactRegionContains,
  manoeuvreLandings,
} from '../../src/track/index.js';

const R_MEAN_M = 6_371_008.8;

/** A state `hM` up over (lat, lon), moving east at `eastMps` and up at `upMps`. */
function state(latDeg: number, lonDeg: number, hM: number, eastMps: number, upMps: number): Float64Array {
  const p = ecefFromGeodetic(latDeg, lonDeg, hM);
  const v = ecefVectorFromEnu(siteFromGeodetic(latDeg, lonDeg, 0), eastMps, 0, upMps);
  return Float64Array.of(...p, ...v);
}

describe('apogeeAltitudeM', () => {
  it('is the height of a state moving level below circular speed (at the pole, where the Earth’s turn adds nothing)', () => {
    expect(apogeeAltitudeM([0, 0, R_MEAN_M + 50_000, 2_000, 0, 0])).toBeCloseTo(50_000, 0);
  });

  it('adds the climb still to come: v^2 / 2g for a vertical throw', () => {
    // 1 km/s straight up from the pole's surface: ~51 km (g falls off a little with height).
    const h = apogeeAltitudeM([0, 0, R_MEAN_M, 0, 0, 1_000]);
    expect(h).toBeGreaterThan(50_000);
    expect(h).toBeLessThan(52_500);
  });

  it('is infinite on an escape orbit', () => {
    expect(apogeeAltitudeM([0, 0, R_MEAN_M + 200_000, 12_000, 0, 0])).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('manoeuvre corridor', () => {
  const depressed = state(39.5, 133.3, 35_000, 2_400, 0);
  const steep = state(39.5, 133.3, 80_000, 2_200, 1_500);

  it('a depressed flight may manoeuvre; a high arc may not', () => {
    expect(canManoeuvre(depressed)).toBe(true);
    expect(canManoeuvre(steep)).toBe(false);
    expect(canManoeuvre(depressed, { ceilingM: 20_000 })).toBe(false);
  });

  it('a glide lands farther along the heading than the same body flown with drag alone', () => {
    const origin = { originLatDeg: 39.5, originLonDeg: 133.3, bearingDeg: 90 };
    const along = (o: { latDeg: number; lonDeg: number }) =>
      corridorCoordinates(origin, o.latDeg, o.lonDeg).alongM;
    const [drag5, glide5] = manoeuvreLandings(depressed, { ballisticCoefficientsKgPerM2: [5_000] }).map(
      along,
    );
    expect(glide5! - drag5!).toBeGreaterThan(200_000);
    // A dive comes down nearer than drag alone.
    const [dive] = manoeuvreLandings(depressed, {
      ballisticCoefficientsKgPerM2: [5_000],
      laws: ['dive'],
    }).map(along);
    expect(dive!).toBeLessThan(drag5!);
  });

  it('the coasting region of a depressed flight holds its ellipse and its glide; a high arc’s is the ellipse alone', () => {
    const P = new Float64Array(36);
    for (let i = 0; i < 3; i++) {
      P[i * 7] = 50 ** 2;
      P[(i + 3) * 7] = 2 ** 2;
    }
    const r = impactRegion(0, depressed, P, 'ballistic');
    expect(r?.kind === 'ellipse' && r.manoeuvre !== undefined).toBe(true);
    const [, glide] = manoeuvreLandings(depressed, { ballisticCoefficientsKgPerM2: [15_000] });
    expect(impactRegionContains(r!, glide!.latDeg, glide!.lonDeg)).toBe(true);
    const without = impactRegion(0, depressed, P, 'ballistic', { manoeuvre: false })!;
    expect(impactRegionContains(without, glide!.latDeg, glide!.lonDeg)).toBe(false);
    const high = impactRegion(0, steep, P, 'ballistic');
    expect(high?.kind === 'ellipse' && high.manoeuvre === undefined).toBe(true);
  });

  it('a place only a glide reaches is reached when the glide gets there, not at the ballistic landing’s time', () => {
    const P = new Float64Array(36);
    for (let i = 0; i < 3; i++) {
      P[i * 7] = 50 ** 2;
      P[(i + 3) * 7] = 2 ** 2;
    }
    const r = impactRegion(0, depressed, P, 'ballistic');
    if (r?.kind !== 'ellipse' || !r.manoeuvre) throw new Error('expected a manoeuvre corridor');
    const [, glide] = manoeuvreLandings(depressed, { ballisticCoefficientsKgPerM2: [15_000] });
    const along = corridorCoordinates(r.manoeuvre, glide!.latDeg, glide!.lonDeg).alongM;
    const w = arrivalWindowS(r.manoeuvre, along, 0)!;
    // The ballistic landing comes first (the time a warning named before); the glide gets there later.
    expect(w.earliestS).toBeGreaterThan(r.prediction.impactTS + 30);
    expect(w.earliestS).toBeLessThanOrEqual(glide!.flightS + 1);
    expect(w.latestS).toBeGreaterThanOrEqual(glide!.flightS - 1);
  });
});
