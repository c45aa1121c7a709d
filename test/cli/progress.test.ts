import { describe, expect, it } from 'vitest';
import { progressLine, terminalProgress } from '../../src/cli/progress.js';

describe('the exercise’s progress line', () => {
  it('shows runs done of the total, the time elapsed and the time left at the pace so far', () => {
    expect(progressLine(0, 9, 0)).toBe('[--------------------] 0/9 runs  elapsed 0 s');
    expect(progressLine(3, 9, 12_000)).toBe('[#######-------------] 3/9 runs  elapsed 12 s  left ~24 s');
    expect(progressLine(12, 12, 125_000)).toBe(
      '[####################] 12/12 runs  elapsed 2 min 05 s  left ~0 s',
    );
    expect(() => progressLine(10, 9, 0)).toThrow(RangeError);
  });

  it('draws on a terminal only, in place, and clears its line when done', () => {
    const written: string[] = [];
    const stream = { isTTY: true, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    let now = 0;
    const p = terminalProgress(2, stream, () => now);
    now = 5_000;
    p.tick();
    p.done();
    expect(written).toEqual([
      '\r[--------------------] 0/2 runs  elapsed 0 s\x1b[K',
      '\r[##########----------] 1/2 runs  elapsed 5 s  left ~5 s\x1b[K',
      '\r\x1b[K',
    ]);
    const piped: string[] = [];
    const q = terminalProgress(2, {
      isTTY: false,
      write: (s: string) => piped.push(s),
    } as unknown as NodeJS.WriteStream);
    q.tick();
    q.done();
    expect(piped).toEqual([]);
  });
});
