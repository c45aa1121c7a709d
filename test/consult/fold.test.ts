import { describe, expect, it } from 'vitest';
import {
  type ConsultationState,
  foldConsultation,
  type RejectCode,
  viewFor,
} from '../../src/consult/index.js';
import { ack, approve, C, convene, ev, MIN, propose, registry, T0 } from './fixtures.js';

const fold = (events: readonly unknown[], nowMs = T0 + 5 * MIN) =>
  foldConsultation(events, { nowMs, registry });
const codeOf = (s: ConsultationState, id: string): RejectCode | undefined =>
  s.rejected.find((r) => r.id === id)?.code;

describe('authorization inside the fold', () => {
  it('a nation cannot acknowledge for another', () => {
    const forged = ev('KOR', 'ack-for-jpn', T0 + MIN, 'acknowledge', { nation: 'USA' });
    const s = fold([convene, forged]);
    expect(codeOf(s, 'KOR:ack-for-jpn')).toBe('not-own');
    expect(s.acks.find((a) => a.nation === 'USA')?.status).toBe('pending');
  });

  it('a nation cannot approve for another', () => {
    const v1 = propose('USA', 'v1', T0 + MIN, 'Joint text.');
    const forged = ev('USA', 'ap-for-kor', T0 + 2 * MIN, 'approve-version', {
      version: 'USA:v1',
      nation: 'KOR',
    });
    const s = fold([convene, v1, forged]);
    expect(codeOf(s, 'USA:ap-for-kor')).toBe('not-own');
    expect(s.statements[0]!.versions[0]!.stances).toEqual([]);
  });

  it('only the convener closes, and nothing but readouts is accepted after the close', () => {
    const korClose = ev('KOR', 'close', T0 + MIN, 'close', {});
    const close = ev('JPN', 'close', T0 + 2 * MIN, 'close', { outcome: 'done' });
    const late = ev('USA', 'late-post', T0 + 3 * MIN, 'post', {
      entry: 'message',
      text: 'hi',
      marking: 'UNCLASSIFIED',
    });
    const readout = ev('USA', 'readout', T0 + 4 * MIN, 'publish-readout', {
      statement: 'joint',
      text: 'We met.',
    });
    const s = fold([convene, korClose, close, late, readout]);
    expect(codeOf(s, 'KOR:close')).toBe('not-convener');
    expect(s.closed).toMatchObject({ by: 'JPN', event: 'JPN:close', outcome: 'done' });
    expect(codeOf(s, 'USA:late-post')).toBe('after-close');
    expect(s.timeline).toEqual([]);
    expect(s.readouts.map((r) => r.id)).toEqual(['USA:readout']);
  });

  it('only participants post', () => {
    const aus = ev('AUS', 'p', T0 + MIN, 'post', {
      entry: 'message',
      text: 'hello',
      marking: 'UNCLASSIFIED',
    });
    expect(codeOf(fold([convene, aus]), 'AUS:p')).toBe('not-participant');
  });

  it('an approval of an unknown or superseded version is refused with the reason', () => {
    const v1 = propose('USA', 'v1', T0 + MIN, 'First draft.');
    const v2 = propose('JPN', 'v2', T0 + 2 * MIN, 'Second draft.', 'USA:v1');
    const stale = approve('KOR', 'USA:v1', T0 + 3 * MIN);
    const unknown = approve('KOR', 'USA:v9', T0 + 3 * MIN);
    const s = fold([convene, v1, v2, stale, unknown]);
    const r = (id: string) => s.rejected.find((x) => x.id === id)!;
    expect(r(stale.id)).toMatchObject({ code: 'stale-version' });
    expect(r(stale.id).reason).toContain('superseded by JPN:v2');
    expect(r(unknown.id)).toMatchObject({ code: 'unknown-version' });
    expect(r(unknown.id).reason).toContain('USA:v9');
  });

  it('an event whose id does not carry its author, or that reuses an id with other content, is kept out', () => {
    const spoof = { ...ack('KOR', T0 + MIN), id: 'USA:looks-american' };
    const a = ev('USA', 'dup', T0 + MIN, 'post', { entry: 'message', text: 'one', marking: 'UNCLASSIFIED' });
    const b = ev('USA', 'dup', T0 + MIN, 'post', { entry: 'message', text: 'two', marking: 'UNCLASSIFIED' });
    const s = fold([convene, spoof, a, b]);
    expect(codeOf(s, 'USA:looks-american')).toBe('bad-id');
    expect(s.rejected.filter((x) => x.id === 'USA:dup').map((x) => x.code)).toEqual([
      'conflicting-id',
      'conflicting-id',
    ]);
    expect(s.timeline).toEqual([]);
  });

  it('never throws on garbage from a partner, and lists it', () => {
    const junk = [
      null,
      42,
      'x',
      { id: 'JPN:x' },
      { ...ack('USA', T0), body: { nation: 'XXX' } },
      { ...convene, atMs: -1 },
    ];
    const s = fold([convene, ...junk]);
    expect(s.convened).toBe(true);
    expect(s.rejected.filter((r) => r.code === 'malformed')).toHaveLength(junk.length);
    expect(s.rejected.find((r) => r.id === 'USA:ack-1722470400000')?.reason).toContain('body.nation');
  });

  it('events with no valid convene are held as not convened, and fold in once it arrives', () => {
    const a = ack('USA', T0 + MIN);
    const before = fold([a]);
    expect(before).toMatchObject({ id: C, convened: false });
    expect(codeOf(before, a.id)).toBe('not-convened');
    expect(fold([a, convene]).acks.find((x) => x.nation === 'USA')).toMatchObject({
      status: 'acked',
      atMs: T0 + MIN,
    });
  });

  it('a convening whose participants are not members of the named coalition is invalid', () => {
    const bad = { ...convene, body: { ...convene.body, participants: ['USA', 'JPN', 'AUS'] } };
    const s = fold([bad]);
    expect(s.convened).toBe(false);
    expect(s.rejected[0]).toMatchObject({ code: 'invalid-convene' });
    expect(s.rejected[0]!.reason).toContain('AUS');
  });
});

