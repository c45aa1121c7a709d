import { describe, expect, it } from 'vitest';
import { untilDeadline, utc } from '../../web/src/crisis/format.js';
import {
  applyMessage,
  latestLive,
  levelsAbove,
  mayAcknowledge,
  NONE,
  ordered,
  ownPositions,
  scenarioNow,
  stancesOn,
  withView,
} from '../../web/src/crisis/model.js';
import type { Consultation, ConsultMessage } from '../../web/src/crisis/types.js';

// The crisis room's pure core, without a browser: what the consultation stream's messages make of
// the consultations held, and what the room reads from one.

const T0 = Date.parse('2026-12-07T18:00:00Z');

function view(over: Partial<Consultation> = {}): Consultation {
  return {
    id: 'JPN:c1',
    convened: true,
    subject: 'launch',
    trigger: { kind: 'manual' },
    convener: 'JPN',
    coalition: null,
    contingency: null,
    plan: null,
    participants: ['JPN', 'KOR'],
    convenedAtMs: T0,
    level: 'working',
    form: null,
    levelHistory: [],
    acks: [
      { nation: 'JPN', status: 'acked', atMs: T0, deadlineMs: T0 + 600_000, late: false },
      { nation: 'KOR', status: 'pending', deadlineMs: T0 + 600_000 },
    ],
    escalation: { missed: [], due: null, effectiveLevel: 'working', note: null },
    timeline: [],
    statements: [],
    readouts: [],
    positions: [],
    closed: null,
    applied: ['JPN:c1'],
    rejected: [],
    nowMs: T0,
    viewer: 'JPN',
    ...over,
  };
}

const list = (seq: number, ...consultations: Consultation[]): ConsultMessage => ({
  type: 'consultations',
  nation: 'JPN',
  time: new Date(T0).toISOString(),
  seq,
  consultations,
});

const event = (seq: number, c: Consultation): ConsultMessage => ({
  type: 'event',
  nation: 'JPN',
  from: 'partner',
  seq,
  event: {
    kind: 'acknowledge',
    id: `KOR:e${seq}`,
    consultation: c.id!,
    author: 'KOR',
    atMs: c.nowMs,
    time: new Date(c.nowMs).toISOString(),
  },
  consultation: c,
});

describe('the consultations the stream makes', () => {
  it('takes the list whole, then each event’s consultation, and remembers the place to resume from', () => {
    let s = applyMessage(NONE, list(4, view(), view({ id: 'JPN:c2', subject: 'second' })));
    expect([...s.byId!.keys()]).toEqual(['JPN:c1', 'JPN:c2']);
    expect(s.seq).toBe(4);
    const acked = view({
      nowMs: T0 + 1_000,
      acks: [
        view().acks[0]!,
        { nation: 'KOR', status: 'acked', atMs: T0 + 1_000, deadlineMs: T0 + 600_000, late: false },
      ],
    });
    s = applyMessage(s, event(5, acked));
    expect(s.seq).toBe(5);
    expect(s.byId!.get('JPN:c1')!.acks[1]!.status).toBe('acked');
    expect(s.byId!.get('JPN:c2')!.subject).toBe('second');
  });

  it('ignores what a resume sends again (at or before the place held)', () => {
    const s = applyMessage(applyMessage(NONE, list(4, view())), event(6, view({ nowMs: T0 + 2_000 })));
    expect(applyMessage(s, event(5, view({ subject: 'old' })))).toBe(s);
    expect(applyMessage(s, event(6, view({ subject: 'old' })))).toBe(s);
  });

  it('replaces everything with a new list (a node whose store was replaced)', () => {
    const s = applyMessage(
      applyMessage(NONE, list(9, view(), view({ id: 'JPN:c2' }))),
      list(1, view({ id: 'JPN:c3' })),
    );
    expect([...s.byId!.keys()]).toEqual(['JPN:c3']);
    expect(s.seq).toBe(1);
  });

  it('takes an action’s answer unless the one held is newer', () => {
    const s = applyMessage(NONE, list(1, view({ nowMs: T0 + 5_000, subject: 'newer' })));
    expect(withView(s, view({ nowMs: T0, subject: 'older' })).byId!.get('JPN:c1')!.subject).toBe('newer');
    expect(withView(s, view({ nowMs: T0 + 6_000, subject: 'answer' })).byId!.get('JPN:c1')!.subject).toBe(
      'answer',
    );
    expect(withView(s, null)).toBe(s);
  });

  it('lists open consultations first, latest convened first', () => {
    const byId = new Map(
      [
        view({ id: 'A', convenedAtMs: T0 }),
        view({ id: 'B', convenedAtMs: T0 + 1 }),
        view({ id: 'C', convenedAtMs: T0 + 2, closed: { atMs: T0 + 3, by: 'JPN', event: 'x' } }),
      ].map((c) => [c.id!, c]),
    );
    expect(ordered(byId).map((c) => c.id)).toEqual(['B', 'A', 'C']);
  });
});

