import { afterEach, describe, expect, it } from 'vitest';
import { parseRules, type Trigger } from '../../src/consult/index.js';
import type { Nation } from '../../src/domain/index.js';
import type { EmbeddedNetwork } from '../../src/exercise/embedded.js';
import { ConsultationDesk, MemoryConsultEvents } from '../../src/node/consultations.js';
import { MemoryAudit } from '../../src/testing/memory-ports.js';
import { bundledRegistry } from '../domain/fixtures.js';
import { irbmScenario, memoryNetwork } from '../support/embedded.js';

// A rule whose convener is another nation than the one whose node sees its trigger: the node sends
// the trigger to the convener's node (under the agreements: consultation traffic), whose own rules
// convene. Three in-process nodes on the bundled agreements, at the IRBM scenario's instant (2022).

const RULES = `rules:
  - id: incursion-japan-convenes
    description: An incursion into the test zone, wherever seen, is Japan's to convene with the three.
    when: { kind: maritime-incursion, zone: [test-zone] }
    convene:
      convener: JPN
      subject: "Incursion {id} into {zone}"
      participants: [USA, JPN, KOR]
      level: working
      ackWithinMinutes: 30
    assumption: true
`;
const rules = parseRules(RULES, 'rules.yaml', bundledRegistry());
const trigger: Trigger = { kind: 'maritime-incursion', id: 'incident-1', zone: 'test-zone' };

let net: EmbeddedNetwork | undefined;
afterEach(() => net?.close());

function network(audits: Map<Nation, MemoryAudit>): EmbeddedNetwork {
  const scenario = irbmScenario();
  net = memoryNetwork({
    scenario: { ...scenario, missiles: [], sensors: [], watch: [], incidents: [] },
    consultRules: rules,
    audits,
  });
  return net;
}

const kinds = (a: MemoryAudit, kind: string) => a.records.filter((r) => r.kind === kind);

describe("a rule naming another nation's node as convener", () => {
  it('sends the trigger to the convener, whose node convenes; the three hold the consultation', () => {
    const audits = new Map<Nation, MemoryAudit>();
    const n = network(audits);
    const t0 = n.sched.nowMs();
    // Korea's node sees the incursion: it convenes nothing itself, but tells Japan.
    expect(
      n.nodes.get('KOR')!.consult.raise(trigger, 'incident incident-1: a ship entered test-zone'),
    ).toEqual([]);
    expect(kinds(audits.get('KOR')!, 'consult-trigger-forwarded')).toEqual([
      expect.objectContaining({
        subject: 'incident-1',
        detail: expect.objectContaining({ convener: 'JPN' }),
      }),
    ]);
    n.runUntil(t0 + 10_000);
    const held = (nation: Nation) => n.nodes.get(nation)!.consult.list();
    const [c] = held('JPN');
    expect(c).toMatchObject({ convener: 'JPN', participants: ['USA', 'JPN', 'KOR'], level: 'working' });
    expect(c!.trigger).toMatchObject({ kind: 'maritime-incursion', id: 'incident-1' });
    for (const nation of ['USA', 'KOR'] as const) expect(held(nation).map((s) => s.id)).toEqual([c!.id]);
    expect(kinds(audits.get('JPN')!, 'consult-trigger-received')).toHaveLength(1);
    // Raised again (every assessment raises a standing trigger), it is not sent again.
    n.nodes.get('KOR')!.consult.raise(trigger, 'again');
    n.runUntil(t0 + 20_000);
    expect(kinds(audits.get('KOR')!, 'consult-trigger-forwarded')).toHaveLength(1);
    expect(held('JPN')).toHaveLength(1);
  });

  it("refuses, audited, a trigger the convener's own rules do not call on it to convene", () => {
    const audits = new Map<Nation, MemoryAudit>();
    const n = network(audits);
    const t0 = n.sched.nowMs();
    const jpn = n.nodes.get('JPN')!;
    const item = (t: unknown) => ({
      item: {
        id: '0193a0b0-0000-7000-8000-000000000001',
        originator: 'KOR' as const,
        topic: 'consultation' as const,
        marking: '//KOR SECRET//REL TO USA, JPN, KOR',
        createdMs: t0,
        payload: { kind: 'consultation-trigger', trigger: t, label: 'seen' },
      },
      sender: 'KOR' as const,
      levelHere: 'GOKUHI',
      receivedMs: t0,
    });
    expect(jpn.consult.receiveTrigger(item({ ...trigger, zone: 'elsewhere' }))).toEqual([]);
    expect(jpn.consult.receiveTrigger(item({ kind: 'maritime-incursion' }))).toEqual([]);
    expect(
      kinds(audits.get('JPN')!, 'consult-trigger-refused').map((r) => (r.detail as { code: string }).code),
    ).toEqual(['no-rule', 'malformed']);
    expect(jpn.consult.list()).toEqual([]);
  });
});

describe('a desk restarted on its store', () => {
  // Ids unique across the desks, as a node's UUIDv7 are across restarts.
  let n = 0;
  const desk = (events: MemoryConsultEvents, run: string | undefined) => {
    const d = new ConsultationDesk({
      nation: 'JPN',
      partners: ['USA', 'KOR'],
      clock: { nowMs: () => Date.parse('2024-06-01T00:00:00Z') },
      timers: { after: () => {} },
      registry: () => bundledRegistry(),
      events,
      audit: new MemoryAudit(),
      publish: () => {},
      newId: () => `0190a0b0-0000-7000-8000-${String(++n).padStart(12, '0')}`,
      marking: '//JPN SECRET//REL TO USA, JPN, KOR',
      rules,
      ...(run !== undefined ? { run } : {}),
    });
    d.start();
    return d;
  };

  it('recognises the consultation it convened on the same trigger in the same run, and convenes afresh in a new one', () => {
    const events = new MemoryConsultEvents();
    const first = desk(events, 'irbm:1:1000');
    expect(first.raise(trigger, 'seen').map((r) => r.ok)).toEqual([true]);
    expect(first.list()[0]!.trigger).toMatchObject({ id: 'incident-1', run: 'irbm:1:1000' });
    // The node restarts in the same run: the trigger raised again joins nothing new.
    const again = desk(events, 'irbm:1:1000');
    expect(again.raise(trigger, 'seen again')).toEqual([]);
    expect(again.list()).toHaveLength(1);
    // Another trigger of the same rule in the same run joins it (a further item), as before the restart.
    expect(again.raise({ ...trigger, id: 'incident-2' }, 'another').map((r) => r.ok && r.event.kind)).toEqual(
      ['post'],
    );
    // A new run on the old store convenes afresh.
    const next = desk(events, 'irbm:1:2000');
    expect(next.raise(trigger, 'seen in the new run').map((r) => r.ok && r.event.kind)).toEqual(['convene']);
    expect(next.list()).toHaveLength(2);
  });
});
