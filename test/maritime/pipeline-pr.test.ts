import { describe, expect, it } from 'vitest';
import { readScenario } from '../../src/bundled/index.js';
import { aisGen, EVENT_TYPES, IDENTITY_KINDS } from '../../src/sim/traffic/index.js';
import { runPipeline } from '../../src/testing/maritime-score.js';

// The seeds each scenario runs here: the ECS scenario's run costs ~10x the drill's, so npm test runs
// it on seed 1 only; `concord bench traffic --seeds N` is the sweep over more seeds, both scenarios.
const SEEDS: Record<string, number[]> = {
  'ecs-sanctions-evasion': [1],
  'senkaku-incursion-drill': [1, 2, 3],
};
const BACKGROUND = 20;

describe('ecs-sanctions-evasion: every identity sub-kind is in the truth', () => {
  it('the truth lists each sub-kind, and near misses for a padded name, a near-coast pass and a rare MID', async () => {
    const { scenario } = readScenario('ecs-sanctions-evasion');
    const { truth } = aisGen(scenario, { seed: 1, backgroundShips: 0 });
    const kinds = new Set(truth.events.filter((e) => e.type === 'identity').map((e) => e.subKind));
    expect([...kinds].sort()).toEqual([...IDENTITY_KINDS].sort());
    const nots = new Set(truth.mustNotFire.filter((e) => e.type === 'identity').map((e) => e.subKind));
    expect([...nots].sort()).toEqual(['invalid-mmsi', 'name-changed', 'position-on-land']);
  });
});

describe.each(['ecs-sanctions-evasion', 'senkaku-incursion-drill'])(
  '%s: gen -> NMEA -> decode -> detect -> score',
  (name) => {
    const { scenario } = readScenario(name);
    it.each(SEEDS[name]!)(
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
        // Identity sub-kinds count separately: a spoof found does not hide a missed renaming.
        for (const kind of IDENTITY_KINDS) {
          const s = run.score.byIdentityKind[kind];
          const why = `identity ${kind}: missed ${JSON.stringify(s.missed.map((e) => e.note))}, spurious ${JSON.stringify(s.spurious)}`;
          expect(s.mustNotFireHits, `near misses fired: ${why}`).toBe(0);
          if (run.truth.events.some((e) => e.type === 'identity' && e.subKind === kind)) {
            expect(s.recall, `recall ${why}`).toBeGreaterThanOrEqual(0.95);
            expect(s.precision, `precision ${why}`).toBeGreaterThanOrEqual(0.95);
          }
        }
      },
      120_000,
    );
  },
);
