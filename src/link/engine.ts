import {
  type CompiledRegistry,
  type Decision,
  type DecisionRequest,
  decide,
  type Marking,
  type Nation,
  parseMarking,
  type Topic,
} from '../domain/index.js';
import type { AuditPort, InboxPort, OutboxEntry, OutboxPort } from './ports.js';
import {
  DEFAULT_PARTNER_RATE,
  type PartnerRate,
  type PartnerRateCounts,
  PartnerRateLimiter,
} from './rate-limit.js';
import type { LostMessages, Transport } from './transport.js';
import type { WireMessage } from './wire.js';

/** An item as the application produces it and receives it. */
export interface LinkItem {
  /** UUIDv7 assigned by the originator; the same everywhere the item goes. */
  readonly id: string;
  readonly originator: Nation;
  readonly topic: Topic;
  /** CAPCO-style banner in the originator's terms. */
  readonly marking: string;
  readonly createdMs: number;
  /** The state the item is about (adversary attribution), which some agreements are limited to. */
  readonly concerning?: Nation;
  /** Where a relay should re-release the item, when the originator routes it through one. */
  readonly relayTo?: Nation;
  readonly payload: unknown;
}

/** An item as it reached this node: who handed it over, and at which of this nation's levels. */
export interface ReceivedItem {
  readonly item: LinkItem;
  readonly sender: Nation;
  readonly levelHere: string;
  readonly receivedMs: number;
  /**
   * The releasability decision this node took on receipt that let the item in (the agreements in
   * force allowing the sender's release to this nation). The link always sets it; absent only on
   * items made up outside a link (tests).
   */
  readonly admission?: { readonly rule: string; readonly agreement: string | null; readonly reason: string };
}

/** The envelope cryptography the link needs (src/link/envelope implements it with Ed25519). */
export interface EnvelopeCrypto {
  /** Encodes `item` as an envelope signed by this node as originator, addressed sender -> recipient. */
  seal(item: LinkItem, sender: Nation, recipient: Nation): unknown;
  /**
   * Re-addresses an envelope from this node to `recipient`, with this node's hop signature: a
   * relay passing a received one on, or the originator sending a copy of one it sealed to a
   * further partner (the origin signature is kept).
   */
  relay(envelope: unknown, sender: Nation, recipient: Nation): unknown;
  /** The envelope as JSON for the outbox and the wire (default `JSON.stringify`). */
  encode?(envelope: unknown): string;
  /** Verifies an untrusted envelope; never throws. */
  open(
    envelope: unknown,
    nowMs: number,
  ): { ok: true; item: LinkItem; sender: Nation; recipient: Nation } | { ok: false; reason: string };
}

/** How an originator routes an item to a recipient: directly, or through a relay (e.g. JPN->KOR via USA). */
export type RoutePolicy = (recipient: Nation, item: LinkItem) => Nation | null;

export interface LinkOptions {
  readonly nation: Nation;
  readonly clock: { nowMs(): number };
  readonly timers: { after(delayMs: number, fn: () => void): void };
  readonly transport: Transport;
  readonly outbox: OutboxPort;
  readonly inbox: InboxPort;
  readonly audit: AuditPort;
  readonly crypto: EnvelopeCrypto;
  /** The agreements in force may change at run time, so they are read at each decision. */
  readonly registry: () => CompiledRegistry;
  readonly route?: RoutePolicy;
  /** Called once per envelope id that this node accepts, after it is stored. */
  readonly onItem: (received: ReceivedItem) => void;
  /** Envelopes per wire message. */
  readonly batchSize?: number;
  /** An unanswered send is retried after this long. */
  readonly ackTimeoutMs?: number;
  readonly backoff?: { readonly baseMs: number; readonly maxMs: number };
  /** The originator's release review: its items wait this long in the outbox before they may leave. */
  readonly releaseReviewMs?: number;
  /** A relay's review before it re-releases another nation's item. */
  readonly relayReviewMs?: number;
  /** Runs several store writes as one commit (a batch's acknowledgement); default: one by one. */
  readonly transaction?: <T>(fn: () => T) => T;
  /**
   * The largest wire message this link sends or reads (default DEFAULT_MAX_MESSAGE_BYTES): a batch
   * is cut to fit, an item whose envelope alone exceeds it is refused at publish, and a larger
   * message from a partner is refused unread (audited).
   */
  readonly maxMessageBytes?: number;
  /**
   * What each partner may make this node read (default DEFAULT_PARTNER_RATE; null: no limit). A
   * message beyond its sender's share is not acknowledged, so it comes again later.
   */
  readonly partnerRate?: PartnerRate | null;
  /** A partner's rate-limited messages are audited at most once per this window (default 60 s). */
  readonly rateAuditWindowMs?: number;
}

/**
 * The longest a message beyond its sender's rate is held back before it is read (a held message
 * is one the sender has no answer for yet: well under its ack timeout, 2 s by default).
 */
const MAX_RATE_HOLD_MS = 1_000;

