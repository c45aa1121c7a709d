import { describe, expect, it } from 'vitest';
import { timeToEvent, withdrawalText } from '../../src/cli/commands/start.js';

describe("concord start's withdrawal line says why", () => {
  const w = { reason: 'overflight' as const, area: 'JPN land', trackId: 'KOR:1' };
  const at = (ms: number) => `T+${(ms / 1000).toFixed(1)}s`;

  it('a missile that came down before the event: when it came down', () => {
    expect(withdrawalText(w, { kind: 'came-down', impactMs: 284_000 }, at)).toBe(
      'withdrawn: overflight of JPN land (KOR:1 came down at T+284.0s, before the overflight)',
    );
  });

  it('a prediction that no longer foresees it once seen coasting', () => {
    expect(withdrawalText(w, { kind: 'not-predicted' }, at)).toBe(
      'withdrawn: overflight of JPN land (KOR:1 seen coasting, not predicted)',
    );
  });
});

describe("concord start's warning line gives the time to the event", () => {
  it('one figure for a prediction, the range of the flights still possible for a possible impact', () => {
    expect(timeToEvent({ timeToEventS: 312.4, eventMs: 0 })).toBe('312 s');
    expect(timeToEvent({ timeToEventS: 104, eventMs: 5_000, eventLatestMs: 62_000 })).toBe('104-161 s');
    // A range that rounds to one figure is one figure.
    expect(timeToEvent({ timeToEventS: 104, eventMs: 5_000, eventLatestMs: 5_200 })).toBe('104 s');
  });
});
