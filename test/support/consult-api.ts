// The embedded three-nation network on the IRBM scenario behind its HTTP API, without the scenario's
// watch officers (the test is the operator): the set-up the consultation API tests share.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { type ApiOptions, buildApi } from '../../src/api/index.js';
import type { Nation } from '../../src/domain/index.js';
import type { EmbeddedNetwork } from '../../src/exercise/embedded.js';
import type { MemoryAudit } from '../../src/testing/memory-ports.js';
import { bundledRegistry } from '../domain/fixtures.js';
import { irbmScenario, memoryNetwork } from './embedded.js';

export const TOKEN = { USA: 'usa-token', JPN: 'jpn-token', KOR: 'kor-token' } as Record<Nation, string>;

/** A working-level trilateral consultation to convene. */
export const CONVENE = {
  subject: 'IRBM launch towards Japan',
  coalition: 'us-jpn-kor-trilateral',
  level: 'working',
  participants: ['USA', 'JPN', 'KOR'],
  ackWithinMs: 900_000,
};

export interface ConsultApi {
  net: EmbeddedNetwork;
  app: FastifyInstance;
  /** Each node's in-memory audit. */
  readonly audits: Map<Nation, MemoryAudit>;
  /** `ws://host:port` when listening, else ''. */
  address: string;
  /** Lets the link carry what was sent: `ms` of scenario time. */
  advance(ms?: number): void;
  /** One request, as an operator of `as` (null: no token). */
  call(
    method: 'GET' | 'POST',
    url: string,
    as: Nation | null,
    payload?: unknown,
  ): Promise<LightMyRequestResponse>;
}

/**
 * Builds the network and its API before the file's tests (listening on a loopback port with
 * `listen`, for WebSocket clients; `api`: options of the API) and closes both after them.
 */
export function useConsultApi(o: { listen?: boolean; api?: Partial<ApiOptions> } = {}): ConsultApi {
  let t = 0;
  const h: ConsultApi = {
    net: undefined as unknown as EmbeddedNetwork,
    app: undefined as unknown as FastifyInstance,
    audits: new Map(),
    address: '',
    advance(ms = 1_000) {
      t += ms;
      h.net.runUntil(t);
    },
    call: (method, url, as, payload) =>
      h.app.inject({
        method,
        url,
        headers: as ? { authorization: `Bearer ${TOKEN[as]}` } : {},
        ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
      }),
  };
  beforeAll(async () => {
    const scenario = irbmScenario();
    const registry = bundledRegistry();
    h.net = memoryNetwork({ scenario: { ...scenario, watch: [] }, audits: h.audits });
    t = scenario.startMs + 1_000;
    h.net.runUntil(t);
    const tokens = new Map(Object.entries(TOKEN).map(([n, token]) => [token, n as Nation]));
    h.app = await buildApi({
      nodes: h.net.nodes,
      clock: h.net.sched,
      registry: () => registry,
      tokens,
      ...o.api,
    });
    if (o.listen)
      h.address = (await h.app.listen({ port: 0, host: '127.0.0.1' })).replace('http://', 'ws://');
    else await h.app.ready();
  });
  afterAll(async () => {
    await h.app?.close();
    h.net?.close();
  });
  return h;
}
