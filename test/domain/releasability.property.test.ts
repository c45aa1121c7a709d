import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cachedDecider,
  type Decision,
  type DecisionRequest,
  decide,
  levelById,
  mapLevel,
  schemeOf,
  statusAt,
} from '../../src/domain/index.js';
import { registryArb, requestArb } from '../../src/testing/arbitraries.js';
import { oracleDecide } from '../../src/testing/oracle.js';

const runs = { numRuns: 3_000 };
const caseArb = fc.tuple(registryArb, requestArb);

describe('releasability properties over random registries, histories, markings and times', () => {
  it('never allows a hop without an agreement in force that covers the topic and the level', () => {
    fc.assert(
      fc.property(caseArb, ([reg, req]) => {
        const d = decide(req, reg);
        if (!d.allow) return;
        if (d.rule === 'diplomatic-channel') {
          // Governance acts: unclassified, between nations that share an agreement or a coalition.
          expect(req.topic).toBe('governance');
          expect(levelById(req.marking.originator, req.marking.level).rank).toBe(0);
          for (const hop of d.hops) {
            const shared =
              reg.between(hop.from, hop.to).length > 0 ||
              reg.coalitions.some(
                (c) =>
                  c.members.some((m) => m.nation === hop.from) && c.members.some((m) => m.nation === hop.to),
              );
            expect(shared).toBe(true);
          }
          return;
        }
        let level = req.holder && req.holder !== req.marking.originator ? null : req.marking.level;
        for (const hop of d.hops) {
          if (hop.agreement === null) {
            expect(hop.to).toBe(req.marking.originator);
            continue;
          }
          const a = reg.agreement(hop.agreement)!;
          expect(statusAt(a, req.atMs).inForce).toBe(true);
          expect(a.scope?.topics).toContain(req.topic);
          expect(a.parties).toContain(hop.from);
          expect(a.parties).toContain(hop.to);
          if (level !== null) expect(mapLevel(a, hop.from, level, hop.to)).toBe(hop.levelAtRecipient);
          level = hop.levelAtRecipient;
        }
      }),
      runs,
    );
  });

  it('never allows NOFORN to a foreign recipient, and always respects REL TO', () => {
    fc.assert(
      fc.property(caseArb, ([reg, req]) => {
        const d = decide(req, reg);
        const foreign = d.route.slice(1).filter((n) => n !== req.marking.originator);
        if (foreign.length === 0 || (req.holder ?? req.marking.originator) === req.recipient) return;
        if (req.marking.noforn) expect(d.allow).toBe(false);
        if (d.allow && req.marking.relTo) for (const n of foreign) expect(req.marking.relTo).toContain(n);
        if (d.allow && !req.marking.relTo)
          expect(levelById(req.marking.originator, req.marking.level).rank).toBe(0);
      }),
      runs,
    );
  });

  it('allows a lower level wherever it allows a higher one', () => {
    fc.assert(
      fc.property(caseArb, ([reg, req]) => {
        if (!decide(req, reg).allow) return;
        const rank = levelById(req.marking.originator, req.marking.level).rank;
        for (const lower of schemeOf(req.marking.originator).levels.filter((l) => l.rank < rank)) {
          const q: DecisionRequest = { ...req, marking: { ...req.marking, level: lower.id } };
          expect(decide(q, reg).allow, `${lower.id} below ${req.marking.level}`).toBe(true);
        }
      }),
      runs,
    );
  });

  it('agrees with the differential oracle on allow and level', () => {
    fc.assert(
      fc.property(caseArb, ([reg, req]) => {
        const d = decide(req, reg);
        const o = oracleDecide(req, reg);
        expect({ allow: d.allow, levelAtRecipient: d.levelAtRecipient }).toEqual(o);
      }),
      { numRuns: 5_000 },
    );
  });

  it('gives the same decision through the cache as without it, at any time in the same epoch', () => {
    fc.assert(
      fc.property(registryArb, fc.array(requestArb, { minLength: 1, maxLength: 30 }), (reg, reqs) => {
        const cache = cachedDecider(reg);
        const seen: [DecisionRequest, Decision][] = [];
        for (const q of [...reqs, ...reqs]) {
          const d = cache.decide(q);
          expect(d).toEqual(decide(q, reg));
          seen.push([q, d]);
        }
        expect(cache.hits).toBeGreaterThanOrEqual(reqs.length);
      }),
      { numRuns: 500 },
    );
  });
});
