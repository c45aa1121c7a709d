import type { Nation } from '../../domain/index.js';
import type { AuditPort, JsonValue, ReceivedItem } from '../../link/index.js';
import { checkMaritimePayload, type VesselStatePayload } from '../../maritime/index.js';
import type { MaritimeHistory } from '../../store/index.js';

// What a node takes from partners of the maritime picture: their vessel states (kept apart from its
// own receivers' picture, bounded per partner, and merged only in the views) and the events their
// watch officers escalated (read-only here), each checked by the payload validators first. A
// partner is sovereign, not trusted: whatever it sends is refused aloud or kept under its own name.

/** Most vessels a partner may hold in this node's view of its picture (an honest one shares its own receivers'). */
export const MAX_PARTNER_VESSELS = 100_000;
/** A partner's vessel state older than this drops out of the view, ms (its picture is refreshed every minute). */
export const PARTNER_VESSEL_MAX_AGE_MS = 3_600_000;

/** Most events one partner may hold in this node's store (an honest one shares what its watch officers escalate: a few a day). */
export const MAX_PARTNER_EVENTS = 10_000;

/**
 * Keeps each partner's stored events at most `maxPerPartner`: beyond it, that partner's oldest go
 * (a tenth of the cap at once, so the count is not taken on every event). A partner that floods
 * the store pushes out only its own events, never another's nor this node's. The count per
 * partner is cached as an upper bound (age retention only lowers it) and taken again from the
 * store before anything is dropped.
 */
export class PartnerEventCap {
  readonly #held = new Map<string, number>();

  constructor(readonly maxPerPartner = MAX_PARTNER_EVENTS) {
    if (!(Number.isInteger(maxPerPartner) && maxPerPartner >= 1))
      throw new RangeError(`invariant: maxPerPartner must be a positive integer, not ${maxPerPartner}`);
  }

  /** After a new event of `originator` was stored: drops its oldest when it holds too many; returns how many went. */
  added(originator: string, history: MaritimeHistory): number {
    const n = (this.#held.get(originator) ?? history.partnerEventCount(originator) - 1) + 1;
    if (n <= this.maxPerPartner) {
      this.#held.set(originator, n);
      return 0;
    }
    const held = history.partnerEventCount(originator);
    const over = held - this.maxPerPartner;
    const dropped =
      over > 0 ? history.dropOldestPartnerEvents(originator, over + Math.floor(this.maxPerPartner / 10)) : 0;
    this.#held.set(originator, held - dropped);
    return dropped;
  }
}

/** One partner's latest state of a vessel. */
export interface PartnerVessel {
  readonly nation: Nation;
  readonly state: VesselStatePayload;
}

/**
 * Partners' vessel states: the latest per partner and MMSI, at most `maxPerPartner` each (a new
 * MMSI beyond it is refused and counted), aged out after `maxAgeMs`. One partner's states never
 * replace another's, nor this node's own.
 */
export class PartnerPicture {
  readonly #byMmsi = new Map<number, Map<Nation, VesselStatePayload>>();
  readonly #count = new Map<Nation, number>();
  #sweptMs = Number.NEGATIVE_INFINITY;

  constructor(
    readonly maxPerPartner = MAX_PARTNER_VESSELS,
    readonly maxAgeMs = PARTNER_VESSEL_MAX_AGE_MS,
  ) {}

  /** Takes `states` of `nation`; returns how many were new or newer, and how many were refused for room. */
  merge(
    nation: Nation,
    states: readonly VesselStatePayload[],
    nowMs: number,
  ): { taken: number; refused: number } {
    this.#sweep(nowMs);
    let taken = 0;
    let refused = 0;
    for (const s of states) {
      if (nowMs - s.tMs > this.maxAgeMs) continue;
      let held = this.#byMmsi.get(s.mmsi);
      const prev = held?.get(nation);
      if (prev && prev.tMs >= s.tMs) continue; // a late copy
      if (!prev) {
        const n = this.#count.get(nation) ?? 0;
        if (n >= this.maxPerPartner) {
          refused++;
          continue;
        }
        this.#count.set(nation, n + 1);
      }
      if (!held) {
        held = new Map();
        this.#byMmsi.set(s.mmsi, held);
      }
      held.set(nation, s);
      taken++;
    }
    return { taken, refused };
  }

  /** Partners' fresh states of `mmsi`, freshest first. */
  of(mmsi: number, nowMs: number): PartnerVessel[] {
    const held = this.#byMmsi.get(mmsi);
    if (!held) return [];
    const out: PartnerVessel[] = [];
    for (const [nation, state] of held) if (nowMs - state.tMs <= this.maxAgeMs) out.push({ nation, state });
    return out.sort((a, b) => b.state.tMs - a.state.tMs);
  }

