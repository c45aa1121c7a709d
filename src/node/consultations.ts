import {
  CONSULTATION_TOPIC,
  type ConsultationState,
  type ConsultationView,
  type ConsultEvent,
  type ContingencyPlan,
  type ConveneRule,
  type EventKind,
  eventTimeProblem,
  foldConsultation,
  IMPACT_ZONES,
  type ImpactZone,
  levelRank,
  type MaritimeDetection,
  parseEvent,
  rulesFor,
  type Trigger,
  triggerSchema,
  viewFor,
} from '../consult/index.js';
import {
  type CompiledRegistry,
  canonicalJson,
  decide,
  MarkingParseError,
  type Nation,
  parseMarking,
} from '../domain/index.js';
import {
  type AuditPort,
  DEFAULT_MAX_FUTURE_SKEW_MS,
  type JsonValue,
  type LinkItem,
  type ReceivedItem,
  uuidV7TimeMs,
} from '../link/index.js';
import type { ConsultEventRecord, ConsultEvents, MaritimeEventRecord } from '../store/index.js';
import { PerNationMap } from './per-nation-map.js';
import type { Warning } from './warnings.js';

/** What a node sends for each consultation event (topic `consultation`); the link signs it as the author's. */
export interface ConsultationPayload {
  readonly kind: 'consultation-event';
  readonly event: JsonValue;
}

/**
 * What a node sends the convener a rule names when it sees that rule's trigger and is not the
 * convener itself (topic `consultation`): the trigger, and what happened in words.
 */
export interface TriggerPayload {
  readonly kind: 'consultation-trigger';
  readonly trigger: Trigger;
  readonly label: string;
}

/** The kinds a node's own operators (or its rules) author; `convene` goes through `convene`. */
export type AuthoredKind = Exclude<EventKind, 'convene'>;

export type DeskRefusalCode =
  | 'unknown-consultation'
  | 'malformed'
  | 'not-releasable'
  | 'no-rule'
  | ConsultationState['rejected'][number]['code'];

export type DeskResult =
  | { readonly ok: true; readonly event: ConsultEvent; readonly state: ConsultationState }
  | { readonly ok: false; readonly code: DeskRefusalCode; readonly reason: string };

/**
 * Told of each event a desk newly holds, its own or a partner's, once stored, with the state it
 * leads to and its place in the node's store (ConsultEvents.lastSeq: where a stream resumes).
 */
export type DeskListener = (
  e: ConsultEvent,
  state: ConsultationState,
  from: 'own' | 'partner',
  seq: number,
) => void;

export interface DeskOptions {
  readonly nation: Nation;
  /** The nations this node has a link with; events go to the participants among them. */
  readonly partners: readonly Nation[];
  readonly clock: { nowMs(): number };
  readonly timers: { after(delayMs: number, fn: () => void): void };
  readonly registry: () => CompiledRegistry;
  readonly events: ConsultEvents;
  readonly audit: AuditPort;
  /** Sends an item to the participants (the link decides, per recipient, whether it may go). */
  readonly publish: (item: LinkItem, recipients: readonly Nation[]) => void;
  /** Runs `fn` as one commit, so an event is never stored without being queued, or the reverse. */
  readonly transaction?: <T>(fn: () => T) => T;
  readonly newId: (nowMs: number) => string;
  /** Marking of events that carry none of their own (convene, acknowledge, approvals, escalations, close). */
  readonly marking: string;
  /** The state the consultation traffic is about, for agreements limited to one state (e.g. PRK). */
  readonly concerning?: Nation;
  /** Rules that convene automatically from this node's warnings and incidents; none without them. */
  readonly rules?: readonly ConveneRule[];
  readonly plans?: readonly ContingencyPlan[];
  /** Called for each event newly held (own or a partner's) with the state it leads to. */
  readonly onEvent?: (e: ConsultEvent, state: ConsultationState, from: 'own' | 'partner') => void;
  /**
   * How far a partner event's `atMs` may be from its item's signed creation time, ms (default
   * DEFAULT_MAX_FUTURE_SKEW_MS, the link's allowed clock skew).
   */
  readonly maxSkewMs?: number;
  /** Told of each partner event refused (already audited), with the refusal's code. */
  readonly onPartnerRefused?: (partner: Nation, code: PartnerEventRefusalCode, reason: string) => void;
  /**
   * Triggers remembered as acted on, per nation they came from (a warning's: the nation its object
   * is named after; an incident's: this node's), and for how long after last raised (ms). A partner
   * inventing track ids makes as many warnings, so they are bounded like the node's warnings
   * (PictureRetention); defaults 16,384 and two hours.
   */
  readonly triggersPerNation?: number;
  readonly triggerMaxAgeMs?: number;
  /**
   * The run this node is part of (a scenario run: its name, seed and start): written into the
   * trigger of each consultation its rules convene, so that after a restart in the same run the
   * desk recognises the consultations it convened on a trigger instead of convening afresh. A new
   * run (another id, or none) convenes afresh.
   */
  readonly run?: string;
}

