import type {
  MaritimeEventQuery,
  MaritimeEventRecord,
  MaritimeEventState,
  MaritimeHistory,
  MaritimePruned,
  PartnerMaritimeEventQuery,
  PartnerMaritimeEventRecord,
  PositionQuery,
  TriageRecord,
  VesselIdentityRecord,
  VesselPositionRecord,
} from '../../store/index.js';

/** Most positions a memory history keeps (the oldest go first): a node without a store stays bounded. */
export const MEMORY_MAX_POSITIONS = 200_000;
/** Most events (with their triage) a memory history keeps. */
export const MEMORY_MAX_EVENTS = 10_000;

const identityKey = (i: VesselIdentityRecord) =>
  `${i.mmsi}|${i.imo ?? ''}|${i.name ?? ''}|${i.callsign ?? ''}|${i.shipType ?? ''}`;

/**
 * The maritime history of a node without a durable store (tests, `--memory` runs): the same
 * queries as the SQLite one over bounded arrays; it forgets the oldest beyond its bounds.
 */
export class MemoryMaritimeHistory implements MaritimeHistory {
  readonly #positions: VesselPositionRecord[] = [];
  readonly #seen = new Set<string>();
  readonly #identities = new Map<string, VesselIdentityRecord>();
  readonly #events = new Map<string, MaritimeEventRecord>();
  readonly #triage = new Map<string, TriageRecord[]>();
  /** Partners' events by `<originator> <id>` (a space: no nation code holds one). */
  readonly #partnerEvents = new Map<string, PartnerMaritimeEventRecord>();

  writeBatch(positions: readonly VesselPositionRecord[], identities: readonly VesselIdentityRecord[]): void {
    const list = this.#positions;
    let ordered = true;
    for (const p of positions) {
      const key = `${p.mmsi}|${Math.round(p.tMs)}`;
      if (this.#seen.has(key)) continue;
      this.#seen.add(key);
      const last = list[list.length - 1];
      if (last && (p.tMs < last.tMs || (p.tMs === last.tMs && p.mmsi < last.mmsi))) ordered = false;
      list.push(p);
    }
    // Feeds arrive in time order almost always: a sort only when one did not.
    if (!ordered) list.sort((a, b) => a.tMs - b.tMs || a.mmsi - b.mmsi);
    const over = list.length - MEMORY_MAX_POSITIONS;
    if (over > 0) for (const p of list.splice(0, over)) this.#seen.delete(`${p.mmsi}|${Math.round(p.tMs)}`);
    for (const i of identities) {
      const key = identityKey(i);
      const was = this.#identities.get(key);
      this.#identities.set(
        key,
        was
          ? {
              ...was,
              firstSeenMs: Math.min(was.firstSeenMs, i.firstSeenMs),
              lastSeenMs: Math.max(was.lastSeenMs, i.lastSeenMs),
            }
          : i,
      );
    }
  }

  positions(q: PositionQuery): VesselPositionRecord[] {
    const out: VesselPositionRecord[] = [];
    for (const p of this.#positions) {
      if (q.mmsi !== undefined && p.mmsi !== q.mmsi) continue;
      if (q.fromMs !== undefined && p.tMs < q.fromMs) continue;
      if (q.toMs !== undefined && p.tMs > q.toMs) continue;
      if (q.bbox && !inBox(q.bbox, p.latDeg, p.lonDeg)) continue;
      out.push(p);
      if (out.length >= (q.limit ?? Number.POSITIVE_INFINITY)) break;
    }
    return out;
  }

