/**
 * The times a partner payload is checked against: the item's creation time as its originator signed
 * it (the link verified the signature), the receiver's clock, and how far a partner's clock may run
 * ahead of the receiver's (the link's allowance, 5 s by default).
 */
export interface PayloadTimes {
  readonly createdMs: number;
  readonly nowMs: number;
  readonly maxSkewMs: number;
}

/** Why a payload's own time was refused: later than its signed item, or later than now, beyond the skew. */
export type FutureTimeCode = 'time-ahead-of-envelope' | 'time-in-future';

/**
 * Whether a time a partner payload carries (`field`, e.g. `tMs`) is in the future: after the item's
 * signed creation time or after the receiver's clock by more than the allowed skew. A payload dated in
 * the future would never age (never be predicted, never go stale). Null when it is not.
 * @example futureTimeProblem('tMs', 61_000, { createdMs: 1_000, nowMs: 1_200, maxSkewMs: 5_000 })
 * // { code: 'time-ahead-of-envelope', reason: "tMs: 60000 ms after the item's signed creation time (allowed 5000 ms)" }
 */
export function futureTimeProblem(
  field: string,
  tMs: number,
  times: PayloadTimes,
): { code: FutureTimeCode; reason: string } | null {
  if (tMs > times.createdMs + times.maxSkewMs) {
    return {
      code: 'time-ahead-of-envelope',
      reason: `${field}: ${tMs - times.createdMs} ms after the item's signed creation time (allowed ${times.maxSkewMs} ms)`,
    };
  }
  if (tMs > times.nowMs + times.maxSkewMs) {
    return {
      code: 'time-in-future',
      reason: `${field}: ${tMs - times.nowMs} ms after now (allowed ${times.maxSkewMs} ms)`,
    };
  }
  return null;
}