/** Why a partner's consultation event was refused before the fold saw it. */
export type PartnerEventRefusalCode = 'malformed' | 'bad-id' | 'not-author' | 'not-json' | 'event-time';

/**
 * A node's consultation desk: every consultation's events, held in the node's store, authored and
 * signed by this node's nation only, sent over the link to the other participants, and folded into
 * state (`foldConsultation`) whenever read. A partner's event is taken only if the link verified it
 * as that nation's (the item's originator is the event's author); whether it is valid is the fold's
 * decision, the same on every node. The convener's desk emits the escalation a missed deadline calls
 * for, and the rules convene from the node's warnings.
 */
export class ConsultationDesk {
  readonly #o: DeskOptions;
  /** Deadline checks already scheduled (`<consultation>@<ms>`). */
  readonly #scheduled = new Set<string>();
  /**
   * Triggers already acted on, by `<origin>:<trigger id>` (a warning's id is
   * `<nation>:<object>:<reason>`, its origin the nation its object is named after): bounded per origin.
   */
  readonly #raised: PerNationMap<true>;
  /**
   * Consultations this desk's rules convened in this run, by participants and contingency, so that
   * further triggers join them. Restored from the store at start for the same run (DeskOptions.run):
   * a new run convenes afresh.
   */
  readonly #convened = new Map<string, string>();
  readonly #listeners = new Set<DeskListener>();

  constructor(o: DeskOptions) {
    this.#o = o;
    this.#raised = new PerNationMap(o.triggersPerNation ?? 16_384, o.triggerMaxAgeMs ?? 7_200_000);
  }

