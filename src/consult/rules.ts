import { z } from 'zod';
import {
  type CompiledRegistry,
  compareRelTo,
  DataFileError,
  formatPath,
  type Nation,
  parseYaml,
  placeIn,
  type Source,
} from '../domain/index.js';
import { invariant } from './assert.js';
import { levelRank } from './escalation.js';
import {
  CONTINGENCIES,
  type ContingencyId,
  type ConveneBody,
  type EventOf,
  LEVELS,
  MINISTERIAL_FORMS,
  TRILATERAL,
} from './model.js';
import { flags, id, nation, source, sourcedOrAssumed, text } from './schema.js';

/** Where a predicted impact falls, relative to the nation named with it. */
export const IMPACT_ZONES = ['land', 'territorial-sea', 'eez'] as const;
export type ImpactZone = (typeof IMPACT_ZONES)[number];

/** Which maritime detections a rule fires from: detector output as it comes, or escalated events only. */
export const MARITIME_DETECTIONS = ['raw', 'assessed'] as const;
export type MaritimeDetection = (typeof MARITIME_DETECTIONS)[number];

/** What the warning, maritime and scenario components report; rules read these to convene. */
export type Trigger =
  | {
      readonly kind: 'missile-warning';
      readonly id: string;
      readonly launchNation?: Nation;
      /** The nation whose land, territorial sea or EEZ holds the predicted impact point, if any. */
      readonly impactNation?: Nation;
      readonly impactZone?: ImpactZone;
      /** Nations whose territory the predicted trajectory crosses. */
      readonly overflownNations: readonly Nation[];
    }
  | {
      readonly kind: 'maritime-incursion';
      readonly id: string;
      /** Zone id, e.g. `senkaku-territorial-sea`. */
      readonly zone: string;
      readonly coastalNation?: Nation;
      readonly vesselFlag?: Nation;
      /**
       * A node's detector output as it came (`raw`), or an event a watch officer escalated
       * (`assessed`); absent for a scenario's scripted incident (a report a person made), which
       * fires rules of either kind.
       */
      readonly detection?: MaritimeDetection;
      /** Whether the vessel is a government ship (AIS ship type, watch list); absent when not known. */
      readonly governmentVessel?: boolean;
    }
  | {
      readonly kind: 'armed-attack';
      readonly id: string;
      readonly contingency: ContingencyId;
      readonly against?: readonly Nation[];
    };

/**
 * A trigger as a partner's node sends it to the convener a rule names (payload
 * `consultation-trigger`): checked before the convener's rules read it.
 */
export const triggerSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('missile-warning'),
    id: z.string().min(1).max(200),
    launchNation: nation.optional(),
    impactNation: nation.optional(),
    impactZone: z.enum(IMPACT_ZONES).optional(),
    overflownNations: z.array(nation).max(32),
  }),
  z.strictObject({
    kind: z.literal('maritime-incursion'),
    id: z.string().min(1).max(200),
    zone: z.string().min(1).max(200),
    coastalNation: nation.optional(),
    vesselFlag: nation.optional(),
    detection: z.enum(MARITIME_DETECTIONS).optional(),
    governmentVessel: z.boolean().optional(),
  }),
  z.strictObject({
    kind: z.literal('armed-attack'),
    id: z.string().min(1).max(200),
    contingency: z.enum(CONTINGENCIES),
    against: z.array(nation).max(32).optional(),
  }),
]);

const nations = z.array(nation).min(1);

const when = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('missile-warning'),
    impactNation: nations.optional(),
    impactZone: z.array(z.enum(IMPACT_ZONES)).min(1).optional(),
    overflown: nations.optional(),
    launchNation: nations.optional(),
  }),
  z.strictObject({
    kind: z.literal('maritime-incursion'),
    zone: z.array(id).min(1).optional(),
    coastalNation: nations.optional(),
    /**
     * `assessed` (the default): only events a watch officer escalated fire the rule, as a watch
     * floor wants (detector output is a candidate, not a finding); `raw`: the detection itself does,
     * for rules that must not wait for a person.
     */
    detection: z.enum(MARITIME_DETECTIONS).default('assessed'),
    /** `true`: only government ships (AIS ship type 55, a watch-list category) fire it. */
    governmentVessel: z.literal(true).optional(),
  }),
  z.strictObject({
    kind: z.literal('armed-attack'),
    contingency: z.array(z.enum(CONTINGENCIES)).min(1).optional(),
    against: nations.optional(),
  }),
]);

