import { describe, expect, it } from 'vitest';
import { readScenario } from '../../src/bundled/index.js';
import { EVENT_TYPES } from '../../src/sim/traffic/index.js';
import { runPipeline } from '../../src/testing/maritime-score.js';

const SEEDS = [1, 2, 3];
const BACKGROUND = 20;

describe.each(['ecs-sanctions-evasion', 'senkaku-incursion-drill'])(
  '%s: gen -> NMEA -> decode -> detect -> score',
  (name) => {
    const { scenario } = readScenario(name);
    it.each(SEEDS)(
      'seed %i: precision and recall >= 0.95 for every event type in the truth',
      async (seed) => {
        const run = await runPipeline(scenario, { seed, backgroundShips: BACKGROUND });
        expect(run.truth.events.length).toBeGreaterThan(0);
        for (const type of EVENT_TYPES) {
          const s = run.score.byType[type];
          const why = `${type}: missed ${JSON.stringify(s.missed.map((e) => e.note))}, spurious ${JSON.stringify(s.spurious)}`;
          expect(s.mustNotFireHits, `near misses fired: ${why}`).toBe(0);
          if (run.truth.events.some((e) => e.type === type)) {
            expect(s.recall, `recall ${why}`).toBeGreaterThanOrEqual(0.95);
            expect(s.precision, `precision ${why}`).toBeGreaterThanOrEqual(0.95);
          }
        }
      },
      120_000,
    );
  },
);
