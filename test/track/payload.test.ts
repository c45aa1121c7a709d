import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ecefFromGeodetic } from '../../src/geo/index.js';
import { fusePicture, type NationTrack } from '../../src/node/index.js';
import { checkTrackPayload, covarianceIntersection } from '../../src/track/index.js';

const T0 = Date.UTC(2026, 11, 7, 2, 0, 0);
const times = { createdMs: T0, nowMs: T0 + 300, maxSkewMs: 5_000 };

/** An honest track: 300 km up over the Sea of Japan, 3 km/s, metres and m/s uncertainties. */
function honest(): { kind: 'track'; trackId: number; tMs: number; x: number[]; P: number[] } {
  const [px, py, pz] = ecefFromGeodetic(39, 134, 300_000);
  const P = new Array<number>(36).fill(0);
  for (let i = 0; i < 3; i++) P[i * 7] = 2_500;
  for (let i = 3; i < 6; i++) P[i * 7] = 100;
  // Position and velocity errors correlated along each axis, as a filter leaves them.
  for (let i = 0; i < 3; i++) {
    P[i * 6 + i + 3] = 300;
    P[(i + 3) * 6 + i] = 300;
  }
  return { kind: 'track', trackId: 7, tMs: T0, x: [px, py, pz, 1_500, -2_000, 1_500], P };
}

const refusal = (payload: unknown, t = times) => {
  const r = checkTrackPayload(payload, t);
  return r.ok ? 'accepted' : r.code;
};

describe('checkTrackPayload: a partner track is checked as a physicist would', () => {
  it('accepts an honest track, with P made exactly symmetric', () => {
    const p = honest();
    p.P[1] = 1e-7; // asymmetric by far less than the tolerance
    const r = checkTrackPayload(p, times);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.track.P[1]).toBe(r.track.P[6]);
      expect([...r.track.x]).toEqual(p.x);
    }
  });

  it('refuses a covariance of 36 zeros, one that is not positive definite, asymmetric or ill-conditioned', () => {
    expect(refusal({ ...honest(), P: new Array(36).fill(0) })).toBe('variance-out-of-range');
    const notPd = honest();
    notPd.P[3] = 1_000; // |corr(x, vx)| = 1000 / sqrt(2500 * 100) = 2
    notPd.P[18] = 1_000;
    expect(refusal(notPd)).toBe('not-positive-definite');
    const asym = honest();
    asym.P[1] = 50;
    expect(refusal(asym)).toBe('asymmetric');
    const thin = honest();
    // Correlation 1 - 1e-14 between x and vx: positive definite on paper, useless in doubles.
    thin.P[3] = 500 * (1 - 1e-14);
    thin.P[18] = thin.P[3];
    expect(refusal(thin)).toMatch(/ill-conditioned|not-positive-definite/);
    const wide = honest();
    wide.P[0] = 1e15;
    expect(refusal(wide)).toBe('variance-out-of-range');
  });

  it('refuses positions far from the Earth and speeds beyond escape', () => {
    expect(refusal({ ...honest(), x: [0, 0, 0, 0, 0, 0] })).toBe('position-out-of-range');
    expect(refusal({ ...honest(), x: [4e7, 0, 0, 0, 0, 0] })).toBe('position-out-of-range');
    const fast = honest();
    fast.x[3] = 20_000;
    expect(refusal(fast)).toBe('speed-out-of-range');
  });

  it('refuses a track dated after its signed item or after now, beyond the skew; an old one is left to staleness', () => {
    expect(refusal({ ...honest(), tMs: T0 + 5_001 })).toBe('time-ahead-of-envelope');
    expect(refusal({ ...honest(), tMs: T0 + 5_000 })).toBe('accepted');
    expect(refusal({ ...honest(), tMs: T0 + 10_000 }, { ...times, createdMs: T0 + 10_000 })).toBe(
      'time-in-future',
    );
    expect(refusal({ ...honest(), tMs: T0 - 3_600_000 })).toBe('accepted');
  });

  it('refuses what is not exactly a track payload, naming the field', () => {
    for (const junk of [
      null,
      7,
      'track',
      [],
      { ...honest(), kind: 'vessel-state' },
      { ...honest(), x: [1, 2, 3] },
      { ...honest(), P: [...honest().P, 0] },
      { ...honest(), trackId: -1 },
      { ...honest(), trackId: 1.5 },
      { ...honest(), tMs: Number.NaN },
      { ...honest(), x: [...honest().x.slice(0, 5), Number.POSITIVE_INFINITY] },
      { ...honest(), x: honest().x.map(String) },
      { ...honest(), extra: 'x'.repeat(1_000_000) },
    ]) {
      const r = checkTrackPayload(junk, times);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.code).toBe('malformed');
    }
    const r = checkTrackPayload({ ...honest(), x: [1, 2, 3] }, times);
    expect(!r.ok && r.reason).toMatch(/^x: /);
  });
});

