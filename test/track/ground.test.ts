import { describe, expect, it } from 'vitest';
import { ecefFromGeodetic, GM_M3PS2, geodeticFromEcef, MEAN_EARTH_RADIUS_M } from '../../src/geo/index.js';
import {
  anyDeleter,
  groundCrossing,
  groundDeleter,
  minimumEnergyFlightTimeS,
  missesDeleter,
  multiTargetTracker,
  standardComponents,
  type Track,
} from '../../src/track/index.js';
import { ballisticTruth, cartesianDetection, gaussian, LAUNCH, rng, stateFromLaunch } from './helpers.js';

const dropFrom1000m = () => {
  const [x, y, z] = ecefFromGeodetic(0, 0, 1000);
  return Float64Array.of(x, y, z, 0, 0, 0);
};

describe('groundCrossing: where a flight meets the ground, within a horizon', () => {
  it('a drop from 1,000 m at rest meets the ground after sqrt(2h/g) = 14.30 s, straight below', () => {
    const c = groundCrossing(100, dropFrom1000m(), 200)!;
    expect(c.tS - 100).toBeCloseTo(14.3, 1);
    expect(c.latDeg).toBeCloseTo(0, 3);
    expect(c.lonDeg).toBeCloseTo(0, 3);
    expect(Math.abs(geodeticFromEcef(c.x[0]!, c.x[1]!, c.x[2]!).hM)).toBeLessThan(0.01);
  });

  it('finds nothing before the horizon, even when the last step would pass it', () => {
    // Steps of 4 s from t = 0: without the cut-short last step, the step to 16 s would find 14.3 s.
    expect(groundCrossing(0, dropFrom1000m(), 14.2, { stepS: 4 })).toBeNull();
    expect(groundCrossing(0, dropFrom1000m(), 14.4, { stepS: 4 })!.tS).toBeCloseTo(14.3, 1);
    expect(groundCrossing(0, dropFrom1000m(), 0)).toBeNull();
  });

  it('ends a state already below the ground where it is', () => {
    const [x, y, z] = ecefFromGeodetic(40, 135, -44_000);
    const c = groundCrossing(7, Float64Array.of(x, y, z, 3000, 0, 0), 60)!;
    expect(c.tS).toBe(7);
    expect(c.latDeg).toBeCloseTo(40, 6);
    expect(c.lonDeg).toBeCloseTo(135, 6);
  });
});

describe('minimumEnergyFlightTimeS: the nominal flight over a ground range', () => {
  it('tends to the flat-Earth 45-degree flight, sqrt(2 d / g), at short range', () => {
    const g = GM_M3PS2 / MEAN_EARTH_RADIUS_M ** 2;
    expect(minimumEnergyFlightTimeS(10_000)).toBeCloseTo(Math.sqrt((2 * 10_000) / g), 0);
    expect(minimumEnergyFlightTimeS(0)).toBe(0);
  });

  it.each([[600_000], [2_000_000], [5_500_000]])(
    'is the time of the least-speed Kepler flight over %d m, flown numerically',
    (d) => {
      // Point-mass gravity, non-rotating sphere, in the plane of flight: launch at the burnout angle
      // and speed of the minimum-energy trajectory and integrate to the ground.
      const psi = d / MEAN_EARTH_RADIUS_M;
      const s = Math.sin(psi / 2);
      const v = Math.sqrt(((2 * s) / (1 + s)) * (GM_M3PS2 / MEAN_EARTH_RADIUS_M));
      const gamma = (Math.PI - psi) / 4;
      let [px, py, vx, vy] = [0, MEAN_EARTH_RADIUS_M, v * Math.cos(gamma), v * Math.sin(gamma)];
      const acc = (x: number, y: number) => {
        const r3 = Math.hypot(x, y) ** 3;
        return [(-GM_M3PS2 * x) / r3, (-GM_M3PS2 * y) / r3] as const;
      };
      const h = 0.01;
      let t = 0;
      for (;;) {
        const [ax, ay] = acc(px, py);
        // Velocity Verlet: second order is ample at 10 ms.
        const nx = px + vx * h + 0.5 * ax * h * h;
        const ny = py + vy * h + 0.5 * ay * h * h;
        const [bx, by] = acc(nx, ny);
        vx += 0.5 * (ax + bx) * h;
        vy += 0.5 * (ay + by) * h;
        px = nx;
        py = ny;
        t += h;
        if (t > 10 && Math.hypot(px, py) <= MEAN_EARTH_RADIUS_M) break;
      }
      expect(Math.atan2(px, py) * MEAN_EARTH_RADIUS_M).toBeCloseTo(d, -3);
      expect(Math.abs(t - minimumEnergyFlightTimeS(d))).toBeLessThan(0.05);
    },
  );

  it('refuses a range beyond half the globe or not a number', () => {
    expect(() => minimumEnergyFlightTimeS(30_000_000)).toThrow(RangeError);
    expect(() => minimumEnergyFlightTimeS(Number.NaN)).toThrow(RangeError);
  });
});