  /** Triggers remembered as acted on, per nation they came from (see DeskOptions.triggersPerNation). */
  triggersRemembered(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [key] of this.#raised.entries()) {
      const n = key.slice(0, key.indexOf(':'));
      out[n] = (out[n] ?? 0) + 1;
    }
    return out;
  }

  /** The place of the last event the node's store holds (0 when none): where a stream client resumes. */
  lastSeq(): number {
    return this.#o.events.lastSeq();
  }

  /** The events stored after place `afterSeq`, in the order stored, as listeners were told of them. */
  since(afterSeq: number): { event: ConsultEvent; from: 'own' | 'partner'; seq: number }[] {
    const out: { event: ConsultEvent; from: 'own' | 'partner'; seq: number }[] = [];
    for (const r of this.#o.events.since(afterSeq)) {
      // Stored only once read as an event: a record that no longer reads (a newer schema) is skipped.
      const parsed = parseEvent(r.event);
      if (!parsed.ok) continue;
      out.push({ event: parsed.event, from: r.author === this.#o.nation ? 'own' : 'partner', seq: r.seq });
    }
    return out;
  }

  /** Adds a listener (e.g. an API stream); returns the function that removes it. */
  onChange(listener: DeskListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  #changed(e: ConsultEvent, state: ConsultationState, from: 'own' | 'partner'): void {
    this.#o.onEvent?.(e, state, from);
    if (this.#listeners.size === 0) return;
    // Called right after the event's insert: the last place stored is the event's.
    const seq = this.#o.events.lastSeq();
    // A listener is an observer: its failure (a socket gone) must not undo or stop the desk's work.
    for (const l of this.#listeners) {
      try {
        l(e, state, from, seq);
      } catch {}
    }
  }

  #stopped = false;

  /** After a (re)start: deadlines of the consultations this nation convened are watched again. */
  start(): void {
    this.#stopped = false;
    for (const id of this.#o.events.consultations()) {
      this.#recognise(id);
      this.#watch(id);
    }
  }

  /** A consultation this nation's rules convened in this run: further triggers join it. */
  #recognise(id: string): void {
    const run = this.#o.run;
    if (run === undefined) return;
    const s = this.get(id);
    const t = s?.trigger;
    if (!s?.convened || s.convener !== this.#o.nation || !t || t.kind === 'manual' || t.run !== run) return;
    this.#convened.set(`${s.participants.join(',')}|${s.contingency ?? ''}`, id);
  }

  /** Stops watching deadlines (the node is going down; its store may close). */
  stop(): void {
    this.#stopped = true;
  }

  /**
   * Audits a refusal made before the desk (e.g. the API refusing an operator of another nation);
   * `more` adds to the record's detail (the request's source, or the count of a summary).
   */
  auditRefusal(
    actor: string,
    subject: string,
    kind: string,
    code: string,
    reason: string,
    more: Readonly<Record<string, JsonValue>> = {},
  ): void {
    this.#o.audit.append({
      tMs: this.#o.clock.nowMs(),
      kind: 'consult-refused',
      actor: this.#o.nation,
      subject,
      detail: { ...more, by: actor, kind, code, reason },
    });
  }

  /** Every consultation this node holds, folded now, in the order first stored. */
  list(): ConsultationState[] {
    return this.#o.events
      .consultations()
      .map((id) => this.get(id))
      .filter((s): s is ConsultationState => s?.convened === true);
  }

  get(id: string): ConsultationState | null {
    const records = this.#o.events.list(id);
    if (records.length === 0) return null;
    return this.#fold(
      id,
      records.map((r) => r.event),
    );
  }

  /** What this node's nation may see of consultation `id` (null if unknown or not a participant). */
  view(id: string): ConsultationView | null {
    const s = this.get(id);
    return s === null ? null : viewFor(s, this.#o.nation, this.#o.registry(), this.#o.clock.nowMs());
  }

  /** Convenes a consultation authored by this nation; its id is the convene event's id. */
  convene(body: unknown, actor: string): DeskResult {
    const id = `${this.#o.nation}:${this.#o.newId(Math.floor(this.#o.clock.nowMs()))}`;
    return this.#author({ id, consultation: id, kind: 'convene', body }, actor, []);
  }

  /**
   * Authors one event of this nation in consultation `consultation`. Refused, with the reason, and
   * audited when the fold would not accept it (another nation's acknowledgement or approval, a stale
   * version, a close by a non-convener, ...) or when a post is not releasable to every participant.
   */
  act(consultation: string, kind: AuthoredKind, body: unknown, actor: string): DeskResult {
    const records = this.#o.events.list(consultation);
    if (records.length === 0) {
      return this.#refuse(
        actor,
        consultation,
        kind,
        'unknown-consultation',
        `no consultation '${consultation}'`,
      );
    }
    const id = `${this.#o.nation}:${this.#o.newId(Math.floor(this.#o.clock.nowMs()))}`;
    return this.#author({ id, consultation, kind, body }, actor, records);
  }

  /** Takes a partner's consultation item; returns false when the item is not one. Never throws. */
  receive(r: ReceivedItem): boolean {
    const p = r.item.payload as Partial<ConsultationPayload> | null;
    if (r.item.topic !== CONSULTATION_TOPIC || p?.kind !== 'consultation-event') return false;
    const parsed = parseEvent(p.event);
    const refuse = (code: PartnerEventRefusalCode, reason: string) => {
      this.#o.audit.append({
        tMs: this.#o.clock.nowMs(),
        kind: 'consult-event-refused',
        actor: r.item.originator,
        subject: r.item.id,
        detail: { code, reason, sender: r.sender },
      });
      this.#o.onPartnerRefused?.(r.item.originator, code, reason);
      return true;
    };
    if (!parsed.ok) return refuse(parsed.code, parsed.problem);
    const e = parsed.event;
    // The link verified the originator's signature: that nation, and only it, authored the event.
    if (e.author !== r.item.originator) {
      return refuse(
        'not-author',
        `event ${e.id} claims author ${e.author} but was signed by ${r.item.originator}`,
      );
    }
    // The item's creation time is signed too: the event's own date must agree with it.
    const timeProblem = eventTimeProblem(
      e,
      r.item.createdMs,
      this.#o.maxSkewMs ?? DEFAULT_MAX_FUTURE_SKEW_MS,
    );
    if (timeProblem !== null) return refuse('event-time', timeProblem);
    // The item's time is the partner's to sign, within the link's freshness window (a day): an
    // event under a back-dated item passes the check above. No event follows its convening,
    // though, and a node's consultation ids carry the convening's time (UUIDv7): an event dated
    // before it would reorder the fold and steal a place ahead of everyone's events.
    const convenedMs = uuidV7TimeMs(e.consultation.slice(e.consultation.indexOf(':') + 1));
    const skewMs = this.#o.maxSkewMs ?? DEFAULT_MAX_FUTURE_SKEW_MS;
    if (convenedMs !== null && e.atMs < convenedMs - skewMs) {
      return refuse(
        'event-time',
        `event ${e.id} is dated ${e.atMs}, ${convenedMs - e.atMs} ms before its consultation was convened (${convenedMs}, the time in its id; allowed ${skewMs} ms)`,
      );
    }
    // Members the reader drops are still stored as signed: they must be plain JSON (no 1e400).
    try {
      canonicalJson(p.event);
    } catch (err) {
      return refuse(
        'not-json',
        `event ${e.id} is not storable JSON: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    const record: ConsultEventRecord = {
      id: e.id,
      consultation: e.consultation,
      author: e.author,
      atMs: e.atMs,
      event: p.event as JsonValue,
    };
    if (this.#o.events.insert(record, this.#o.clock.nowMs()) === 'duplicate') return true;
    const state = this.get(e.consultation);
    if (state) this.#changed(e, state, 'partner');
    this.#watch(e.consultation);
    return true;
  }

  /**
   * A warning to this node's nation (called on every assessment with its warnings; each is acted on
   * once), raised as a `missile-warning` trigger (see `raise`). An impact predicted while the object
   * may still be under thrust falls short (and is often withdrawn), so impacts convene only once the
   * object is seen coasting; an overflight predicted under thrust stands (the real trajectory goes
   * further).
   */
  warned(w: Warning): DeskResult[] {
    if (!this.#o.rules || w.withdrawnMs !== undefined) return [];
    if (w.reason === 'possible-overflight' || w.reason === 'possible-impact') return [];
    if (w.reason === 'impact' && w.phase !== 'ballistic') return [];
    const zone = (IMPACT_ZONES as readonly string[]).includes(w.zone) ? (w.zone as ImpactZone) : undefined;
    const trigger: Trigger = {
      kind: 'missile-warning',
      id: `${w.nation}:${w.trackId}:${w.reason}`,
      ...(this.#o.concerning ? { launchNation: this.#o.concerning } : {}),
      ...(w.reason === 'impact' ? { impactNation: w.nation, ...(zone ? { impactZone: zone } : {}) } : {}),
      overflownNations: w.reason === 'overflight' ? [w.nation] : [],
    };
    const what = `${w.reason} of ${w.area} predicted at ${new Date(w.eventMs).toISOString()} (${w.trackId})`;
    // Bounded per the nation the object is named after: a partner's invented tracks, its own.
    const origin = w.trackId.slice(0, Math.max(0, w.trackId.indexOf(':')));
    return this.raise(trigger, `warning: ${what}`, origin || this.#o.nation);
  }

  /**
   * A maritime event of this node's desk, raised as a trigger the way `warned` raises warnings:
   * `raw` as the detector made it, `assessed` once a watch officer escalated it. A zone entry is a
   * `maritime-incursion` into its zone (government ship or not, from the detector's evidence); the
   * other event types have no trigger kind in the rules yet and raise nothing. Each event raises
   * once per detection kind (its trigger id is the event's), so a rule fires from either the raw
   * or the assessed event, as it says (`when.detection`), never from both.
   */
  maritime(e: MaritimeEventRecord, detection: MaritimeDetection): DeskResult[] {
    if (!this.#o.rules || e.type !== 'zone-entry') return [];
    const d = e.detector as { zone?: unknown; evidence?: unknown } | null;
    if (d === null || typeof d !== 'object' || typeof d.zone !== 'string') return [];
    const evidence = Array.isArray(d.evidence) ? d.evidence : [];
    const governmentVessel = evidence.some(
      (x) => x !== null && typeof x === 'object' && (x as { kind?: unknown }).kind === 'government-vessel',
    );
    const trigger: Trigger = {
      kind: 'maritime-incursion',
      id: `${e.type}:${e.id}${detection === 'assessed' ? ':assessed' : ''}`,
      zone: d.zone,
      detection,
      governmentVessel,
    };
    const who = `${governmentVessel ? 'government vessel ' : ''}MMSI ${e.mmsi.join(', ')}`;
    return this.raise(
      trigger,
      `maritime: ${e.type} of ${who} into ${d.zone} (${detection} detection, event ${e.id})`,
    );
  }

  /**
   * A trigger this node's nation observed — its own warning, or an incident a scenario scripts
   * (maritime incursion, armed attack) — acted on once per trigger id: the rules that fire convene a
   * consultation with this nation as the convener, or, when this desk already convened an open one
   * with the same participants and contingency, raise its level if the rule calls for a higher one
   * and otherwise add the trigger to its timeline (`Further <label>`). `label` says what happened,
   * e.g. `warning: overflight of Japan ...`. A rule naming another convener convenes nothing here:
   * the trigger is sent to that nation's node (payload `consultation-trigger`, as the agreements
   * allow), whose rules convene (`receiveTrigger`); `forward: false` for a trigger so received.
   */
  raise(
    trigger: Trigger,
    label: string,
    origin: string = this.#o.nation,
    forward: boolean = true,
  ): DeskResult[] {
    const rules = this.#o.rules;
    if (!rules) return [];
    const nowMs = this.#o.clock.nowMs();
    const key = `${origin}:${trigger.id}`;
    this.#raised.prune(nowMs);
    // Touched each time it is raised again (a warning, at every assessment), so that what is
    // forgotten is what stopped being raised, never a trigger still standing.
    if (this.#raised.touch(key, nowMs)) return [];
    this.#raised.set(key, true, nowMs);
    const results: DeskResult[] = [];
    const actor = 'rules';
    for (const p of rulesFor(trigger, rules)) {
      if (p.convener !== this.#o.nation) {
        if (forward) this.#forward(trigger, label, p.convener, p.rules);
        continue;
      }
      const group = `${p.body.participants.join(',')}|${p.body.contingency ?? ''}`;
      const openId = this.#convened.get(group);
      const open = openId === undefined ? null : this.get(openId);
      // The trigger this consultation was convened on, raised again after a restart in this run.
      if (open?.trigger && open.trigger.kind !== 'manual' && open.trigger.id === trigger.id) continue;
      if (!open || open.closed !== null) {
        const body =
          this.#o.run === undefined || p.body.trigger.kind === 'manual'
            ? p.body
            : { ...p.body, trigger: { ...p.body.trigger, run: this.#o.run } };
        const r = this.convene(body, actor);
        if (r.ok) this.#convened.set(group, r.event.id);
        results.push(r);
        continue;
      }
      if (levelRank(p.body.level, p.body.form) > levelRank(open.level!, open.form ?? undefined)) {
        results.push(
          this.act(
            open.id!,
            'escalate-level',
            {
              to: p.body.level,
              ...(p.body.form ? { form: p.body.form } : {}),
              reason: `${label}; rule ${p.rules.join(', ')} calls for ${p.body.level}`,
              cause: { kind: 'manual' },
            },
            actor,
          ),
        );
      } else {
        results.push(
          this.act(
            open.id!,
            'post',
            { entry: 'item', text: `Further ${label}`, marking: this.#o.marking },
            actor,
          ),
        );
      }
    }
    return results;
  }

  /** Sends `trigger` to `convener`'s node (once per trigger: `raise` acts on each once), audited. */
  #forward(trigger: Trigger, label: string, convener: Nation, rules: readonly string[]): void {
    const now = this.#o.clock.nowMs();
    const linked = this.#o.partners.includes(convener);
    const sent = linked && this.#releasable(this.#o.marking, convener, now);
    const write = () => {
      this.#o.audit.append({
        tMs: now,
        kind: sent ? 'consult-trigger-forwarded' : 'consult-trigger-not-forwarded',
        actor: this.#o.nation,
        subject: trigger.id,
        detail: {
          convener,
          rules: [...rules],
          label,
          ...(sent
            ? {}
            : {
                reason: linked
                  ? `the agreements do not allow ${this.#o.marking} consultation traffic to ${convener} now`
                  : `${convener} has no link with this node`,
              }),
        },
      });
      if (!sent) return;
      this.#o.publish(
        {
          id: this.#o.newId(Math.floor(now)),
          originator: this.#o.nation,
          topic: CONSULTATION_TOPIC,
          marking: this.#o.marking,
          createdMs: now,
          ...(this.#o.concerning ? { concerning: this.#o.concerning } : {}),
          payload: { kind: 'consultation-trigger', trigger, label } as unknown as JsonValue,
        },
        [convener],
      );
    };
    if (this.#o.transaction) this.#o.transaction(write);
    else write();
  }

  /**
   * A trigger a partner's node saw and sent to this nation as the convener its rules name. Taken
   * only when it reads and this node's own rules, on it, call on this nation to convene with the
   * sender among the participants; then raised as this nation's own would be (once per sender and
   * trigger id, bounded per sender), not forwarded further. A refusal is audited
   * (`consult-trigger-refused`) and counted. Never throws.
   */
  receiveTrigger(r: ReceivedItem): DeskResult[] {
    const p = r.item.payload as Partial<TriggerPayload> | null;
    const from = r.item.originator;
    const refuse = (code: PartnerEventRefusalCode | 'no-rule', reason: string): DeskResult[] => {
      this.#o.audit.append({
        tMs: this.#o.clock.nowMs(),
        kind: 'consult-trigger-refused',
        actor: from,
        subject: r.item.id,
        detail: { code, reason, sender: r.sender },
      });
      this.#o.onPartnerRefused?.(from, code === 'no-rule' ? 'malformed' : code, reason);
      return [];
    };
    const parsed = triggerSchema.safeParse(p?.trigger);
    if (r.item.topic !== CONSULTATION_TOPIC || !parsed.success)
      return refuse(
        'malformed',
        parsed.success ? `topic ${r.item.topic}` : `not a trigger: ${parsed.error.issues[0]!.message}`,
      );
    if (typeof p?.label !== 'string' || p.label.length === 0 || p.label.length > 1_000)
      return refuse('malformed', 'a trigger needs a label of 1 to 1,000 characters');
    const trigger = parsed.data as Trigger;
    const mine = rulesFor(trigger, this.#o.rules ?? []).filter(
      (x) => x.convener === this.#o.nation && x.body.participants.includes(from),
    );
    if (mine.length === 0)
      return refuse(
        'no-rule',
        `no rule of this node calls on ${this.#o.nation} to convene ${from} on trigger ${trigger.id} (${trigger.kind})`,
      );
    this.#o.audit.append({
      tMs: this.#o.clock.nowMs(),
      kind: 'consult-trigger-received',
      actor: from,
      subject: trigger.id,
      detail: { item: r.item.id, rules: mine.flatMap((x) => x.rules), label: p.label },
    });
    return this.raise(trigger, `${p.label} (seen by ${from})`, from, false);
  }

  #fold(id: string, events: readonly unknown[]): ConsultationState {
    return foldConsultation(events, {
      nowMs: this.#o.clock.nowMs(),
      registry: this.#o.registry(),
      consultation: id,
      ...(this.#o.plans ? { plans: this.#o.plans } : {}),
    });
  }

  #author(
    draft: { id: string; consultation: string; kind: EventKind; body: unknown },
    actor: string,
    records: readonly ConsultEventRecord[],
  ): DeskResult {
    const now = this.#o.clock.nowMs();
    // After every event this node holds, so that an approval never sorts before the version it names.
    const atMs = Math.max(Math.floor(now), ...records.map((r) => Math.floor(r.atMs) + 1));
    const raw = {
      id: draft.id,
      consultation: draft.consultation,
      author: this.#o.nation,
      atMs,
      kind: draft.kind,
      body: draft.body,
    };
    const parsed = parseEvent(raw);
    if (!parsed.ok) return this.#refuse(actor, draft.consultation, draft.kind, 'malformed', parsed.problem);
    const e = parsed.event;
    let event: JsonValue;
    try {
      event = JSON.parse(canonicalJson(raw)) as JsonValue;
    } catch {
      return this.#refuse(actor, draft.consultation, draft.kind, 'malformed', 'the body is not plain JSON');
    }
    const state = this.#fold(draft.consultation, [...records.map((r) => r.event), event]);
    const rejection = state.rejected.find((r) => r.id === e.id);
    if (rejection)
      return this.#refuse(actor, draft.consultation, draft.kind, rejection.code, rejection.reason);
    const marking = markingOf(e, this.#o.marking);
    if (e.kind === 'post') {
      const denied = (state.timeline.find((t) => t.id === e.id)?.audience ?? []).filter((a) => !a.allow);
      if (denied.length > 0) {
        return this.#refuse(
          actor,
          draft.consultation,
          draft.kind,
          'not-releasable',
          `the agreements do not allow this post to ${denied.map((d) => `${d.nation} (${d.rule}: ${d.reason})`).join('; ')}`,
        );
      }
    }
    const others = state.participants.filter((n) => n !== this.#o.nation && this.#o.partners.includes(n));
    const recipients = others.filter((n) => this.#releasable(marking, n, now));
    const item: LinkItem = {
      id: this.#o.newId(Math.floor(now)),
      originator: this.#o.nation,
      topic: CONSULTATION_TOPIC,
      marking,
      // Partners refuse an event dated further than the skew from its item's time; one dated after
      // events held from a partner whose clock runs ahead is sent as made that much later.
      createdMs: Math.max(now, e.atMs - (this.#o.maxSkewMs ?? DEFAULT_MAX_FUTURE_SKEW_MS)),
      ...(this.#o.concerning ? { concerning: this.#o.concerning } : {}),
      payload: { kind: 'consultation-event', event } satisfies ConsultationPayload,
    };
    const write = () => {
      this.#o.events.insert(
        { id: e.id, consultation: e.consultation, author: e.author, atMs: e.atMs, event },
        now,
      );
      this.#o.audit.append({
        tMs: now,
        kind: 'consult-event-authored',
        actor: this.#o.nation,
        subject: e.id,
        detail: { consultation: e.consultation, kind: e.kind, by: actor, to: recipients },
      });
      if (recipients.length > 0) this.#o.publish(item, recipients);
    };
    if (this.#o.transaction) this.#o.transaction(write);
    else write();
    this.#changed(e, state, 'own');
    this.#watch(e.consultation);
    return { ok: true, event: e, state };
  }

  #releasable(marking: string, recipient: Nation, atMs: number): boolean {
    try {
      const m = parseMarking(marking, { input: 'consultation event marking', originator: this.#o.nation });
      return decide(
        {
          marking: m,
          holder: this.#o.nation,
          recipient,
          topic: CONSULTATION_TOPIC,
          atMs,
          ...(this.#o.concerning ? { concerning: this.#o.concerning } : {}),
        },
        this.#o.registry(),
      ).allow;
    } catch (err) {
      if (err instanceof MarkingParseError) return false;
      throw err;
    }
  }

  #refuse(
    actor: string,
    consultation: string,
    kind: string,
    code: DeskRefusalCode,
    reason: string,
  ): DeskResult {
    this.#o.audit.append({
      tMs: this.#o.clock.nowMs(),
      kind: 'consult-refused',
      actor: this.#o.nation,
      subject: consultation,
      detail: { by: actor, kind, code, reason },
    });
    return { ok: false, code, reason };
  }

  /**
   * On the convener's node: emits the escalation that missed deadlines call for now, and schedules a
   * look at the next deadline still pending.
   */
  #watch(id: string): void {
    const s = this.get(id);
    if (!s?.convened || s.convener !== this.#o.nation || s.closed !== null) return;
    const due = s.escalation.due;
    if (due && due.author === this.#o.nation) {
      this.act(id, 'escalate-level', due.body, 'deadline');
      return; // #author watched again, with the fresh deadlines.
    }
    const now = this.#o.clock.nowMs();
    for (const a of s.acks) {
      if (a.status !== 'pending') continue;
      const key = `${id}@${a.deadlineMs}`;
      if (this.#scheduled.has(key)) continue;
      this.#scheduled.add(key);
      // Just after the deadline: an acknowledgement stamped at the deadline itself is in time.
      this.#o.timers.after(Math.max(0, a.deadlineMs - now) + 1, () => {
        if (!this.#stopped) this.#watch(id);
      });
    }
  }
}

/** An event travels under its own marking if it has one, else under the node's consultation marking. */
function markingOf(e: ConsultEvent, fallback: string): string {
  switch (e.kind) {
    case 'post':
    case 'record-position':
      return e.body.marking;
    case 'propose-statement-version':
    case 'publish-readout':
      return e.body.marking ?? (e.author === 'USA' ? 'UNCLASSIFIED' : `//${e.author} UNCLASSIFIED`);
    default:
      return fallback;
  }
}

/** The consultation events a node holds when its store keeps none (tests, benchmarks). */
export class MemoryConsultEvents implements ConsultEvents {
  /** In the order stored: an event's place (seq) is its index + 1. */
  readonly #rows: { record: ConsultEventRecord; key: string }[] = [];
  insert(e: ConsultEventRecord): 'new' | 'duplicate' {
    const key = `${e.id}|${canonicalJson(e.event)}`;
    if (this.#rows.some((r) => r.key === key)) return 'duplicate';
    this.#rows.push({ record: e, key });
    return 'new';
  }
  list(consultation: string): ConsultEventRecord[] {
    return this.#rows.filter((r) => r.record.consultation === consultation).map((r) => r.record);
  }
  consultations(): string[] {
    return [...new Set(this.#rows.map((r) => r.record.consultation))];
  }
  lastSeq(): number {
    return this.#rows.length;
  }
  since(afterSeq: number): (ConsultEventRecord & { readonly seq: number })[] {
    const from = Math.max(0, afterSeq);
    return this.#rows.slice(from).map((r, i) => ({ ...r.record, seq: from + i + 1 }));
  }
}

/** What an operator (a person at the console, an API client, a scenario's watch officer) asks for. */
export type OperatorAction =
  | { readonly action: 'convene'; readonly body: unknown }
  | { readonly action: 'acknowledge'; readonly consultation: string; readonly nation?: string }
  | {
      readonly action: 'post';
      readonly consultation: string;
      readonly entry?: string;
      readonly text: string;
      readonly marking: string;
      readonly item?: unknown;
    }
  | {
      readonly action: 'propose';
      readonly consultation: string;
      readonly statement?: string;
      readonly text: string;
      readonly replaces?: string;
      readonly marking?: string;
    }
  | {
      readonly action: 'approve';
      readonly consultation: string;
      /** Default: the latest version of `statement` not superseded. */
      readonly version?: string;
      readonly statement?: string;
      readonly nation?: string;
    }
  | {
      readonly action: 'reject';
      readonly consultation: string;
      readonly version?: string;
      readonly statement?: string;
      readonly reason: string;
      readonly nation?: string;
    }
  | {
      readonly action: 'escalate';
      readonly consultation: string;
      readonly to: string;
      readonly form?: string;
      readonly reason: string;
    }
  | {
      readonly action: 'readout';
      readonly consultation: string;
      readonly statement?: string;
      readonly text: string;
      readonly marking?: string;
    }
  | {
      readonly action: 'position';
      readonly consultation: string;
      readonly text: string;
      readonly marking: string;
      readonly about?: string;
    }
  | { readonly action: 'close'; readonly consultation: string; readonly outcome?: string };

export type OperatorActionName = OperatorAction['action'];

/**
 * One operator action on `desk`, as the node's nation: the API's handlers and the scenarios' watch
 * officers both come through here. `nation`, where a body names one, defaults to the desk's own; a
 * different one is passed on, for the fold to refuse (no nation acts for another) and the desk to audit.
 */
export function performAction(
  desk: ConsultationDesk,
  nation: Nation,
  a: OperatorAction,
  actor: string,
): DeskResult {
  const opt = <T>(k: string, v: T | undefined) => (v === undefined ? {} : { [k]: v });
  switch (a.action) {
    case 'convene':
      return desk.convene(a.body, actor);
    case 'acknowledge':
      return desk.act(a.consultation, 'acknowledge', { nation: a.nation ?? nation }, actor);
    case 'post':
      return desk.act(
        a.consultation,
        'post',
        { entry: a.entry ?? 'message', text: a.text, marking: a.marking, ...opt('item', a.item) },
        actor,
      );
    case 'propose':
      return desk.act(
        a.consultation,
        'propose-statement-version',
        {
          statement: a.statement ?? 'joint',
          text: a.text,
          ...opt('replaces', a.replaces),
          ...opt('marking', a.marking),
        },
        actor,
      );
    case 'approve':
    case 'reject': {
      const version = a.version ?? latestVersion(desk.get(a.consultation), a.statement ?? 'joint');
      const kind = a.action === 'approve' ? 'approve-version' : 'reject-version';
      return desk.act(
        a.consultation,
        kind,
        {
          version: version ?? `(no live version of statement '${a.statement ?? 'joint'}')`,
          nation: a.nation ?? nation,
          ...(a.action === 'reject' ? { reason: a.reason } : {}),
        },
        actor,
      );
    }
    case 'escalate':
      return desk.act(
        a.consultation,
        'escalate-level',
        { to: a.to, ...opt('form', a.form), reason: a.reason, cause: { kind: 'manual' } },
        actor,
      );
    case 'readout':
      return desk.act(
        a.consultation,
        'publish-readout',
        { statement: a.statement ?? 'joint', text: a.text, ...opt('marking', a.marking) },
        actor,
      );
    case 'position':
      return desk.act(
        a.consultation,
        'record-position',
        { text: a.text, marking: a.marking, ...opt('about', a.about) },
        actor,
      );
    case 'close':
      return desk.act(a.consultation, 'close', opt('outcome', a.outcome), actor);
  }
}

/** The latest version of a statement that no other version replaces, or undefined. */
export function latestVersion(s: ConsultationState | null, statement: string): string | undefined {
  const st = s?.statements.find((x) => x.id === statement);
  return st?.versions.filter((v) => v.supersededBy.length === 0).at(-1)?.id;
}
