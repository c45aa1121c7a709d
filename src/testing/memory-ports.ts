// In-memory versions of the link's storage ports, for unit tests of the link's logic. The
// deterministic simulation and the node use the SQLite store.
import type { Nation } from '../domain/index.js';
import type { AuditPort, InboxPort, OutboxEntry, OutboxPort, StreamKey } from '../link/ports.js';

export class MemoryOutbox implements OutboxPort {
  #seq = 0;
  readonly #entries = new Map<string, OutboxEntry & { delivered: boolean }>();

  enqueue(e: Parameters<OutboxPort['enqueue']>[0]): number {
    const key = `${e.recipient}|${e.id}`;
    const existing = this.#entries.get(key);
    if (existing) return existing.seq;
    const { nowMs, notBeforeMs, ...rest } = e;
    const seq = ++this.#seq;
    this.#entries.set(key, {
      ...rest,
      seq,
      attempts: 0,
      nextAttemptMs: notBeforeMs ?? nowMs,
      heldReason: null,
      delivered: false,
    });
    return seq;
  }

  pending(recipient: Nation, limit: number, afterSeq = -1): OutboxEntry[] {
    return [...this.#entries.values()]
      .filter((e) => e.recipient === recipient && !e.delivered && e.seq > afterSeq)
      .sort((a, b) => a.seq - b.seq)
      .slice(0, limit);
  }

  streamHeads(recipient: Nation): OutboxEntry[] {
    const heads = new Map<string, OutboxEntry>();
    for (const e of this.pending(recipient, Number.MAX_SAFE_INTEGER)) {
      const key = `${e.originator}|${e.topic}`;
      if (!heads.has(key)) heads.set(key, e);
    }
    return [...heads.values()];
  }

  pendingIn(recipient: Nation, streams: readonly StreamKey[], limit: number): OutboxEntry[] {
    const wanted = new Set(streams.map((s) => `${s.originator}|${s.topic}`));
    return this.pending(recipient, Number.MAX_SAFE_INTEGER)
      .filter((e) => wanted.has(`${e.originator}|${e.topic}`))
      .slice(0, limit);
  }

  markDelivered(recipient: Nation, id: string): void {
    const e = this.#entries.get(`${recipient}|${id}`);
    if (e) e.delivered = true;
  }

  markHeld(recipient: Nation, id: string, reason: string): void {
    const e = this.#entries.get(`${recipient}|${id}`);
    if (e) this.#entries.set(`${recipient}|${id}`, { ...e, heldReason: reason });
  }

  markAttempt(recipient: Nation, id: string, nextAttemptMs: number): void {
    const e = this.#entries.get(`${recipient}|${id}`);
    if (e)
      this.#entries.set(`${recipient}|${id}`, {
        ...e,
        attempts: e.attempts + 1,
        nextAttemptMs,
        heldReason: null,
      });
  }

  depth(recipient: Nation): number {
    return this.pending(recipient, Number.MAX_SAFE_INTEGER).length;
  }
}

/** Keyed, as the SQLite inbox, by (originator, id): `<originator>|<id>`. */
export class MemoryInbox implements InboxPort {
  readonly keys = new Set<string>();
  accept(id: string, e: { originator: Nation }): 'new' | 'duplicate' {
    const key = `${e.originator}|${id}`;
    if (this.keys.has(key)) return 'duplicate';
    this.keys.add(key);
    return 'new';
  }
}

export class MemoryAudit implements AuditPort {
  readonly records: Parameters<AuditPort['append']>[0][] = [];
  append(r: Parameters<AuditPort['append']>[0]): void {
    this.records.push(r);
  }
}
