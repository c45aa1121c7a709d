import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ecefFromGeodetic, ecefVectorFromEnu, siteFromGeodetic } from '../../src/geo/index.js';
import { loadProtectedAreas } from '../../src/node/areas.js';
import type { PictureTrack } from '../../src/node/picture.js';
import { assessTrack, IMPACT_MAX_SEMI_MAJOR_M, SweepCache } from '../../src/node/warnings.js';
import {
  corridorPoint,
  predictImpact,
  sweptImpactRegion,
  sweptRegionContains,
} from '../../src/track/index.js';

const areas = loadProtectedAreas(join(import.meta.dirname, '..', '..', 'data', 'us-bases.yaml'));

/** An object over the East Sea (38.5 N, 131 E, 80 km up) heading east at 2.2 km/s, climbing at 0.6 km/s. */
function track(positionSigmaM: number, velocitySigmaMps: number): PictureTrack {
  const p = ecefFromGeodetic(38.5, 131, 80_000);
  const v = ecefVectorFromEnu(siteFromGeodetic(38.5, 131, 0), 2_200, 0, 600);
  const P = new Float64Array(36);
  for (let i = 0; i < 3; i++) {
    P[i * 7] = positionSigmaM ** 2;
    P[(i + 3) * 7] = velocitySigmaMps ** 2;
  }
  return { id: 'KOR:1', sources: [], tMs: 0, x: Float64Array.of(...p, ...v), P };
}

describe('impact warnings say how sure they are', () => {
  it('a barely-known heading and a velocity known to km/s: assessed, not walked forever', () => {
    // A partner's track of an early-boost object: 320 m/s over the ground, velocity sigma 2 km/s.
    // Its heading spread clamps at 90°; the fan was tan(90°) * range wide (1.6e16 m), and the
    // walk over the swept region never ended (a ten-missile raid stalled `concord start`). Now a
    // half disc: every nation's assessment ends, and one that reaches the nation's waters says so.
    const p = ecefFromGeodetic(39, 127, 30_000);
    const v = ecefVectorFromEnu(siteFromGeodetic(39, 127, 0), 320, 0, 900);
    const P = new Float64Array(36);
    for (let i = 0; i < 3; i++) {
      P[i * 7] = 300 ** 2;
      P[(i + 3) * 7] = 2_000 ** 2;
    }
    const t: PictureTrack = { id: 'KOR:9', sources: [], tMs: 0, x: Float64Array.of(...p, ...v), P };
    for (const nation of ['USA', 'JPN', 'KOR'] as const) {
      const ws = assessTrack(t, nation, areas, 0, { phase: 'boost' });
      expect(ws.some((w) => w.reason === 'possible-impact')).toBe(true);
    }
  });

  it('coasting with a tight ellipse: a specific impact in Japan’s EEZ', () => {
    const ws = assessTrack(track(50, 2), 'JPN', areas, 0, { phase: 'ballistic' });
    expect(ws.map((w) => [w.reason, w.area])).toEqual([['impact', 'JPN EEZ']]);
    expect(ws[0]!.ellipse!.semiMajorM).toBeLessThanOrEqual(IMPACT_MAX_SEMI_MAJOR_M);
  });

  it('coasting with an ellipse wider than the threshold: only a possible impact', () => {
    const ws = assessTrack(track(2_000, 60), 'JPN', areas, 0, { phase: 'ballistic' });
    expect(ws.map((w) => [w.reason, w.area])).toEqual([['possible-impact', 'JPN EEZ']]);
    expect(ws[0]!.ellipse!.semiMajorM).toBeGreaterThan(IMPACT_MAX_SEMI_MAJOR_M);
    // The threshold is a parameter: raised, the same prediction is a specific impact.
    const loose = assessTrack(track(2_000, 60), 'JPN', areas, 0, {
      phase: 'ballistic',
      impactMaxSemiMajorM: 100_000,
    });
    expect(loose.map((w) => w.reason)).toEqual(['impact']);
  });

  it('possibly under thrust: no specific impact, a possible impact with the swept area', () => {
    const t = track(50, 2);
    const ws = assessTrack(t, 'JPN', areas, 0, { phase: 'boost' });
    expect(ws.map((w) => w.reason).sort()).toEqual(['possible-impact', 'possible-overflight']);
    const possible = ws.find((w) => w.reason === 'possible-impact')!;
    expect(possible).toMatchObject({ phase: 'boost', area: 'JPN EEZ' });
    // The point named is in Japan's EEZ, and the swept region (whose outline the warning carries)
    // reaches out along the heading far beyond it.
    expect(areas.areaOf(possible.latDeg, possible.lonDeg, 'JPN')?.area).toBe('JPN EEZ');
    const region = sweptImpactRegion(t.x, t.P)!;
    expect(possible.swept!.length).toBeGreaterThan(4);
    // Its far end, 5,500 km east of 131 E, is past the antimeridian.
    const far = possible.swept![Math.floor(possible.swept!.length / 2)]!;
    expect(far.lonDeg).toBeLessThan(-150);
    const mid = corridorPoint(region, 2_000_000, 0);
    expect(sweptRegionContains(region, mid.latDeg, mid.lonDeg)).toBe(true);
    // With a cache, the same region and answer, computed once for the object within its period.
    const cache = new SweepCache(5_000);
    const a = assessTrack(t, 'JPN', areas, 0, { phase: 'boost', sweepCache: cache });
    const b = assessTrack({ ...t, tMs: 1_000 }, 'JPN', areas, 1_000, { phase: 'boost', sweepCache: cache });
    expect(b.find((w) => w.reason === 'possible-impact')!.swept).toEqual(
      a.find((w) => w.reason === 'possible-impact')!.swept,
    );
  });
});

