import { describe, expect, it } from 'vitest';
import { Replay, type ReplayRun, TICK_BUDGET_MS, TICK_SLICE_MS } from '../../src/exercise/replay.js';

/**
 * A run whose every scenario second costs `costPerSecondMs` of (fake) wall clock, as a raid of
 * many boosting objects does: the tick must leave the event loop after its budget, not run on to
 * where the wall clock says in one go (which held `concord start`'s API and streams for minutes).
 */
function slowRun(wall: { ms: number }, costPerSecondMs: number): ReplayRun & { calls: number[] } {
  let now = 0;
  const calls: number[] = [];
  return {
    scenario: { name: 'raid', startMs: 0, durationS: 600 },
    nodes: new Map(),
    nowMs: () => now,
    runUntil(tMs) {
      calls.push(tMs);
      wall.ms += ((tMs - now) / 1000) * costPerSecondMs;
      now = tMs;
    },
    close() {},
    calls,
  };
}

describe('Replay.tick', () => {
  it('runs a slow network in slices and returns after its wall-clock budget, behind the wall clock', () => {
    const wall = { ms: 0 };
    const run = slowRun(wall, 10_000);
    const replay = new Replay({
      scenarios: () => [],
      scenario: 'raid',
      build: () => run,
      speed: 2,
      wallNowMs: () => wall.ms,
    });
    wall.ms = 10_000; // 20 scenario seconds are due
    replay.tick();
    expect(run.calls.length).toBeGreaterThan(0);
    for (let i = 0; i < run.calls.length; i++)
      expect(run.calls[i]! - (i === 0 ? 0 : run.calls[i - 1]!)).toBeLessThanOrEqual(TICK_SLICE_MS);
    // One slice costs 1 s of wall clock here, past the budget: the tick stops after it.
    expect(run.calls).toEqual([TICK_SLICE_MS]);
    expect(replay.state().nowMs).toBeLessThan(20_000);
  });

  it('reaches where the wall clock says in one tick when the network keeps up', () => {
    const wall = { ms: 0 };
    const run = slowRun(wall, 1);
    const replay = new Replay({
      scenarios: () => [],
      scenario: 'raid',
      build: () => run,
      speed: 2,
      wallNowMs: () => wall.ms,
    });
    wall.ms = 5_000;
    replay.tick();
    expect(replay.state().nowMs).toBe(10_000);
    expect(run.calls.length).toBe(10_000 / TICK_SLICE_MS);
    expect(TICK_BUDGET_MS).toBeGreaterThan(0);
  });
});
