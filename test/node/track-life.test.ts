import { describe, expect, it } from 'vitest';
import { ecefFromGeodetic, ecefVectorFromEnu, siteFromGeodetic } from '../../src/geo/index.js';
import type { NationTrack } from '../../src/node/picture.js';
import { DEFAULT_STALENESS, trackFate } from '../../src/node/track-life.js';
import { possibleArrivalS } from '../../src/node/warnings.js';
import { groundCrossing, minimumEnergyFlightTimeS } from '../../src/track/index.js';

const T0 = 1_704_067_200_000;

/** A partner's track at T0: at `hM` over the Sea of Japan, moving east at 3 km/s and down at `downMps`. */
function track(hM: number, downMps: number): NationTrack {
  const [x, y, z] = ecefFromGeodetic(39.5, 134, hM);
  const v = ecefVectorFromEnu(siteFromGeodetic(39.5, 134, hM), 3000, 0, -downMps);
  const P = new Float64Array(36);
  for (let i = 0; i < 6; i++) P[i * 6 + i] = i < 3 ? 100 : 1;
  return { nation: 'KOR', trackId: 1, tMs: T0, x: Float64Array.of(x, y, z, v[0], v[1], v[2]), P };
}

describe('trackFate: a held track is live, ended at the ground, or stale', () => {
  it('is live while above the ground and within its staleness', () => {
    expect(trackFate(track(80_000, 0), T0, T0 + 10_000, 30_000)).toEqual({ kind: 'live' });
  });

  it('has ended at the predicted point and time once its prediction meets the ground', () => {
    const t = track(20_000, 2_000);
    const expected = groundCrossing(T0 / 1000, t.x, T0 / 1000 + 60)!;
    const fate = trackFate(t, T0, T0 + 15_000, 30_000);
    expect(fate.kind).toBe('impacted');
    if (fate.kind !== 'impacted') return;
    expect(fate.impact).toMatchObject({ nation: 'KOR', trackId: 1 });
    // ~9 s: 20 km at 2 km/s, gravity adding a little.
    expect(fate.impact.impactMs).toBe(Math.round(expected.tS * 1000));
    expect(fate.impact.impactMs - T0).toBeGreaterThan(8_000);
    expect(fate.impact.impactMs - T0).toBeLessThan(10_000);
    expect(fate.impact.latDeg).toBeCloseTo(expected.latDeg, 4);
    expect(fate.impact.lonDeg).toBeCloseTo(expected.lonDeg, 4);
    // Before the crossing it is still live.
    expect(trackFate(t, T0, T0 + 5_000, 30_000)).toEqual({ kind: 'live' });
  });

  it('is stale past its staleness, and is never predicted beyond it', () => {
    // High and slow enough not to come down within 30 s, but it would within 90 s.
    const t = track(12_000, 0);
    expect(groundCrossing(T0 / 1000, t.x, T0 / 1000 + 90)).not.toBeNull();
    expect(groundCrossing(T0 / 1000, t.x, T0 / 1000 + 30)).toBeNull();
    expect(trackFate(t, T0, T0 + 90_000, 30_000)).toEqual({ kind: 'stale' });
    expect(trackFate(t, T0, T0 + 30_000, 30_000)).toEqual({ kind: 'live' });
  });

  it("measures an own track's age from its last detection, not from the scan it was coasted to", () => {
    const t = track(80_000, 0);
    expect(trackFate({ ...t, tMs: T0 + 25_000 }, T0, T0 + 25_000, DEFAULT_STALENESS.ownMs)).toEqual({
      kind: 'stale',
    });
  });

  it('ends a track already below the ground at its own time', () => {
    const fate = trackFate(track(-44_000, 3_000), T0, T0 + 1_000, 30_000);
    expect(fate).toMatchObject({ kind: 'impacted', impact: { impactMs: T0 } });
  });

  it('has documented defaults: own 20 s, partner 30 s', () => {
    expect(DEFAULT_STALENESS).toEqual({ ownMs: 20_000, partnerMs: 30_000 });
  });
});

describe('possibleArrivalS: when a possibly boosting object may reach a point ahead', () => {
  it('is bounded by the minimum-energy flight over the range, not the slow early ground speed', () => {
    // The case: ~300 m/s over the ground early in boost would say ~2,200 s for 650 km.
    expect(possibleArrivalS(650_000, 300)).toBeCloseTo(minimumEnergyFlightTimeS(650_000), 6);
    expect(possibleArrivalS(650_000, 300)).toBeLessThan(400);
  });

  it('takes the present speed when that is sooner', () => {
    expect(possibleArrivalS(650_000, 5_000)).toBeCloseTo(130, 6);
  });
});
