import { afterEach, describe, expect, it } from 'vitest';
import type { StatusEdit } from '../../src/commitments/index.js';
import type { Nation } from '../../src/domain/index.js';
import type { EmbeddedNetwork } from '../../src/exercise/embedded.js';
import type { LinkItem } from '../../src/link/index.js';
import type { MemoryAudit } from '../../src/testing/memory-ports.js';
import { bundled } from '../commitments/fixtures.js';
import { irbmScenario, memoryNetwork } from '../support/embedded.js';

// The commitments registry as a shared record, across three in-process nodes on the bundled
// agreements: an edit is signed by its author nation, sent under topic `registry` (carried by the
// Camp David commitment from 2023-08-18), stored and audited at every partner, and every node
// folds the same registry. The nodes' day is 2025-12-01.

const registry = bundled();
const START_MS = Date.parse('2025-12-01T00:00:00Z');
const NATIONS: Nation[] = ['USA', 'JPN', 'KOR'];

let net: EmbeddedNetwork | undefined;
afterEach(() => net?.close());

function network(audits = new Map<Nation, MemoryAudit>()): EmbeddedNetwork {
  const scenario = irbmScenario();
  net = memoryNetwork({
    scenario: { ...scenario, startMs: START_MS, missiles: [], sensors: [], watch: [], incidents: [] },
    audits,
    commitments: () => registry,
  });
  return net;
}

const evidence = (date: string, text: string) => ({
  date,
  source: { title: 'Public reporting', date },
  text,
});

/** What each node holds of an entry: its history and the proposals folded, as plain data. */
function held(n: EmbeddedNetwork, entry: string) {
  return NATIONS.map((nation) => {
    const d = n.nodes.get(nation)!.commitments!;
    return {
      history: d.registry().entry(entry)!.status,
      proposals: d.proposals(entry).map((p) => ({
        id: p.id,
        state: p.state,
        approvals: p.approvals.map((a) => a.nation),
      })),
    };
  });
}

