import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareDates,
  foldRegistryEvents,
  type RegistryEvent,
  type RegistryFold,
  STATUSES,
} from '../../src/commitments/index.js';
import type { Nation } from '../../src/domain/index.js';
import { bundled } from './fixtures.js';

// The fold of registry events: the same events, in any order and with duplicates, make the same
// registry; a status changes only when every owner approved; history is only appended to.

const registry = bundled();
const T0 = Date.parse('2025-12-01T00:00:00Z');
const ENTRIES = ['trilateral-secretariat-2024', 'us-kor-sma-11', 'rec-rok-cptpp'] as const;
const NATIONS: Nation[] = ['USA', 'JPN', 'KOR'];
const DAYS = ['2025-11-20', '2025-11-25', '2025-11-30', '2025-12-01'];

const evidence = { date: '2025-11-20', source: { title: 'Public reporting' }, text: 'Reported.' };

const propose = (
  id: string,
  author: Nation,
  atMs: number,
  entry: string,
  asOf: string,
  status: RegistryEvent extends infer E ? (E extends { status: infer S } ? S : never) : never = 'met',
): RegistryEvent => ({ kind: 'propose-status', id, author, atMs, entry, status, asOf, evidence });
const approve = (
  id: string,
  author: Nation,
  atMs: number,
  entry: string,
  proposal: string,
): RegistryEvent => ({
  kind: 'approve-status',
  id,
  author,
  atMs,
  entry,
  proposal,
});

/** What a node shows of a fold: the entries' histories and the proposals' standing. */
function shown(f: RegistryFold) {
  return {
    history: ENTRIES.map((e) => f.registry.entry(e)!.status),
    proposals: f.proposals,
    refused: [...f.refused].sort((a, b) => (a.id + a.code < b.id + b.code ? -1 : 1)),
  };
}

/** Random events: proposals and approvals on three entries, by owners and by others, out of order. */
const events = fc
  .array(
    fc.record({
      approve: fc.boolean(),
      author: fc.constantFrom(...NATIONS),
      entry: fc.constantFrom(...ENTRIES),
      asOf: fc.constantFrom(...DAYS),
      status: fc.constantFrom(...STATUSES),
      dtMs: fc.integer({ min: 0, max: 50 }),
      target: fc.nat(),
    }),
    { maxLength: 24 },
  )
  .map((draws) => {
    const out: RegistryEvent[] = [];
    const proposals: { id: string; entry: string }[] = [];
    draws.forEach((d, i) => {
      const id = `${d.author}:e${i}`;
      const atMs = T0 + d.dtMs;
      if (d.approve && proposals.length > 0) {
        const p = proposals[d.target % proposals.length]!;
        out.push(approve(id, d.author, atMs, p.entry, p.id));
      } else {
        out.push(propose(id, d.author, atMs, d.entry, d.asOf, d.status));
        proposals.push({ id, entry: d.entry });
      }
    });
    return out;
  });

describe('foldRegistryEvents', () => {
  it("applies a sole owner's edit at once, a shared entry's only once every owner approved", () => {
    const p = propose('USA:p', 'USA', T0, 'us-kor-sma-11', '2025-11-30', 'in-progress');
    const pending = foldRegistryEvents(registry, [p]);
    expect(pending.proposals[0]).toMatchObject({ state: 'pending', owners: ['USA', 'KOR'] });
    expect(pending.registry.entry('us-kor-sma-11')!.status.at(-1)!.asOf).not.toBe('2025-11-30');
    const done = foldRegistryEvents(registry, [approve('KOR:a', 'KOR', T0 + 1, 'us-kor-sma-11', 'USA:p'), p]);
    expect(done.proposals[0]).toMatchObject({ state: 'in-force', effectiveMs: T0 + 1 });
    expect(done.registry.entry('us-kor-sma-11')!.status.at(-1)).toEqual({
      asOf: '2025-11-30',
      status: 'in-progress',
    });
    const sole = foldRegistryEvents(registry, [propose('KOR:p', 'KOR', T0, 'rec-rok-cptpp', '2025-11-30')]);
    expect(sole.proposals[0]).toMatchObject({ state: 'in-force' });
  });

  it('refuses a non-owner, an approval before its proposal, a second approval and an edit dated ahead', () => {
    const f = foldRegistryEvents(registry, [
      propose('JPN:p', 'JPN', T0, 'us-kor-sma-11', '2025-11-30'),
      approve('KOR:early', 'KOR', T0, 'us-kor-sma-11', 'USA:p'),
      propose('USA:p', 'USA', T0 + 1, 'us-kor-sma-11', '2025-11-30'),
      approve('USA:again', 'USA', T0 + 2, 'us-kor-sma-11', 'USA:p'),
      approve('JPN:a', 'JPN', T0 + 3, 'us-kor-sma-11', 'USA:p'),
      propose('KOR:ahead', 'KOR', T0, 'rec-rok-cptpp', '2025-12-02'),
    ]);
    expect(f.refused.map((r) => [r.id, r.code, r.field])).toEqual([
      // In the fold's order: time, then id.
      ['JPN:p', 'not-owner', 'entry'],
      ['KOR:ahead', 'invalid', 'asOf'],
      ['KOR:early', 'unknown-proposal', 'proposal'],
      ['USA:again', 'already-approved', 'proposal'],
      ['JPN:a', 'not-owner', 'entry'],
    ]);
    expect(f.proposals.map((p) => p.state)).toEqual(['pending']);
  });

  it('is the same fold whatever order the events come in, duplicates included (property)', () => {
    fc.assert(
      fc.property(
        events.chain((es) =>
          fc.tuple(
            fc.constant(es),
            fc.shuffledSubarray([...es, ...es], { minLength: 2 * es.length, maxLength: 2 * es.length }),
          ),
        ),
        ([es, shuffled]) => {
          const once = foldRegistryEvents(registry, es);
          const again = foldRegistryEvents(registry, shuffled);
          const a = shown(once);
          const b = shown(again);
          expect(b.history).toEqual(a.history);
          expect(b.proposals).toEqual(a.proposals);
          // The copies are refused as duplicates; nothing else differs.
          expect(b.refused.filter((r) => r.code !== 'duplicate')).toEqual(a.refused);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps every history in date order, and applies an edit only with every owner approving (property)', () => {
    fc.assert(
      fc.property(events, (es) => {
        const f = foldRegistryEvents(registry, es);
        for (const id of ENTRIES) {
          const h = f.registry.entry(id)!.status;
          for (let i = 1; i < h.length; i++)
            expect(compareDates(h[i - 1]!.asOf, h[i]!.asOf)).toBeLessThanOrEqual(0);
        }
        for (const p of f.proposals) {
          const all = p.owners.every((n) => p.approvals.some((a) => a.nation === n));
          expect(p.state === 'pending').toBe(!all);
          for (const a of p.approvals) expect(p.owners).toContain(a.nation);
        }
        const applied = f.proposals.filter((p) => p.state === 'in-force').length;
        const added = ENTRIES.reduce(
          (k, id) => k + f.registry.entry(id)!.status.length - registry.entry(id)!.status.length,
          0,
        );
        expect(added).toBe(applied);
      }),
      { numRuns: 200 },
    );
  });
});
