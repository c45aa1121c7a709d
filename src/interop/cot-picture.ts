// A nation's picture as CoT events: its missile tracks, its warnings (the predicted point and the
// warned area) and its vessels, each object under a uid that stays the same from one send to the next.

import type { Nation } from '../domain/index.js';
import { haversineDistanceM } from '../geo/index.js';
import { COT_UNKNOWN, type CotEvent } from './cot-event.js';
import { COT_TYPES, VESSEL_TYPE, vesselAffiliation } from './cot-types.js';
import type { ExportTrack, ExportWarning, NationExport } from './picture.js';

export interface CotOptions {
  /** When the events are made (the sender's clock, ms): `time` and `start`. */
  readonly nowMs: number;
  /** How long an event holds (`stale` = `time` + this); a TAK client drops an object not refreshed by then. */
  readonly staleMs: number;
  /** Flags whose state vessels (AIS ship type 35, 55) are friends; the picture's nation always is. */
  readonly friends?: readonly Nation[];
  /** `s-<scenario>` for a simulation, `e-<name>` an exercise; none for a live picture. */
  readonly opex?: string;
}

const KN_TO_MPS = 1852 / 3600;
const iso = (ms: number) => new Date(ms).toISOString();

/** The uid of every event about one object of `nation`'s picture: `concord.<NATION>.<kind>.<id>`. */
export function cotUid(nation: Nation, kind: string, id: string): string {
  return `concord.${nation}.${kind}.${id}`;
}

/**
 * Every event of the picture: one per missile track (hostile ballistic missile, `ce`/`le` from its
 * covariance), two per warning (the predicted impact or overflight point, and for an impact its
 * warned area: the 95 % ellipse, or the region a boosting missile may still reach), one per vessel
 * (friend, neutral, unknown or suspect: `vesselAffiliation`). A withdrawn warning is sent already
 * stale, so a TAK client removes it. The marking goes in each remark: a track's is its
 * originator's; a warning carries the marking of the track it is derived from; AIS is broadcast in
 * the open.
 */
export function cotEventsOf(x: NationExport, o: CotOptions): CotEvent[] {
  if (!(o.staleMs > 0)) throw new RangeError(`invariant: staleMs must be positive, not ${o.staleMs}`);
  const base = {
    timeMs: o.nowMs,
    startMs: o.nowMs,
    staleMs: o.nowMs + o.staleMs,
    ...(o.opex !== undefined ? { opex: o.opex } : {}),
  };
  const out: CotEvent[] = [];
  const byId = new Map(x.tracks.map((t) => [t.id, t]));
  for (const t of x.tracks) out.push(trackEvent(x.nation, t, base));
  for (const w of x.warnings) out.push(...warningEvents(x.nation, w, byId.get(w.trackId), base));
  // A dismissed event (the watch found nothing) or a withdrawn one (its originator took it back) names nobody.
  const named = new Set(
    x.events.filter((e) => e.state !== 'dismissed' && e.state !== 'withdrawn').flatMap((e) => e.mmsi),
  );
  const friends = new Set<Nation>([x.nation, ...(o.friends ?? [])]);
  for (const v of x.vessels) {
    const affiliation = vesselAffiliation(v, named, friends);
    const label = v.name ?? `MMSI ${v.mmsi}`;
    out.push({
      ...base,
      uid: cotUid(x.nation, 'vessel', String(v.mmsi)),
      type: VESSEL_TYPE[affiliation],
      how: 'm-r',
      latDeg: v.latDeg,
      lonDeg: v.lonDeg,
      haeM: COT_UNKNOWN,
      ceM: COT_UNKNOWN,
      leM: COT_UNKNOWN,
      callsign: label,
      ...(v.speedKn !== null && v.courseDeg !== null
        ? { motion: { courseDeg: v.courseDeg, speedMps: v.speedKn * KN_TO_MPS } }
        : {}),
      remarks:
        `Vessel ${label} (MMSI ${v.mmsi}${v.shipType !== undefined ? `, AIS ship type ${v.shipType}` : ''}), ` +
        `${affiliation}${affiliation === 'suspect' ? ' (named by a maritime event)' : ''}, ` +
        `in ${x.nation}'s maritime picture, last heard ${iso(v.lastSeenMs)} (${v.sources.join(', ')}). ` +
        'Marking: none (AIS is broadcast in the open).',
      concord: {
        nation: x.nation,
        kind: 'vessel',
        id: String(v.mmsi),
        time: iso(v.lastSeenMs),
        affiliation,
      },
    });
  }
  return out;
}

type Base = Pick<CotEvent, 'timeMs' | 'startMs' | 'staleMs' | 'opex'>;

const markingText = (m: string | undefined) =>
  m !== undefined ? `Marking: ${m}.` : 'Marking: not known here.';

