import { beforeAll, describe, expect, it } from 'vitest';
import { chi2Interval95 } from '../../bench/tracker-scenarios.js';
import {
  cartesianPosition,
  type Detection,
  evaluateTracks,
  multiTargetTracker,
  parseMeasurementsCsv,
  parseTruthCsv,
  runTracker,
  standardComponents,
  type TrackerConfig,
} from '../../src/track/index.js';
import {
  inertialEnergy,
  type SecondRun,
  secondGenerator,
  secondScenario,
} from '../support/second-generator.js';

/** x^T P^-1 x for a 6x6 row-major P, by Cholesky (the test's own, not the tracker's linear algebra). */
function mahalanobis6(e: number[], P: ArrayLike<number>): number {
  const L = new Float64Array(36);
  for (let i = 0; i < 6; i++)
    for (let j = 0; j <= i; j++) {
      let s = P[i * 6 + j]!;
      for (let k = 0; k < j; k++) s -= L[i * 6 + k]! * L[j * 6 + k]!;
      L[i * 6 + j] = i === j ? Math.sqrt(s) : s / L[j * 6 + j]!;
    }
  const y: number[] = [];
  for (let i = 0; i < 6; i++) {
    let s = e[i]!;
    for (let k = 0; k < i; k++) s -= L[i * 6 + k]! * y[k]!;
    y.push(s / L[i * 6 + i]!);
  }
  return y.reduce((a, b) => a + b * b, 0);
}

/**
 * The tracker with its defaults on a second-generator run, scan by scan as `concord track` feeds
 * it; each confirmed track is paired with the nearest missile within 5 km at the scan time, and
 * its NEES sampled every 10 s from 30 s after burnout and 20 s after the pairing began (the
 * bench's rule for the bundled scenarios). Returns the mean NEES of each missile's series.
 */
function neesSeries(run: SecondRun, config: TrackerConfig = {}): number[] {
  const tracker = multiTargetTracker(standardComponents(config));
  const model = cartesianPosition();
  const rows = parseMeasurementsCsv(run.measurementsCsv, 'second.csv');
  const sensors = new Map<string, number>();
  const grid = new Map<string, Map<number, { p: number[]; v: number[] }>>();
  for (const [id, list] of run.truth) grid.set(id, new Map(list.map((r) => [Math.round(r.tS * 4), r])));
  const acc = new Map<string, { first: number; next: number; sum: number; n: number }>();
  let scan: Detection[] = [];
  let scanT = Number.NaN;
  const flush = () => {
    if (scan.length === 0) return;
    for (const t of tracker.step(scan, scanT)) {
      if (t.status !== 'confirmed') continue;
      let best: { id: string; d: number; e: number[] } | null = null;
      for (const [id, g] of grid) {
        const r = g.get(Math.round(scanT * 4));
        if (!r) continue;
        const e = [0, 1, 2].map((i) => t.x[i]! - r.p[i]!).concat([0, 1, 2].map((i) => t.x[i + 3]! - r.v[i]!));
        const d = Math.hypot(e[0]!, e[1]!, e[2]!);
        if (d < 5_000 && (!best || d < best.d)) best = { id, d, e };
      }
      if (!best) continue;
      const f = run.flights.get(best.id)!;
      let a = acc.get(best.id);
      if (!a) {
        a = { first: scanT, next: Number.NaN, sum: 0, n: 0 };
        acc.set(best.id, a);
      }
      const from = Math.max(f.launchS + f.burnoutS + 30, a.first + 20);
      if (scanT < from || scanT < a.next) continue;
      a.sum += mahalanobis6(best.e, t.P);
      a.n++;
      a.next = scanT + 10;
    }
    scan = [];
  };
  for (const r of rows) {
    if (r.tS !== scanT) {
      flush();
      scanT = r.tS;
    }
    if (!sensors.has(r.sensor)) sensors.set(r.sensor, sensors.size);
    scan.push({
      tS: r.tS,
      sensor: sensors.get(r.sensor)!,
      z: Float64Array.of(r.x, r.y, r.z),
      R: Float64Array.of(r.cxx, r.cxy, r.cxz, r.cxy, r.cyy, r.cyz, r.cxz, r.cyz, r.czz),
      model,
    });
  }
  flush();
  return [...acc.values()].filter((a) => a.n > 0).map((a) => a.sum / a.n);
}

