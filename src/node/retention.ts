import { DEFAULT_MAX_FUTURE_SKEW_MS } from '../link/index.js';
import type { MaritimeHistory, Store } from '../store/index.js';

/**
 * The freshness window of the nodes' envelope verification (a day): older items are refused as
 * stale, so their ids need not be remembered longer (plus the allowed clock skew).
 */
export const NODE_FRESHNESS_MS = 86_400_000;

/** How long a node keeps vessel positions, identities and maritime events by default: 180 days (sanctions cases look back months). */
export const MARITIME_KEEP_MS = 180 * 86_400_000;

/** How often a node prunes its store. */
export const NODE_PRUNE_EVERY_MS = 60_000;

/** What a node keeps of its link's bookkeeping, and how often it forgets the rest. */
export interface RetentionOptions {
  /** How often the store is pruned (ms of the timers given). */
  readonly everyMs: number;
  /**
   * The verifier's freshness window: received ids are kept this long plus the allowed clock skew,
   * after which a replay of their envelope is refused as stale anyway.
   */
  readonly freshnessMs: number;
  readonly maxFutureSkewMs?: number;
  /** Per step (one transaction): outbox seqs looked at, and received ids deleted at most (default 500); the event loop turns between two steps. */
  readonly chunk?: number;
  /** Vessel positions, identities and maritime events older than this are forgotten (default MARITIME_KEEP_MS, 180 days). */
  readonly maritimeKeepMs?: number;
}

/** What pruning removed. */
export interface Pruned {
  readonly delivered: number;
  readonly receivedIds: number;
  /** Vessel positions, identities and maritime events forgotten (0 without a maritime history). */
  readonly maritime: number;
}

type PrunableStore = Pick<Store, 'outbox' | 'inbox' | 'transaction'> & {
  readonly maritime?: MaritimeHistory;
};

const DEFAULT_CHUNK = 500;

/** Whether a pass that began with the outbox at `endSeq` has more to do after the step `r`. */
function passGoesOn(
  r: { throughSeq: number; receivedIds: number; maritimeFull: boolean },
  endSeq: number,
  o: RetentionOptions,
) {
  return r.throughSeq < endSeq || r.receivedIds >= (o.chunk ?? DEFAULT_CHUNK) || r.maritimeFull;
}

/**
 * One step of a pruning pass, as one transaction: the delivered outbox entries with
 * `afterSeq < seq <= afterSeq + chunk` (their envelope bytes are not needed once the partner has
 * them; the audit log keeps every decision) — a window of seqs, so a step stays short however many
 * undelivered entries a cut-off partner has queued — and up to `chunk` received ids older than the
 * freshness window plus the allowed clock skew. Returns what it removed and where its window ended.
 */
export function pruneStep(
  store: PrunableStore,
  nowMs: number,
  o: RetentionOptions,
  afterSeq: number,
): Pruned & { readonly throughSeq: number; readonly maritimeFull: boolean } {
  const chunk = o.chunk ?? DEFAULT_CHUNK;
  const keepMs = o.freshnessMs + (o.maxFutureSkewMs ?? DEFAULT_MAX_FUTURE_SKEW_MS);
  const throughSeq = afterSeq + chunk;
  return store.transaction(() => {
    const m = store.maritime?.pruneBefore(nowMs - (o.maritimeKeepMs ?? MARITIME_KEEP_MS), chunk);
    return {
      delivered: store.outbox.pruneDelivered({ afterSeq, throughSeq }),
      receivedIds: store.inbox.pruneReceivedBefore(nowMs - keepMs, chunk),
      maritime: m ? m.positions + m.identities + m.events : 0,
      // A table that gave a whole chunk may hold more: the pass goes on.
      maritimeFull: m !== undefined && Math.max(m.positions, m.identities, m.events) >= chunk,
      throughSeq,
    };
  });
}

/** A whole pruning pass at once: step after step over every seq in the outbox. */
export function pruneAll(store: PrunableStore, nowMs: number, o: RetentionOptions): Pruned {
  const end = store.outbox.maxSeq();
  let delivered = 0;
  let receivedIds = 0;
  let maritime = 0;
  for (let after = 0; ; ) {
    const r = pruneStep(store, nowMs, o, after);
    delivered += r.delivered;
    receivedIds += r.receivedIds;
    maritime += r.maritime;
    after = r.throughSeq;
    if (!passGoesOn(r, end, o)) return { delivered, receivedIds, maritime };
  }
}

/**
 * Keeps a node's store bounded: every `everyMs`, a pruning pass (see `pruneStep`) from the first
 * seq to the last one there was when it began, step by step, letting the event loop turn between
 * two so that the link's own commits are not held up behind a long delete. Without it a node's
 * outbox keeps every envelope it ever sent and its inbox every id it ever received. Returns a
 * function that stops it. A failed step (a busy or full disk) is reported, and the pass begins
 * again at the next period.
 */
export function keepStoreBounded(
  store: PrunableStore,
  clock: { nowMs(): number },
  o: RetentionOptions,
  onError: (err: unknown) => void = () => {},
): () => void {
  let stopped = false;
  let running = false;
  const step = (after: number, end: number) => {
    if (stopped) {
      running = false;
      return;
    }
    let r: ReturnType<typeof pruneStep>;
    try {
      r = pruneStep(store, clock.nowMs(), o, after);
    } catch (err) {
      running = false;
      onError(err);
      return;
    }
    if (passGoesOn(r, end, o)) setImmediate(() => step(r.throughSeq, end));
    else running = false;
  };
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    let end: number;
    try {
      end = store.outbox.maxSeq();
    } catch (err) {
      running = false;
      onError(err);
      return;
    }
    step(0, end);
  }, o.everyMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
