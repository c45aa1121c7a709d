import { describe, expect, it } from 'vitest';
import {
  ecefFromGeodetic,
  ecefVectorFromEnu,
  enuFromEcef,
  geodeticFromEcef,
  siteFromGeodetic,
} from '../../src/geo/index.js';
import {
  ballistic,
  extendedKalmanPredictor,
  extendedKalmanUpdater,
  predictImpact,
  type Track,
  twoPointInitiator,
} from '../../src/track/index.js';
import { ballisticTruth, cartesianDetection, gaussian, LAUNCH, rng, stateFromLaunch } from './helpers.js';

/** Truth impact: the 10 ms truth integration sampled every 10 ms until h < 0, then linear interpolation. */
function truthImpact(x0: Float64Array): { tS: number; latDeg: number; lonDeg: number } {
  const pts = ballisticTruth(x0, 0, 0.01, 1200);
  for (let k = 1; k < pts.length; k++) {
    const h1 = geodeticFromEcef(pts[k]!.x[0]!, pts[k]!.x[1]!, pts[k]!.x[2]!).hM;
    if (h1 > 0) continue;
    const a = pts[k - 1]!;
    const h0 = geodeticFromEcef(a.x[0]!, a.x[1]!, a.x[2]!).hM;
    const f = h0 / (h0 - h1);
    const p = [0, 1, 2].map((i) => a.x[i]! + f * (pts[k]!.x[i]! - a.x[i]!));
    const g = geodeticFromEcef(p[0]!, p[1]!, p[2]!);
    return { tS: a.tS + f * 0.01, latDeg: g.latDeg, lonDeg: g.lonDeg };
  }
  throw new Error('truth never landed');
}

describe('impact-point prediction', () => {
  it('a drop from 1,000 m at rest on the equator lands after sqrt(2h/g) = 14.30 s, straight below', () => {
    const [x, y, z] = ecefFromGeodetic(0, 0, 1000);
    const P = new Float64Array(36);
    for (let i = 0; i < 6; i++) P[i * 6 + i] = 1e-6;
    const ip = predictImpact(0, Float64Array.of(x, y, z, 0, 0, 0), P)!;
    // g at the equator in the rotating frame is 9.780 m/s^2.
    expect(ip.impactTS).toBeCloseTo(Math.sqrt(2000 / 9.78), 2);
    // Coriolis deflects a 14 s fall eastward by (1/3) w g t^3 = 0.7 m: well under 1e-4 degrees.
    expect(Math.abs(ip.latDeg)).toBeLessThan(1e-5);
    expect(ip.lonDeg).toBeGreaterThan(0);
    expect(ip.lonDeg).toBeLessThan(1e-4);
  });

  it('after 60 s of tracking, the predicted impact is within 3 km and 2 s of the truth and inside its 99 % ellipse', () => {
    const x0 = stateFromLaunch(LAUNCH);
    const impact = truthImpact(x0);
    const truth = ballisticTruth(x0, 0, 0.1, 60);
    const normal = gaussian(rng(17));
    const transition = ballistic({ accelerationNoiseM2pS3: 0.1 });
    const p = extendedKalmanPredictor({ transition });
    const u = extendedKalmanUpdater();
    const init = twoPointInitiator();
    let track: Track | undefined;
    for (const tp of truth) {
      const det = cartesianDetection(tp.tS, 0, tp.x, 50, normal);
      if (!track) {
        track = init.initiate([det], tp.tS, () => 1)[0];
        continue;
      }
      p.predict(track, tp.tS, track);
      u.update(track, det, track);
    }
    const ip = predictImpact(track!.tS, track!.x, track!.P, { confidence: 0.99 })!;
    const site = siteFromGeodetic(ip.latDeg, ip.lonDeg, 0);
    const t = ecefFromGeodetic(impact.latDeg, impact.lonDeg, 0);
    const [e, n] = enuFromEcef(site, t[0], t[1], t[2]);
    const missM = Math.hypot(e, n);
    // A 1,700 km, 12-minute flight predicted after its first 60 s: 1 m/s of velocity error is ~1 km on the ground.
    expect(missM).toBeLessThan(3000);
    expect(Math.abs(ip.impactTS - impact.tS)).toBeLessThan(2);
    // Express the miss in the ellipse's axes: inside means (a/A)^2 + (b/B)^2 <= 1.
    const az = (ip.ellipse.orientationDeg * Math.PI) / 180;
    const along = e * Math.sin(az) + n * Math.cos(az);
    const across = e * Math.cos(az) - n * Math.sin(az);
    expect((along / ip.ellipse.semiMajorM) ** 2 + (across / ip.ellipse.semiMinorM) ** 2).toBeLessThanOrEqual(
      1,
    );
    expect(ip.ellipse.semiMajorM).toBeGreaterThanOrEqual(ip.ellipse.semiMinorM);
    expect(ip.ellipse.semiMinorM).toBeGreaterThan(0);
  });

  it('the ellipse lies along the flight: a down-range velocity error spreads impacts along the azimuth of flight', () => {
    const x0 = stateFromLaunch({ ...LAUNCH, eastMps: 3000, northMps: 0 });
    const site = siteFromGeodetic(LAUNCH.latDeg, LAUNCH.lonDeg, LAUNCH.hM);
    const P = new Float64Array(36);
    for (let i = 0; i < 3; i++) P[i * 6 + i] = 1;
    // 10 m/s sigma along east only (the direction of flight), 0.1 m/s elsewhere.
    const east = ecefVectorFromEnu(site, 1, 0, 0);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) P[(i + 3) * 6 + j + 3] = 100 * east[i]! * east[j]! + (i === j ? 0.01 : 0);
    }
    const ip = predictImpact(0, x0, P)!;
    // Launched due east at 39 N, the path bends south of east as a great circle does (by about
    // delta-lon * sin(lat) ~ 12 deg over this range): the major axis follows it.
    expect(ip.ellipse.orientationDeg).toBeGreaterThan(95);
    expect(ip.ellipse.orientationDeg).toBeLessThan(115);
    expect(ip.ellipse.semiMajorM).toBeGreaterThan(10 * ip.ellipse.semiMinorM);
  });

  it('a state on an escape trajectory has no impact', () => {
    const x0 = stateFromLaunch({ ...LAUNCH, upMps: 12_000 });
    const P = new Float64Array(36);
    for (let i = 0; i < 6; i++) P[i * 6 + i] = 1;
    expect(predictImpact(0, x0, P, { maxFlightS: 600 })).toBeUndefined();
  });
});