describe('joint statements', () => {
  const v1 = propose('USA', 'v1', T0 + MIN, 'The three condemned the launch.');

  it('is agreed when every participant approves the same version, and not before', () => {
    const approvals = [approve('USA', 'USA:v1', T0 + 2 * MIN), approve('JPN', 'USA:v1', T0 + 3 * MIN)];
    const partial = fold([convene, v1, ...approvals]);
    expect(partial.statements[0]!.agreed).toBeNull();
    const last = approve('KOR', 'USA:v1', T0 + 4 * MIN);
    const s = fold([convene, v1, ...approvals, last]);
    expect(s.statements[0]!.agreed).toMatchObject({
      version: 'USA:v1',
      text: 'The three condemned the launch.',
      atMs: T0 + 4 * MIN,
    });
    expect(s.statements[0]!.agreed!.approvals.map((a) => [a.nation, a.atMs])).toEqual([
      ['USA', T0 + 2 * MIN],
      ['JPN', T0 + 3 * MIN],
      ['KOR', T0 + 4 * MIN],
    ]);
  });

  it('a rejection withdraws a nation’s approval, and a new version restarts the count', () => {
    const rej = ev('KOR', 'rej', T0 + 2 * MIN, 'reject-version', {
      version: 'USA:v1',
      nation: 'KOR',
      reason: 'Name the launching state.',
    });
    const v2 = propose('KOR', 'v2', T0 + 3 * MIN, 'The three condemned the DPRK launch.', 'USA:v1');
    const approvalsOfV1 = (['USA', 'JPN'] as const).map((n) => approve(n, 'USA:v1', T0 + 2 * MIN));
    const all = (['USA', 'JPN', 'KOR'] as const).map((n) => approve(n, 'KOR:v2', T0 + 4 * MIN));
    const s = fold([convene, v1, rej, ...approvalsOfV1, v2, ...all]);
    const st = s.statements[0]!;
    expect(st.agreed?.version).toBe('KOR:v2');
    // Nothing is edited in place: v1 keeps its text, its stances, and who superseded it.
    expect(st.versions[0]).toMatchObject({
      id: 'USA:v1',
      text: 'The three condemned the launch.',
      supersededBy: ['KOR:v2'],
    });
    expect(st.versions[0]!.stances.map((x) => `${x.nation}:${x.stance}`)).toEqual([
      'JPN:approve',
      'KOR:reject',
      'USA:approve',
    ]);
  });

  it('concurrent approvals of two versions resolve the same way on every node', () => {
    // Two drafts replace v1 at the same instant; all three approve both at the same instant. Fold order
    // is (atMs, author, id) and a nation's latest stance counts: JPN x-a, JPN x-b, KOR x-a, KOR x-b,
    // USA x-a, USA x-b — only the last approval makes the three agree, on vb.
    const a = propose('JPN', 'va', T0 + 2 * MIN, 'Draft A.', 'USA:v1');
    const b = propose('KOR', 'vb', T0 + 2 * MIN, 'Draft B.', 'USA:v1');
    const t = T0 + 3 * MIN;
    const approvals = (['USA', 'JPN', 'KOR'] as const).flatMap((n) => [
      approve(n, 'JPN:va', t, 'x-a'),
      approve(n, 'KOR:vb', t, 'x-b'),
    ]);
    const events = [convene, v1, a, b, ...approvals];
    const s = fold(events);
    expect(s.statements[0]!.agreed?.version).toBe('KOR:vb');
    expect(s.statements[0]!.current.map((x) => x.version)).toEqual(['KOR:vb', 'KOR:vb', 'KOR:vb']);
    // A further approval of the other draft is refused: agreement is final.
    const after = fold([...events, approve('USA', 'JPN:va', t + MIN, 'x-late')]);
    expect(codeOf(after, 'USA:x-late')).toBe('already-agreed');
    expect(fold([...events].reverse())).toEqual(s);
  });

  it('a joint text must be releasable to every participant', () => {
    const secret = ev('JPN', 'vs', T0 + MIN, 'propose-statement-version', {
      statement: 'joint',
      text: 'Text.',
      marking: '//JPN SECRET//REL TO USA, JPN',
    });
    const s = fold([convene, secret]);
    expect(codeOf(s, 'JPN:vs')).toBe('not-releasable');
    expect(s.rejected[0]!.reason).toContain('KOR');
  });
});

