import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ConsultEvent, canonicalJson, foldConsultation } from '../../src/consult/index.js';
import type { Nation } from '../../src/domain/index.js';
import { C, convene, ev, MIN, registry, T0 } from './fixtures.js';

// Random consultations: events by participants and one outsider, at times around the convening, with
// small id spaces so that references hit (approvals of proposed versions) and miss, ids collide, and
// rules are broken. Markings cover releasable, restricted, NOFORN and unparseable.

const AUTHORS: readonly Nation[] = ['USA', 'JPN', 'KOR', 'AUS'];
const MARKINGS = [
  'UNCLASSIFIED',
  '//JPN SECRET//REL TO USA, JPN',
  '//KOR GRADE II//REL TO USA, JPN, KOR',
  '//JPN SECRET//NOFORN',
  'SECRET//REL TO USA, KOR',
  'NOT A MARKING',
];
const VERSION_IDS = ['USA:v0', 'USA:v1', 'JPN:v0', 'JPN:v1', 'KOR:v0'];

const author = fc.constantFrom(...AUTHORS);
const nationArb = fc.constantFrom(...AUTHORS);
const atMs = fc.integer({ min: -2, max: 40 }).map((m) => T0 + m * MIN);
const idNum = fc.integer({ min: 0, max: 6 });
const version = fc.constantFrom(...VERSION_IDS);
const marking = fc.constantFrom(...MARKINGS);
const text = fc.constantFrom('Agreed.', 'We condemn the launch.', 'Not agreed.');

const eventArb: fc.Arbitrary<ConsultEvent> = fc.oneof(
  fc
    .record({ a: author, t: atMs, n: idNum, who: nationArb })
    .map(({ a, t, n, who }) => ev(a, `ack${n}`, t, 'acknowledge', { nation: who })),
  fc
    .record({ a: author, t: atMs, n: idNum, m: marking, x: text })
    .map(({ a, t, n, m, x }) => ev(a, `p${n}`, t, 'post', { entry: 'message', text: x, marking: m })),
  fc
    .record({ a: author, t: atMs, n: fc.integer({ min: 0, max: 1 }), r: fc.option(version), x: text })
    .map(({ a, t, n, r, x }) =>
      ev(a, `v${n}`, t, 'propose-statement-version', {
        statement: 'joint',
        text: x,
        ...(r !== null ? { replaces: r } : {}),
      }),
    ),
  fc
    .record({ a: author, t: atMs, n: idNum, v: version, self: fc.boolean(), who: nationArb })
    .map(({ a, t, n, v, self, who }) =>
      ev(a, `ap${n}`, t, 'approve-version', { version: v, nation: self ? a : who }),
    ),
  fc
    .record({ a: author, t: atMs, n: idNum, v: version })
    .map(({ a, t, n, v }) => ev(a, `rj${n}`, t, 'reject-version', { version: v, nation: a, reason: 'No.' })),
  fc
    .record({ a: author, t: atMs, n: idNum, to: fc.constantFrom('ministerial', 'leaders'), who: nationArb })
    .map(({ a, t, n, to, who }) =>
      ev(a, `esc${n}`, t, 'escalate-level', {
        to: to as 'ministerial' | 'leaders',
        reason: 'Escalate.',
        cause: { kind: 'missed-ack', nations: [who] },
      }),
    ),
  fc
    .record({ a: author, t: atMs, n: idNum, m: marking })
    .map(({ a, t, n, m }) => ev(a, `pos${n}`, t, 'record-position', { text: 'Our position.', marking: m })),
  fc
    .record({ a: author, t: atMs, n: idNum, x: text })
    .map(({ a, t, n, x }) => ev(a, `ro${n}`, t, 'publish-readout', { statement: 'joint', text: x })),
  fc
    .record({ a: author, t: fc.integer({ min: 10, max: 45 }).map((m) => T0 + m * MIN) })
    .map(({ a, t }) => ev(a, 'close', t, 'close', {})),
);

