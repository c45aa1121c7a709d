// The IRBM scenario (North Korea's launch over Japan, 2022-10-03) with the bundled sensor sites, and
// the embedded three-nation network on it behind its HTTP API: the set-up the API tests share.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildApi } from '../../src/api/index.js';
import type { Nation } from '../../src/domain/index.js';
import type { EmbeddedNetwork } from '../../src/exercise/embedded.js';
import { parseScenario, parseSensorSites, type Scenario } from '../../src/sim/index.js';
import { bundledRegistry } from '../domain/fixtures.js';
import { type MemoryNetworkOptions, memoryNetwork } from './embedded.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** The bundled `korea-irbm-over-japan` scenario, its sensors placed at the bundled sites. */
export function irbmScenario(): Scenario {
  const sites = parseSensorSites(readFileSync(join(ROOT, 'data', 'sensor-sites.yaml'), 'utf8'), 'sites');
  return parseScenario(
    readFileSync(join(ROOT, 'scenarios', 'korea-irbm-over-japan.yaml'), 'utf8'),
    'irbm',
    sites,
  );
}

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