interface Figures {
  confirmedTracks: number;
  missiles: number;
  fragmentations: number;
  swaps: number;
  followed: number;
  rmseM: number;
  ospaM: number;
  ospaFloorM: number | null;
  nees: number;
  interval95: [number, number];
}

/** One run (seed 1) of a second-generator variant through `concord track`'s path and the NEES pass. */
function figures(options: { drag: boolean; j2: boolean }, config: TrackerConfig = {}): Figures {
  const run = secondGenerator(secondScenario(options), 1);
  const m = parseMeasurementsCsv(run.measurementsCsv, 'second.csv');
  const res = runTracker(m, config);
  const e = evaluateTracks(res.rows, parseTruthCsv(run.truthCsv, 'second-truth.csv'), m);
  const s = neesSeries(run, config);
  const [lo, hi] = chi2Interval95(6 * s.length);
  return {
    confirmedTracks: res.stats.confirmedTracks,
    missiles: run.flights.size,
    fragmentations: e.fragmentations,
    swaps: e.swaps,
    followed: new Set(e.pairs.map((p) => p.target)).size,
    rmseM: e.rmseM,
    ospaM: e.ospaM,
    ospaFloorM: e.ospaFloorM,
    nees: s.reduce((a, b) => a + b, 0) / s.length,
    interval95: [lo / s.length, hi / s.length],
  };
}

describe('the second generator itself', () => {
  it('conserves inertial energy in vacuum point-mass free flight, and loses it to drag', () => {
    for (const drag of [false, true]) {
      const run = secondGenerator(secondScenario({ drag, j2: false }), 1);
      for (const [id, rows] of run.truth) {
        const f = run.flights.get(id)!;
        expect(f.impactS, id).toBeGreaterThan(250);
        const coast = rows.filter((r) => r.tS > f.launchS + f.burnoutS + 1);
        const energies = coast.map((r) => inertialEnergy(r.p, r.v));
        const e0 = energies[0]!;
        if (!drag) for (const e of energies) expect(Math.abs((e - e0) / e0), id).toBeLessThan(1e-9);
        else
          for (let k = 1; k < energies.length; k++) expect(energies[k]!, id).toBeLessThan(energies[k - 1]!);
      }
    }
  });
});

// Five staggered missiles (gravity-turn boost, 50-60 s), three radars (Pd 0.9, one clutter point
// per scan each), integrated in an inertial frame by a generator that shares no code with src/sim
// or the tracker. Measured, the tracker's defaults (mean NEES over seeds 1-3 against [4.38, 7.88];
// RMSE of seed 1; docs/figures.md, "On physics the tracker does not share"):
//   physics                 tracks  RMSE            mean NEES
//                                   two-mode IMM -> with the drag-aware coasting mode (default)
//   point mass, vacuum      5       129 -> 241 m    2,600 -> 944
//   J2, vacuum              5       112 -> 111 m    6.35 -> 5.73
//   point mass, drag        5       789 -> 199 m    2.0e6 -> 88
// With J2 the truth is the tracker's own model, and it is consistent there. Drag (beta 5,000 kg/m^2
// here) is now flown by the drag-aware coasting mode (the mean drag of a log-uniform beta prior over
// 1,000-100,000 kg/m^2, the rest as noise following the dynamic pressure), four orders of magnitude
// closer. What remains is gravity: without J2 (a difference of ~0.02 m/s^2, held for minutes) the
// coasting model's 1e-8 m^2/s^3 floor leaves it overconfident, with or without drag; near the
// ground the drag-aware mode then wins over the biased drag-free one, which costs the vacuum
// point-mass case RMSE. Issue 18's "model mismatch" item is done for drag, not for gravity.
describe.each([
  ['point mass, vacuum', { drag: false, j2: false }, 270, 1_500],
  ['J2, vacuum', { drag: false, j2: true }, 130, 9.4],
  ['point mass, drag', { drag: true, j2: false }, 230, 300],
] as const)(
  'the tracker on second-generator physics: %s (seed 1)',
  (_name, options, rmseBoundM, neesBound) => {
    let f: Figures;
    beforeAll(() => {
      f = figures(options);
    }, 60_000);

    it('gives exactly one confirmed track per missile, boost to impact: no fragment, no swap', () => {
      expect(f.confirmedTracks).toBe(f.missiles);
      expect(f.fragmentations).toBe(0);
      expect(f.swaps).toBe(0);
      expect(f.followed).toBe(f.missiles);
    });

    it(`keeps its position RMSE under ${rmseBoundM} m (measured, see above)`, () => {
      expect(f.rmseM).toBeLessThan(rmseBoundM);
    });

    it(`has a mean NEES under ${neesBound} (the two-mode IMM: 2,674, 7.60 and 2.0e6 on seed 1)`, () => {
      expect(f.nees).toBeGreaterThan(f.interval95[0]);
      expect(f.nees).toBeLessThan(neesBound);
    });

    const consistent = () => {
      expect(f.nees).toBeGreaterThan(f.interval95[0]);
      expect(f.nees).toBeLessThan(f.interval95[1]);
    };
    // Known to fail without J2 (see above): it.fails turns red the day it holds.
    if (options.j2 && !options.drag) it('is consistent: mean NEES inside its 95 % interval', consistent);
    else it.fails('is consistent: mean NEES inside its 95 % interval (known overconfident)', consistent);
  },
);