describe('groundDeleter: a track whose estimate is below the ground has ended', () => {
  const track = (hM: number): Track => {
    const [x, y, z] = ecefFromGeodetic(39.5, 135, hM);
    return { x: Float64Array.of(x, y, z, 0, 0, -3000), P: new Float64Array(36) } as unknown as Track;
  };

  it('deletes below the ground (or below the margin), keeps above', () => {
    expect(groundDeleter().shouldDelete(track(-1))).toBe(true);
    expect(groundDeleter().shouldDelete(track(1))).toBe(false);
    expect(groundDeleter({ belowGroundM: 500 }).shouldDelete(track(-400))).toBe(false);
    expect(groundDeleter({ belowGroundM: 500 }).shouldDelete(track(-600))).toBe(true);
  });

  it('composes with the misses deleter: either ends a track', () => {
    const d = anyDeleter(missesDeleter(), groundDeleter());
    expect(d.shouldDelete({ ...track(-10), status: 'confirmed', missesInRow: 0 } as Track)).toBe(true);
    expect(d.shouldDelete({ ...track(10_000), status: 'confirmed', missesInRow: 0 } as Track)).toBe(false);
  });

  // With the drag-aware coasting mode (the default) and no measurement in the last minute, the
  // estimate is the mixture of a drag-free and a dragged descent: it reaches the ground up to a
  // scan later than this drag-free truth (measured: 1 s).
  it.each([
    ['the two-mode IMM', { drag: false }, 0],
    ['the defaults', {}, 2],
  ] as const)(
    'ends a missile track at the first scan after its impact (%s: within %i s more), though no radar that saw it reports',
    (_name, config, lateS) => {
      // Radar 0 sees the missile until 60 s before it lands; radar 1, which never saw it, keeps
      // scanning (clutter far away), so the misses rule never counts a miss against the track.
      const normal = gaussian(rng(7));
      const truth = ballisticTruth(stateFromLaunch(LAUNCH), 0, 1, 900);
      const impact = groundCrossing(0, stateFromLaunch(LAUNCH), 900)!;
      const lastSeenS = Math.floor(impact.tS) - 60;
      const far = Float64Array.from(ecefFromGeodetic(20, 150, 50_000));
      const tracker = multiTargetTracker(standardComponents(config));
      let endedS: number | null = null;
      for (const p of truth) {
        const dets = [cartesianDetection(p.tS, 1, far, 50, normal)];
        if (p.tS <= lastSeenS) dets.push(cartesianDetection(p.tS, 0, p.x, 50, normal));
        const live = tracker.step(dets, p.tS);
        const missile = live.filter((t) => t.status === 'confirmed' && t.sensorsSeen === 1);
        if (p.tS > 10 && p.tS <= lastSeenS) expect(missile).toHaveLength(1);
        if (p.tS > lastSeenS && missile.length === 0 && endedS === null) endedS = p.tS;
        for (const t of missile)
          expect(geodeticFromEcef(t.x[0]!, t.x[1]!, t.x[2]!).hM).toBeGreaterThanOrEqual(0);
      }
      expect(endedS).toBeGreaterThanOrEqual(Math.ceil(impact.tS));
      expect(endedS).toBeLessThanOrEqual(Math.ceil(impact.tS) + lateS);
    },
  );
});
