import type { FastifyPluginAsync } from 'fastify';
import {
  type CompiledRegistry,
  InputError,
  type Nation,
  parseInstant,
  type SharingCell,
  sharingMatrix,
  statusAt,
  TOPIC_NAMES,
} from '../domain/index.js';
import { type Authenticate, authRefusal, bearerToken, refuse } from './auth.js';
import { nationParams } from './picture-schemas.js';
import { input, output, responses } from './schema.js';
import { sessionPage, sharingPage, sharingQuery } from './sharing-schemas.js';

export interface SharingRoutesOptions {
  readonly nodes: ReadonlyMap<Nation, unknown>;
  readonly clock: { nowMs(): number };
  readonly registry: () => CompiledRegistry;
  readonly authenticate: Authenticate;
}

const READ = [400, 401, 403, 404] as const;

/** Matrices kept per registry and instant: a console's date slider asks for the same few instants again. */
const CACHED_INSTANTS = 64;

/**
 * What the node's nation may send to whom and receive from whom, on each topic, at an instant, and
 * why (the agreement, the level, the route); and who the token's holder is (the console shows an
 * administrator's controls only to an administrator; the node still decides each request).
 */
export const sharingRoutes: FastifyPluginAsync<SharingRoutesOptions> = async (app, o) => {
  const params = input(nationParams);
  let cachedFor: CompiledRegistry | undefined;
  const cache = new Map<number, SharingCell[]>();
  const matrixAt = (reg: CompiledRegistry, atMs: number): SharingCell[] => {
    if (cachedFor !== reg) {
      cache.clear();
      cachedFor = reg;
    }
    let cells = cache.get(atMs);
    if (cells === undefined) {
      cells = sharingMatrix(reg, atMs);
      if (cache.size >= CACHED_INSTANTS) cache.delete(cache.keys().next().value!);
      cache.set(atMs, cells);
    }
    return cells;
  };

  app.get<{ Params: { nation: string }; Querystring: { at?: string } }>(
    '/api/:nation/sharing',
    {
      schema: {
        description:
          "The releasability the node computes, at `at`: per topic, the highest level its nation may send each partner (and receive from each), directly or through a relay, and under which agreement; with the standing then of the agreements its nation is party to. Read-only; computed by the same decision the node's gate makes.",
        params,
        querystring: input(sharingQuery),
        response: responses(output(sharingPage), READ),
      },
    },
    async (req, reply) => {
      const auth = o.authenticate(bearerToken(req), req.params.nation);
      if (!auth.ok) return refuse(reply, authRefusal(auth));
      let atMs: number;
      try {
        atMs = req.query.at === undefined ? o.clock.nowMs() : parseInstant(req.query.at, { input: 'at' });
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        return refuse(reply, { status: 400, error: 'bad-query', message: err.message, field: 'at' });
      }
      const reg = o.registry();
      const own = reg.agreements.filter((a) => a.parties.includes(auth.nation));
      const partners = new Set<Nation>([auth.nation, ...own.flatMap((a) => a.parties)]);
      return {
        nation: auth.nation,
        at: new Date(atMs).toISOString(),
        topics: TOPIC_NAMES,
        nations: reg.nations.filter((n) => partners.has(n)),
        cells: matrixAt(reg, atMs).filter((c) => c.from === auth.nation || c.to === auth.nation),
        agreements: own.map((a) => ({
          id: a.id,
          title: a.title,
          parties: a.parties,
          ...statusAt(a, atMs),
        })),
      };
    },
  );

  app.get<{ Params: { nation: string } }>(
    '/api/:nation/session',
    {
      schema: {
        description:
          "Who holds the token: the nation and the role (operator or administrator). The console shows an administrator's controls by it; every route still checks the role itself.",
        params,
        response: responses(output(sessionPage), READ),
      },
    },
    async (req, reply) => {
      const auth = o.authenticate(bearerToken(req), req.params.nation);
      if (!auth.ok) return refuse(reply, authRefusal(auth));
      return { nation: auth.nation, role: auth.role };
    },
  );
};