const convene = z.strictObject({
  /** A nation, or `affected`: the impact nation, the first overflown, the coastal or attacked one. */
  convener: z.union([z.literal('affected'), nation]),
  subject: text,
  coalition: id.optional(),
  participants: z.array(nation).min(2),
  level: z.enum(LEVELS),
  form: z.enum(MINISTERIAL_FORMS).optional(),
  ackWithinMinutes: z
    .number()
    .positive()
    .max(7 * 24 * 60),
  onMissedAck: z.enum(['escalate', 'flag']).default('escalate'),
  contingency: z.enum(CONTINGENCIES).optional(),
});

const rule = z
  .strictObject({
    id,
    description: text,
    when,
    convene,
    sources: z.array(source).default([]),
    assumption: z.boolean().default(false),
    flags,
  })
  .superRefine((r, ctx) => {
    sourcedOrAssumed(r, ctx);
    const c = r.convene;
    if (new Set(c.participants).size !== c.participants.length)
      ctx.addIssue({
        code: 'custom',
        path: ['convene', 'participants'],
        message: 'a participant is listed twice',
      });
    if (c.convener !== 'affected' && !c.participants.includes(c.convener))
      ctx.addIssue({
        code: 'custom',
        path: ['convene', 'convener'],
        message: `${c.convener} is not a participant`,
      });
    if (c.form !== undefined && c.level !== 'ministerial')
      ctx.addIssue({
        code: 'custom',
        path: ['convene', 'form'],
        message: 'a form goes with the ministerial level',
      });
    if (
      c.form === '2+2+2' &&
      !(c.participants.length === 3 && TRILATERAL.every((n) => c.participants.includes(n)))
    )
      ctx.addIssue({
        code: 'custom',
        path: ['convene', 'form'],
        message: '2+2+2 is the USA, Japan and the ROK',
      });
  });