/** A covariance D C D: C a random correlation matrix (conditioned by `delta`), D per-axis scales. */
const covariance = fc
  .tuple(
    fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 36, maxLength: 36 }),
    fc.array(fc.double({ min: -2, max: 8, noNaN: true }), { minLength: 6, maxLength: 6 }),
    fc.double({ min: -14, max: 1, noNaN: true }),
  )
  .map(([m, logSigma, logDelta]) => {
    const a = new Array<number>(36);
    for (let i = 0; i < 6; i++) {
      for (let j = 0; j < 6; j++) {
        let s = i === j ? 10 ** logDelta : 0;
        for (let k = 0; k < 6; k++) s += m[i * 6 + k]! * m[j * 6 + k]!;
        a[i * 6 + j] = s;
      }
    }
    const d = a.map((_, k) => k).filter((k) => k % 7 === 0);
    const P = new Array<number>(36);
    for (let i = 0; i < 6; i++) {
      for (let j = 0; j < 6; j++) {
        const c = a[i * 6 + j]! / Math.sqrt(a[d[i]!]! * a[d[j]!]!);
        P[i * 6 + j] =
          c * 10 ** logSigma[i]! * 10 ** logSigma[j]! * (i >= 3 ? 0.01 : 1) * (j >= 3 ? 0.01 : 1);
      }
    }
    return P;
  });

/** A state anywhere from below the ground to beyond the limits, at any speed up to 15 km/s. */
const state = fc
  .tuple(
    fc.double({ min: -90, max: 90, noNaN: true }),
    fc.double({ min: -180, max: 180, noNaN: true }),
    fc.double({ min: -200_000, max: 25_000_000, noNaN: true }),
    fc.array(fc.double({ min: -9_000, max: 9_000, noNaN: true }), { minLength: 3, maxLength: 3 }),
  )
  .map(([lat, lon, h, v]) => [...ecefFromGeodetic(lat, lon, h), ...v]);

const payload = fc.record({
  kind: fc.constant('track' as const),
  trackId: fc.nat(),
  tMs: fc.integer({ min: T0 - 40_000, max: T0 + 8_000 }),
  x: state,
  P: covariance,
});

describe('checkTrackPayload, property-based', () => {
  it('never throws, whatever a partner sends', () => {
    const mutated = fc
      .tuple(payload, fc.string(), fc.anything())
      .map(([p, key, value]) => ({ ...p, [key]: value }));
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.jsonValue(), payload, mutated), (p) => {
        const r = checkTrackPayload(p, times);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 400 },
    );
  });

  it('every accepted track is usable by fusion: predicted, associated and fused with honest and accepted tracks', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(payload, payload, (a, b) => {
        const ra = checkTrackPayload(a, times);
        if (!ra.ok) {
          refused++;
          return;
        }
        accepted++;
        const h = checkTrackPayload(honest(), times);
        if (!h.ok) throw new Error('the honest track is refused');
        const track = (
          nation: 'JPN' | 'KOR' | 'USA',
          t: { trackId: number; tMs: number; x: Float64Array; P: Float64Array },
        ): NationTrack => ({
          nation,
          ...t,
        });
        // The same state under another nation's name associates (distance 0) and goes through CI.
        const own = track('JPN', { ...h.track, x: Float64Array.from(ra.track.x), tMs: ra.track.tMs });
        const tracks = [own, track('KOR', ra.track)];
        const rb = checkTrackPayload({ ...b, x: a.x, tMs: a.tMs }, times);
        if (rb.ok) tracks.push(track('USA', rb.track));
        const nowMs = Math.max(times.nowMs, ra.track.tMs);
        const picture = fusePicture('JPN', tracks, nowMs);
        for (const o of picture) {
          for (const v of o.x) expect(Number.isFinite(v)).toBe(true);
          for (const v of o.P) expect(Number.isFinite(v)).toBe(true);
        }
        // And fused directly with the honest track, unpredicted.
        const f = covarianceIntersection(ra.track.x, ra.track.P, h.track.x, h.track.P);
        expect(f.x.every(Number.isFinite)).toBe(true);
      }),
      { numRuns: 300 },
    );
    // Both sides of the checks were exercised, so the property says something.
    expect(accepted).toBeGreaterThan(30);
    expect(refused).toBeGreaterThan(30);
  });
});
