import type { Detector, DetectorContext, FixEvent } from './context.js';

interface Segment {
  readonly startMs: number;
  lastMs: number;
  sumSpeed: number;
  sumShoreM: number;
  sumLat: number;
  sumLon: number;
  n: number;
}

/**
 * Loitering: one vessel whose average speed stays below `maxAvgSpeedKn` for at least
 * `minDurationMs`, at an average distance from shore of at least `minAvgShoreDistanceM`. A
 * segment starts with a slow fix and grows while the running average stays below the threshold
 * (a single faster report does not end it); a silence longer than `maxFixGapMs` ends it.
 */
export function loiteringDetector(): Detector {
  const open = new Map<number, Segment>();

  const close = (ctx: DetectorContext, mmsi: number, s: Segment) => {
    open.delete(mmsi);
    const P = ctx.params.loitering;
    if (s.lastMs - s.startMs < P.minDurationMs) return;
    const shoreM = s.sumShoreM / s.n;
    if (shoreM < P.minAvgShoreDistanceM) return;
    const hours = (s.lastMs - s.startMs) / 3_600_000;
    ctx.emit({
      type: 'loitering',
      mmsi: [mmsi],
      startMs: s.startMs,
      endMs: s.lastMs,
      latDeg: s.sumLat / s.n,
      lonDeg: s.sumLon / s.n,
      confidence: Math.min(0.9, 0.5 + 0.1 * hours),
      evidence: [
        {
          kind: 'slow-offshore',
          durationH: Math.round(hours * 100) / 100,
          avgSpeedKn: Math.round((s.sumSpeed / s.n) * 100) / 100,
          avgShoreDistanceNm: Math.round((shoreM / 1852) * 10) / 10,
          fixes: s.n,
        },
      ],
    });
  };

  return {
    onFix(ctx, u: FixEvent) {
      const P = ctx.params.loitering;
      const v = u.vessel;
      let s = open.get(v.mmsi);
      if (s && v.tMs - s.lastMs > P.maxFixGapMs) {
        close(ctx, v.mmsi, s);
        s = undefined;
      }
      const sp = v.speedKn;
      if (sp === null) return;
      if (s && (s.sumSpeed + sp) / (s.n + 1) >= P.maxAvgSpeedKn) {
        close(ctx, v.mmsi, s);
        s = undefined;
      }
      if (!s) {
        if (sp >= P.maxAvgSpeedKn) return;
        s = { startMs: v.tMs, lastMs: v.tMs, sumSpeed: 0, sumShoreM: 0, sumLat: 0, sumLon: 0, n: 0 };
        open.set(v.mmsi, s);
      }
      s.lastMs = v.tMs;
      s.sumSpeed += sp;
      s.sumShoreM += ctx.shoreDistanceM(v.latDeg, v.lonDeg);
      s.sumLat += v.latDeg;
      s.sumLon += v.lonDeg;
      s.n++;
    },
    finish(ctx) {
      for (const [m, s] of [...open]) close(ctx, m, s);
    },
  };
}
