// The embedded three-nation network on the IRBM scenario (North Korea's launch over Japan,
// 2022-10-03) behind its HTTP API: the set-up the API tests share.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildApi } from '../../src/api/index.js';
import type { Nation } from '../../src/domain/index.js';
import type { EmbeddedNetwork } from '../../src/exercise/embedded.js';
import type { Scenario } from '../../src/sim/index.js';
import { bundledRegistry } from '../domain/fixtures.js';
import { irbmScenario, type MemoryNetworkOptions, memoryNetwork } from './embedded.js';

export interface ApiNetwork {
  /** The network and its API, set before the file's first test. */
  net: EmbeddedNetwork;
  app: FastifyInstance;
  /** The scenario's start (epoch ms). */
  startMs: number;
}

export interface ApiNetworkOptions {
  /** Operators' and administrators' tokens, each to its nation. */
  readonly tokens: ReadonlyMap<string, Nation>;
  readonly adminTokens?: ReadonlyMap<string, Nation>;
  /** The scenario the nodes run, made from the IRBM scenario (default: without its watch officers). */
  readonly scenario?: (irbm: Scenario) => Scenario;
  /** The network's other options (audits, commitments registry, ...). */
  readonly network?: Omit<MemoryNetworkOptions, 'scenario'>;
  /** How far past the scenario's start the network runs before the API opens (default: not at all). */
  readonly runMs?: number;
}

/**
 * The embedded network (in-memory ports) on the IRBM scenario and its API on the bundled agreements,
 * made before the file's tests (vitest's beforeAll) and closed after them.
 */
export function useApiNetwork(o: ApiNetworkOptions): ApiNetwork {
  const h = {
    net: undefined as unknown as EmbeddedNetwork,
    app: undefined as unknown as FastifyInstance,
    startMs: 0,
  };
  beforeAll(async () => {
    const irbm = irbmScenario();
    h.startMs = irbm.startMs;
    h.net = memoryNetwork({ ...o.network, scenario: (o.scenario ?? noWatch)(irbm) });
    if (o.runMs !== undefined) h.net.runUntil(irbm.startMs + o.runMs);
    const agreements = bundledRegistry();
    h.app = await buildApi({
      nodes: h.net.nodes,
      clock: h.net.sched,
      registry: () => agreements,
      tokens: o.tokens,
      ...(o.adminTokens ? { adminTokens: o.adminTokens } : {}),
    });
    await h.app.ready();
  });
  afterAll(async () => {
    await h.app?.close();
    h.net?.close();
  });
  return h;
}

const noWatch = (s: Scenario): Scenario => ({ ...s, watch: [] });
