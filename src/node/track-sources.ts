import type { AuditPort, ReceivedItem } from '../link/index.js';

/** Where an audit record is: its place in the log and its hash (which the reader checks it against). */
export interface AuditRef {
  readonly seq: number;
  readonly hash: string;
}

/** How a partner's track reached this node: the item that last updated it, and the decision that let it in. */
export interface PartnerTrackSource {
  /** The last item that updated the track. */
  readonly item: string;
  readonly sender: ReceivedItem['sender'];
  /** The originator's marking of that item, in its words. */
  readonly marking: string;
  /** The level it is held at here, in this nation's scheme. */
  readonly levelHere: string;
  readonly receivedMs: number;
  /**
   * The `partner-track-admitted` audit record of the releasability decision that let this track in
   * (written for its first item, and again whenever the sender, marking, level or decision changes);
   * null when the log could not say where it put it.
   */
  readonly admitted: AuditRef | null;
}

/** The audit record kind of a partner track's admission. */
export const TRACK_ADMITTED = 'partner-track-admitted';

/**
 * Per partner track in this node's picture (`<originator>:<trackId>`), how it got here. Bounded by
 * the picture: the node drops a track's source when it drops the track. The link decides every
 * item on receipt; the first item of each track (and a change of decision) is written to the audit
 * log here, so that the console can show, from the log, why each source of a fused object reached
 * this nation — one record per track, not one per update.
 */
export class PartnerTrackSources {
  readonly #audit: AuditPort;
  readonly #byKey = new Map<string, PartnerTrackSource & { readonly decided: string }>();

  constructor(audit: AuditPort) {
    this.#audit = audit;
  }

  /** Notes that `r` updated the partner track `key` (taken into the picture at `nowMs`). */
  took(key: string, r: ReceivedItem, nowMs: number): void {
    const a = r.admission;
    const decided = JSON.stringify([r.sender, r.item.marking, r.levelHere, a?.rule, a?.agreement]);
    const held = this.#byKey.get(key);
    let admitted = held?.admitted ?? null;
    if (held?.decided !== decided) {
      this.#audit.append({
        tMs: nowMs,
        kind: TRACK_ADMITTED,
        actor: r.item.originator,
        subject: key,
        detail: {
          item: r.item.id,
          sender: r.sender,
          topic: r.item.topic,
          marking: r.item.marking,
          levelHere: r.levelHere,
          rule: a?.rule ?? null,
          agreement: a?.agreement ?? null,
          reason: a?.reason ?? null,
        },
      });
      admitted = this.#audit.head?.() ?? null;
    }
    this.#byKey.set(key, {
      item: r.item.id,
      sender: r.sender,
      marking: r.item.marking,
      levelHere: r.levelHere,
      receivedMs: r.receivedMs,
      admitted,
      decided,
    });
  }

  get(key: string): PartnerTrackSource | undefined {
    const s = this.#byKey.get(key);
    if (!s) return undefined;
    const { decided: _d, ...source } = s;
    return source;
  }

  drop(key: string): void {
    this.#byKey.delete(key);
  }
}