describe('the commitments registry replicated between three nodes', () => {
  it("an owner's edit reaches every partner; a shared entry changes only when every owner approved", () => {
    const audits = new Map<Nation, MemoryAudit>();
    const n = network(audits);
    const kor = n.nodes.get('KOR')!.commitments!;
    const usa = n.nodes.get('USA')!.commitments!;
    const jpn = n.nodes.get('JPN')!.commitments!;
    // Korea alone owns rec-rok-cptpp: in force at once, and at every node once delivered.
    const edit: StatusEdit = {
      entry: 'rec-rok-cptpp',
      nation: 'KOR',
      status: 'in-progress',
      asOf: '2025-11-30',
      evidence: evidence('2025-11-30', 'Accession talks resumed.'),
    };
    expect(kor.edit('api:KOR', edit)).toMatchObject({ ok: true, proposal: { state: 'in-force' } });
    n.runUntil(START_MS + 5_000);
    for (const h of held(n, 'rec-rok-cptpp'))
      expect(h.history.at(-1)).toEqual({ asOf: '2025-11-30', status: 'in-progress' });
    // Stored with who sent it, and audited at the receiver.
    expect(jpn.edits('rec-rok-cptpp')).toEqual([expect.objectContaining({ by: 'link:KOR', nation: 'KOR' })]);
    expect(audits.get('JPN')!.records.filter((r) => r.kind === 'registry-event-received')).toEqual([
      expect.objectContaining({
        actor: 'KOR',
        subject: 'rec-rok-cptpp',
        detail: expect.objectContaining({ state: 'in-force' }),
      }),
    ]);

    // The secretariat is the three's: the USA's proposal waits for Japan's and Korea's approvals.
    const shared: StatusEdit = {
      entry: 'trilateral-secretariat-2024',
      nation: 'USA',
      status: 'in-progress',
      asOf: '2025-11-28',
      note: 'secretary-general post vacant',
      evidence: evidence('2025-11-28', 'The post is vacant.'),
    };
    const proposed = usa.edit('api:USA', shared);
    expect(proposed).toMatchObject({ ok: true, proposal: { state: 'pending' } });
    const id = proposed.ok ? proposed.proposal.id : '';
    n.runUntil(START_MS + 10_000);
    for (const h of held(n, 'trilateral-secretariat-2024')) {
      expect(h.history.at(-1)).toMatchObject({ asOf: '2024-11-20', status: 'met' });
      expect(h.proposals).toEqual([{ id, state: 'pending', approvals: ['USA'] }]);
    }
    expect(jpn.approve('api:JPN', 'trilateral-secretariat-2024', id)).toMatchObject({
      ok: true,
      proposal: { state: 'pending' },
    });
    n.runUntil(START_MS + 15_000);
    expect(held(n, 'trilateral-secretariat-2024').map((h) => h.history.at(-1)!.status)).toEqual([
      'met',
      'met',
      'met',
    ]);
    expect(kor.approve('api:KOR', 'trilateral-secretariat-2024', id)).toMatchObject({
      ok: true,
      proposal: { state: 'in-force' },
    });
    n.runUntil(START_MS + 20_000);
    const after = held(n, 'trilateral-secretariat-2024');
    for (const h of after) {
      expect(h.history.at(-1)).toEqual({
        asOf: '2025-11-28',
        status: 'in-progress',
        note: 'secretary-general post vacant',
      });
      expect(h.proposals).toEqual([{ id, state: 'in-force', approvals: ['USA', 'JPN', 'KOR'] }]);
    }
    // Approving twice, or as a non-owner, is refused and audited.
    expect(kor.approve('api:KOR', 'trilateral-secretariat-2024', id)).toMatchObject({
      ok: false,
      code: 'not-pending',
    });
    expect(jpn.approve('api:JPN', 'us-kor-sma-11', id)).toMatchObject({ ok: false, code: 'not-owner' });
    expect(
      audits
        .get('JPN')!
        .records.filter((r) => r.kind === 'commitment-edit-refused')
        .map((r) => (r.detail as { code: string }).code),
    ).toEqual(['not-owner']);
  });

  it('folds the same registry on every node through drops, duplicates and a partition; a late approval that would rewrite history is a conflict', () => {
    const n = network();
    n.net.setFaults({ dropRate: 0.3, duplicateRate: 0.3, delayMs: { min: 1, max: 400 } });
    n.net.partition('USA', 'KOR');
    const desk = (nation: Nation) => n.nodes.get(nation)!.commitments!;
    const entry = 'trilateral-secretariat-2024';
    const edit = (nation: Nation, status: StatusEdit['status'], asOf: string): StatusEdit => ({
      entry,
      nation,
      status,
      asOf,
      evidence: evidence(asOf, `${nation}'s reading on ${asOf}.`),
    });
    // Cut off from each other, the USA and Korea propose different statuses for the same entry.
    const a = desk('USA').edit('api:USA', edit('USA', 'in-progress', '2025-11-20'));
    const b = desk('KOR').edit('api:KOR', edit('KOR', 'met', '2025-11-25'));
    expect(a.ok && b.ok).toBe(true);
    n.runUntil(START_MS + 30_000);
    // Healed, each holds both; Korea's is approved first, then the USA's: by the time the USA's
    // has every approval, the history has Korea's later record, so the USA's is a conflict.
    n.net.heal('USA', 'KOR');
    n.runUntil(START_MS + 120_000);
    const [usaId, korId] = [a, b].map((r) => (r.ok ? r.proposal.id : ''));
    for (const nation of ['JPN', 'USA'] as const)
      expect(desk(nation).approve(`api:${nation}`, entry, korId!).ok).toBe(true);
    n.runUntil(START_MS + 240_000);
    for (const nation of ['JPN', 'KOR'] as const)
      expect(desk(nation).approve(`api:${nation}`, entry, usaId!).ok).toBe(true);
    n.net.setFaults({ dropRate: 0, duplicateRate: 0, delayMs: { min: 1, max: 5 } });
    n.runUntil(START_MS + 600_000);
    const views = held(n, entry);
    // Every node folds the same.
    expect(views[1]).toEqual(views[0]);
    expect(views[2]).toEqual(views[0]);
    const state = Object.fromEntries(views[0]!.proposals.map((p) => [p.id, p.state]));
    expect(state).toEqual({ [korId!]: 'in-force', [usaId!]: 'conflict' });
    expect(views[0]!.history.at(-1)).toMatchObject({ asOf: '2025-11-25', status: 'met' });
    expect(views[0]!.history.some((h) => h.asOf === '2025-11-20')).toBe(false);
  });

  it('refuses and audits forged, non-owner and replayed events, storing nothing', () => {
    const audits = new Map<Nation, MemoryAudit>();
    const n = network(audits);
    const usa = n.nodes.get('USA')!;
    const kor = n.nodes.get('KOR')!;
    expect(
      kor.commitments!.edit('api:KOR', {
        entry: 'rec-rok-cptpp',
        nation: 'KOR',
        status: 'met',
        asOf: '2025-11-30',
        evidence: evidence('2025-11-30', 'Joined.'),
      }).ok,
    ).toBe(true);
    n.runUntil(START_MS + 5_000);
    const stored = () => usa.commitments!.edits().length;
    expect(stored()).toBe(1);
    const genuine = usa.commitments!.edits()[0]!.edit as Record<string, unknown>;
    let seq = 0;
    // A hostile Japan sends, under its own signature (the link verifies it), what it may not.
    const send = (event: Record<string, unknown>) =>
      n.nodes.get('JPN')!.link.publish(
        {
          id: `0193a0b0-0000-7000-8000-${String(++seq).padStart(12, '0')}`,
          originator: 'JPN',
          topic: 'registry',
          marking: '//JPN UNCLASSIFIED',
          createdMs: n.sched.nowMs(),
          payload: { kind: 'registry-event', event },
        } satisfies LinkItem,
        ['USA'],
      );
    const at = n.sched.nowMs();
    // Korea's event, claimed by Japan: forged.
    send({ ...genuine, id: 'KOR:forged-1', atMs: at });
    // Japan editing an entry Korea alone owns.
    send({ ...genuine, id: 'JPN:x-1', author: 'JPN', atMs: at });
    // Japan approving with a proposal id that names Korea's: an entry Japan does not own.
    send({
      kind: 'approve-status',
      id: 'JPN:x-2',
      author: 'JPN',
      atMs: at,
      entry: 'rec-rok-cptpp',
      proposal: genuine.id,
    });
    // Not a registry event at all.
    send({ kind: 'propose-status', id: 'JPN:x-3' });
    n.runUntil(at + 5_000);
    // Korea's own event again, under a fresh item of Korea's: a replay.
    kor.link.publish(
      {
        id: '0193a0b0-0000-7000-8000-00000000ffff',
        originator: 'KOR',
        topic: 'registry',
        marking: '//KOR UNCLASSIFIED',
        createdMs: n.sched.nowMs(),
        payload: { kind: 'registry-event', event: { ...genuine, atMs: n.sched.nowMs() } },
      },
      ['USA'],
    );
    n.runUntil(at + 10_000);
    expect(stored()).toBe(1);
    const refused = audits
      .get('USA')!
      .records.filter((r) => r.kind === 'registry-event-refused')
      .map((r) => [r.actor, (r.detail as { code: string }).code]);
    expect(refused).toEqual([
      ['JPN', 'not-author'],
      ['JPN', 'not-owner'],
      ['JPN', 'not-owner'],
      ['JPN', 'malformed'],
      ['KOR', 'replay'],
    ]);
    expect(usa.status().refused).toMatchObject({ JPN: expect.anything() });
  });
});
