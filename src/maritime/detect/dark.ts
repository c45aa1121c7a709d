import { type AssociationGate, associateContact, type Contact, positionAt } from '../picture/index.js';
import type { Detector, DetectorContext } from './context.js';
import type { DetectedEvent } from './event.js';
import { matchWatch } from './watchlist.js';
import { normaliseName } from './watchlist-index.js';

/** How much a dark finding from each sensor is trusted (OURS: identification by eye > SAR > radar > RF geolocation). */
const SENSOR_CONFIDENCE = { aircraft: 0.9, sar: 0.8, radar: 0.7, rf: 0.6 } as const;

export interface DarkDetector extends Detector {
  onContact(ctx: DetectorContext, c: Contact): void;
  readonly counts: { matched: number; dark: number; silentWatched: number };
}

/**
 * The "watch-listed vessel, AIS silent" finding for a contact the sensor identified, the vessel
 * resolved to `mmsi` (undefined when no MMSI is known for its IMO or name): a dark event naming
 * it when the identity matches the watch list and the vessel has no fix within `aisSilentMs` of
 * the contact, else null (the contact is then associated as any other). Needs only that one
 * vessel's state: a partitioned run decides it where the vessel's reports go.
 */
export function silentWatchedEvent(
  ctx: DetectorContext,
  c: Contact,
  mmsi: number | undefined,
): DetectedEvent | null {
  const id = c.identity;
  if (!id || (id.mmsi === undefined && id.imo === undefined && id.name === undefined)) return null;
  const m = matchWatch(ctx, {
    mmsi: mmsi ?? -1,
    ...(id.imo !== undefined ? { imo: id.imo } : {}),
    ...(id.name !== undefined ? { name: id.name } : {}),
  });
  if (!m) return null;
  const v = mmsi === undefined ? undefined : ctx.picture.get(mmsi);
  const silent = !v || positionAt(v, c.tMs, ctx.params.dark.aisSilentMs) === null;
  if (!silent) return null;
  return {
    type: 'dark',
    mmsi: mmsi === undefined ? [] : [mmsi],
    startMs: c.tMs,
    endMs: null,
    latDeg: c.latDeg,
    lonDeg: c.lonDeg,
    confidence: SENSOR_CONFIDENCE[c.sensor],
    evidence: [
      contactEvidence(c),
      { kind: 'identified', ...id },
      {
        kind: 'watchlist',
        matchedBy: m.by,
        ...(m.entry.name !== undefined ? { name: m.entry.name } : {}),
        ...(m.entry.imo !== undefined ? { imo: m.entry.imo } : {}),
        ...(m.entry.category !== undefined ? { category: m.entry.category } : {}),
      },
      { kind: 'ais-silent', lastAis: v ? new Date(v.tMs).toISOString() : null },
    ],
  };
}

const contactEvidence = (c: Contact) => ({
  kind: 'contact',
  id: c.id,
  sensor: c.sensor,
  time: new Date(c.tMs).toISOString(),
  errorM: c.errorM,
});

/**
 * Dark vessels from sensor contacts: a contact that no AIS vessel explains within the gate is a
 * dark contact; one that matches takes that vessel's identity (no event). A contact the sensor
 * identified as a watch-listed vessel whose AIS is silent (no fix within `aisSilentMs`) is a dark
 * event naming that vessel (`silentWatchedEvent`). With `identified: false` (a partition's pair
 * engine) that finding is left to the vessel's own partition and every contact is associated.
 */
export function darkDetector(o: { identified?: boolean } = {}): DarkDetector {
  const mmsiByImo = new Map<number, number>();
  const mmsiByName = new Map<string, number>();
  const counts = { matched: 0, dark: 0, silentWatched: 0 };
  const identified = o.identified ?? true;
  return {
    counts,
    onStatic(_ctx, v) {
      if (v.imo !== undefined) mmsiByImo.set(v.imo, v.mmsi);
      if (v.name !== undefined) mmsiByName.set(normaliseName(v.name), v.mmsi);
    },
    onContact(ctx, c) {
      const P = ctx.params.dark;
      const id = c.identity;
      if (identified && id) {
        const mmsi =
          id.mmsi ??
          (id.imo !== undefined ? mmsiByImo.get(id.imo) : undefined) ??
          (id.name !== undefined ? mmsiByName.get(normaliseName(id.name)) : undefined);
        const e = silentWatchedEvent(ctx, c, mmsi);
        if (e) {
          counts.silentWatched++;
          ctx.emit(e);
          return;
        }
      }
      const gate: AssociationGate = { gateM: P.gateM, gateTimeMs: P.gateTimeMs, maxSpeedKn: P.maxSpeedKn };
      const a = associateContact(ctx.picture, c, gate);
      if (a) {
        counts.matched++;
        return;
      }
      counts.dark++;
      ctx.emit({
        type: 'dark',
        mmsi: [],
        startMs: c.tMs,
        endMs: null,
        latDeg: c.latDeg,
        lonDeg: c.lonDeg,
        confidence: SENSOR_CONFIDENCE[c.sensor],
        evidence: [
          contactEvidence(c),
          { kind: 'unmatched', gateM: P.gateM + 2 * c.errorM, gateMinutes: P.gateTimeMs / 60_000 },
        ],
      });
    },
  };
}