/** Governance acts' topic (the diplomatic channel): sent ahead of items (see #pumpOnce). */
const GOVERNANCE_TOPIC: Topic = 'governance';

/** Default bound on a wire message: a batch of envelopes, or one envelope of up to 4 MiB. */
export const DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

const encoder = new TextEncoder();
/** Parsed markings kept by a link (see #parseMarking). */
const MARKING_CACHE = 1_024;
const decoder = new TextDecoder();

/**
 * One nation's end of the link. Egress: an item enters the persistent outbox (per recipient)
 * before publish() returns; the releasability decision is made at publish and made again at the
 * moment of delivery — an item refused then is held, not dropped, and the audit says why. Each
 * recipient has at most one batch in flight, built in outbox order and skipping the streams
 * (originator, topic) whose head is held, so items of one stream arrive in order; an unanswered
 * batch is re-sent with exponential backoff (at least once). Ingress: every envelope is verified
 * (signatures, freshness, addressee, and that an agreement in force allows the flow), deduplicated
 * by (originator, id) in the inbox, handed to the application once, and — where its originator routed it through
 * this node — re-released to its final recipient. Nothing a partner sends can throw out of here.
 */
export class Link {
  readonly nation: Nation;
  readonly #o: LinkOptions;
  readonly #inFlight = new Set<Nation>();
  /**
   * Recipients whose outbox may hold entries that no scan has seen since: queued since the last
   * scan, or left behind by it (a full batch, held or waiting streams), or asked for while a batch
   * was in flight. A settled batch is followed by a scan only for these: after a scan that took
   * everything there was, the next one would find nothing (this link is the outbox's only writer).
   */
  readonly #unscanned = new Set<Nation>();
  /**
   * Per recipient, when known: every undelivered entry not in flight, as queued here since a scan
   * that left nothing behind. The next scan then reads this instead of the outbox. Forgotten
   * whenever the outbox may differ from it (a failed batch, a scan that left entries behind, a
   * commit that may have rolled back, an enqueue that found the entry already queued).
   */
  readonly #queued = new Map<Nation, OutboxEntry[]>();
  /**
   * The highest outbox seq this link has been given: a lower one names an entry queued before (a
   * producer's retry, a relay copy received again), which is then left to a scan. The first one
   * after a restart cannot tell, which at worst sends an entry again (receivers drop duplicates).
   */
  #maxSeq = 0;
  /** Per recipient, when its armed retry timer fires: one timer, however often the outbox is nudged. */
  readonly #wakeAtMs = new Map<Nation, number>();
  /**
   * Per recipient, the streams whose head the last scan found waiting out a retry backoff (until
   * the armed timer). A new item of such a stream cannot leave before its head, so queueing it
   * needs no new scan: without this, every item produced while a partner is cut off re-read the
   * head of the outbox, and a long outage cost a scan per item.
   */
  readonly #backingOff = new Map<Nation, Set<string>>();
  /** Per recipient, the ack deadline of the batch in flight and how to fail it (see #watchAck). */
  readonly #ackDue = new Map<Nation, { readonly atMs: number; readonly fail: () => void }>();
  /** Recipients whose ack-deadline timer is armed. */
  readonly #ackWatched = new Set<Nation>();
  readonly #batch: number;
  readonly #maxMessageBytes: number;
  readonly #ackTimeoutMs: number;
  readonly #backoff: { baseMs: number; maxMs: number };
  readonly #partners = new Set<Nation>();
  readonly #markings = new Map<string, Marking>();
  readonly #limiter: PartnerRateLimiter | null;
  readonly #rateAuditWindowMs: number;
  /** Partners with a message held back for their rate (at most one each). */
  readonly #rateHeld = new Set<Nation>();
  /** Per partner: when its rate-limited messages were last audited, and those refused since. */
  readonly #rateAudit = new Map<Nation, { atMs: number; messages: number; items: number }>();
  #stopListening: (() => void) | null = null;
  /** Per partner: its messages that left this node's queue unread (LostMessages), counted. */
  readonly #lost = new Map<Nation, number>();
  #closed = false;
  readonly stats = {
    sent: 0,
    acked: 0,
    retries: 0,
    held: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    relayed: 0,
    /** Commits the store refused while settling a batch or receiving one (retried, not lost). */
    storeErrors: 0,
    /** Partners' messages left unacknowledged for exceeding their rate (they come again). */
    rateLimited: 0,
  };

  constructor(options: LinkOptions) {
    this.nation = options.nation;
    this.#o = options;
    this.#batch = options.batchSize ?? 256;
    this.#maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    if (!(this.#maxMessageBytes >= 64))
      throw new RangeError(`link: bad maxMessageBytes ${options.maxMessageBytes}`);
    this.#ackTimeoutMs = options.ackTimeoutMs ?? 2_000;
    this.#backoff = { baseMs: options.backoff?.baseMs ?? 100, maxMs: options.backoff?.maxMs ?? 10_000 };
    const rate = options.partnerRate === undefined ? DEFAULT_PARTNER_RATE : options.partnerRate;
    this.#limiter = rate === null ? null : new PartnerRateLimiter(rate);
    this.#rateAuditWindowMs = options.rateAuditWindowMs ?? 60_000;
  }

