/**
 * Every detector parameter, in one place, with its source. Defaults follow Global Fishing Watch's
 * published event definitions where GFW defines the event; values marked OURS are Concord's own
 * choices (no published definition fits, or GFW's pipeline is not specific), to be tuned on
 * labelled traffic.
 *
 * Sources:
 * - GFW-EVENTS: Global Fishing Watch, event definitions as quoted in Concord's issue 16 and the GFW
 *   API events documentation (encounter: two vessels within 500 m for >= 2 h at median speed
 *   < 2 kn, >= 10 km from an anchorage; AIS gap: >= 12 h, >= 50 nm from shore at both ends, with
 *   good reception before).
 * - GFW-LOITERING: Global Fishing Watch FAQ "What is a loitering event?" (globalfishingwatch.org):
 *   average speed < 2 kn, average distance from shore >= 20 nm; duration >= 1 h in the map, >= 4 h
 *   in transshipment studies.
 * - GFW-PORT: Global Fishing Watch FAQ "How are port visits in the carrier vessel portal defined?"
 *   (globalfishingwatch.org/faqs): a visit begins within 3 km of an anchorage with speed
 *   < 0.2 kn and ends beyond 4 km; visits shorter than 3 h are dropped.
 * - ITU-R M.585: maritime identification digits (MID) of ship station MMSIs lie in 201-775.
 */

const NM = 1852;
const MIN = 60_000;
const HOUR = 3_600_000;

export interface EncounterParams {
  /** Two vessels closer than this are together, m. GFW-EVENTS: 500 m. */
  readonly maxDistanceM: number;
  /** Shortest encounter, ms. GFW-EVENTS: 2 h. */
  readonly minDurationMs: number;
  /** The median speed over the encounter must be below this, kn. GFW-EVENTS: 2 kn. */
  readonly maxMedianSpeedKn: number;
  /** The encounter's mean position must be at least this far from a known anchorage (and port: OURS), m. GFW-EVENTS: 10 km. */
  readonly minAnchorageDistanceM: number;
  /** OURS: the other vessel's latest fix must be this recent to compare positions, ms (15 min). */
  readonly maxFixAgeMs: number;
  /** OURS: a pair not seen together for this long is closed, ms (1 h: rides out a few lost reports). */
  readonly maxSilenceMs: number;
}

export interface LoiteringParams {
  /** Average speed below this, kn. GFW-LOITERING: 2 kn. */
  readonly maxAvgSpeedKn: number;
  /** Shortest loitering, ms. GFW-LOITERING: 1 h (transshipment studies use 4 h; set 14_400_000). */
  readonly minDurationMs: number;
  /** Average distance from shore at least this, m. GFW-LOITERING: 20 nm. */
  readonly minAvgShoreDistanceM: number;
  /** OURS: a silence longer than this ends the loitering, ms (2 h). */
  readonly maxFixGapMs: number;
}

export interface GapParams {
  /** No position for at least this long, ms. GFW-EVENTS: 12 h. */
  readonly minGapMs: number;
  /** Both the last position before and the first after are at least this far from shore, m. GFW-EVENTS: 50 nm. */
  readonly minShoreDistanceM: number;
  /** Reception was good before: at least this many positions per 12 h... GFW-EVENTS: 20. */
  readonly minPositionsPer12h: number;
  /** ...averaged over this many hours before the gap (or since first seen, if at least 12 h). GFW-EVENTS: 48 h. */
  readonly receptionWindowH: number;
}

export interface IdentityParams {
  /** OURS: an implied speed above this between consecutive fixes is "two places at once", kn (50 kn: above fast ferries' service speed). */
  readonly maxImpliedSpeedKn: number;
  /** OURS: ...provided the jump exceeds this, m (5 km: GPS glitches and time-stamp jitter stay below). */
  readonly minJumpM: number;
  /** OURS: the same identity finding for the same MMSI is repeated at most this often, ms (6 h). */
  readonly repeatAfterMs: number;
  /** OURS: a position counts as "on land" only this far inland from the 1:50m coastline, m (2 km). */
  readonly landMarginM: number;
}

