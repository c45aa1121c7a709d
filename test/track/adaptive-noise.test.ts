import { describe, expect, it } from 'vitest';
import {
  type AdaptiveNoiseState,
  adaptNoiseScale,
  chi2MeanUpperQuantile,
  relaxNoiseScale,
  resolveAdaptiveNoise,
} from '../../src/track/adaptive-noise.js';
import {
  ballistic,
  extendedKalmanPredictor,
  type GaussianState,
  unscentedKalmanPredictor,
} from '../../src/track/index.js';

/** A seeded normal generator (mulberry32 + Box-Muller), so the runs are reproducible. */
function normals(seed: number): () => number {
  let a = seed >>> 0;
  const u = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

function fresh(): AdaptiveNoiseState {
  return {
    noiseScale: 1,
    nisMean: 1,
    innovationMean: new Float64Array(0),
    innovationMeanCov: new Float64Array(0),
  };
}

/**
 * Feeds `n` 3-D innovations with covariance diag(sigma^2) times `nisScale`, plus a constant bias
 * on one axis (in sigmas); returns the final state and how many updates raised the scale.
 */
function feed(
  n: number,
  biasSigmas: number,
  seed: number,
  nisScale = 1,
): { s: AdaptiveNoiseState; raises: number } {
  // No practical ceiling, so that every rejection shows as a raise.
  const o = resolveAdaptiveNoise({ mode: 0, maxScale: 1e300 });
  const s = fresh();
  const g = normals(seed);
  const sigmaM = 300;
  const S = Float64Array.of(sigmaM ** 2, 0, 0, 0, sigmaM ** 2, 0, 0, 0, sigmaM ** 2);
  let raises = 0;
  for (let k = 0; k < n; k++) {
    const y = Float64Array.from(
      [0, 1, 2],
      (i) => sigmaM * (Math.sqrt(nisScale) * g() + (i === 0 ? biasSigmas : 0)),
    );
    const nis = (y[0]! ** 2 + y[1]! ** 2 + y[2]! ** 2) / sigmaM ** 2;
    const before = s.noiseScale;
    adaptNoiseScale(s, y, S, nis, 3, o);
    if (s.noiseScale > before) raises++;
  }
  return { s, raises };
}

describe('adaptive process noise (the pure statistics)', () => {
  it('chi2MeanUpperQuantile matches tabulated chi-square quantiles', () => {
    // chi2(3) 99 %: 11.345; chi2(100) 99 %: 135.807 (NIST/SEMATECH e-Handbook, table 1.3.6.7.4).
    expect(chi2MeanUpperQuantile(3, 0.01) * 3).toBeCloseTo(11.345, 0);
    expect(chi2MeanUpperQuantile(100, 0.01) * 100).toBeCloseTo(135.8, 0);
  });

  it('rarely raises the noise on white innovations that match S (the model is right)', () => {
    // Two tests at 1 % each per update, correlated within a window: a few per cent of updates.
    let raises = 0;
    for (let seed = 1; seed <= 10; seed++) raises += feed(300, 0, seed).raises;
    expect(raises / 3000).toBeLessThan(0.05);
  });

  it('raises the noise on a persistent bias that the NIS alone barely shows', () => {
    // A bias of 1 sigma on one axis: the mean NIS is 1.33, under its 1 % trigger for a window of
    // 10 updates (1.55); the innovation mean's statistic is ~20 against a trigger of 3.78.
    for (let seed = 1; seed <= 5; seed++) {
      const r = feed(300, 1, seed);
      expect(r.raises / 300).toBeGreaterThan(0.5);
      expect(r.s.noiseScale).toBeGreaterThan(1e6);
    }
  });

  it('raises the noise when the innovations are larger than S says', () => {
    expect(feed(100, 0, 1, 4).s.noiseScale).toBeGreaterThan(1e6);
  });

  it('relaxes to the floor with time, in log space, and averages over a long gap', () => {
    expect(relaxNoiseScale(1, 50, 100)).toEqual({ effective: 1, after: 1 });
    expect(relaxNoiseScale(1e8, 0, 100).after).toBe(1e8);
    // ln(1e8) e^-1 = 6.78: 1e8 -> 880 after one time constant.
    expect(relaxNoiseScale(1e8, 100, 100).after).toBeCloseTo(Math.exp(Math.log(1e8) * Math.exp(-1)), 6);
    const hour = relaxNoiseScale(1e8, 3600, 100);
    expect(hour.after).toBeLessThan(1.000_001);
    // The interval's mean is dominated by its start but far below the starting scale.
    expect(hour.effective).toBeGreaterThan(1);
    expect(hour.effective).toBeLessThan(1e8 / 10);
  });

  it('ignores a non-finite NIS and refuses nonsensical options', () => {
    const s = fresh();
    adaptNoiseScale(
      s,
      new Float64Array(3),
      new Float64Array(9),
      Number.NaN,
      3,
      resolveAdaptiveNoise({ mode: 0 }),
    );
    expect(s.noiseScale).toBe(1);
    expect(s.nisMean).toBe(1);
    expect(() => resolveAdaptiveNoise({ mode: -1 })).toThrow(/mode/);
    expect(() => resolveAdaptiveNoise({ mode: 0, triggerProbability: 0.3 })).toThrow(/triggerProbability/);
    expect(() => resolveAdaptiveNoise({ mode: 0, windowUpdates: 0 })).toThrow(/windowUpdates/);
    expect(() => resolveAdaptiveNoise({ mode: 0, relaxTimeS: 0 })).toThrow(/relaxTimeS/);
  });
});

describe('the scale in the predictors', () => {
  it('multiplies the process noise exactly: EKF and UKF with noiseScale s equal the model with s q', () => {
    const x = Float64Array.of(6_478_137, 0, 0, 0, 3_000, 2_000);
    const P = new Float64Array(36);
    for (let i = 0; i < 6; i++) P[i * 7] = i < 3 ? 100 : 1;
    for (const make of [extendedKalmanPredictor, unscentedKalmanPredictor]) {
      const scaled = make({ transition: ballistic({ accelerationNoiseM2pS3: 1e-8 }) });
      const direct = make({ transition: ballistic({ accelerationNoiseM2pS3: 1e-2 }) });
      const a: GaussianState = { tS: 0, x: Float64Array.from(x), P: Float64Array.from(P), noiseScale: 1e6 };
      const b: GaussianState = { tS: 0, x: Float64Array.from(x), P: Float64Array.from(P) };
      scaled.predict(a, 10, a);
      direct.predict(b, 10, b);
      for (let i = 0; i < 36; i++) expect(a.P[i]).toBeCloseTo(b.P[i]!, 6);
      expect(a.P[0]).toBeGreaterThan(100 + 1); // the scaled noise is there: 1e-2 * 10^3 / 3 = 3.3 m^2
    }
  });
});
