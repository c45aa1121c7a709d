// Sensor contacts as feed lines, and the time a feed gives its records: pure parts.

import { describe, expect, it } from 'vitest';
import { ContactLineReader, RecordClock, replaySchedule, tagTimeMs } from '../../src/feeds/index.js';
import { parseContactsCsv } from '../../src/maritime/index.js';

const T = Date.parse('2026-03-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('a contacts feed, line by line', () => {
  it('reads rows without a header in the order ais gen writes, as the file loader reads them', () => {
    const rows = [
      `${iso(T)},jcg-radar,radar,30.100000,125.200000,800,90.0,12.0,`,
      `${iso(T + 60_000)},p3c,aircraft,30.2,125.3,,,,120`,
    ];
    const r = new ContactLineReader('udp://0.0.0.0:10111');
    const got = rows.map((l) => r.line(l));
    const file = parseContactsCsv(
      ['time,sensor,kind,lat,lon,sigma_m,course_deg,speed_kn,length_m', ...rows].join('\n'),
      'f.csv',
    );
    expect(got.map((g) => (g.kind === 'contact' ? { ...g.contact, id: '' } : g))).toEqual(
      file.map((c) => ({ ...c, id: '' })),
    );
    expect(got[0]).toMatchObject({ kind: 'contact', contact: { id: 'udp://0.0.0.0:10111:1', errorM: 800 } });
    expect(r.counts).toEqual({ lines: 2, headers: 0, contacts: 2, bad: 0 });
  });

  it('places columns by a header when one comes, in any order, with an identity', () => {
    const r = new ContactLineReader('tcp://10.0.0.1:5000');
    expect(r.line('KIND,Time,lat,lon,imo,name,id')).toEqual({ kind: 'header' });
    const g = r.line(`sar,${iso(T)},31,126,9074729,HAI YANG,s-7`);
    expect(g).toEqual({
      kind: 'contact',
      contact: {
        id: 's-7',
        sensor: 'sar',
        tMs: T,
        latDeg: 31,
        lonDeg: 126,
        errorM: 500,
        identity: { imo: 9_074_729, name: 'HAI YANG' },
      },
    });
  });

  it('names the feed, the line, the column and the field of a bad line, and goes on', () => {
    const r = new ContactLineReader('udp://0.0.0.0:10111');
    r.line('# a comment');
    const bad = r.line(`${iso(T)},s1,sonar,30,125`);
    expect(bad.kind).toBe('bad');
    expect(bad.kind === 'bad' && bad.error.message).toBe(
      "udp://0.0.0.0:10111:2:29 (kind): unknown sensor kind 'sonar' (expected radar, aircraft, sar, rf)",
    );
    // A header without a required column is refused; the columns stay as they were.
    const h = r.line('time,kind,lat');
    expect(h.kind === 'bad' && h.error.message).toContain(
      "udp://0.0.0.0:10111:3:1 (lon): header has no column 'lon'",
    );
    expect(r.line('not,a,contact').kind).toBe('bad');
    expect(r.line(`${iso(T)},s1,radar,30,125`).kind).toBe('contact');
    expect(r.counts).toEqual({ lines: 5, headers: 0, contacts: 1, bad: 3 });
  });
});

describe("a feed's record times", () => {
  it("keeps a live sender's own times within the bounds", () => {
    const c = new RecordClock({ maxAheadMs: 60_000, maxBehindMs: 600_000 });
    expect(c.timeOf(T - 2_000, T)).toBe(T - 2_000);
    expect(c.timeOf(T + 30_000, T)).toBe(T + 30_000);
    // A line without its own time (a second fragment) goes with the last correction.
    expect(c.timeOf(undefined, T + 10)).toBe(T + 30_010);
    expect(c.counts).toEqual({ own: 2, reanchored: 0 });
  });

  it("re-anchors a sender's clock that leaves them, keeping its spacing after", () => {
    const c = new RecordClock({ maxAheadMs: 60_000, maxBehindMs: 600_000 });
    const old = Date.parse('2020-05-01T12:00:00Z');
    expect(c.timeOf(old, T)).toBe(T);
    expect(c.timeOf(old + 10_000, T + 1_000)).toBe(T + 10_000);
    // A replay ten times faster runs ahead until it passes the bound, then is anchored again.
    let t = 0;
    for (let i = 2; i <= 10; i++) t = c.timeOf(old + i * 10_000, T + i * 1_000);
    // The 7th step (70 s own, 7 s wall) passed 60 s ahead: re-anchored there; 30 s own later, 27 s ahead.
    expect(t).toBe(T + 37_000);
    expect(c.counts.reanchored).toBe(2);
    // Far in the future: never more than the bound ahead of arrival.
    expect(c.timeOf(T + 86_400_000, T + 20_000)).toBe(T + 20_000);
    expect(c.counts.reanchored).toBe(3);
  });

  it('reads a tag block time, and nothing from a bad one', () => {
    expect(tagTimeMs('\\c:1772323200*5A\\!AIVDM,1,1,,A,x,0*00')).toBe(1_772_323_200_000);
    expect(tagTimeMs('\\c:1772323200*00\\!AIVDM,1,1,,A,x,0*00')).toBeUndefined();
    expect(tagTimeMs('!AIVDM,1,1,,A,x,0*00')).toBeUndefined();
  });
});

describe('a contacts CSV replayed', () => {
  it('goes a row a message at its time column, the header first', () => {
    const s = replaySchedule(
      ['id,time,kind,lat,lon', `a,${iso(T)},radar,30,125`, `b,${iso(T + 4_000)},radar,30,125`, ''],
      { speed: 2 },
    );
    expect(s.map((m) => [m.atMs, m.text.slice(0, 1)])).toEqual([
      [0, 'i'],
      [250, 'a'], // the header and a share a time: spread over the second
      [2_000, 'b'],
    ]);
  });
});