/** A scripted core that reaches agreement unless the random events get in its way. */
const CORE: readonly ConsultEvent[] = [
  ev('USA', 'v0', T0 + MIN, 'propose-statement-version', {
    statement: 'joint',
    text: 'We condemn the launch.',
  }),
  ...(['USA', 'JPN', 'KOR'] as const).map((n) =>
    ev(n, 'apc', T0 + 3 * MIN, 'approve-version', { version: 'USA:v0', nation: n }),
  ),
  ...(['USA', 'KOR'] as const).map((n) => ev(n, 'ackc', T0 + 2 * MIN, 'acknowledge', { nation: n })),
];

/** A log, and a delivery of it: every event at least once, some several times, in any order, as copies. */
const deliveryArb = fc.tuple(fc.array(eventArb, { maxLength: 40 }), fc.boolean()).chain(([log, core]) => {
  const all = [convene, ...(core ? CORE : []), ...log];
  return fc
    .tuple(
      fc.array(fc.nat({ max: all.length - 1 }), { maxLength: 20 }),
      fc.array(fc.nat(), { minLength: all.length + 20, maxLength: all.length + 20 }),
    )
    .map(([dups, keys]) => {
      const delivered = [...all, ...dups.map((i) => all[i]!)].map((e) => structuredClone(e));
      const order = delivered.map((e, i) => ({ e, k: keys[i]! })).sort((x, y) => x.k - y.k);
      return { log: all, delivered: order.map((x) => x.e) };
    });
});

const nowArb = fc.integer({ min: 0, max: 60 }).map((m) => T0 + m * MIN);

describe('the state is a function of the set of events', () => {
  it('any permutation and duplication of the events gives the same state', () => {
    fc.assert(
      fc.property(deliveryArb, nowArb, ({ log, delivered }, nowMs) => {
        const a = foldConsultation(log, { nowMs, registry });
        const b = foldConsultation(delivered, { nowMs, registry });
        expect(canonicalJson(b)).toBe(canonicalJson(a));
      }),
      { numRuns: 400 },
    );
  });

  it('every distinct event is either applied or rejected, never both and never lost', () => {
    fc.assert(
      fc.property(deliveryArb, nowArb, ({ log }, nowMs) => {
        const s = foldConsultation(log, { nowMs, registry });
        const distinct = new Set(log.map((e) => canonicalJson(e)));
        expect(s.applied.length + s.rejected.length).toBe(distinct.size);
        expect(new Set(s.applied).size).toBe(s.applied.length);
        const rejectedIds = new Set(s.rejected.map((r) => r.id));
        for (const id of s.applied) expect(rejectedIds.has(id)).toBe(false);
        expect(s.id).toBe(C);
      }),
      { numRuns: 300 },
    );
  });

  it('an agreed statement has every participant’s approval of that very version, by the participant itself', () => {
    fc.assert(
      fc.property(deliveryArb, ({ log }) => {
        const s = foldConsultation(log, { nowMs: T0 + 60 * MIN, registry });
        fc.pre(s.statements.some((st) => st.agreed !== null) || s.closed !== null);
        for (const st of s.statements) {
          if (!st.agreed) continue;
          const v = st.versions.find((x) => x.id === st.agreed!.version)!;
          expect(v.supersededBy).toEqual([]);
          expect(st.agreed.approvals.map((a) => a.nation)).toEqual(s.participants);
          for (const a of st.agreed.approvals) {
            expect(a.version).toBe(v.id);
            expect(a.event.startsWith(`${a.nation}:`)).toBe(true);
          }
        }
        // Nothing but readouts is applied after the close.
        if (s.closed) {
          const closeAt = s.applied.indexOf(s.closed.event);
          const after = s.applied.slice(closeAt + 1);
          expect(after.every((id) => s.readouts.some((r) => r.id === id))).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