  /** Per partner: items admitted, messages and items refused by its rate, its peak items/s. */
  partnerRates(): Record<string, PartnerRateCounts> {
    return this.#limiter?.counts() ?? {};
  }

  /** Starts receiving; partners whose outboxes should be drained are named here (and learned on publish). */
  start(partners: readonly Nation[] = []): void {
    for (const p of partners) this.#partners.add(p);
    this.#stopListening = this.#o.transport.listen(
      this.nation,
      (msg, ack) => this.#receive(msg, ack),
      (lost) => this.#lostUnread(lost),
    );
    for (const p of this.#partners) this.#pump(p);
  }

  /** Per partner: how many of its messages left this node's queue unread (see LostMessages). */
  lostUnread(): Record<string, number> {
    return Object.fromEntries([...this.#lost].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /**
   * Messages a partner sent that expired unread in this node's queue (it was down longer than the
   * stream's maximum age): audited (`ingress-expired-unread`, one record per gap found, naming the
   * messages by their place in the partner's stream) and counted per partner, so that the loss is
   * on the record of the nation that suffered it and can be told to the sender's operators.
   */
  #lostUnread(lost: LostMessages): void {
    if (!(Number.isInteger(lost.count) && lost.count > 0)) return;
    this.#lost.set(lost.sender, (this.#lost.get(lost.sender) ?? 0) + lost.count);
    this.#o.audit.append({
      tMs: this.#o.clock.nowMs(),
      kind: 'ingress-expired-unread',
      actor: lost.sender,
      subject: `${lost.sender}/${lost.firstSeq}-${lost.lastSeq}`,
      detail: {
        messages: lost.count,
        firstSeq: lost.firstSeq,
        lastSeq: lost.lastSeq,
        reason: `${lost.count} message(s) from ${lost.sender} left this node's queue unread (expired after the stream's maximum age, or removed by the server's administrator); the broker had acknowledged them to ${lost.sender}`,
      },
    });
  }

  /** Stops sending and receiving (a crash, or a clean shutdown: the outbox keeps what is undelivered). */
  stop(): void {
    this.#closed = true;
    this.#stopListening?.();
    this.#stopListening = null;
  }

