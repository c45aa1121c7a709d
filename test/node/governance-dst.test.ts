import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decide, type Nation, parseMarking, TRILATERAL } from '../../src/domain/index.js';
import { generateSigningKeyPair } from '../../src/link/index.js';
import { createRng, parseScenario, parseSensorSites } from '../../src/sim/index.js';
import type { MemoryAudit } from '../../src/testing/memory-ports.js';
import { memoryNetwork } from '../support/embedded.js';

// Governance across three nodes on a faulty network (drops, duplicates, delays that reorder,
// partitions that heal): from one seed, random acts by random nations; once the network heals,
// every party of an agreement folds it the same, and every act one node took is held by every
// party among its partners (applied, or refused by the fold alike on all). Crashes are not simulated here (the nodes keep their acts in memory).

const ROOT = join(import.meta.dirname, '..', '..');
const sites = parseSensorSites(readFileSync(join(ROOT, 'data', 'sensor-sites.yaml'), 'utf8'), 'sites');
const scenario = parseScenario(
  readFileSync(join(ROOT, 'scenarios', 'korea-irbm-over-japan.yaml'), 'utf8'),
  'korea-irbm-over-japan.yaml',
  sites,
);
const keys = new Map(TRILATERAL.map((n) => [n, generateSigningKeyPair()]));
const TARGETS = ['jpn-kor-gsomia-2016', 'us-kor-gsomia-1987', 'us-jpn-gsomia-2007', 'tisa-2014'];
const MAX_DELAY_MS = 800;
const BANNER: Record<string, string> = {
  USA: 'SECRET//REL TO USA, JPN, KOR',
  JPN: '//JPN SECRET//REL TO USA, JPN, KOR',
  KOR: '//KOR SECRET//REL TO USA, JPN, KOR',
};
const KINDS = ['suspend', 'resume', 'notice', 'suspend-notice', 'withdraw-notice', 'narrow'] as const;

function run(seed: number) {
  const rng = createRng(seed, 'governance-dst');
  const audits = new Map<Nation, MemoryAudit>();
  const net = memoryNetwork({
    scenario: { ...scenario, watch: [], incidents: [], missiles: [], sensors: [] },
    keys,
    audits,
    seed,
  });
  net.net.setFaults({ dropRate: 0.25, duplicateRate: 0.1, delayMs: { min: 1, max: MAX_DELAY_MS } });
  let t = scenario.startMs;
  const taken: { id: string; author: Nation; target: string }[] = [];
  for (let step = 0; step < 40; step++) {
    t += 200 + rng.int(2_000);
    net.runUntil(t);
    const r = rng.int(10);
    if (r === 0) {
      const [a, b] = [TRILATERAL[rng.int(3)]!, TRILATERAL[rng.int(3)]!];
      if (a !== b) net.net.partition(a, b);
    } else if (r === 1) net.net.healAll();
    const nation = TRILATERAL[rng.int(3)]!;
    const kind = KINDS[rng.int(KINDS.length)]!;
    const target = TARGETS[rng.int(TARGETS.length)]!;
    const body =
      kind === 'narrow'
        ? { maxLevel: ['CONFIDENTIAL', 'SECRET', 'TOP SECRET'][rng.int(3)] }
        : kind === 'notice'
          ? { effective: '2030-01-01' }
          : {};
    // A probe item among the acts: the receiver's node refuses its payload kind once the link has
    // let it in, and audits when: that record is the item's crossing.
    const from = TRILATERAL[rng.int(3)]!;
    net.nodes.get(from)!.link.publish(
      {
        id: `0190f5e0-0000-7000-8000-${String(step).padStart(12, '0')}`,
        originator: from,
        topic: 'missile-warning',
        marking: BANNER[from]!,
        concerning: 'PRK',
        createdMs: t,
        payload: { kind: 'probe' },
      },
      TRILATERAL.filter((n) => n !== from),
    );
    const res = net.nodes.get(nation)!.governance.act(kind, target, body, 'dst');
    if (res.ok) taken.push({ id: res.act.id, author: nation, target });
  }
  // The network heals and is quiet long enough for every retry to land.
  net.net.healAll();
  net.net.setFaults({ dropRate: 0, duplicateRate: 0, delayMs: { min: 1, max: 5 } });
  net.runUntil(t + 300_000);
  return { net, taken, audits };
}

describe('governance under faults (deterministic simulation)', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: every party folds each agreement the same, every act taken is held by every party, no probe landed that the acts forbade when sent`, () => {
      const { net, taken, audits } = run(seed);
      expect(taken.length).toBeGreaterThan(3);
      for (const id of TARGETS) {
        const parties = net.nodes
          .get('USA')!
          .registry()
          .agreement(id)!
          .parties.filter((p) => net.nodes.has(p));
        const folded = parties.map((p) => {
          const node = net.nodes.get(p)!;
          return JSON.stringify({
            agreement: node.registry().agreement(id),
            acts: node.governance.state().applied.filter((a) => a.target === id),
            refused: node.governance
              .state()
              .rejected.filter((r) => taken.some((x) => x.id === r.id && x.target === id))
              .map((r) => [r.id, r.code]),
          });
        });
        for (const f of folded) expect(f, `${id} on ${parties.join(', ')}`).toBe(folded[0]);
      }
      for (const act of taken) {
        const parties = net.nodes.get(act.author)!.registry().agreement(act.target)!.parties;
        for (const p of parties) {
          if (!net.nodes.has(p)) continue;
          // Held: applied, or refused by the fold alike on every party (a concurrent act dated
          // earlier may have made it invalid after it was taken: the fold is the judge).
          const s = net.nodes.get(p)!.governance.state();
          expect(
            s.applied.some((a) => a.id === act.id) || s.rejected.some((r) => r.id === act.id),
            `${act.id} at ${p}`,
          ).toBe(true);
        }
      }
      // No probe landed that the receiver's registry, as every act folded it, forbade when it was sent.
      let crossings = 0;
      for (const [receiver, audit] of audits) {
        for (const r of audit.records) {
          const d = r.detail as { code?: string; sender?: Nation };
          if (r.kind !== 'partner-payload-refused' || d.code !== 'unknown-kind') continue;
          crossings++;
          const originator = r.actor as Nation;
          const req = {
            marking: parseMarking(BANNER[originator]!, { input: 'probe' }),
            recipient: receiver,
            topic: 'missile-warning' as const,
            concerning: 'PRK' as const,
            atMs: r.tMs,
            ...(d.sender !== originator ? { via: d.sender! } : {}),
          };
          // Released by the sender (and its relay) at most the network's delay before it landed:
          // an act cannot recall what is already on the wire, so the flow must have been allowed then
          // or at the landing, as every act folds the receiver's registry.
          const reg = net.nodes.get(receiver)!.registry();
          const allowed =
            decide(req, reg).allow || decide({ ...req, atMs: r.tMs - MAX_DELAY_MS - 1 }, reg).allow;
          expect(allowed, `${r.subject} at ${receiver}`).toBe(true);
        }
      }
      expect(crossings).toBeGreaterThan(10);
      net.close();
    });
  }
});