  /** Every MMSI some partner holds. */
  mmsis(): IterableIterator<number> {
    return this.#byMmsi.keys();
  }

  /** Vessels held per partner. */
  counts(): Readonly<Record<string, number>> {
    return Object.fromEntries(this.#count);
  }

  /** Forgets aged states, at most once a minute (a pass over the map). */
  #sweep(nowMs: number): void {
    if (nowMs - this.#sweptMs < 60_000) return;
    this.#sweptMs = nowMs;
    for (const [mmsi, held] of this.#byMmsi) {
      for (const [nation, state] of held)
        if (nowMs - state.tMs > this.maxAgeMs) {
          held.delete(nation);
          this.#count.set(nation, (this.#count.get(nation) ?? 1) - 1);
        }
      if (held.size === 0) this.#byMmsi.delete(mmsi);
    }
  }
}

export interface ReceiveDeps {
  readonly nation: Nation;
  readonly clock: { nowMs(): number };
  readonly maxSkewMs: number;
  readonly history: MaritimeHistory;
  readonly audit: AuditPort;
  readonly picture: PartnerPicture;
  /** Bounds each partner's stored events. */
  readonly eventCap: PartnerEventCap;
  /** Refuses the item: audited (`partner-payload-refused`) and counted per partner by the node. */
  readonly refuse: (r: ReceivedItem, code: string, reason: string) => void;
}

/**
 * A partner's `maritime` item, verified by the link and under the right topic: its payload is
 * checked (`checkMaritimePayload`: shape, ranges, times against the signed creation time) and then
 * taken: vessel states into the partner picture, an event into the store under (originator, id), a
 * withdrawal marks the originator's own event withdrawn. Everything else is refused with a code.
 */
export function receiveMaritime(r: ReceivedItem, d: ReceiveDeps): void {
  const now = d.clock.nowMs();
  const checked = checkMaritimePayload(r.item.payload, {
    createdMs: r.item.createdMs,
    nowMs: now,
    maxSkewMs: d.maxSkewMs,
  });
  if (!checked.ok) {
    d.refuse(r, checked.code, checked.reason);
    return;
  }
  const p = checked.payload;
  const from = r.item.originator;
  switch (p.kind) {
    case 'vessel-state':
    case 'vessel-state-batch': {
      const states = p.kind === 'vessel-state' ? [p] : p.states;
      const { refused } = d.picture.merge(from, states, now);
      if (refused > 0)
        d.refuse(
          r,
          'too-many-vessels',
          `${refused} of ${states.length} states refused: ${from} already has ${d.picture.maxPerPartner} vessels in this picture`,
        );
      return;
    }
    case 'maritime-event': {
      const inserted = d.history.insertPartnerEvent({
        originator: from,
        id: p.id,
        type: p.type,
        mmsi: p.mmsi,
        itemId: r.item.id,
        marking: r.item.marking,
        levelHere: r.levelHere,
        receivedMs: now,
        event: p as unknown as JsonValue,
        withdrawnMs: null,
      });
      if (inserted === 'duplicate') {
        d.refuse(r, 'duplicate-event', `${from} already shared event '${p.id}' (in another item)`);
        return;
      }
      const dropped = d.eventCap.added(from, d.history);
      if (dropped > 0)
        d.audit.append({
          tMs: now,
          kind: 'maritime-partner-events-dropped',
          actor: from,
          subject: from,
          detail: { dropped, maxPerPartner: d.eventCap.maxPerPartner },
        });
      d.audit.append({
        tMs: now,
        kind: 'maritime-event-received',
        actor: from,
        subject: `${from}:${p.id}`,
        detail: {
          item: r.item.id,
          type: p.type,
          mmsi: [...p.mmsi],
          marking: r.item.marking,
          levelHere: r.levelHere,
        },
      });
      return;
    }
    case 'maritime-event-withdrawal': {
      // Only the originator's own event: the key is (originator of this item, id).
      if (!d.history.withdrawPartnerEvent(from, p.id, now)) {
        const known = d.history.partnerEvent(from, p.id);
        d.refuse(
          r,
          known ? 'already-withdrawn' : 'unknown-event',
          known
            ? `${from}'s event '${p.id}' is already withdrawn`
            : `${from} shared no event '${p.id}' that this node holds`,
        );
        return;
      }
      d.audit.append({
        tMs: now,
        kind: 'maritime-event-withdrawn',
        actor: from,
        subject: `${from}:${p.id}`,
        detail: { item: r.item.id, withdrawnMs: p.tMs },
      });
      return;
    }
    case 'sensor-contact':
      d.refuse(r, 'not-taken-yet', "'sensor-contact' payloads are not taken over the link yet");
      return;
  }
}
