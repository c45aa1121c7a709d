// Random registries and decision requests for property tests and `concord bench releasability --check`.
import fc from 'fast-check';
import {
  type Agreement,
  type CompiledRegistry,
  type ConsentRecord,
  compileRegistry,
  type DecisionRequest,
  type EquivalenceRow,
  type Marking,
  type Nation,
  type StatusEvent,
  type StatusEventType,
  schemeOf,
  TOPIC_NAMES,
  type Topic,
} from '../domain/index.js';

export const NATIONS: readonly Nation[] = ['USA', 'JPN', 'KOR', 'AUS'];
const DAY = 86_400_000;
/** Dates are drawn from 2000-01-01 on, in whole days, over about 30 years. */
export const EPOCH_MS = Date.UTC(2000, 0, 1);
const SPAN_DAYS = 11_000;

const dayMs = (d: number) => EPOCH_MS + d * DAY;
const topics = fc.subarray([...TOPIC_NAMES], { minLength: 1 });
const LABELS = ['UNCLASSIFIED', 'CONFIDENTIAL', 'SECRET', 'TOP SECRET'] as const;

/** An equivalence table: rows 1..k, each mapping every party's rank-i level (k random). */
function table(parties: readonly Nation[], k: number): EquivalenceRow[] {
  const rows: EquivalenceRow[] = [
    { label: 'UNCLASSIFIED', levels: Object.fromEntries(parties.map((p) => [p, 'UNCLASSIFIED'])) },
  ];
  for (let i = 1; i <= k; i++) {
    rows.push({
      label: LABELS[i]!,
      levels: Object.fromEntries(parties.map((p) => [p, schemeOf(p).levels.find((l) => l.rank === i)!.id])),
    });
  }
  return rows;
}

const EVENT_TYPES: StatusEventType[] = [
  'termination-notice',
  'notice-suspended',
  'notice-reinstated',
  'notice-withdrawn',
  'suspended',
  'resumed',
  'terminated',
];

const agreementArb = (id: string): fc.Arbitrary<Agreement> =>
  fc
    .record({
      parties: fc.shuffledSubarray([...NATIONS], { minLength: 2, maxLength: 3 }),
      inForceDay: fc.integer({ min: 0, max: SPAN_DAYS / 2 }),
      rows: fc.integer({ min: 0, max: 3 }),
      maxRow: fc.integer({ min: 0, max: 3 }),
      topics,
      concerning: fc.boolean(),
      routed: fc.boolean(),
      term: fc.option(fc.record({ years: fc.integer({ min: 1, max: 5 }), autoRenew: fc.boolean() }), {
        nil: undefined,
      }),
      noticePeriodDays: fc.integer({ min: 0, max: 400 }),
      events: fc.array(
        fc.record({
          gapDays: fc.integer({ min: 1, max: 2_000 }),
          type: fc.constantFrom(...EVENT_TYPES),
          effGap: fc.integer({ min: 1, max: 800 }),
        }),
        { maxLength: 4 },
      ),
    })
    .map((r): Agreement => {
      let day = r.inForceDay;
      const history: StatusEvent[] = r.events.map((e) => {
        day += e.gapDays;
        return {
          type: e.type,
          atMs: dayMs(day),
          ...(e.type === 'notice-reinstated' ? { effectiveMs: dayMs(day + e.effGap) } : {}),
        };
      });
      const routing =
        r.routed && r.parties.length === 3
          ? [{ via: r.parties[0]!, between: [[r.parties[1]!, r.parties[2]!] as const] }]
          : [];
      return {
        id,
        title: id,
        kind: 'gsomia',
        parties: r.parties,
        signedMs: dayMs(r.inForceDay),
        inForceMs: dayMs(r.inForceDay),
        ...(r.term ? { term: r.term } : {}),
        noticePeriodDays: r.noticePeriodDays,
        history,
        scope: {
          topics: r.topics,
          maxLevel: LABELS[Math.min(r.maxRow, r.rows)]!,
          ...(r.concerning ? { concerning: ['PRK' as Nation] } : {}),
        },
        equivalence: table(r.parties, r.rows),
        routing,
        thirdParty: 'originator-consent',
        binding: true,
        sources: [{ title: 'generated' }],
        flags: [],
      };
    });

const consentArb = (id: string): fc.Arbitrary<ConsentRecord> =>
  fc
    .record({
      trio: fc.shuffledSubarray([...NATIONS], { minLength: 3, maxLength: 3 }),
      topics,
      from: fc.integer({ min: 0, max: SPAN_DAYS }),
      len: fc.option(fc.integer({ min: 1, max: 3_000 }), { nil: undefined }),
    })
    .map((c) => ({
      id,
      originator: c.trio[0]!,
      holder: c.trio[1]!,
      recipient: c.trio[2]!,
      topics: c.topics,
      fromMs: dayMs(c.from),
      ...(c.len === undefined ? {} : { untilMs: dayMs(c.from + c.len) }),
    }));

export const registryArb: fc.Arbitrary<CompiledRegistry> = fc
  .record({
    n: fc.integer({ min: 1, max: 5 }),
    c: fc.integer({ min: 0, max: 2 }),
  })
  .chain(({ n, c }) =>
    fc.tuple(
      fc.tuple(...Array.from({ length: n }, (_, i) => agreementArb(`a${i}`))),
      fc.tuple(...Array.from({ length: c }, (_, i) => consentArb(`c${i}`))),
    ),
  )
  .map(([agreements, consents]) => compileRegistry({ agreements, coalitions: [], consents }));

export const markingArb: fc.Arbitrary<Marking> = fc
  .record({
    originator: fc.constantFrom(...NATIONS),
    rank: fc.integer({ min: 0, max: 3 }),
    rel: fc.constantFrom('list', 'none', 'noforn'),
    others: fc.subarray([...NATIONS], { minLength: 1 }),
    orcon: fc.boolean(),
  })
  .map((m): Marking => {
    const level = schemeOf(m.originator).levels.find((l) => l.rank === m.rank)!.id;
    const others = m.others.filter((n) => n !== m.originator);
    const relTo = m.rel === 'list' && others.length > 0 ? sortRelTo([m.originator, ...others]) : null;
    return { originator: m.originator, level, relTo, noforn: m.rel === 'noforn', orcon: m.orcon };
  });

function sortRelTo(ns: Nation[]): Nation[] {
  return ns.sort((a, b) => (a === b ? 0 : a === 'USA' ? -1 : b === 'USA' ? 1 : a < b ? -1 : 1));
}

export const requestArb: fc.Arbitrary<DecisionRequest> = fc
  .record({
    marking: markingArb,
    holder: fc.option(fc.constantFrom(...NATIONS), { nil: undefined, freq: 3 }),
    recipient: fc.constantFrom(...NATIONS),
    via: fc.option(fc.constantFrom(...NATIONS), { nil: undefined, freq: 3 }),
    topic: fc.constantFrom(...(TOPIC_NAMES as Topic[])),
    day: fc.integer({ min: 0, max: SPAN_DAYS }),
    concerning: fc.option(fc.constantFrom<Nation>('PRK', 'CHN'), { nil: undefined }),
  })
  .map((r) => ({
    marking: r.marking,
    recipient: r.recipient,
    topic: r.topic,
    atMs: dayMs(r.day),
    ...(r.holder ? { holder: r.holder } : {}),
    ...(r.via ? { via: r.via } : {}),
    ...(r.concerning ? { concerning: r.concerning } : {}),
  }));