const file = z.strictObject({ rules: z.array(rule).min(1) }).superRefine((f, ctx) => {
  const seen = new Set<string>();
  f.rules.forEach((r, i) => {
    if (seen.has(r.id))
      ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule '${r.id}'` });
    seen.add(r.id);
  });
});

export type ConveneRule = z.output<typeof rule>;

/**
 * Reads `data/consult/rules.yaml` (text handed in, `source` names it in errors). With a registry, a
 * rule's coalition must exist there and have every participant as a member at some time.
 * @throws DataFileError naming file, line, column and field.
 */
export function parseRules(
  text: string,
  source: string,
  registry?: CompiledRegistry,
): readonly ConveneRule[] {
  const rules = parseYaml(text, source, file).rules;
  if (registry) {
    rules.forEach((r, i) => {
      const cid = r.convene.coalition;
      if (cid === undefined) return;
      const fail = (path: (string | number)[], problem: string): never => {
        throw new DataFileError(
          { input: source, field: formatPath(path), ...(placeIn(text, path) ?? {}) },
          problem,
        );
      };
      const c = registry.coalitions.find((x) => x.id === cid);
      if (!c) fail(['rules', i, 'convene', 'coalition'], `no coalition '${cid}' in the agreements registry`);
      r.convene.participants.forEach((n, j) => {
        if (!c!.members.some((m) => m.nation === n))
          fail(['rules', i, 'convene', 'participants', j], `${n} is not a member of '${cid}'`);
      });
    });
  }
  return rules;
}

/** A consultation a rule calls for: the body of the convene event, and who convenes (authors) it. */
export interface ConveneProposal {
  readonly convener: Nation;
  readonly body: ConveneBody;
  /** Rule ids, in file order. */
  readonly rules: readonly string[];
  /** Sources of the rules that fired; `assumption` if any of them is Concord's assumption. */
  readonly sources: readonly Source[];
  readonly assumption: boolean;
}

function matches(r: ConveneRule, t: Trigger): boolean {
  const w = r.when;
  const any = <T>(allowed: readonly T[] | undefined, v: T | undefined) =>
    allowed === undefined || (v !== undefined && allowed.includes(v));
  switch (w.kind) {
    case 'missile-warning':
      return (
        t.kind === 'missile-warning' &&
        any(w.impactNation, t.impactNation) &&
        any(w.impactZone, t.impactZone) &&
        any(w.launchNation, t.launchNation) &&
        (w.overflown === undefined || w.overflown.some((n) => t.overflownNations.includes(n)))
      );
    case 'maritime-incursion':
      return (
        t.kind === 'maritime-incursion' &&
        any(w.zone, t.zone) &&
        any(w.coastalNation, t.coastalNation) &&
        // A scripted incident (no `detection`) is a person's report: it fires either kind of rule.
        (t.detection === undefined || t.detection === w.detection) &&
        // Unknown (a scripted incident's vessel) is not ruled out: the person reporting named the incursion.
        (w.governmentVessel === undefined || t.governmentVessel !== false)
      );
    case 'armed-attack':
      return (
        t.kind === 'armed-attack' &&
        any(w.contingency, t.contingency) &&
        (w.against === undefined || w.against.some((n) => t.against?.includes(n)))
      );
  }
}

/** The nation the trigger falls on, among the participants; else the first participant (CAPCO order). */
function affected(t: Trigger, participants: readonly Nation[]): Nation {
  const candidates: (Nation | undefined)[] =
    t.kind === 'missile-warning'
      ? [t.impactNation, ...t.overflownNations]
      : t.kind === 'maritime-incursion'
        ? [t.coastalNation]
        : [...(t.against ?? [])];
  return candidates.find((n): n is Nation => n !== undefined && participants.includes(n)) ?? participants[0]!;
}

function fill(template: string, t: Trigger): string {
  const vars: Record<string, string> = { id: t.id, kind: t.kind };
  if (t.kind === 'missile-warning') {
    vars.impactNation = t.impactNation ?? 'none';
    vars.impactZone = t.impactZone ?? 'none';
    vars.overflown = t.overflownNations.join(', ') || 'none';
    vars.launchNation = t.launchNation ?? 'unknown';
  } else if (t.kind === 'maritime-incursion') {
    vars.zone = t.zone;
    vars.coastalNation = t.coastalNation ?? 'unknown';
    vars.vesselFlag = t.vesselFlag ?? 'unknown';
  } else {
    vars.contingency = t.contingency;
    vars.against = (t.against ?? []).join(', ') || 'unknown';
  }
  return template.replace(/\{(\w+)\}/g, (whole, k: string) => vars[k] ?? whole);
}

/**
 * The consultations `rules` call for on `trigger`, as convene event bodies. Rules that fire with the
 * same participants make ONE consultation (a warning that both impacts Japan's EEZ and overflies Japan
 * is one trilateral consultation, at the higher level): the highest level, the shortest deadline, the
 * union of rules. Pure and deterministic: same trigger and rules, same proposals, in file order.
 * @example rulesFor({ kind: 'maritime-incursion', id: 'm1', zone: 'senkaku-territorial-sea' }, rules)[0].body.participants
 * // ['USA', 'JPN']
 */
export function rulesFor(trigger: Trigger, rules: readonly ConveneRule[]): ConveneProposal[] {
  const groups = new Map<string, ConveneRule[]>();
  for (const r of rules) {
    if (!matches(r, trigger)) continue;
    const key = [...r.convene.participants].sort(compareRelTo).join(',');
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((fired) => {
    // The highest level leads; on a tie, the rule listed first.
    const lead = fired.reduce((best, r) =>
      levelRank(r.convene.level, r.convene.form) > levelRank(best.convene.level, best.convene.form)
        ? r
        : best,
    );
    const c = lead.convene;
    const participants = [...c.participants].sort(compareRelTo);
    const convener = c.convener === 'affected' ? affected(trigger, participants) : c.convener;
    const ackWithinMs = Math.round(Math.min(...fired.map((r) => r.convene.ackWithinMinutes)) * 60_000);
    const contingency = fired.find((r) => r.convene.contingency !== undefined)?.convene.contingency;
    const body: ConveneBody = {
      subject: fill(c.subject, trigger),
      trigger: { kind: trigger.kind, id: trigger.id, rules: fired.map((r) => r.id) },
      ...(c.coalition !== undefined ? { coalition: c.coalition } : {}),
      level: c.level,
      ...(c.form !== undefined ? { form: c.form } : {}),
      participants,
      ackWithinMs,
      onMissedAck: fired.some((r) => r.convene.onMissedAck === 'escalate') ? 'escalate' : 'flag',
      ...(contingency !== undefined ? { contingency } : {}),
    };
    invariant(participants.includes(convener), 'the convener is a participant');
    return {
      convener,
      body,
      rules: fired.map((r) => r.id),
      sources: fired.flatMap((r) => r.sources),
      assumption: fired.some((r) => r.assumption),
    };
  });
}

/**
 * The convene event for a proposal, authored by its convener. `suffix` makes the id unique (the node
 * derives it, e.g. from the trigger id); the id is also the consultation's id.
 */
export function conveneEvent(p: ConveneProposal, suffix: string, atMs: number): EventOf<'convene'> {
  const eventId = `${p.convener}:${suffix}`;
  return { id: eventId, consultation: eventId, author: p.convener, atMs, kind: 'convene', body: p.body };
}
