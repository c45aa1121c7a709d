import type { Feature, FeatureCollection, Point } from 'geojson';
import type { MaritimeEvent, MaritimeEventType, Vessel } from '../api/types.js';

// The maritime picture as the console holds it: vessels by MMSI (the first GET, then the stream's
// updates merged in), events by id; and what the map draws of them. Pure: no DOM, no map.

/** MIL-STD-2525 affiliation of a surface contact, by what is known of it (see `affiliation`). */
export type Affiliation = 'friendly' | 'neutral' | 'unknown';

/**
 * The MMSI's Maritime Identification Digits (its first three) of the allied nations, flag states
 * from ITU-R's MID table: USA 338, 366–369; Japan 431, 432; Republic of Korea 440, 441.
 */
const ALLIED_MIDS = new Set([338, 366, 367, 368, 369, 431, 432, 440, 441]);
/** AIS ship types of state vessels: 35 military operations, 55 law enforcement (ITU-R M.1371). */
const STATE_SHIP_TYPES = new Set([35, 55]);

/**
 * friendly: an allied flag's state vessel (military or law enforcement, by its MMSI's MID and ship
 * type); neutral: a vessel that identifies itself (name or IMO); unknown: everything else. The
 * console asserts no hostility: that is a watch officer's judgement, not the AIS's.
 */
export function affiliation(v: Vessel): Affiliation {
  const mid = Math.floor(v.mmsi / 1_000_000);
  if (v.shipType !== undefined && STATE_SHIP_TYPES.has(v.shipType) && ALLIED_MIDS.has(mid)) return 'friendly';
  if (v.name !== undefined || v.imo !== undefined) return 'neutral';
  return 'unknown';
}

/** MIL-STD-2525C sea surface track, by affiliation. */
export const SURFACE_SIDC: Record<Affiliation, string> = {
  friendly: 'SFSP------',
  neutral: 'SNSP------',
  unknown: 'SUSP------',
};

/** Merges a stream update into the vessels held (a newer report of an MMSI replaces the older). */
export function mergeVessels(held: Map<number, Vessel>, update: readonly Vessel[]): Map<number, Vessel> {
  const next = new Map(held);
  for (const v of update) {
    const old = next.get(v.mmsi);
    if (!old || old.lastSeen <= v.lastSeen) next.set(v.mmsi, v);
  }
  return next;
}

/** The vessels as GeoJSON points for the clustered source (properties kept small: 100,000 of them). */
export function vesselCollection(vessels: Iterable<Vessel>): FeatureCollection<Point> {
  const features: Feature<Point>[] = [];
  for (const v of vessels) {
    features.push({
      type: 'Feature',
      id: v.mmsi,
      properties: { mmsi: v.mmsi, aff: affiliation(v), course: v.heading ?? v.course ?? 0 },
      geometry: { type: 'Point', coordinates: [v.lon, v.lat] },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** Merges events (a newer state of an id replaces the older), latest detected first. */
export function mergeEvents(
  held: readonly MaritimeEvent[],
  update: readonly MaritimeEvent[],
): MaritimeEvent[] {
  const byId = new Map(held.map((e) => [e.id, e]));
  for (const e of update) {
    const old = byId.get(e.id);
    if (!old || old.status.updated <= e.status.updated) byId.set(e.id, e);
  }
  return [...byId.values()].sort((a, b) => (a.detected < b.detected ? 1 : a.detected > b.detected ? -1 : 0));
}

export interface EventFilter {
  readonly type: MaritimeEventType | 'all';
  readonly state: MaritimeEvent['status']['state'] | 'all';
}

export function filterEvents(events: readonly MaritimeEvent[], f: EventFilter): MaritimeEvent[] {
  return events.filter(
    (e) => (f.type === 'all' || e.type === f.type) && (f.state === 'all' || e.status.state === f.state),
  );
}

/** The partners that shared a vessel (`partner:<NATION>` in its sources). */
export function partnerSources(v: Vessel): string[] {
  return v.sources.filter((s) => s.startsWith('partner:')).map((s) => s.slice('partner:'.length));
}

/**
 * What changed between the vessels last drawn and the vessels now (by object identity: mergeVessels
 * keeps an unchanged vessel's object): the new or moved, and the MMSIs gone. Lets the map update a
 * few of 100,000 points instead of sending it all again every second.
 */
export function vesselDiff(
  drawn: ReadonlyMap<number, Vessel>,
  now: ReadonlyMap<number, Vessel>,
): { changed: Vessel[]; removed: number[] } {
  const changed: Vessel[] = [];
  for (const [mmsi, v] of now) if (drawn.get(mmsi) !== v) changed.push(v);
  const removed: number[] = [];
  if (drawn.size + changed.length > now.size)
    for (const mmsi of drawn.keys()) if (!now.has(mmsi)) removed.push(mmsi);
  return { changed, removed };
}
