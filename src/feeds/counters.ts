/** What a feed has seen so far; a snapshot, read with `feed.counters()`. */
export interface FeedCounters {
  /** Lines handed to the sink. */
  lines: number;
  /** Bytes received (datagrams' or the stream's, garbage included). */
  bytes: number;
  /** Lines dropped: binary, non-ASCII (so bad UTF-8), control characters, or over-long. */
  garbage: number;
  /** Of `garbage`, lines over the maximum length. */
  overlong: number;
  /** TCP: connections made. UDP: 1 once the socket is bound. */
  connects: number;
  /** TCP: connections lost or refused and tried again (each waits its back-off). */
  reconnects: number;
  /** TCP: connections dropped because no byte came for `stallMs`. */
  stalls: number;
  /** Times the sink threw (the line is lost, the feed goes on). */
  sinkErrors: number;
  /** Receive time of the last line handed to the sink (ms since the epoch), or null. */
  lastLineAtMs: number | null;
  /** The last socket error, for a status line (e.g. `ECONNREFUSED`), or null. */
  lastError: string | null;
  /** TCP: connected now; UDP: bound now. */
  up: boolean;
}

export function zeroCounters(): FeedCounters {
  return {
    lines: 0,
    bytes: 0,
    garbage: 0,
    overlong: 0,
    connects: 0,
    reconnects: 0,
    stalls: 0,
    sinkErrors: 0,
    lastLineAtMs: null,
    lastError: null,
    up: false,
  };
}
