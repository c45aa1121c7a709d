import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Two lanes. Vitest's default on a 2-vCPU machine is one worker, so the second CPU sat idle while a
// test computed in-process or waited on one `concord` child: `parallel` runs two files at a time.
// `alone` holds the files whose checks depend on the wall clock or on processes and servers running
// beside them (a node's --speed against the clock, nats-servers and their timeouts, a kill under
// load, live UDP/TCP feeds, streams and rates, the WAL checkpointer's worker, a browser): they run
// one at a time after the parallel lanes, with nothing else of the suite beside them, as before.
// The lanes run one after the other (`sequence.groupOrder`): in-process files two at a time, then
// the CLI files that run commands to completion (and the in-process files of those folders) two at
// a time, then `alone`. A new
// test file under test/cli, test/api, test/feeds or test/web is in `alone` until listed below.
const ALONE = [
  'test/web/**/*.test.ts',
  'test/api/**/*.test.ts',
  'test/feeds/**/*.test.ts',
  'test/ingest/**/*.test.ts',
  'test/link/nats*.test.ts',
  'test/store/checkpointer.test.ts',
  'test/node/retention.test.ts',
  'test/node/partner-payloads.test.ts',
  'test/track/stonesoup-peer.test.ts',
  'test/cli/**/*.test.ts',
];

// CLI files that run `concord` commands to completion (spawnSync): no server, no timing, only a
// child's CPU. `concord start --exit-at-end` plays its scenario on the virtual clock, so its lines
// and instants do not depend on how fast the machine runs it.
const CLI_PARALLEL = [
  'ais-detect',
  'ais-gen',
  'ais-gen-detect',
  'commitments',
  'exercise',
  'export',
  'fit-table',
  'node',
  'node-config-maritime',
  'releasability',
  'senkaku-drill',
  'sim-track',
  'sites',
  'withdrawal-line',
  'zones',
].map((name) => `test/cli/${name}.test.ts`);

// Files under the folders above that compute in-process only: no server listening, no process, no
// browser, no wall clock (the API's routes through Fastify's inject() on the virtual clock, the
// console's pure modules, parsers). They run two at a time with the CLI files: alone, each cost its
// worker's start and imports (~1-3 s) one after the other for tests that take milliseconds.
const IN_PROCESS = [
  'test/api/api.test.ts',
  'test/api/commitments-api.test.ts',
  'test/api/refusal-audit.test.ts',
  'test/api/sharing-api.test.ts',
  'test/api/track-detail.test.ts',
  'test/api/warning-ellipse.test.ts',
  'test/api/zones-api.test.ts',
  'test/cli/agreements-act.test.ts',
  'test/cli/progress.test.ts',
  'test/feeds/contacts-time.test.ts',
  'test/feeds/pure.test.ts',
  'test/web/crisis-model.test.ts',
  'test/web/maritime-picture.test.ts',
  'test/web/pure.test.ts',
  'test/web/replay-model.test.ts',
  'test/web/trajectories.test.ts',
  'test/web/views-pure.test.ts',
];

// At least two: on a 2-vCPU machine vitest's default (CPUs - 1) is one.
const PARALLEL_WORKERS = Math.max(2, availableParallelism() - 1);

export default defineConfig({
  test: {
    testTimeout: 30_000,
    // A beforeAll that simulates scenarios (test/sim/physics.test.ts) passed 10 s on a loaded 2-vCPU machine.
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'parallel',
          include: ['test/**/*.test.ts'],
          exclude: ALONE,
          maxWorkers: PARALLEL_WORKERS,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'parallel-cli',
          include: [...CLI_PARALLEL, ...IN_PROCESS],
          maxWorkers: PARALLEL_WORKERS,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'alone',
          include: ALONE,
          exclude: [...CLI_PARALLEL, ...IN_PROCESS],
          maxWorkers: 1,
          // Last, with nothing beside it: projects without a group order would all run at once.
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
