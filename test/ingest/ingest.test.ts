import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readScenario } from '../../src/bundled/index.js';
import { dealPartitions, ingestRun, runWorkerAt, startLocalNats } from '../../src/ingest/index.js';
import {
  EventMerger,
  type GpsdAisLike,
  type MaritimeInputs,
  partitionScheme,
  runDetect,
  runPartitioned,
} from '../../src/maritime/index.js';
import {
  boundaryInputs,
  boundaryNmea,
  boundaryTraffic,
  decodeTimed,
  scenarioTimed,
  withIdentifiedContacts,
} from '../../src/testing/partition-traffic.js';

// One process (runDetect) against a dispatcher, two workers and a collector over a real
// nats-server (Debian's package, which .ci/run installs), on the same input.

let nats: Awaited<ReturnType<typeof startLocalNats>>;
beforeAll(async () => {
  nats = await startLocalNats();
}, 60_000);
afterAll(async () => {
  await nats?.stop();
});

async function oneProcess(timed: { tMs: number; record: GpsdAisLike }[], inputs: MaritimeInputs) {
  const m = new EventMerger();
  await runDetect(timed, inputs, { write: (l: string) => m.add(l) });
  return m.lines();
}

async function twoWorkers(
  run: string,
  timed: { tMs: number; record: GpsdAisLike }[],
  inputs: MaritimeInputs,
  scheme = partitionScheme({ partitions: 2 }),
) {
  const workers = dealPartitions(2, 2).map((partitions) =>
    runWorkerAt({ url: nats.url, run, scheme, partitions, ref: inputs.ref, params: inputs.params }),
  );
  const failed = Promise.all(workers).then(() => new Promise<never>(() => {}));
  const result = await ingestRun({
    url: nats.url,
    run,
    scheme,
    records: timed,
    contacts: inputs.contacts,
    failed,
    idleMs: 60_000,
  });
  const done = (await Promise.all(workers)).flat();
  return { result, done };
}

describe('partitioned ingest over nats-server: two workers find what one process finds', () => {
  it('boundary traffic (encounters, loitering, gaps, contacts across partition edges)', async () => {
    const traffic = boundaryTraffic(2);
    const timed = decodeTimed(boundaryNmea(traffic));
    const inputs = boundaryInputs(traffic);
    const one = await oneProcess(timed, inputs);
    expect(one.filter((l) => l.includes('"encounter"')).length).toBeGreaterThanOrEqual(traffic.pairs.length);
    const { result, done } = await twoWorkers('boundary', timed, inputs);
    expect(result.merge.conflicts).toBe(0);
    expect(result.lines).toEqual(one);
    // Both workers did work, and the band was shared.
    expect(done.map((d) => d.partition).sort()).toEqual([0, 1]);
    for (const d of done) expect(d.records).toBeGreaterThan(1000);
    expect(result.dispatch.copied).toBeGreaterThan(0);
  }, 60_000);

  it('the bundled sanctions scenario (ecs-sanctions-evasion), with 0.5-degree cells for more edges, and contacts that name vessels', async () => {
    const { scenario } = readScenario('ecs-sanctions-evasion');
    const { timed, inputs: plain } = scenarioTimed(scenario, { seed: 2, backgroundShips: 0 });
    // Its contacts, and again naming watch-listed vessels (by IMO, name, MMSI) and others.
    const inputs = withIdentifiedContacts(scenario, timed, plain);
    const one = await oneProcess(timed, inputs);
    expect(one.length).toBeGreaterThan(10);
    expect(one.filter((l) => l.includes('"kind":"identified"')).length).toBeGreaterThan(3);
    // In one process first (the pure core, default 2-degree cells), then over the wire.
    const pure = await runPartitioned(timed, inputs, partitionScheme({ partitions: 2 }));
    expect(pure.lines).toEqual(one);
    const { result } = await twoWorkers(
      'sanctions',
      timed,
      inputs,
      partitionScheme({ partitions: 2, cellDeg: 0.5 }),
    );
    expect(result.merge.conflicts).toBe(0);
    expect(result.lines).toEqual(one);
  }, 90_000);
});

describe('partitioned ingest refuses what it cannot run correctly', () => {
  it('a worker started with another scheme refuses the items, and the run fails instead of merging', async () => {
    const traffic = boundaryTraffic(4, 0);
    const timed = decodeTimed(boundaryNmea(traffic)).slice(0, 500);
    const inputs = boundaryInputs(traffic);
    const scheme = partitionScheme({ partitions: 2 });
    const other = partitionScheme({ partitions: 2, cellDeg: 1 });
    const worker = runWorkerAt({
      url: nats.url,
      run: 'mismatch',
      scheme: other,
      partitions: [0, 1],
      ref: inputs.ref,
      params: inputs.params,
    });
    const failed = worker.then(() => new Promise<never>(() => {}));
    failed.catch(() => {});
    const running = ingestRun({
      url: nats.url,
      run: 'mismatch',
      scheme,
      records: timed,
      contacts: [],
      failed,
      idleMs: 60_000,
    });
    running.catch(() => {});
    await expect(worker).rejects.toThrow(
      /partition \d got items cut by scheme 'partitions=2;cellDeg=2;bandM=50000', this worker runs 'partitions=2;cellDeg=1;bandM=50000'/,
    );
    await expect(running).rejects.toThrow(/cut by scheme/);
  }, 60_000);
});
