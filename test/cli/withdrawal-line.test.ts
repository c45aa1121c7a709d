import { describe, expect, it } from 'vitest';
import { withdrawalText } from '../../src/cli/commands/start.js';

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
