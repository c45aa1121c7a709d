// A partner's shared maritime events are bounded per partner: a partner that floods a node with
// events pushes out its own oldest, never another partner's, in the SQLite store and in memory.

import { describe, expect, it } from 'vitest';
import type { Nation } from '../../src/domain/index.js';
import type { LinkItem, ReceivedItem } from '../../src/link/index.js';
import {
  MemoryMaritimeHistory,
  PartnerEventCap,
  PartnerPicture,
  receiveMaritime,
} from '../../src/node/maritime/index.js';
import type { MaritimeHistory } from '../../src/store/index.js';
import { openStore } from '../../src/store/index.js';
import { MemoryAudit } from '../../src/testing/memory-ports.js';

const T0 = Date.parse('2026-12-07T02:00:00Z');

function eventItem(originator: Nation, n: number): ReceivedItem {
  const item: LinkItem = {
    id: `${originator}-item-${n}`,
    originator,
    topic: 'maritime',
    marking: 'UNCLASSIFIED',
    createdMs: T0,
    payload: {
      kind: 'maritime-event',
      id: `${originator}-event-${n}`,
      type: 'loitering',
      mmsi: [412_000_000 + n],
      startMs: T0 - 7_200_000,
      endMs: T0 - 3_600_000,
      latDeg: 32.9,
      lonDeg: 125.6,
      confidence: 0.7,
      evidence: [],
    },
  };
  return { item, sender: originator, levelHere: 'UNCLASSIFIED', receivedMs: T0 };
}

describe.each([
  ['SQLite', () => openStore(':memory:').maritime],
  ['memory', () => new MemoryMaritimeHistory()],
] as const)('partners’ events are capped per partner (%s store)', (_name, open) => {
  it('keeps at most maxPerPartner of each partner, dropping its oldest, audited; other partners untouched', () => {
    const history: MaritimeHistory = open();
    const audit = new MemoryAudit();
    const refused: string[] = [];
    const deps = {
      nation: 'USA' as Nation,
      clock: { nowMs: () => T0 },
      maxSkewMs: 60_000,
      history,
      audit,
      picture: new PartnerPicture(),
      eventCap: new PartnerEventCap(20),
      refuse: (_r: ReceivedItem, code: string) => refused.push(code),
    };
    for (let i = 0; i < 5; i++) receiveMaritime(eventItem('JPN', i), deps);
    for (let i = 0; i < 100; i++) receiveMaritime(eventItem('KOR', i), deps);
    expect(refused).toEqual([]);
    // Korea's flood: at most 20 kept at any time, its newest among them; Japan's five all stand.
    const kor = history.partnerEventCount('KOR');
    expect(kor).toBeGreaterThan(0);
    expect(kor).toBeLessThanOrEqual(20);
    expect(history.partnerEvent('KOR', 'KOR-event-99')).toBeDefined();
    expect(history.partnerEvent('KOR', 'KOR-event-0')).toBeUndefined();
    expect(history.partnerEventCount('JPN')).toBe(5);
    for (let i = 0; i < 5; i++) expect(history.partnerEvent('JPN', `JPN-event-${i}`)).toBeDefined();
    // Each drop is audited under Korea's name.
    const drops = audit.records.filter((r) => r.kind === 'maritime-partner-events-dropped');
    expect(drops.length).toBeGreaterThan(0);
    expect(drops.every((r) => r.actor === 'KOR')).toBe(true);
    expect(drops.reduce((s, r) => s + (r.detail as { dropped: number }).dropped, 0)).toBe(100 - kor);
  });

  it('refuses a cap that is not a positive integer', () => {
    expect(() => new PartnerEventCap(0)).toThrow(/maxPerPartner/);
    expect(() => new PartnerEventCap(1.5)).toThrow(/maxPerPartner/);
  });
});