  identities(mmsi: number): VesselIdentityRecord[] {
    return [...this.#identities.values()].filter((i) => i.mmsi === mmsi).sort(latestFirst);
  }

  findIdentities(q: { readonly imo?: number; readonly name?: string; readonly limit?: number }) {
    const name = q.name?.toLowerCase();
    return [...this.#identities.values()]
      .filter(
        (i) =>
          (q.imo === undefined || i.imo === q.imo) &&
          (name === undefined || (i.name ?? '').toLowerCase().includes(name)),
      )
      .sort(latestFirst)
      .slice(0, q.limit ?? 1_000);
  }

  insertEvent(e: MaritimeEventRecord): 'new' | 'duplicate' {
    if (this.#events.has(e.id)) return 'duplicate';
    // As the SQLite history reads it back: never shared yet is null, not absent.
    this.#events.set(e.id, { ...e, marking: e.marking ?? null, sharedItemId: e.sharedItemId ?? null });
    if (this.#events.size > MEMORY_MAX_EVENTS) {
      const oldest = this.#events.keys().next().value!;
      this.#events.delete(oldest);
      this.#triage.delete(oldest);
    }
    return 'new';
  }

  event(id: string): MaritimeEventRecord | undefined {
    return this.#events.get(id);
  }

  events(q: MaritimeEventQuery): MaritimeEventRecord[] {
    return [...this.#events.values()]
      .filter(
        (e) =>
          (q.type === undefined || e.type === q.type) &&
          (q.sinceMs === undefined || e.detectedMs >= q.sinceMs) &&
          (q.state === undefined || e.state === q.state) &&
          (q.mmsi === undefined || e.mmsi.includes(q.mmsi)),
      )
      .reverse()
      .sort((a, b) => b.detectedMs - a.detectedMs)
      .slice(0, q.limit ?? 1_000);
  }

  triage(t: TriageRecord, state: MaritimeEventState, holder: string | null): void {
    const e = this.#events.get(t.eventId);
    if (!e) throw new Error(`invariant: triage of unknown event ${t.eventId}`);
    this.#events.set(t.eventId, { ...e, state, holder, updatedMs: t.atMs });
    const list = this.#triage.get(t.eventId) ?? [];
    list.push(t);
    this.#triage.set(t.eventId, list);
  }

  triageOf(eventId: string): TriageRecord[] {
    return [...(this.#triage.get(eventId) ?? [])];
  }

  setShared(id: string, marking: string, itemId: string): void {
    const e = this.#events.get(id);
    if (!e) throw new Error(`invariant: sharing unknown event ${id}`);
    this.#events.set(id, { ...e, marking, sharedItemId: itemId });
  }

  insertPartnerEvent(e: PartnerMaritimeEventRecord): 'new' | 'duplicate' {
    const key = `${e.originator} ${e.id}`;
    if (this.#partnerEvents.has(key)) return 'duplicate';
    this.#partnerEvents.set(key, e);
    if (this.#partnerEvents.size > MEMORY_MAX_EVENTS)
      this.#partnerEvents.delete(this.#partnerEvents.keys().next().value!);
    return 'new';
  }

  partnerEventCount(originator: string): number {
    let n = 0;
    for (const e of this.#partnerEvents.values()) if (e.originator === originator) n++;
    return n;
  }

  dropOldestPartnerEvents(originator: string, count: number): number {
    let dropped = 0;
    // A Map iterates in insertion order: received order.
    for (const [key, e] of this.#partnerEvents) {
      if (dropped >= count) break;
      if (e.originator !== originator) continue;
      this.#partnerEvents.delete(key);
      dropped++;
    }
    return dropped;
  }

  partnerEvent(originator: string, id: string): PartnerMaritimeEventRecord | undefined {
    return this.#partnerEvents.get(`${originator} ${id}`);
  }

  partnerEvents(q: PartnerMaritimeEventQuery): PartnerMaritimeEventRecord[] {
    return [...this.#partnerEvents.values()]
      .filter(
        (e) =>
          (q.type === undefined || e.type === q.type) &&
          (q.sinceMs === undefined || e.receivedMs >= q.sinceMs) &&
          (q.withdrawn === undefined || (e.withdrawnMs !== null) === q.withdrawn) &&
          (q.mmsi === undefined || e.mmsi.includes(q.mmsi)),
      )
      .reverse()
      .sort((a, b) => b.receivedMs - a.receivedMs)
      .slice(0, q.limit ?? 1_000);
  }

  withdrawPartnerEvent(originator: string, id: string, atMs: number): boolean {
    const key = `${originator} ${id}`;
    const e = this.#partnerEvents.get(key);
    if (!e || e.withdrawnMs !== null) return false;
    this.#partnerEvents.set(key, { ...e, withdrawnMs: atMs });
    return true;
  }

  pruneBefore(beforeMs: number, limit: number): MaritimePruned {
    let positions = 0;
    while (
      positions < limit &&
      positions < this.#positions.length &&
      this.#positions[positions]!.tMs < beforeMs
    )
      positions++;
    for (const p of this.#positions.splice(0, positions)) this.#seen.delete(`${p.mmsi}|${Math.round(p.tMs)}`);
    let identities = 0;
    for (const [k, i] of this.#identities)
      if (identities < limit && i.lastSeenMs < beforeMs) {
        this.#identities.delete(k);
        identities++;
      }
    let events = 0;
    for (const [id, e] of this.#events)
      if (events < limit && e.detectedMs < beforeMs) {
        this.#events.delete(id);
        this.#triage.delete(id);
        events++;
      }
    let partnerEvents = 0;
    for (const [key, e] of this.#partnerEvents)
      if (partnerEvents < limit && e.receivedMs < beforeMs) {
        this.#partnerEvents.delete(key);
        partnerEvents++;
      }
    return { positions, identities, events: events + partnerEvents };
  }
}

const latestFirst = (a: VesselIdentityRecord, b: VesselIdentityRecord) => b.lastSeenMs - a.lastSeenMs;

/** Whether (lat, lon) is in [west, south, east, north]; west beyond east crosses the antimeridian. */
export function inBox(b: readonly [number, number, number, number], latDeg: number, lonDeg: number): boolean {
  const [w, s, e, n] = b;
  if (latDeg < s || latDeg > n) return false;
  return w <= e ? lonDeg >= w && lonDeg <= e : lonDeg >= w || lonDeg <= e;
}