describe('what the room reads from a consultation', () => {
  it('offers acknowledgement to a participant that has not acknowledged, while open', () => {
    expect(mayAcknowledge(view(), 'KOR')).toBe(true);
    expect(mayAcknowledge(view(), 'JPN')).toBe(false);
    expect(mayAcknowledge(view(), 'USA')).toBe(false);
    expect(mayAcknowledge(view({ closed: { atMs: T0, by: 'JPN', event: 'x' } }), 'KOR')).toBe(false);
  });

  it('shows each participant’s stance on the latest live version', () => {
    const v1 = {
      id: 'JPN:v1',
      statement: 'joint',
      author: 'JPN' as const,
      atMs: T0,
      text: 'one',
      marking: 'UNCLASSIFIED',
      supersededBy: ['JPN:v2'],
      stances: [],
    };
    const v2 = { ...v1, id: 'JPN:v2', atMs: T0 + 1, text: 'two', supersededBy: [], replaces: 'JPN:v1' };
    const approve = {
      nation: 'KOR' as const,
      version: 'JPN:v2',
      stance: 'approve' as const,
      atMs: T0 + 2,
      event: 'KOR:a',
    };
    const rejectOld = {
      nation: 'JPN' as const,
      version: 'JPN:v1',
      stance: 'reject' as const,
      atMs: T0 + 1,
      event: 'JPN:r',
      reason: 'no',
    };
    const s = { id: 'joint', versions: [v1, v2], current: [approve, rejectOld], agreed: null };
    const c = view({ statements: [s] });
    expect(latestLive(s)?.id).toBe('JPN:v2');
    expect(stancesOn(c, s, v2)).toEqual([
      { nation: 'JPN', stance: 'none' },
      { nation: 'KOR', stance: 'approve' },
    ]);
  });

  it('shows the nation’s own positions only', () => {
    const p = (nation: 'JPN' | 'KOR', id: string) => ({ id, nation, atMs: T0, text: id, marking: 'SECRET' });
    expect(ownPositions(view({ positions: [p('JPN', 'a'), p('KOR', 'b')] }), 'JPN').map((x) => x.id)).toEqual(
      ['a'],
    );
  });

  it('offers only escalations above the level now (2+2+2 above other ministerials)', () => {
    expect(levelsAbove(view())).toEqual([
      { to: 'ministerial' },
      { to: 'ministerial', form: '2+2+2' },
      { to: 'leaders' },
    ]);
    expect(levelsAbove(view({ level: 'ministerial', form: 'foreign' }))).toEqual([
      { to: 'ministerial', form: '2+2+2' },
      { to: 'leaders' },
    ]);
    expect(levelsAbove(view({ level: 'leaders' }))).toEqual([]);
  });

  it('counts a deadline down on the scenario clock, extrapolated at the rate seen', () => {
    // Read at wall 1000 ms as T0, running at 20x: 3 s of wall later it is 60 s on.
    expect(scenarioNow({ nodeMs: T0, readAtMs: 1_000, rate: 20 }, 4_000)).toBe(T0 + 60_000);
    expect(scenarioNow(undefined, 4_000)).toBeUndefined();
    expect(untilDeadline(T0 + 600_000, T0 + 60_000)).toEqual({ left: '9:00' });
    expect(untilDeadline(T0 + 600_000, T0 + 612_400)).toEqual({ over: '0:12' });
    expect(utc(T0 + 61_000, T0)).toBe('18:01:01');
    expect(utc(T0 + 86_400_000, T0)).toBe('2026-12-08 18:00:00');
  });
});
