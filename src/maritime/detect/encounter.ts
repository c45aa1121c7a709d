import { haversineDistanceM } from '../../geo/index.js';
import type { Detector, DetectorContext, FixEvent } from './context.js';

const MAX_PAIRS_PER_VESSEL = 32;

interface Pair {
  readonly a: number;
  readonly b: number;
  readonly startMs: number;
  lastMs: number;
  /** Speed samples below the median threshold, and all samples (median < x iff more than half are). */
  slow: number;
  samples: number;
  sumLat: number;
  sumLon: number;
  n: number;
  minDistanceM: number;
}

/**
 * Encounters (ship-to-ship transfer candidates): two vessels within `maxDistanceM` for at least
 * `minDurationMs` with median speed below `maxMedianSpeedKn`, their mean position at least
 * `minAnchorageDistanceM` from any known anchorage or port. Candidates come from the grid of
 * latest positions around the vessel that just reported, so the work per fix is the vessels
 * within 500 m plus the vessel's open pairs, never all pairs.
 */
export function encounterDetector(): Detector {
  const pairs = new Map<string, Pair>();
  const byVessel = new Map<number, Set<string>>();
  const link = (m: number, k: string) => {
    let s = byVessel.get(m);
    if (!s) {
      s = new Set();
      byVessel.set(m, s);
    }
    s.add(k);
  };
  const unlink = (m: number, k: string) => {
    const s = byVessel.get(m);
    s?.delete(k);
    if (s && s.size === 0) byVessel.delete(m);
  };

  const close = (ctx: DetectorContext, key: string, p: Pair) => {
    pairs.delete(key);
    unlink(p.a, key);
    unlink(p.b, key);
    const P = ctx.params.encounter;
    if (p.lastMs - p.startMs < P.minDurationMs) return;
    if (!(p.slow * 2 > p.samples)) return;
    const lat = p.sumLat / p.n;
    const lon = p.sumLon / p.n;
    const near =
      ctx.ref.anchorages.nearest(lat, lon, P.minAnchorageDistanceM) ??
      ctx.ref.ports.nearest(lat, lon, P.minAnchorageDistanceM);
    if (near) return;
    const hours = (p.lastMs - p.startMs) / 3_600_000;
    ctx.emit({
      type: 'encounter',
      mmsi: [p.a, p.b],
      startMs: p.startMs,
      endMs: p.lastMs,
      latDeg: lat,
      lonDeg: lon,
      // More confident the longer the vessels stay together, from 0.6 at the minimum to 0.95.
      confidence: Math.min(0.95, 0.6 + 0.1 * (hours - P.minDurationMs / 3_600_000)),
      evidence: [
        {
          kind: 'proximity',
          durationH: Math.round(hours * 100) / 100,
          minDistanceM: Math.round(p.minDistanceM),
          slowSpeedSamples: p.slow,
          speedSamples: p.samples,
        },
      ],
    });
  };

  return {
    onFix(ctx, u: FixEvent) {
      const P = ctx.params.encounter;
      const v = u.vessel;
      const keys = byVessel.get(v.mmsi);
      if (keys) {
        for (const key of [...keys]) {
          const p = pairs.get(key)!;
          const other = ctx.picture.get(p.a === v.mmsi ? p.b : p.a);
          if (v.tMs - p.lastMs > P.maxSilenceMs || !other) {
            close(ctx, key, p);
            continue;
          }
          if (v.tMs - other.tMs > P.maxFixAgeMs) continue;
          const d = haversineDistanceM(v.latDeg, v.lonDeg, other.latDeg, other.lonDeg);
          if (d > P.maxDistanceM) {
            close(ctx, key, p);
            continue;
          }
          p.lastMs = v.tMs;
          if (v.speedKn !== null) {
            p.samples++;
            if (v.speedKn < P.maxMedianSpeedKn) p.slow++;
          }
          p.sumLat += (v.latDeg + other.latDeg) / 2;
          p.sumLon += (v.lonDeg + other.lonDeg) / 2;
          p.n++;
          if (d < p.minDistanceM) p.minDistanceM = d;
        }
      }
      // New pairs only where an encounter could qualify: a slow vessel (a pair of fast ones has a
      // fast median), away from anchorages and ports (checked once, only if there is a neighbour).
      if (v.speedKn !== null && v.speedKn >= P.maxMedianSpeedKn) return;
      let nearAnchorage: boolean | undefined;
      for (const m of ctx.picture.near(v.latDeg, v.lonDeg, P.maxDistanceM)) {
        if (m === v.mmsi) continue;
        const a = Math.min(m, v.mmsi);
        const b = Math.max(m, v.mmsi);
        const key = `${a}:${b}`;
        if (pairs.has(key)) continue;
        // Ours: a vessel has at most this many open pairs, so a dense cluster (a fleet rafted up
        // outside any known anchorage) costs bounded work per fix.
        if ((byVessel.get(v.mmsi)?.size ?? 0) >= MAX_PAIRS_PER_VESSEL) return;
        const other = ctx.picture.get(m);
        if (!other || Math.abs(v.tMs - other.tMs) > P.maxFixAgeMs) continue;
        const d = haversineDistanceM(v.latDeg, v.lonDeg, other.latDeg, other.lonDeg);
        if (d > P.maxDistanceM) continue;
        nearAnchorage ??=
          (ctx.ref.anchorages.nearest(v.latDeg, v.lonDeg, P.minAnchorageDistanceM / 2) ??
            ctx.ref.ports.nearest(v.latDeg, v.lonDeg, P.minAnchorageDistanceM / 2)) !== null;
        if (nearAnchorage) return;
        const p: Pair = {
          a,
          b,
          startMs: Math.min(v.tMs, other.tMs),
          lastMs: v.tMs,
          slow: 0,
          samples: 0,
          sumLat: (v.latDeg + other.latDeg) / 2,
          sumLon: (v.lonDeg + other.lonDeg) / 2,
          n: 1,
          minDistanceM: d,
        };
        for (const s of [v.speedKn, other.speedKn]) {
          if (s === null) continue;
          p.samples++;
          if (s < P.maxMedianSpeedKn) p.slow++;
        }
        pairs.set(key, p);
        link(a, key);
        link(b, key);
      }
    },
    finish(ctx) {
      for (const [key, p] of [...pairs]) close(ctx, key, p);
    },
  };
}
