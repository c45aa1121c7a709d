import type { VesselState } from '../picture/index.js';
import type { Detector, DetectorContext, FixEvent } from './context.js';

/**
 * AIS gaps ("going dark"): no position for at least `minGapMs`, the last position before and the
 * first after both at least `minShoreDistanceM` from shore (far from the coastal receivers that
 * explain most gaps), after good reception: at least `minPositionsPer12h` positions per 12 h over
 * the `receptionWindowH` hours before. Decided when the vessel reappears, or at the end of input
 * (then `end` is null and only the start is checked).
 */
export function gapDetector(): Detector {
  return {
    onFix(ctx, u: FixEvent) {
      if (!u.previous || u.receptionBefore === null) return;
      const P = ctx.params.gap;
      const p = u.previous;
      const v = u.vessel;
      if (v.tMs - p.tMs < P.minGapMs) return;
      const startShore = ctx.shoreDistanceM(p.latDeg, p.lonDeg);
      const endShore = ctx.shoreDistanceM(v.latDeg, v.lonDeg);
      if (startShore < P.minShoreDistanceM || endShore < P.minShoreDistanceM) return;
      const rate = receptionRate(v, p.tMs, u.receptionBefore, P.receptionWindowH);
      if (rate === null || rate < P.minPositionsPer12h) return;
      emitGap(ctx, v.mmsi, p, v.tMs, { startShore, endShore, rate }, v.tMs);
    },
    finish(ctx, endMs) {
      const P = ctx.params.gap;
      for (const v of ctx.picture.values()) {
        if (endMs - v.tMs < P.minGapMs) continue;
        const startShore = ctx.shoreDistanceM(v.latDeg, v.lonDeg);
        if (startShore < P.minShoreDistanceM) continue;
        const rate = receptionRate(
          v,
          v.tMs,
          v.reception.countEndingAt(v.tMs, P.receptionWindowH),
          P.receptionWindowH,
        );
        if (rate === null || rate < P.minPositionsPer12h) continue;
        emitGap(ctx, v.mmsi, v, null, { startShore, endShore: null, rate }, endMs);
      }
    },
  };
}

/**
 * Positions per 12 h before `startMs`: the count over the window, or over the time since the
 * vessel was first seen when that is shorter (but at least 12 h; less gives null, not enough history).
 */
function receptionRate(v: VesselState, startMs: number, count: number, windowH: number): number | null {
  const seenH = (startMs - v.firstSeenMs) / 3_600_000;
  if (seenH < 12) return null;
  const h = Math.min(windowH, Math.ceil(seenH));
  return (count * 12) / h;
}

function emitGap(
  ctx: DetectorContext,
  mmsi: number,
  from: { tMs: number; latDeg: number; lonDeg: number },
  endMs: number | null,
  f: { startShore: number; endShore: number | null; rate: number },
  decidedMs: number,
): void {
  const hours = ((endMs ?? decidedMs) - from.tMs) / 3_600_000;
  ctx.emit({
    type: 'gap',
    mmsi: [mmsi],
    startMs: from.tMs,
    endMs,
    latDeg: from.latDeg,
    lonDeg: from.lonDeg,
    // Better reception before the gap makes a reception failure a less likely explanation.
    confidence: Math.min(0.9, 0.5 + (0.2 * f.rate) / ctx.params.gap.minPositionsPer12h),
    evidence: [
      {
        kind: 'silence',
        hours: Math.round(hours * 10) / 10,
        startShoreDistanceNm: Math.round((f.startShore / 1852) * 10) / 10,
        endShoreDistanceNm: f.endShore === null ? null : Math.round((f.endShore / 1852) * 10) / 10,
        positionsPer12hBefore: Math.round(f.rate * 10) / 10,
      },
    ],
  });
}
