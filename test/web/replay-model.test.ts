import { describe, expect, it } from 'vitest';
import { clockNow, formatT, groupMarks, seekBefore, speedOptions } from '../../web/src/replay/model.js';

// The replay bar's pure parts: the clock's text, where the clock is between two reads, the speeds,
// and the marks of the scenario's events on the bar.

describe('the replay bar', () => {
  it('writes scenario seconds as T+MM:SS, and from an hour on as T+H:MM:SS', () => {
    expect(formatT(0)).toBe('T+00:00');
    expect(formatT(100.9)).toBe('T+01:40');
    expect(formatT(1500)).toBe('T+25:00');
    expect(formatT(10_800)).toBe('T+3:00:00');
    expect(formatT(-5)).toBe('T+00:00');
  });

  it('runs the clock on at its speed between reads, and not while paused, ended or past the end', () => {
    const read = { t: 100, speed: 20, paused: false, ended: false, durationS: 1500 };
    expect(clockNow(read, 1_000, 2_000)).toBe(120);
    expect(clockNow({ ...read, paused: true }, 1_000, 2_000)).toBe(100);
    expect(clockNow({ ...read, ended: true }, 1_000, 2_000)).toBe(100);
    expect(clockNow(read, 1_000, 1_000_000)).toBe(1500);
  });

  it("offers the usual speeds, and the node's own when it is another", () => {
    expect(speedOptions(4)).toEqual([0.5, 1, 2, 4, 10, 20, 50]);
    expect(speedOptions(200)).toEqual([0.5, 1, 2, 4, 10, 20, 50, 200]);
  });

  it('places the marks on the bar, one per second, launch first, and seeks a few seconds before one', () => {
    const marks = [
      { kind: 'warning' as const, t: 179.4, id: 'a' },
      { kind: 'launch' as const, t: 120, id: 'b' },
      { kind: 'launch' as const, t: 179, id: 'c' },
      { kind: 'withdrawal' as const, t: 354, id: 'd' },
      { kind: 'warning' as const, t: 601, id: 'beyond the end' },
    ];
    expect(groupMarks(marks, 600)).toEqual([
      { t: 120, leftPct: 20, kinds: ['launch'], marks: [marks[1]] },
      { t: 179, leftPct: (179 / 600) * 100, kinds: ['launch', 'warning'], marks: [marks[0], marks[2]] },
      { t: 354, leftPct: 59, kinds: ['withdrawal'], marks: [marks[3]] },
    ]);
    expect(groupMarks([], 600)).toEqual([]);
    expect(seekBefore(120)).toBe(115);
    expect(seekBefore(179.4)).toBe(174);
    expect(seekBefore(2)).toBe(0);
  });
});