  /**
   * Queues `item` (originated here) for each recipient the agreements allow now; returns the
   * decisions. Durable before it returns: the caller may acknowledge its producer.
   */
  publish(item: LinkItem, recipients: readonly Nation[]): { recipient: Nation; decision: Decision }[] {
    const out: { recipient: Nation; decision: Decision }[] = [];
    const hops: Nation[] = [];
    // The originator's signature covers the content, not the addressing: sent directly to several
    // partners, the item is signed once and each further copy only re-addressed with its own hop
    // signature (one Ed25519 signature per copy instead of two). Keyed by the route's relayTo.
    const sealed = new Map<Nation | null, unknown>();
    // Every decision is audited, and the queue entries and their audit records commit together.
    this.#inOneCommitOrForget(() => {
      for (const recipient of recipients) {
        if (recipient === this.nation) continue;
        const via = this.#o.route?.(recipient, item) ?? null;
        const decision = this.#decide(item, this.nation, recipient, via);
        out.push({ recipient, decision });
        this.#audit(decision.allow ? 'egress-allow' : 'egress-deny', item, recipient, decision);
        if (!decision.allow) continue;
        const hop = via ?? recipient;
        const relayTo = via ? recipient : null;
        const routed = via ? { ...item, relayTo: recipient } : item;
        const first = sealed.get(relayTo);
        const envelope =
          first === undefined
            ? this.#o.crypto.seal(routed, this.nation, hop)
            : this.#o.crypto.relay(first, this.nation, hop);
        if (first === undefined) sealed.set(relayTo, envelope);
        this.#enqueue(hop, routed, envelope, this.#o.releaseReviewMs ?? 0);
        hops.push(hop);
      }
    });
    for (const hop of hops) this.#nudge(hop, item);
    return out;
  }

  #inOneCommit<T>(fn: () => T): T {
    return this.#o.transaction ? this.#o.transaction(fn) : fn();
  }

  /** A commit that queues entries: should it fail, what was noted as queued may not be. */
  #inOneCommitOrForget<T>(fn: () => T): T {
    try {
      return this.#inOneCommit(fn);
    } catch (e) {
      this.#queued.clear();
      throw e;
    }
  }

  /** Tries every partner's outbox now (after a restart, an agreement change or a healed link). */
  kick(): void {
    for (const p of this.#partners) this.#pump(p);
  }

  /** A new entry of `item`'s stream is queued for `recipient`: send it unless it must wait anyway. */
  #nudge(recipient: Nation, item: Pick<LinkItem, 'originator' | 'topic'>): void {
    if (this.#inFlight.has(recipient)) return; // the batch's settlement pumps again
    if (this.#backingOff.get(recipient)?.has(streamOf(item))) return; // the armed timer pumps again
    this.#pump(recipient);
  }

  /** Arms the recipient's retry timer for `atMs`, unless one fires by then already. */
  #wakeAt(recipient: Nation, atMs: number): void {
    const armed = this.#wakeAtMs.get(recipient);
    if (armed !== undefined && armed <= atMs) return;
    this.#wakeAtMs.set(recipient, atMs);
    this.#o.timers.after(Math.max(0, atMs - this.#o.clock.nowMs()), () => {
      if (this.#wakeAtMs.get(recipient) !== atMs) return; // superseded by an earlier one, which pumped
      this.#wakeAtMs.delete(recipient);
      this.#pump(recipient);
    });
  }

  #enqueue(hop: Nation, item: LinkItem, envelope: unknown, reviewMs: number): void {
    const nowMs = this.#o.clock.nowMs();
    const notBeforeMs = nowMs + reviewMs;
    // One object, written out: it is both what the outbox stores and, with its seq, what this link
    // keeps as queued. Spreading a record into copies here (`{ ...entry, seq, ... }`) made objects
    // that survived V8's scavenges far more often (--trace-gc-nvp on the link bench: 5.6 -> 3.0 %
    // of all allocation promoted, with the other spreads the link no longer makes).
    const entry: { -readonly [K in keyof OutboxEntry]: OutboxEntry[K] } & {
      nowMs: number;
      notBeforeMs: number;
    } = {
      seq: 0,
      id: outboxKey(this.nation, hop, item),
      recipient: hop,
      originator: item.originator,
      topic: item.topic,
      marking: item.marking,
      concerning: item.concerning ?? null,
      relayTo: item.relayTo ?? null,
      body: this.#encode(envelope, item),
      attempts: 0,
      nextAttemptMs: notBeforeMs,
      heldReason: null,
      nowMs,
      notBeforeMs,
    };
    const seq = this.#o.outbox.enqueue(entry);
    const queued = this.#queued.get(hop);
    if (seq > this.#maxSeq && queued !== undefined) {
      entry.seq = seq;
      queued.push(entry);
    } else this.#queued.delete(hop);
    this.#maxSeq = Math.max(this.#maxSeq, seq);
    this.#partners.add(hop);
    this.#unscanned.add(hop);
  }

  /** An envelope's wire bytes; refused (a producer's error) when no message could carry it. */
  #encode(envelope: unknown, item: Pick<LinkItem, 'id' | 'originator'>): Uint8Array {
    const body = encoder.encode(this.#o.crypto.encode?.(envelope) ?? JSON.stringify(envelope));
    if (body.byteLength + 2 > this.#maxMessageBytes) {
      throw new RangeError(
        `item ${item.originator}:${item.id}: envelope of ${body.byteLength} bytes exceeds the ${this.#maxMessageBytes}-byte message bound`,
      );
    }
    return body;
  }

  /**
   * An item's marking, parsed. Every item is decided on once per recipient at publish and again at
   * delivery, almost always with one of a few banners: parsed ones are kept (up to MARKING_CACHE;
   * a marking that does not parse is not kept, so its error always names the item).
   */
  #parseMarking(item: Pick<LinkItem, 'id' | 'originator' | 'marking'>): Marking {
    const key = `${item.originator}|${item.marking}`;
    let marking = this.#markings.get(key);
    if (marking === undefined) {
      marking = parseMarking(item.marking, {
        originator: item.originator,
        input: `item ${item.id} marking`,
      });
      if (this.#markings.size >= MARKING_CACHE) this.#markings.clear();
      this.#markings.set(key, marking);
    }
    return marking;
  }

  #decide(
    item: Pick<LinkItem, 'id' | 'originator' | 'topic' | 'marking' | 'concerning'>,
    holder: Nation,
    recipient: Nation,
    via: Nation | null,
  ): Decision {
    const req: { -readonly [K in keyof DecisionRequest]: DecisionRequest[K] } = {
      marking: this.#parseMarking(item),
      holder,
      recipient,
      topic: item.topic,
      atMs: this.#o.clock.nowMs(),
    };
    if (via) req.via = via;
    if (item.concerning) req.concerning = item.concerning;
    return decide(req, this.#o.registry());
  }

  /**
   * Sends `recipient` its next batch, if one may go. Never throws: it runs from the transport's
   * callbacks and timers, where an error would take the node down; should the store fail (an
   * outbox read, a held entry's record), the recipient's outbox is tried again after a backoff.
   */
  #pump(recipient: Nation): void {
    try {
      this.#pumpOnce(recipient);
    } catch {
      this.#storeFailed(recipient, this.#o.clock.nowMs() + this.#backoff.baseMs);
    }
  }

  #pumpOnce(recipient: Nation): void {
    if (this.#closed) return;
    if (this.#inFlight.has(recipient)) {
      this.#unscanned.add(recipient); // the batch's settlement scans again
      return;
    }
    this.#unscanned.delete(recipient);
    const now = this.#o.clock.nowMs();
    const batch: OutboxEntry[] = [];
    const blocked = new Set<string>();
    const backingOff = new Set<string>();
    this.#backingOff.set(recipient, backingOff);
    let earliestRetryMs = Number.POSITIVE_INFINITY;
    // An entry that may not go now blocks the rest of its stream: waiting for its retry time, or
    // held — not dropped — because the agreements refuse it at delivery time (it stays first in its
    // stream until they allow it again).
    const mayGo = (e: OutboxEntry): boolean => {
      const stream = streamOf(e);
      if (blocked.has(stream)) return false;
      if (e.nextAttemptMs > now) {
        blocked.add(stream);
        backingOff.add(stream);
        earliestRetryMs = Math.min(earliestRetryMs, e.nextAttemptMs);
        return false;
      }
      const recheck = this.#recheck(e, recipient);
      if (recheck.allow) return true;
      blocked.add(stream);
      if (e.heldReason !== recheck.reason) {
        this.#o.outbox.markHeld(recipient, e.id, recheck.reason);
        this.stats.held++;
        this.#o.audit.append({
          tMs: now,
          kind: 'egress-held',
          actor: this.nation,
          subject: e.id,
          detail: { recipient, originator: e.originator, rule: recheck.rule, reason: recheck.reason },
        });
      }
      return false;
    };
    // What is queued, when this link knows it all (since a scan that left nothing behind) and it
    // fits in one batch: no outbox read. Otherwise the outbox, stream by stream: first each
    // stream's head, then entries of the streams whose head may go, in outbox order — however many
    // entries a held or waiting stream has queued, the others do not wait behind it.
    const known = this.#queued.get(recipient);
    this.#queued.delete(recipient);
    let full: boolean;
    // The recipient's governance acts still to go, whether or not they wait for a retry.
    let acts: readonly OutboxEntry[];
    if (known !== undefined && known.length <= this.#batch) {
      for (const e of known) if (mayGo(e)) batch.push(e);
      acts = known.filter((e) => e.topic === GOVERNANCE_TOPIC);
      full = false;
    } else {
      const heads = this.#o.outbox.streamHeads(recipient);
      const actHeads = heads.filter((h) => h.topic === GOVERNANCE_TOPIC);
      acts = actHeads.length > 0 ? this.#o.outbox.pendingIn(recipient, actHeads, this.#batch) : [];
      const open = heads.filter(mayGo);
      const cleared = new Set(open.map((head) => head.id));
      const read = open.length > 0 ? this.#o.outbox.pendingIn(recipient, open, this.#batch) : [];
      for (const e of read) if (cleared.has(e.id) || mayGo(e)) batch.push(e);
      full = read.length >= this.#batch;
    }
    // Governance acts go ahead of items, in the same batch, even those waiting for a retry (each
    // stream keeps its order): the receiver then holds this nation's acts before it decides on its
    // items, so an act of this nation's that, with one of the receiver's own, forbids a flow stops
    // the items queued behind it (test/node/governance-dst.test.ts, with crashes, found items of a
    // stream whose retry came first landing before the act queued ahead of them).
    if (acts.length > 0 && batch.some((e) => e.topic !== GOVERNANCE_TOPIC)) {
      const inBatch = new Set(batch.map((e) => e.id));
      const ahead: OutboxEntry[] = [];
      for (const e of acts) {
        if (inBatch.has(e.id)) ahead.push(e);
        else if (this.#recheck(e, recipient).allow) ahead.push(e);
        else break; // a held act holds the acts behind it
      }
      const items = batch.filter((e) => e.topic !== GOVERNANCE_TOPIC);
      batch.splice(0, batch.length, ...ahead, ...items);
    }
    // Cut the batch to the message bound (seq order is kept, so each stream's order is too).
    let bytes = 1;
    for (let i = 0; i < batch.length; i++) {
      bytes += batch[i]!.body.byteLength + 1;
      if (i > 0 && bytes > this.#maxMessageBytes) {
        batch.length = i;
        full = true;
        break;
      }
    }
    if (earliestRetryMs < Number.POSITIVE_INFINITY) this.#wakeAt(recipient, earliestRetryMs);
    // Left behind: the rest of a full batch, or held and waiting streams (re-checked at each scan).
    if (full || blocked.size > 0) this.#unscanned.add(recipient);
    // Everything there was is in this batch: from here on, what is queued is all there is.
    else this.#queued.set(recipient, []);
    if (batch.length === 0) return;
    this.#inFlight.add(recipient);
    let settled = false;
    const settle = (ok: boolean) => {
      if (settled) return;
      settled = true;
      this.#inFlight.delete(recipient);
      this.#ackDue.delete(recipient); // this batch's: the only one in flight to `recipient`
      if (this.#closed) return;
      const retryAt = this.#o.clock.nowMs() + this.#retryDelay(batch[0]!.attempts);
      try {
        if (ok) {
          this.stats.acked += batch.length;
          this.#inOneCommit(() => {
            for (const e of batch) this.#o.outbox.markDelivered(recipient, e.id);
          });
          // The scan that built this batch took everything there was, and nothing was queued since.
          if (!this.#unscanned.has(recipient)) return;
        } else {
          this.stats.retries++;
          this.#queued.delete(recipient); // the batch is back in the outbox, not in that list
          this.#inOneCommit(() => {
            for (const e of batch) this.#o.outbox.markAttempt(recipient, e.id, retryAt);
          });
        }
      } catch {
        // The store refused the commit (busy past its timeout, disk full, I/O error): the batch
        // stays queued as it was and goes again after a backoff (receivers drop what they have).
        // Called from the transport, this must not throw: that would take the node down.
        this.#storeFailed(recipient, retryAt);
        return;
      }
      this.#pump(recipient);
    };
    const body = batchBody(batch);
    const msg: WireMessage = {
      recipient,
      sender: this.nation,
      topic: batch[0]!.topic,
      id: `${recipient}/${batchId(batch)}`,
      body,
    };
    this.stats.sent += batch.length;
    const ackDueMs = this.#o.clock.nowMs() + this.#ackTimeoutMs;
    this.#ackDue.set(recipient, { atMs: ackDueMs, fail: () => settle(false) });
    this.#watchAck(recipient, ackDueMs);
    this.#o.transport.send(msg, { acked: () => settle(true), failed: () => settle(false) });
  }

  /**
   * Fails the batch in flight to `recipient` once its ack is overdue. Timers cannot be cancelled,
   * so one timer per recipient watches whichever batch is in flight: armed at a deadline, it finds
   * that batch settled and a later one in flight (deadlines only move later), and re-arms for that
   * one's. A timer per batch instead left one pending per batch of the last `ackTimeoutMs` (about
   * 2,000 at 1,000 items/s), each surviving into V8's old generation.
   */
  #watchAck(recipient: Nation, atMs: number): void {
    if (this.#ackWatched.has(recipient)) return;
    this.#ackWatched.add(recipient);
    this.#o.timers.after(Math.max(0, atMs - this.#o.clock.nowMs()), () => {
      this.#ackWatched.delete(recipient);
      const due = this.#ackDue.get(recipient);
      if (due === undefined) return;
      if (due.atMs <= this.#o.clock.nowMs()) due.fail();
      else this.#watchAck(recipient, due.atMs);
    });
  }

  /** A settlement's commit failed: forget what this link thought queued, and scan again later. */
  #storeFailed(recipient: Nation, retryAtMs: number): void {
    this.stats.storeErrors++;
    this.#queued.delete(recipient);
    this.#unscanned.add(recipient);
    this.#wakeAt(recipient, retryAtMs);
  }

  /** The releasability decision at delivery time for an outbox entry. */
  #recheck(e: OutboxEntry, recipient: Nation): Decision {
    const item: Pick<LinkItem, 'id' | 'originator' | 'topic' | 'marking' | 'concerning'> = {
      id: e.id,
      originator: e.originator,
      topic: e.topic,
      marking: e.marking,
      concerning: e.concerning ?? undefined,
    };
    // The originator's hop to a relay is re-checked as the whole route; a relay's re-release, as its own.
    const toRelay = e.originator === this.nation && e.relayTo !== null && e.relayTo !== recipient;
    return toRelay
      ? this.#decide(item, this.nation, e.relayTo!, recipient)
      : this.#decide(item, this.nation, recipient, null);
  }

  #retryDelay(attempts: number): number {
    return Math.min(this.#backoff.maxMs, this.#backoff.baseMs * 2 ** Math.min(attempts, 20));
  }

  #receive(msg: WireMessage, ack: () => void): void {
    if (this.#closed) return;
    if (msg.body.byteLength > this.#maxMessageBytes) {
      // Not read at all: a partner cannot make this node parse (or store) more than the bound.
      this.#reject(
        msg.sender,
        null,
        '-',
        'oversized',
        `wire message of ${msg.body.byteLength} bytes exceeds ${this.#maxMessageBytes}`,
      );
      ack();
      return;
    }
    const nowMs = this.#o.clock.nowMs();
    // The bytes are checked before they are parsed, the items once they are counted.
    if (this.#limiter !== null && !this.#limiter.mayRead(msg.sender, msg.body.byteLength, nowMs)) {
      this.#overRate(msg, ack, 0, nowMs);
      return;
    }
    let envelopes: unknown;
    try {
      envelopes = JSON.parse(decoder.decode(msg.body));
    } catch {
      this.#reject(msg.sender, null, '-', 'malformed', 'wire message is not JSON');
      ack();
      return;
    }
    if (!Array.isArray(envelopes)) {
      this.#reject(msg.sender, null, '-', 'malformed', 'wire message is not a batch of envelopes');
      ack();
      return;
    }
    if (
      this.#limiter !== null &&
      !this.#limiter.admit(msg.sender, envelopes.length, msg.body.byteLength, nowMs)
    ) {
      this.#overRate(msg, ack, envelopes.length, nowMs);
      return;
    }
    let defer = false;
    // One commit for the whole batch: the inbox records, relay copies and audit records.
    try {
      this.#inOneCommitOrForget(() => {
        for (const env of envelopes) {
          try {
            if (this.#receiveOne(env, msg.sender) === 'defer') defer = true;
          } catch (err) {
            // A partner's input must never stop the node: record it and go on.
            this.#reject(msg.sender, null, '-', 'internal', err instanceof Error ? err.message : String(err));
          }
        }
      });
    } catch {
      // The store refused the commit: nothing of the batch was recorded, so it is not acknowledged
      // and the sender sends it again. (The application may then see an item a second time: the
      // node's handlers are idempotent — a track update no newer than the one held is ignored, a
      // consultation event is keyed by its id.)
      this.stats.storeErrors++;
      return;
    }
    // An envelope the agreements refuse only for now (e.g. suspended since it was sent) is not
    // acknowledged, so the sender keeps it and re-checks it; the others in the batch are already
    // stored and will be dropped as duplicates when the batch comes again.
    if (!defer) ack();
  }

  /** 'defer' when the envelope is genuine but not allowed now; otherwise it was taken or dropped for good. */
  #receiveOne(env: unknown, wireSender: Nation): 'done' | 'defer' {
    const now = this.#o.clock.nowMs();
    const opened = this.#o.crypto.open(env, now);
    if (!opened.ok) return this.#reject(wireSender, null, '-', 'verify', opened.reason);
    const { item, sender, recipient } = opened;
    if (sender !== wireSender) {
      return this.#reject(
        wireSender,
        item.originator,
        item.id,
        'sender',
        `signed by ${sender}, sent by ${wireSender}`,
      );
    }
    if (recipient !== this.nation)
      return this.#reject(sender, item.originator, item.id, 'recipient', `addressed to ${recipient}`);
    // Re-release follows the originator's routing: an item comes from its originator, except at the
    // final recipient the originator named (relayTo), which takes it from the relay. Otherwise any
    // partner holding another nation's item could hand it on — out of order, or to a nation the
    // originator chose not to send it to yet.
    if (sender !== item.originator && item.relayTo !== this.nation) {
      return this.#reject(
        sender,
        item.originator,
        item.id,
        'unrouted',
        `${sender} passed on ${item.originator}'s item, which its originator did not route through ${sender}`,
      );
    }
    // The flow must be one the agreements in force allow now: the sender's release to this nation.
    const relaying = item.relayTo !== undefined && item.relayTo !== this.nation;
    const decision = relaying
      ? this.#decide(item, item.originator, item.relayTo!, this.nation)
      : this.#decide(item, sender, this.nation, null);
    if (!decision.allow) {
      this.#reject(sender, item.originator, item.id, `not-allowed:${decision.rule}`, decision.reason);
      return 'defer';
    }
    const level = relaying ? decision.hops[0]?.levelAtRecipient : decision.levelAtRecipient;
    // With the originator (the inbox keys on it), this names the item: a partner reusing another
    // nation's id only ever collides with itself.
    const key = relaying ? `${item.id}>${item.relayTo}` : item.id;
    if (relaying) {
      // Queue the relay copy before recording the envelope as received: a crash between the two
      // then leaves a queued copy (enqueue is idempotent), never a received item with no copy.
      this.#enqueue(
        item.relayTo!,
        item,
        this.#o.crypto.relay(env, this.nation, item.relayTo!),
        this.#o.relayReviewMs ?? 0,
      );
    }
    const fresh = this.#o.inbox.accept(key, {
      sender,
      originator: item.originator,
      topic: item.topic,
      receivedMs: now,
    });
    if (fresh === 'duplicate') {
      this.stats.duplicates++;
      return 'done';
    }
    this.stats.accepted++;
    if (relaying) {
      // A copy to pass on, not for this nation's picture (the originator sends this nation its own copy).
      this.stats.relayed++;
      this.#nudge(item.relayTo!, item);
      return 'done';
    }
    this.#o.onItem({
      item,
      sender,
      levelHere: level ?? '',
      receivedMs: now,
      admission: { rule: decision.rule, agreement: decision.agreement, reason: decision.reason },
    });
    return 'done';
  }

  /**
   * A message beyond its sender's rate. Held back (one per partner at a time) when its tokens will
   * suffice within MAX_RATE_HOLD_MS, then read: a partner sending one batch at a time, as a link
   * does when it drains a backlog after a partition heals, is slowed to its rate, not stopped.
   * Otherwise left unacknowledged: the partner's link (or its stream on this nation's server) keeps
   * it and it comes again, so nothing is lost, and a flood costs this node one held message per
   * partner and a count.
   */
  #overRate(msg: WireMessage, ack: () => void, items: number, nowMs: number): void {
    const limiter = this.#limiter!;
    const partner = msg.sender;
    const waitMs = Math.ceil(limiter.waitMs(partner, items, msg.body.byteLength, nowMs)) + 1;
    if (!this.#rateHeld.has(partner) && waitMs <= MAX_RATE_HOLD_MS) {
      this.#rateHeld.add(partner);
      limiter.held(partner, nowMs);
      this.#o.timers.after(waitMs, () => {
        this.#rateHeld.delete(partner);
        this.#receive(msg, ack);
      });
      return;
    }
    limiter.refused(partner, items, nowMs);
    this.#rateLimited(partner, items, nowMs);
  }

  /**
   * Audits a partner's refused messages once per window, with the count since the last record, so
   * a flood cannot grow the audit log either.
   */
  #rateLimited(partner: Nation, items: number, nowMs: number): void {
    this.stats.rateLimited++;
    let a = this.#rateAudit.get(partner);
    if (a === undefined) {
      a = { atMs: Number.NEGATIVE_INFINITY, messages: 0, items: 0 };
      this.#rateAudit.set(partner, a);
    }
    a.messages++;
    a.items += items;
    if (nowMs - a.atMs < this.#rateAuditWindowMs) return;
    const rate = this.#limiter!.rate;
    try {
      this.#o.audit.append({
        tMs: nowMs,
        kind: 'ingress-rate-limited',
        actor: partner,
        subject: '-',
        detail: {
          messages: a.messages,
          items: a.items,
          itemsPerS: rate.itemsPerS,
          burstItems: rate.burstItems,
          bytesPerS: rate.bytesPerS,
          burstBytes: rate.burstBytes,
          windowMs: this.#rateAuditWindowMs,
        },
      });
    } catch {
      return; // the store refused: the count stays for the next record (the transport must not see a throw)
    }
    a.atMs = nowMs;
    a.messages = 0;
    a.items = 0;
  }

  /**
   * Audits a refused envelope. `originator` is the nation whose item it claims to be (null when the
   * envelope did not verify): with `subject`, the item id, it names the item.
   */
  #reject(sender: Nation, originator: Nation | null, subject: string, rule: string, reason: string): 'done' {
    this.stats.rejected++;
    this.#o.audit.append({
      tMs: this.#o.clock.nowMs(),
      kind: 'ingress-reject',
      actor: sender,
      subject,
      detail: originator === null ? { rule, reason } : { rule, reason, originator },
    });
    return 'done';
  }

  #audit(kind: string, item: LinkItem, recipient: Nation, d: Decision): void {
    this.#o.audit.append({
      tMs: this.#o.clock.nowMs(),
      kind,
      actor: this.nation,
      subject: item.id,
      detail: { recipient, allow: d.allow, rule: d.rule, agreement: d.agreement, reason: d.reason },
    });
  }
}