describe('acknowledgement deadlines and escalation', () => {
  const acked = [convene, ack('USA', T0 + 5 * MIN)];

  it('a participant is pending until its deadline, then missed, and the miss is visible to every participant', () => {
    expect(fold(acked, T0 + 15 * MIN).acks.map((a) => a.status)).toEqual(['acked', 'acked', 'pending']);
    const s = fold(acked, T0 + 16 * MIN);
    expect(s.acks.find((a) => a.nation === 'KOR')).toEqual({
      nation: 'KOR',
      status: 'missed',
      deadlineMs: T0 + 15 * MIN,
    });
    expect(s.escalation.missed).toEqual(['KOR']);
    expect(s.escalation.due).toEqual({
      author: 'JPN',
      body: {
        to: 'ministerial',
        reason: 'no acknowledgement from KOR by 2024-08-01T00:15:00.000Z',
        cause: { kind: 'missed-ack', nations: ['KOR'] },
        ackWithinMs: 15 * MIN,
      },
    });
    expect(s.escalation.effectiveLevel).toBe('ministerial');
    for (const n of ['USA', 'JPN', 'KOR'] as const) {
      const v = viewFor(s, n, registry, T0 + 16 * MIN)!;
      expect(v.escalation.missed).toEqual(['KOR']);
      expect(v.acks.find((a) => a.nation === 'KOR')?.status).toBe('missed');
    }
  });

  it('the emitted escalation raises the level, gives the laggard a new deadline, and is not due twice', () => {
    const due = fold(acked, T0 + 16 * MIN).escalation.due!;
    const esc = ev(due.author, 'esc-1', T0 + 16 * MIN, 'escalate-level', due.body);
    const again = ev('JPN', 'esc-2', T0 + 17 * MIN, 'escalate-level', { ...due.body, to: 'leaders' });
    const s = fold([...acked, esc, again], T0 + 20 * MIN);
    expect(s.level).toBe('ministerial');
    expect(s.levelHistory.map((h) => [h.level, h.cause.kind])).toEqual([
      ['working', 'convened'],
      ['ministerial', 'missed-ack'],
    ]);
    expect(s.acks.find((a) => a.nation === 'KOR')).toEqual({
      nation: 'KOR',
      status: 'pending',
      deadlineMs: T0 + 31 * MIN,
    });
    expect(s.escalation.due).toBeNull();
    expect(codeOf(s, 'JPN:esc-2')).toBe('no-missed-ack');
    // Missed again at ministerial: leaders is next.
    expect(fold([...acked, esc], T0 + 32 * MIN).escalation.due?.body.to).toBe('leaders');
  });

  it('only the convener emits a missed-deadline escalation, and only for a deadline really missed', () => {
    const body = {
      to: 'ministerial',
      reason: 'KOR silent',
      cause: { kind: 'missed-ack', nations: ['KOR'] },
    } as const;
    const byUsa = ev('USA', 'esc', T0 + 16 * MIN, 'escalate-level', body);
    const early = ev('JPN', 'esc', T0 + 10 * MIN, 'escalate-level', body);
    const s = fold([...acked, byUsa, early], T0 + 16 * MIN);
    expect(codeOf(s, 'USA:esc')).toBe('not-convener');
    expect(codeOf(s, 'JPN:esc')).toBe('no-missed-ack');
  });

  it('at leaders level a miss is shown but has nowhere to go', () => {
    const leaders = { ...convene, body: { ...convene.body, level: 'leaders' } };
    const s = fold([leaders], T0 + 16 * MIN);
    expect(s.escalation.missed).toEqual(['USA', 'KOR']);
    expect(s.escalation.due).toBeNull();
    expect(s.escalation.note).toContain('already at leaders');
  });

  it('a late acknowledgement counts, marked late, and ends the miss', () => {
    const s = fold([...acked, ack('KOR', T0 + 20 * MIN)], T0 + 30 * MIN);
    expect(s.acks.find((a) => a.nation === 'KOR')).toMatchObject({ status: 'acked', late: true });
    expect(s.escalation.due).toBeNull();
  });
});
