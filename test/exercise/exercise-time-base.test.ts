import { describe, expect, it } from 'vitest';
import { exerciseTimeBase } from '../../src/exercise/exercise.js';

describe("an exercise's time base", () => {
  const startMs = Date.parse('2024-01-01T00:00:00Z');
  it('is the first launch, whatever the order of the missiles, with its place in scenario time', () => {
    const tb = exerciseTimeBase({
      startMs,
      missiles: [
        { id: 'b', launchAfterS: 75 },
        { id: 'a', launchAfterS: 60 },
      ],
    });
    expect(tb).toMatchObject({
      from: 'first-launch',
      missile: 'a',
      at: '2024-01-01T00:01:00.000Z',
      scenarioS: 60,
    });
  });

  it("is the scenario's start when there are no missiles", () => {
    expect(exerciseTimeBase({ startMs, missiles: [] })).toMatchObject({
      from: 'scenario-start',
      at: '2024-01-01T00:00:00.000Z',
      scenarioS: 0,
    });
  });
});
