import type { Nation } from '../domain/index.js';

// Refused authentications are audited, so that probing a node is attributable. But whoever can reach
// the port can send them, as fast as the network allows, and every audit record is a row in a
// hash-chained log that is never shortened: written one per request, they would grow a node's
// store without bound. So within each window (a minute of the node's clock) the first refusal of
// each source is written in full and the rest are counted; when the window ends, each source's
// count is written as one summary record. Past a cap on sources per window, further sources share
// one summary (source `*`). A window thus writes at most 2 x maxSources + 1 records per node and code.

export interface RefusalAuditLimits {
  /** The length of a window, in the node's clock (ms). */
  readonly windowMs: number;
  /** Sources per node, code and window that get records of their own. */
  readonly maxSources: number;
}

export const DEFAULT_REFUSAL_AUDIT_LIMITS: RefusalAuditLimits = { windowMs: 60_000, maxSources: 100 };

/** What a summary record says: `count` more refusals of `code` from `source` in [fromMs, toMs). */
export interface RefusalSummary {
  readonly source: string;
  readonly code: string;
  readonly count: number;
  readonly fromMs: number;
  readonly toMs: number;
}

/** Writes one audit record: the refusal itself (no summary) or a window's summary. */
export type WriteRefusal = (summary?: RefusalSummary) => void;

/** The source that stands for every source past the cap. */
export const OTHER_SOURCES = '*';

interface Counted {
  readonly source: string;
  readonly code: string;
  count: number;
  write: WriteRefusal;
}

export class RefusalAudit {
  readonly #clock: { nowMs(): number };
  readonly #limits: RefusalAuditLimits;
  #window = Number.NEGATIVE_INFINITY;
  /** `nation|code|source` -> what is counted in this window. */
  readonly #counted = new Map<string, Counted>();
  /** `nation|code` -> sources with records of their own in this window. */
  readonly #sources = new Map<string, number>();

  constructor(clock: { nowMs(): number }, limits: RefusalAuditLimits = DEFAULT_REFUSAL_AUDIT_LIMITS) {
    if (!(limits.windowMs > 0) || !(Number.isInteger(limits.maxSources) && limits.maxSources >= 0))
      throw new Error(`invariant: refusal audit limits ${JSON.stringify(limits)}`);
    this.#clock = clock;
    this.#limits = limits;
  }

  /**
   * A refusal of `code` at `nation`'s node from `source` (an address): written now with `write()`
   * if it is its source's first in this window, else counted and summarised with `write(summary)`
   * when the window ends.
   */
  refused(nation: Nation, source: string, code: string, write: WriteRefusal): void {
    this.flushEnded();
    const group = `${nation}|${code}`;
    const own = this.#counted.get(`${group}|${source}`);
    if (own) {
      own.count++;
      own.write = write;
      return;
    }
    const sources = this.#sources.get(group) ?? 0;
    if (sources < this.#limits.maxSources) {
      this.#sources.set(group, sources + 1);
      this.#counted.set(`${group}|${source}`, { source, code, count: 0, write });
      write();
      return;
    }
    const key = `${group}|${OTHER_SOURCES}`;
    const other = this.#counted.get(key);
    if (other) {
      other.count++;
      other.write = write;
    } else this.#counted.set(key, { source: OTHER_SOURCES, code, count: 1, write });
  }

  /** Writes the summaries of a window that has ended by the clock (called on each refusal, and by a timer). */
  flushEnded(): void {
    const window = Math.floor(this.#clock.nowMs() / this.#limits.windowMs);
    if (window === this.#window) return;
    this.flush();
    this.#window = window;
  }

  /** Writes the summaries counted so far (the window's end, or the API closing) and starts afresh. */
  flush(): void {
    const fromMs = this.#window * this.#limits.windowMs;
    const counted = [...this.#counted.values()];
    this.#counted.clear();
    this.#sources.clear();
    // Every summary is tried, whichever fails (a store that failed once may not fail again).
    let failure: unknown = null;
    for (const c of counted) {
      if (c.count === 0) continue;
      try {
        c.write({
          source: c.source,
          code: c.code,
          count: c.count,
          fromMs,
          toMs: fromMs + this.#limits.windowMs,
        });
      } catch (err) {
        failure ??= err;
      }
    }
    if (failure !== null) throw failure;
  }
}