// The opt-in manoeuvre mode, measured on the two-mode IMM it was built on (`drag: false`)
// (TrackerConfig.manoeuvreMode: a further IMM mode, ballistic plus
// MANOEUVRE_Q_M2PS3 = 300 m^2/s^3, entered from coasting at 1 / 10,000 s and left at 1 / 20 s).
// Measured (seed 1), against the defaults above:
//   physics                 RMSE            mean NEES [3.36, 9.40]
//   point mass, vacuum      129 -> 118 m    2,674 -> 4.03
//   J2, vacuum              112 -> 116 m    7.60 -> 3.52
//   point mass, drag        789 -> 529 m    2.0e6 -> 19.4 (still overconfident: drag lasts for
//                                           minutes, the mode is built for short manoeuvres)
// Why it is not the default: on the simulator's own (J2, drag-free) bundled scenarios it makes the
// filter conservative, pooled mean NEES 5.32 -> 2.63 against [4.51, 7.70] (seeds 1-3), and the
// IRBM's RMSE 197 -> 248 m (seed 1). A fixed third mode trades one mismatch for the other; the
// innovation-driven process noise below is the attempt to tell them apart per track.
describe.each([
  ['point mass, vacuum', { drag: false, j2: false }, 130],
  ['J2, vacuum', { drag: false, j2: true }, 130],
  ['point mass, drag', { drag: true, j2: false }, 600],
] as const)('with the manoeuvre mode: %s (seed 1)', (_name, options, rmseBoundM) => {
  let f: Figures;
  beforeAll(() => {
    f = figures(options, { manoeuvreMode: true, drag: false });
  }, 60_000);

  it(`one confirmed track per missile, no fragment, no swap; RMSE under ${rmseBoundM} m`, () => {
    expect(f.confirmedTracks).toBe(f.missiles);
    expect(f.fragmentations).toBe(0);
    expect(f.swaps).toBe(0);
    expect(f.rmseM).toBeLessThan(rmseBoundM);
  });

  if (!options.drag)
    it('is consistent: mean NEES inside its 95 % interval', () => {
      expect(f.nees).toBeGreaterThan(f.interval95[0]);
      expect(f.nees).toBeLessThan(f.interval95[1]);
    });
  else
    it('is overconfident by less than a factor 5 on drag (it was 2e5 without the mode)', () => {
      expect(f.nees).toBeLessThan(5 * f.interval95[1]);
    });
});

