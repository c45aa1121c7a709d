import { haversineDistanceM } from '../../geo/index.js';
import type { Detector, DetectorContext, FixEvent } from './context.js';
import type { Evidence } from './event.js';

/**
 * Why an MMSI cannot be a ship station's, or null if it can. Ship MMSIs are nine digits
 * `MIDxxxxxx` with the MID in 201-775 (ITU-R M.585); craft associated with a parent ship use
 * `98MIDxxxx`. AIS-SART, MOB and EPIRB-AIS devices (970, 972, 974 prefixes) legitimately send
 * position reports and are not flagged.
 */
export function mmsiProblem(mmsi: number): string | null {
  if (!Number.isInteger(mmsi) || mmsi < 100_000_000 || mmsi > 999_999_999) return 'not nine digits';
  const p3 = Math.floor(mmsi / 1_000_000);
  if (p3 === 970 || p3 === 972 || p3 === 974) return null;
  const mid = Math.floor(mmsi / 10_000) % 1000;
  if (Math.floor(mmsi / 10_000_000) === 98)
    return mid >= 201 && mid <= 775 ? null : `MID ${mid} not allocated`;
  if (p3 < 201 || p3 > 775) return `MID ${p3} outside 201-775`;
  return null;
}

/**
 * Whether two names differ only in padding ('@', spaces) or case: not a change of name. Six-bit
 * AIS text has no lower case, but names reach the picture from other feeds too.
 */
export function sameName(a: unknown, b: unknown): boolean {
  const norm = (x: unknown) => String(x).replace(/@+$/, '').trim().replace(/\s+/g, ' ').toUpperCase();
  return norm(a) === norm(b);
}

/**
 * Identity anomalies: an invalid MMSI or MID, one MMSI in two places at once (implied speed
 * beyond `maxImpliedSpeedKn` over more than `minJumpM`: two transmitters sharing an identity, or
 * a spoofed position), a changed IMO number or name (not
 * a change of padding or case only), a position inland. Each finding repeats for
 * an MMSI at most once per `repeatAfterMs`.
 */
export function identityDetector(): Detector {
  const lastSaid = new Map<string, number>();
  const say = (
    ctx: DetectorContext,
    mmsi: number,
    reason: string,
    tMs: number,
    at: { latDeg: number; lonDeg: number },
    confidence: number,
    evidence: Evidence,
  ) => {
    const key = `${mmsi}:${reason}`;
    const prev = lastSaid.get(key);
    if (prev !== undefined && tMs - prev < ctx.params.identity.repeatAfterMs) return;
    lastSaid.set(key, tMs);
    ctx.emit({
      type: 'identity',
      mmsi: [mmsi],
      startMs: tMs,
      endMs: null,
      latDeg: at.latDeg,
      lonDeg: at.lonDeg,
      confidence,
      evidence: [{ ...evidence, kind: reason }],
    });
  };

  return {
    onFix(ctx, u: FixEvent) {
      const P = ctx.params.identity;
      const v = u.vessel;
      if (!u.previous) {
        const problem = mmsiProblem(v.mmsi);
        if (problem) say(ctx, v.mmsi, 'invalid-mmsi', v.tMs, v, 0.9, { kind: '', problem });
      } else {
        const p = u.previous;
        const d = haversineDistanceM(p.latDeg, p.lonDeg, v.latDeg, v.lonDeg);
        if (d > P.minJumpM) {
          const dtS = Math.max(1, (v.tMs - p.tMs) / 1000);
          const kn = d / 1852 / (dtS / 3600);
          if (kn > P.maxImpliedSpeedKn) {
            say(
              ctx,
              v.mmsi,
              'impossible-speed',
              v.tMs,
              v,
              Math.min(0.95, 0.5 + kn / (20 * P.maxImpliedSpeedKn)),
              {
                kind: '',
                impliedSpeedKn: Math.round(kn),
                distanceM: Math.round(d),
                seconds: Math.round(dtS),
                from: { lat: p.latDeg, lon: p.lonDeg, time: new Date(p.tMs).toISOString() },
              },
            );
          }
        }
      }
      if (ctx.ref.land?.isInland(v.latDeg, v.lonDeg)) {
        say(ctx, v.mmsi, 'position-on-land', v.tMs, v, 0.7, { kind: '', marginM: P.landMarginM });
      }
    },
    onStatic(ctx, v, changes) {
      for (const c of changes) {
        if (c.field === 'name' && sameName(c.from, c.to)) continue;
        say(
          ctx,
          v.mmsi,
          c.field === 'imo' ? 'imo-changed' : 'name-changed',
          v.tMs,
          v,
          c.field === 'imo' ? 0.8 : 0.6,
          {
            kind: '',
            from: c.from,
            to: c.to,
          },
        );
      }
    },
  };
}
