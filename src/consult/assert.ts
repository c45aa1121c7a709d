/**
 * Stops on a broken invariant. A fold that went wrong would show allies different states of the same
 * consultation; it is better to stop than to keep going in an incorrect state (TigerBeetle's rule).
 * Partner input never reaches this: bad events are rejected with a reason, not asserted away.
 */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`invariant: ${message}`);
}
