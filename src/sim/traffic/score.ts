import { InputError } from '../../domain/errors.js';
import { IDENTITY_KINDS, type IdentityKind } from '../../domain/index.js';
import { haversineDistanceM } from '../../geo/index.js';
import { EVENT_TYPES, type EventType, type TruthEvent } from './truth.js';

/** A detector's event, in the maritime event format (extra fields are ignored). */
export interface DetectedEvent {
  readonly type: string;
  readonly mmsi: readonly number[];
  readonly start: string;
  readonly end: string | null;
  readonly lat: number;
  readonly lon: number;
  readonly zone?: string;
  readonly confidence?: number;
  /** An identity event's sub-kind, named directly (as in the truth file)... */
  readonly subKind?: string;
  /** ...or by the first evidence item's `kind` (as `concord ais detect` writes it). */
  readonly evidence?: readonly { readonly kind?: unknown }[];
}

/** An identity detection's sub-kind (`subKind`, else its first evidence item's kind), if any. */
export function subKindOf(d: DetectedEvent): string | undefined {
  if (typeof d.subKind === 'string') return d.subKind;
  const k = Array.isArray(d.evidence) ? d.evidence[0]?.kind : undefined;
  return typeof k === 'string' ? k : undefined;
}

export interface ScoreTolerances {
  /** Slack when comparing time windows: windows that miss each other by less still overlap. Default 30 min. */
  readonly timeMs: number;
  /** Events without an MMSI on either side (dark contacts) match by position within this. Default 10 km. */
  readonly positionM: number;
}

export const DEFAULT_TOLERANCES: ScoreTolerances = { timeMs: 30 * 60_000, positionM: 10_000 };

export interface TypeScore {
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  /** Detections of a truth event already matched (a split event): neither true nor false positives. */
  readonly duplicates: number;
  /** False positives that match a near miss that must not fire. */
  readonly mustNotFireHits: number;
  /** TP / (TP + FP); 1 when nothing was detected. */
  readonly precision: number;
  /** TP / (TP + FN); 1 when the truth holds no event of the type. */
  readonly recall: number;
  readonly missed: readonly TruthEvent[];
  readonly spurious: readonly DetectedEvent[];
}

export interface Score {
  readonly byType: Readonly<Record<EventType, TypeScore>>;
  /** The identity events again, per sub-kind (a truth event matches only a detection of its sub-kind). */
  readonly byIdentityKind: Readonly<Record<IdentityKind, TypeScore>>;
  /** Detections whose type is none of EVENT_TYPES (counted nowhere else). */
  readonly unknownTypes: readonly DetectedEvent[];
}

const toMs = (iso: string) => Date.parse(iso);

/**
 * Whether detection `d` is truth event `t`: same type; the zone equal when the truth names one;
 * the identity sub-kind equal when the truth names one; the MMSI sets overlap (or, when either is empty, the positions lie within `positionM`); and the
 * time windows overlap once widened by `timeMs` (an open end runs to infinity).
 */
export function eventsMatch(
  t: TruthEvent,
  d: DetectedEvent,
  tol: ScoreTolerances = DEFAULT_TOLERANCES,
): boolean {
  if (t.type !== d.type) return false;
  if (t.zone !== undefined && d.zone !== t.zone) return false;
  if (t.subKind !== undefined && subKindOf(d) !== t.subKind) return false;
  if (t.mmsi.length > 0 && d.mmsi.length > 0) {
    if (!t.mmsi.some((m) => d.mmsi.includes(m))) return false;
  } else if (haversineDistanceM(t.lat, t.lon, d.lat, d.lon) > tol.positionM) {
    return false;
  }
  const ts = toMs(t.start);
  const te = t.end === null ? Number.POSITIVE_INFINITY : toMs(t.end);
  const ds = toMs(d.start);
  const de = d.end === null ? Number.POSITIVE_INFINITY : toMs(d.end);
  return ds <= te + tol.timeMs && ts <= de + tol.timeMs;
}