function trackEvent(nation: Nation, t: ExportTrack, base: Base): CotEvent {
  return {
    ...base,
    uid: cotUid(nation, 'track', t.id),
    type: COT_TYPES.hostileBallisticMissile,
    // Every object of the picture is the fusion of the national tracks that make it up.
    how: 'm-f',
    latDeg: t.latDeg,
    lonDeg: t.lonDeg,
    haeM: t.altitudeM,
    ceM: t.ceM ?? COT_UNKNOWN,
    leM: t.leM ?? COT_UNKNOWN,
    callsign: `missile ${t.id}`,
    remarks:
      `Ballistic missile ${t.id} in ${nation}'s picture, from ${t.originators.join(', ')} (tracks ${t.sources.join(', ')}), ` +
      `${Math.round(t.altitudeM / 1000)} km up at ${Math.round(t.speedMps)} m/s at ${iso(t.timeMs)}. ${markingText(t.marking)}`,
    concord: {
      nation,
      kind: 'track',
      id: t.id,
      time: iso(t.timeMs),
      originators: t.originators.join(' '),
      ...(t.marking !== undefined ? { marking: t.marking } : {}),
    },
  };
}

function warningEvents(
  nation: Nation,
  w: ExportWarning,
  track: ExportTrack | undefined,
  base: Base,
): CotEvent[] {
  const id = `${w.trackId}/${w.reason}/${w.area}`;
  const impact = w.reason === 'impact' || w.reason === 'possible-impact';
  const withdrawn = w.withdrawnMs !== undefined;
  const at = withdrawn ? { ...base, staleMs: base.timeMs } : base;
  const what = `${w.reason} ${w.area}`;
  const remarks =
    `${withdrawn ? 'WITHDRAWN ' : ''}Warning to ${nation}: ${w.reason.replace('-', ' ')} of ${w.area} (${w.zone}) ` +
    `by missile ${w.trackId}, ${w.phase} phase, issued ${iso(w.issuedMs)}, ${impact ? 'impact' : 'overflight'} ${iso(w.eventMs)}` +
    `${withdrawn ? `, withdrawn ${iso(w.withdrawnMs!)}` : ''}. ${markingText(track?.marking)}`;
  const concord = {
    nation,
    kind: 'warning',
    id,
    time: iso(w.issuedMs),
    event: iso(w.eventMs),
    ...(withdrawn ? { withdrawn: iso(w.withdrawnMs!) } : {}),
    ...(track?.marking !== undefined ? { marking: track.marking } : {}),
  };
  const out: CotEvent[] = [
    {
      ...at,
      uid: cotUid(nation, 'warning', id),
      type: impact ? COT_TYPES.impactPoint : COT_TYPES.overflightPoint,
      how: 'm-p',
      latDeg: w.latDeg,
      lonDeg: w.lonDeg,
      haeM: COT_UNKNOWN,
      ceM: COT_UNKNOWN,
      leM: COT_UNKNOWN,
      callsign: `${impact ? 'impact' : 'overflight'} ${w.area}`,
      remarks,
      concord,
    },
  ];
  const area = warnedArea(w);
  if (area)
    out.push({
      ...at,
      uid: cotUid(nation, 'warned-area', id),
      type: COT_TYPES.warnedArea,
      how: 'm-p',
      latDeg: area.latDeg,
      lonDeg: area.lonDeg,
      haeM: COT_UNKNOWN,
      ceM: area.radiusM,
      leM: COT_UNKNOWN,
      callsign: `warned area ${what}`,
      ...(w.ellipse
        ? {
            ellipse: {
              majorM: w.ellipse.semiMajorM,
              minorM: w.ellipse.semiMinorM,
              angleDeg: w.ellipse.orientationDeg,
            },
          }
        : {}),
      remarks: `${w.ellipse ? '95 % impact ellipse' : 'Region still reachable under thrust'}: ${remarks}`,
      concord: { ...concord, kind: 'warned-area' },
    });
  return out;
}

/** The circle that holds the warned region: the ellipse's centre and semi-major axis, or the swept outline's. */
function warnedArea(w: ExportWarning): { latDeg: number; lonDeg: number; radiusM: number } | undefined {
  if (w.ellipse) return { latDeg: w.latDeg, lonDeg: w.lonDeg, radiusM: w.ellipse.semiMajorM };
  if (!w.swept || w.swept.length < 3) return undefined;
  // Around the predicted point (inside the region), out to its farthest corner.
  const radiusM = Math.max(...w.swept.map((p) => haversineDistanceM(w.latDeg, w.lonDeg, p.latDeg, p.lonDeg)));
  return { latDeg: w.latDeg, lonDeg: w.lonDeg, radiusM };
}
