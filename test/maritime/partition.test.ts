import { describe, expect, it } from 'vitest';
import { readScenario } from '../../src/bundled/index.js';
import {
  cellOwner,
  EventMerger,
  minimumBandM,
  ownerOf,
  partitionScheme,
  runDetect,
  runPartitioned,
  spatialPartitions,
  vesselPartition,
} from '../../src/maritime/index.js';
import {
  boundaryInputs,
  boundaryNmea,
  boundaryTraffic,
  decodeTimed,
  scenarioTimed,
  withIdentifiedContacts,
} from '../../src/testing/partition-traffic.js';

async function oneProcess(timed: Parameters<typeof runDetect>[0], inputs: Parameters<typeof runDetect>[1]) {
  const m = new EventMerger();
  await runDetect(timed, inputs, { write: (l: string) => m.add(l) });
  expect(m.stats.duplicates + m.stats.conflicts).toBe(0);
  return m.lines();
}

describe('partition scheme', () => {
  const s = partitionScheme({ partitions: 2 });
  it('two partitions make a checkerboard of cells, so every cell edge is a partition boundary', () => {
    expect(cellOwner(s, 10, 10)).not.toBe(cellOwner(s, 11, 10));
    expect(cellOwner(s, 10, 10)).not.toBe(cellOwner(s, 10, 11));
    expect(ownerOf(s, 35.5, 147.5)).not.toBe(ownerOf(s, 35.5, 148.5));
  });
  it('a fix in the band goes to both sides, one deep in a cell only to its owner', () => {
    expect(spatialPartitions(s, 35, 147.99).sort()).toEqual([0, 1]);
    expect(spatialPartitions(s, 35, 147)).toEqual([ownerOf(s, 35, 147)]);
    // 40 km north of the 36 N edge, inside the 50 km band; 60 km north, outside it.
    expect(spatialPartitions(s, 35.64, 147).sort()).toEqual([0, 1]);
    expect(spatialPartitions(s, 35.46, 147)).toEqual([ownerOf(s, 35.46, 147)]);
  });
  it('wraps at the antimeridian and spreads MMSIs over partitions', () => {
    expect(spatialPartitions(s, 0, 179.99).sort()).toEqual([0, 1]);
    const counts = [0, 0];
    for (let m = 431_000_000; m < 431_001_000; m++) counts[vesselPartition(s, m)]!++;
    expect(Math.min(...counts)).toBeGreaterThan(400);
  });
  it('the default band covers the encounter and dark detectors, and bad schemes are refused', () => {
    expect(minimumBandM()).toBeLessThanOrEqual(s.bandM);
    expect(() => partitionScheme({ partitions: 0 })).toThrow(/partitions/);
    expect(() => partitionScheme({ partitions: 2, cellDeg: 7 })).toThrow(/divide 360/);
  });
});

describe('partitioned detection finds what one process finds', () => {
  it('boundary traffic: encounters, loitering, gaps and contacts across cell edges, 2 and 3 partitions', async () => {
    const traffic = boundaryTraffic(1);
    const timed = decodeTimed(boundaryNmea(traffic));
    const inputs = boundaryInputs(traffic);
    const one = await oneProcess(timed, inputs);
    const types = new Set(one.map((l) => JSON.parse(l).type));
    expect([...types].sort()).toEqual(expect.arrayContaining(['dark', 'encounter', 'gap', 'loitering']));
    const encounters = one.filter((l) => JSON.parse(l).type === 'encounter').map((l) => JSON.parse(l));
    expect(encounters.length).toBeGreaterThanOrEqual(traffic.pairs.length);
    // The events straddle edges: both partitions hold a vessel of some encounter's pair.
    const s2 = partitionScheme({ partitions: 2 });
    expect(encounters.some((e) => ownerOf(s2, e.lat, e.lon) === 0)).toBe(true);
    expect(encounters.some((e) => ownerOf(s2, e.lat, e.lon) === 1)).toBe(true);
    for (const partitions of [2, 3]) {
      const run = await runPartitioned(timed, inputs, partitionScheme({ partitions }));
      expect(run.merge.conflicts).toBe(0);
      expect(run.lines).toEqual(one);
      expect(run.route.copied).toBeGreaterThan(0);
      // The band's pair events were found and dropped by the partition that does not own them.
      expect(run.workers.reduce((n, w) => n + w.notOurs, 0)).toBeGreaterThan(0);
    }
  });

  it('a band too narrow for the detectors loses or changes events (the test can fail)', async () => {
    const traffic = boundaryTraffic(1);
    const timed = decodeTimed(boundaryNmea(traffic));
    const inputs = boundaryInputs(traffic);
    const one = await oneProcess(timed, inputs);
    const run = await runPartitioned(timed, inputs, partitionScheme({ partitions: 2, bandM: 0 }));
    expect(run.lines).not.toEqual(one);
  });

  it('contacts that carry an identity: the silent watch-listed vessel found where its reports go, the rest associated where the contact lies', async () => {
    const { scenario } = readScenario('ecs-sanctions-evasion');
    const { timed, inputs: plain } = scenarioTimed(scenario, { seed: 2, backgroundShips: 0 });
    const inputs = withIdentifiedContacts(scenario, timed, plain);
    const one = await oneProcess(timed, inputs);
    const dark = one.map((l) => JSON.parse(l)).filter((e) => e.type === 'dark');
    const identifiedIds = new Set(inputs.contacts.filter((c) => c.identity !== undefined).map((c) => c.id));
    const silent = dark.filter((e) => e.evidence.some((x: { kind: string }) => x.kind === 'identified'));
    const associated = dark.filter(
      (e) => identifiedIds.has(e.evidence[0].id) && e.evidence[1].kind === 'unmatched',
    );
    // Both findings occur, named by MMSI (resolved from IMO or name too) and unnamed.
    expect(silent.length).toBeGreaterThan(3);
    expect(silent.some((e) => e.mmsi.length === 1)).toBe(true);
    expect(associated.length).toBeGreaterThan(3);
    for (const [partitions, cellDeg] of [
      [3, 2],
      [2, 0.5],
    ] as const) {
      const run = await runPartitioned(timed, inputs, partitionScheme({ partitions, cellDeg }));
      expect(run.merge.conflicts).toBe(0);
      expect(run.lines, `${partitions} partitions, ${cellDeg}-degree cells`).toEqual(one);
      expect(run.route.identified).toBe(identifiedIds.size);
    }
  });
});