export interface ZoneParams {
  /** OURS: consecutive fixes inside (outside) a zone that confirm an entry (exit) (2: one stray fix is a graze, not an entry). */
  readonly confirmFixes: number;
  /** AIS ship types of government ships flagged on entering a territorial sea. ITU-R M.1371 type 55 = law enforcement. */
  readonly governmentShipTypes: readonly number[];
  /** OURS: watch-list categories (case-insensitive substrings) that mark a government ship. */
  readonly governmentCategories: readonly string[];
}

export interface PortVisitParams {
  /** A visit begins within this distance of a port, m. GFW-PORT: 3 km. */
  readonly entryRadiusM: number;
  /** ...and ends beyond this distance, m. GFW-PORT: 4 km. */
  readonly exitRadiusM: number;
  /** ...when the vessel has stopped: speed below this, kn. GFW-PORT: 0.2 kn. */
  readonly maxEntrySpeedKn: number;
  /** Visits shorter than this are dropped, ms. GFW-PORT: 3 h. */
  readonly minDurationMs: number;
}

export interface DarkParams {
  /** OURS: a contact is explained by an AIS vessel whose position at the contact's time lies within this, m (1 nm), plus twice the contact's error. */
  readonly gateM: number;
  /** OURS: ...reckoned from a fix no further than this in time, ms (30 min). */
  readonly gateTimeMs: number;
  /** OURS: speed bound for the candidate search box, kn (40 kn). */
  readonly maxSpeedKn: number;
  /** OURS: a watch-listed vessel's AIS is "silent" when it has no fix within this of a sensor contact, ms (1 h). */
  readonly aisSilentMs: number;
}

export interface DetectParams {
  readonly encounter: EncounterParams;
  readonly loitering: LoiteringParams;
  readonly gap: GapParams;
  readonly identity: IdentityParams;
  readonly zone: ZoneParams;
  readonly portVisit: PortVisitParams;
  readonly dark: DarkParams;
}

export const DEFAULT_PARAMS: DetectParams = {
  encounter: {
    maxDistanceM: 500,
    minDurationMs: 2 * HOUR,
    maxMedianSpeedKn: 2,
    minAnchorageDistanceM: 10_000,
    maxFixAgeMs: 15 * MIN,
    maxSilenceMs: HOUR,
  },
  loitering: { maxAvgSpeedKn: 2, minDurationMs: HOUR, minAvgShoreDistanceM: 20 * NM, maxFixGapMs: 2 * HOUR },
  gap: { minGapMs: 12 * HOUR, minShoreDistanceM: 50 * NM, minPositionsPer12h: 20, receptionWindowH: 48 },
  identity: { maxImpliedSpeedKn: 50, minJumpM: 5_000, repeatAfterMs: 6 * HOUR, landMarginM: 2_000 },
  zone: {
    confirmFixes: 2,
    governmentShipTypes: [55],
    governmentCategories: ['government', 'coast guard', 'law enforcement', 'navy', 'militia'],
  },
  portVisit: { entryRadiusM: 3_000, exitRadiusM: 4_000, maxEntrySpeedKn: 0.2, minDurationMs: 3 * HOUR },
  dark: { gateM: NM, gateTimeMs: 30 * MIN, maxSpeedKn: 40, aisSilentMs: HOUR },
};

/** DEFAULT_PARAMS with some groups' fields replaced. */
export function withParams(
  over: { readonly [K in keyof DetectParams]?: Partial<DetectParams[K]> },
): DetectParams {
  const out = { ...DEFAULT_PARAMS } as { -readonly [K in keyof DetectParams]: DetectParams[K] };
  for (const k of Object.keys(over) as (keyof DetectParams)[]) {
    (out as Record<string, unknown>)[k] = { ...DEFAULT_PARAMS[k], ...over[k] };
  }
  return out;
}