/** An object over the East Sea 35 km up, level at 2.4 km/s on `bearingDeg`: a depressed flight. */
function depressed(latDeg: number, lonDeg: number, bearingDeg: number): PictureTrack {
  const p = ecefFromGeodetic(latDeg, lonDeg, 35_000);
  const b = (bearingDeg * Math.PI) / 180;
  const v = ecefVectorFromEnu(
    siteFromGeodetic(latDeg, lonDeg, 0),
    2_400 * Math.sin(b),
    2_400 * Math.cos(b),
    0,
  );
  const P = new Float64Array(36);
  for (let i = 0; i < 3; i++) {
    P[i * 7] = 50 ** 2;
    P[(i + 3) * 7] = 2 ** 2;
  }
  return { id: 'KOR:2', sources: [], tMs: 0, x: Float64Array.of(...p, ...v), P };
}

describe('an object flying in the air may manoeuvre on lift', () => {
  it('its tight ballistic impact in Japan’s EEZ is only possible while a glide could carry it out of Japan’s areas', () => {
    const t = depressed(40.5, 134, 90);
    // As if it flew a ballistic arc: a specific impact in Japan's EEZ.
    const ballisticOnly = assessTrack(t, 'JPN', areas, 0, {
      phase: 'ballistic',
      region: { manoeuvre: false },
    });
    expect(ballisticOnly.map((w) => [w.reason, w.area])).toEqual([['impact', 'JPN EEZ']]);
    // Taken to be able to manoeuvre (apogee ~35 km): the corridor of its landings, with a glide of
    // several hundred km, reaches beyond Japan's areas, so the warning is a possible impact, with
    // the corridor's outline.
    const ws = assessTrack(t, 'JPN', areas, 0, { phase: 'ballistic' });
    expect(ws.map((w) => [w.reason, w.area])).toEqual([['possible-impact', 'JPN EEZ']]);
    expect(ws[0]!.ellipse!.semiMajorM).toBeLessThanOrEqual(IMPACT_MAX_SEMI_MAJOR_M);
    expect(ws[0]!.swept!.length).toBeGreaterThan(4);
    // Heading east further south, every landing a glide allows is in Japan's areas: specific.
    const south = assessTrack(depressed(38.5, 134, 90), 'JPN', areas, 0, { phase: 'ballistic' });
    expect(south.map((w) => w.reason)).toEqual(['impact']);
  });

  it('a ballistic landing short of Japan’s areas still warns of a possible impact when a glide reaches them', () => {
    const t = depressed(39.5, 133, 45);
    expect(assessTrack(t, 'JPN', areas, 0, { phase: 'ballistic', region: { manoeuvre: false } })).toEqual([]);
    const ws = assessTrack(t, 'JPN', areas, 0, { phase: 'ballistic' });
    expect(ws.map((w) => w.reason)).toEqual(['possible-impact']);
    // The point named is where the corridor first reaches Japan's areas, not the ballistic landing.
    expect(areas.areaOf(ws[0]!.latDeg, ws[0]!.lonDeg, 'JPN')).not.toBeNull();
    // And its time is when a flight still possible (a glide) comes down there, not the ballistic
    // landing's (which is short of Japan's areas): a range, later than that landing.
    const ballisticMs = predictImpact(0, t.x, t.P)!.impactTS * 1000;
    expect(ws[0]!.eventMs).toBeGreaterThan(ballisticMs + 30_000);
    expect(ws[0]!.eventLatestMs).toBeGreaterThanOrEqual(ws[0]!.eventMs);
  });

  it('a boost-phase possible impact whose region starts under the object is not "in 0 s"', () => {
    // A young track over Korea's land north of Seoul, 30 km up, climbing at 0.9 km/s and moving east
    // at 0.4 km/s, its velocity known to 150 m/s: the swept region's near end, pulled back by that
    // uncertainty, starts behind it (KOR:11 at T+145 of the SRBM salvo said "predicted in 0 s";
    // measured, this state said 0 s too before).
    const p = ecefFromGeodetic(38.1, 127.1, 30_000);
    const v = ecefVectorFromEnu(siteFromGeodetic(38.1, 127.1, 0), 400, 0, 900);
    const P = new Float64Array(36);
    for (let i = 0; i < 3; i++) {
      P[i * 7] = 2_000 ** 2;
      P[(i + 3) * 7] = 150 ** 2;
    }
    const t: PictureTrack = { id: 'KOR:11', sources: [], tMs: 0, x: Float64Array.of(...p, ...v), P };
    const w = assessTrack(t, 'KOR', areas, 0, { phase: 'boost' }).find(
      (x) => x.reason === 'possible-impact',
    )!;
    expect(w.area).toBe('KOR land');
    // It must still climb ~40 km and fall ~70 km: over 3 minutes with no more thrust (measured 217 s).
    expect(w.timeToEventS).toBeGreaterThan(100);
    expect(w.eventLatestMs).toBeGreaterThanOrEqual(w.eventMs);
  });
});