/**
 * An outbox entry's key for its recipient `hop`. An item is named by (originator, id): another
 * nation's item (a relay's copy) carries its originator, so that two originators' items under one
 * id, relayed to one recipient, are two entries (enqueueing a key twice is a no-op). Items
 * originated here keep their bare id.
 */
function outboxKey(self: Nation, hop: Nation, item: Pick<LinkItem, 'id' | 'originator' | 'relayTo'>): string {
  const own = item.originator === self ? item.id : `${item.originator}:${item.id}`;
  return item.relayTo && item.relayTo !== hop ? `${own}>${item.relayTo}` : own;
}

/** The unit of ordering: items of one originator and topic arrive in the order they were queued. */
function streamOf(e: { readonly originator: Nation; readonly topic: Topic }): string {
  return `${e.originator}/${e.topic}`;
}

/**
 * A stable id for a batch (JetStream drops a re-published one within its window). The caller
 * prefixes the recipient: one item fanned out to several partners has the same item ids, and
 * JetStream deduplicates across the whole stream, not per subject.
 */
function batchId(batch: readonly OutboxEntry[]): string {
  return `${batch[0]!.id}+${batch.length}+${batch[batch.length - 1]!.id}`;
}

/**
 * The wire body of a batch, `[<envelope>,<envelope>,...]`, copied from the stored envelope bytes
 * (each is one JSON value in UTF-8) without decoding them to strings and encoding them back.
 */
function batchBody(batch: readonly OutboxEntry[]): Uint8Array {
  let size = batch.length + 1;
  for (const e of batch) size += e.body.byteLength;
  const out = new Uint8Array(size);
  let at = 0;
  out[at++] = 0x5b; // [
  for (let i = 0; i < batch.length; i++) {
    const e = batch[i]!;
    if (i > 0) out[at++] = 0x2c; // ,
    out.set(e.body, at);
    at += e.body.byteLength;
  }
  out[at] = 0x5d; // ]
  return out;
}