/** Throws an InputError naming detection `i`'s bad field: the scorer reads detector output it does not trust. */
function checkDetected(d: DetectedEvent, i: number, source: string): void {
  const bad = (field: string, problem: string) =>
    new InputError({ input: source, field: `[${i}].${field}` }, problem);
  if (typeof d.type !== 'string') throw bad('type', 'must be a string');
  if (!Array.isArray(d.mmsi) || !d.mmsi.every((m) => Number.isInteger(m)))
    throw bad('mmsi', 'must be an array of integers');
  if (typeof d.start !== 'string' || Number.isNaN(toMs(d.start)))
    throw bad('start', `not an ISO 8601 time: ${String(d.start)}`);
  if (d.end !== null && (typeof d.end !== 'string' || Number.isNaN(toMs(d.end))))
    throw bad('end', `not an ISO 8601 time or null: ${String(d.end)}`);
  if (!Number.isFinite(d.lat) || Math.abs(d.lat) > 90) throw bad('lat', 'must be a latitude in degrees');
  if (!Number.isFinite(d.lon) || Math.abs(d.lon) > 180) throw bad('lon', 'must be a longitude in degrees');
}

/**
 * Scores detected events against the truth, per event type. Each detection, in start order, takes
 * the unmatched truth event it matches whose start is nearest its own (a true positive); failing
 * that it is a duplicate if it matches an already matched one, else a false positive (and a
 * must-not-fire hit if it matches a near miss). Unmatched truth events are false negatives.
 *
 * @example
 * scoreEvents(truth, detected).byType.encounter.recall // 1 when every STS pair was found
 */
export function scoreEvents(
  truth: { readonly events: readonly TruthEvent[]; readonly mustNotFire: readonly TruthEvent[] },
  detected: readonly DetectedEvent[],
  tolerances: Partial<ScoreTolerances> = {},
  source = 'detected events',
): Score {
  const tol = { ...DEFAULT_TOLERANCES, ...tolerances };
  detected.forEach((d, i) => {
    checkDetected(d, i, source);
  });
  const known = new Set<string>(EVENT_TYPES);
  const byType = {} as Record<EventType, TypeScore>;
  for (const type of EVENT_TYPES) {
    byType[type] = scoreOne(
      truth.events.filter((e) => e.type === type),
      truth.mustNotFire.filter((e) => e.type === type),
      detected.filter((d) => d.type === type),
      tol,
    );
  }
  const byIdentityKind = {} as Record<IdentityKind, TypeScore>;
  for (const k of IDENTITY_KINDS) {
    byIdentityKind[k] = scoreOne(
      truth.events.filter((e) => e.type === 'identity' && e.subKind === k),
      truth.mustNotFire.filter((e) => e.type === 'identity' && e.subKind === k),
      detected.filter((d) => d.type === 'identity' && subKindOf(d) === k),
      tol,
    );
  }
  return { byType, byIdentityKind, unknownTypes: detected.filter((d) => !known.has(d.type)) };
}

/** One list of detections against one list of truth events (and its near misses). */
function scoreOne(
  truths: readonly TruthEvent[],
  nots: readonly TruthEvent[],
  detected: readonly DetectedEvent[],
  tol: ScoreTolerances,
): TypeScore {
  const dets = [...detected].sort((a, b) => toMs(a.start) - toMs(b.start));
  const matched = new Set<number>();
  let tp = 0;
  let dup = 0;
  let hits = 0;
  const spurious: DetectedEvent[] = [];
  for (const d of dets) {
    let best = -1;
    let bestGap = Number.POSITIVE_INFINITY;
    let matchesTaken = false;
    truths.forEach((t, k) => {
      if (!eventsMatch(t, d, tol)) return;
      if (matched.has(k)) {
        matchesTaken = true;
        return;
      }
      const gap = Math.abs(toMs(t.start) - toMs(d.start));
      if (gap < bestGap) {
        bestGap = gap;
        best = k;
      }
    });
    if (best >= 0) {
      matched.add(best);
      tp++;
    } else if (matchesTaken) {
      dup++;
    } else {
      spurious.push(d);
      if (nots.some((n) => eventsMatch(n, d, tol))) hits++;
    }
  }
  const fp = spurious.length;
  const fn = truths.length - tp;
  return {
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    duplicates: dup,
    mustNotFireHits: hits,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    missed: truths.filter((_, k) => !matched.has(k)),
    spurious,
  };
}