// The opt-in adaptive process noise, measured on the two-mode IMM (`drag: false`)
// (TrackerConfig.adaptiveNoise, src/track/adaptive-noise.ts):
// the coasting mode's noise is raised from its floor when chi-square tests on its innovations
// (windowed mean NIS, windowed mean innovation) reject the floor, and relaxes back with time.
// Measured (seed 1; bundled scenarios seeds 1-3 through bench/tracker.ts's neesFigures):
//   physics                 RMSE            mean NEES [3.36, 9.40]
//   point mass, vacuum      129 -> 130 m    2,674 -> 263
//   J2, vacuum              112 -> 117 m    7.60 -> 5.76
//   point mass, drag        789 -> 543 m    2.0e6 -> 167
//   bundled (pooled)                        5.32 -> 6.62 [4.51, 7.70], but the lofted ICBM 3.92 -> 17.7
// Why it is not the default: still overconfident without J2 and with drag (the mismatch hides
// where the radars see poorly, cross-range and velocity, and barely moves the innovations), and
// overconfident on the bundled lofted ICBM. With the manoeuvre mode as well: 4.00, 3.53, 19.4, but
// the bundled pooled NEES falls to 2.75 (conservative), as with the manoeuvre mode alone.
describe.each([
  ['point mass, vacuum', { drag: false, j2: false }, 150, 1_000],
  ['J2, vacuum', { drag: false, j2: true }, 130, 9.4],
  ['point mass, drag', { drag: true, j2: false }, 600, 1_000],
] as const)('with adaptive process noise: %s (seed 1)', (_name, options, rmseBoundM, neesBound) => {
  let f: Figures;
  beforeAll(() => {
    f = figures(options, { adaptiveNoise: true, drag: false });
  }, 60_000);

  it(`one confirmed track per missile, no fragment, no swap; RMSE under ${rmseBoundM} m`, () => {
    expect(f.confirmedTracks).toBe(f.missiles);
    expect(f.fragmentations).toBe(0);
    expect(f.swaps).toBe(0);
    expect(f.rmseM).toBeLessThan(rmseBoundM);
  });

  it(`has a mean NEES under ${neesBound} (without it: 2,674, 7.60 and 2.0e6)`, () => {
    expect(f.nees).toBeGreaterThan(f.interval95[0]);
    expect(f.nees).toBeLessThan(neesBound);
  });
});

// The opt-in acceleration-bias state (TrackerConfig.accelerationBias, src/track/acceleration-bias.ts):
// every IMM mode (boost, drag-free and drag-aware coasting) is augmented with a 3-D first-order
// Gauss-Markov acceleration (sigma 0.008 m/s^2 per axis, correlation time 1,200 s) that the filter
// estimates, so a slow force the models lack (here the missing J2) is learnt instead of covered.
// Measured (seed 1; default -> with the bias state):
//   physics                 RMSE            mean NEES [3.36, 9.40]
//   point mass, vacuum      241 -> 115 m    944 -> 6.38
//   J2, vacuum              111 -> 113 m    5.73 -> 5.25
//   point mass, drag        199 -> 198 m    88 -> 6.73
// Why it is not the default: over seeds 1-3 the drag case is still overconfident (15.3 against
// [4.38, 7.88]; a sigma of 0.03 m/s^2 brings it to 7.3 but makes every J2 truth conservative), and
// the bias's prior makes the simulator's own J2 scenarios conservative (bundled IRBM/ICBM/salvo
// pooled 4.07 against [4.51, 7.70]); docs/figures.md, "On physics the tracker does not share".
describe.each([
  ['point mass, vacuum', { drag: false, j2: false }, 130],
  ['J2, vacuum', { drag: false, j2: true }, 130],
  ['point mass, drag', { drag: true, j2: false }, 230],
] as const)('with the acceleration-bias state: %s (seed 1)', (_name, options, rmseBoundM) => {
  let f: Figures;
  beforeAll(() => {
    f = figures(options, { accelerationBias: true });
  }, 60_000);

  it(`one confirmed track per missile, no fragment, no swap; RMSE under ${rmseBoundM} m`, () => {
    expect(f.confirmedTracks).toBe(f.missiles);
    expect(f.fragmentations).toBe(0);
    expect(f.swaps).toBe(0);
    expect(f.rmseM).toBeLessThan(rmseBoundM);
  });

  it('is consistent: mean NEES inside its 95 % interval', () => {
    expect(f.nees).toBeGreaterThan(f.interval95[0]);
    expect(f.nees).toBeLessThan(f.interval95[1]);
  });
});
