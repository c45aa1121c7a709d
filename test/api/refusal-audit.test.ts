import { describe, expect, it } from 'vitest';
import { OTHER_SOURCES, RefusalAudit, type RefusalSummary } from '../../src/api/refusal-audit.js';

/** A RefusalAudit on a clock the test sets, and the records it wrote (`null`: a refusal in full). */
function audit(maxSources: number) {
  const clock = { t: 0, nowMs: () => clock.t };
  const a = new RefusalAudit(clock, { windowMs: 60_000, maxSources });
  const written: { source: string; summary: RefusalSummary | null }[] = [];
  const refuse = (source: string, code = 'unauthenticated') =>
    a.refused('USA', source, code, (summary) => written.push({ source, summary: summary ?? null }));
  return { clock, a, written, refuse };
}

describe('refused authentications in the audit log: one record per source and minute, with a count', () => {
  it('writes the first refusal of a source in full, counts the rest, and summarises them when the minute ends', () => {
    const { clock, written, refuse } = audit(100);
    for (let i = 0; i < 1_000; i++) refuse('198.51.100.7');
    refuse('203.0.113.9');
    expect(written).toEqual([
      { source: '198.51.100.7', summary: null },
      { source: '203.0.113.9', summary: null },
    ]);
    clock.t = 60_000; // the next minute: its first refusal writes the last minute's summary
    refuse('198.51.100.7');
    expect(written.slice(2)).toEqual([
      {
        source: '198.51.100.7',
        summary: { source: '198.51.100.7', code: 'unauthenticated', count: 999, fromMs: 0, toMs: 60_000 },
      },
      { source: '198.51.100.7', summary: null },
    ]);
  });

  it('past the cap, further sources share one summary; a minute writes at most 2 x cap + 1 records', () => {
    const { clock, a, written, refuse } = audit(3);
    for (let i = 0; i < 10_000; i++) refuse(`10.0.${i >> 8}.${i & 255}`);
    for (let i = 0; i < 10; i++) refuse('10.0.0.1');
    clock.t = 61_000;
    a.flushEnded();
    expect(written.length).toBeLessThanOrEqual(2 * 3 + 1);
    expect(written.filter((w) => w.summary === null).map((w) => w.source)).toEqual([
      '10.0.0.0',
      '10.0.0.1',
      '10.0.0.2',
    ]);
    const summaries = written.flatMap((w) => (w.summary ? [w.summary] : []));
    expect(summaries.map((s) => [s.source, s.count])).toEqual([
      ['10.0.0.1', 10],
      [OTHER_SOURCES, 10_000 - 3],
    ]);
    // Nothing was lost from the count: every refusal is a record or in a summary.
    const total =
      written.filter((w) => w.summary === null).length + summaries.reduce((n, s) => n + s.count, 0);
    expect(total).toBe(10_010);
  });

  it('keeps codes apart, writes nothing for a quiet minute, and flushes what is counted when closed', () => {
    const { clock, a, written, refuse } = audit(100);
    refuse('192.0.2.1', 'unauthenticated');
    refuse('192.0.2.1', 'other-nation');
    refuse('192.0.2.1', 'other-nation');
    expect(written.map((w) => w.summary)).toEqual([null, null]);
    a.flush();
    expect(written[2]!.summary).toMatchObject({ code: 'other-nation', count: 1 });
    clock.t = 10 * 60_000;
    a.flushEnded();
    expect(written.length).toBe(3);
  });

  it('tries every summary when one write fails, then reports the failure', () => {
    const clock = { nowMs: () => 0 };
    const a = new RefusalAudit(clock, { windowMs: 60_000, maxSources: 10 });
    const wrote: string[] = [];
    for (const source of ['a', 'b']) {
      a.refused('JPN', source, 'unauthenticated', () => {});
      a.refused('JPN', source, 'unauthenticated', (s) => {
        if (s && source === 'a') throw new Error('disk full');
        if (s) wrote.push(s.source);
      });
    }
    expect(() => a.flush()).toThrow('disk full');
    expect(wrote).toEqual(['b']);
  });
});
