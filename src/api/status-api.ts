import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { Nation } from '../domain/index.js';
import type { NationNode } from '../node/index.js';
import { type Authenticate, authRefusal, bearerToken, refuse } from './auth.js';
import { nationParams } from './picture-schemas.js';
import { input, isoInstant, nation, output, responses } from './schema.js';

export interface StatusRoutesOptions {
  readonly nodes: ReadonlyMap<Nation, NationNode>;
  readonly clock: { nowMs(): number };
  readonly authenticate: Authenticate;
}

const count = z.int().nonnegative();

/** How a node stands against its partners (NationNode.status). */
export const nodeStatus = z.object({
  nation,
  time: isoInstant,
  refused: z.record(z.string(), z.object({ total: count, byCode: z.record(z.string(), count) })).meta({
    description:
      'partner payloads refused, per partner (the originator) and reason code, e.g. not-positive-definite, topic-mismatch, event-time; each is in the audit log',
  }),
  faults: z
    .object({
      total: count,
      byPlace: z.record(z.string(), count),
      last: z
        .object({
          at: z.string().nullable().meta({ description: 'when, ISO 8601 (null if the clock failed too)' }),
          where: z.string(),
          error: z.string(),
        })
        .nullable(),
    })
    .meta({
      description: "failures caught in the node's callbacks (timers, transport, streams); the node went on",
    }),
  partnerTracks: z
    .record(z.string(), count)
    .meta({ description: 'partner tracks standing now, per partner' }),
  maritime: z
    .object({
      lines: count.meta({ description: 'NMEA lines handed in by feeds and scenarios' }),
      records: count.meta({ description: 'AIS records decoded from them' }),
      garbage: count.meta({
        description: 'lines and contacts refused (bad checksum, not AIS, orphan fragment...)',
      }),
      garbageByReason: z.record(z.string(), count),
      contacts: count,
      events: count.meta({ description: 'maritime events decided by the detectors' }),
      vessels: count.meta({ description: 'vessels in the picture now' }),
      refusedFixes: count.meta({ description: 'fixes of new vessels refused: the picture was full' }),
      positionsStored: count,
      positionsDropped: count.meta({ description: 'positions lost while the store refused writes' }),
      eventsDropped: count,
      writeFailures: count.meta({ description: 'batches the store refused (kept, tried again)' }),
      sharing: z
        .object({
          statesShared: count.meta({ description: 'own vessel states published (topic maritime)' }),
          itemsShared: count.meta({
            description: 'the items (batches of up to 500 states) that carried them',
          }),
          statesTrimmed: count.meta({
            description:
              'states sent without their static fields, which a partner would refuse (e.g. an invalid IMO)',
          }),
          statesSkipped: count,
          waiting: count.meta({ description: 'vessels heard since their last share, waiting for the next' }),
        })
        .meta({ description: "the own picture's sharing with partners" }),
      partnerVessels: z
        .record(z.string(), count)
        .meta({ description: "vessels each partner's shared picture holds in this node's view now" }),
    })
    .meta({ description: "the maritime desk's counters since the node started" }),
  rates: z
    .record(
      z.string(),
      z.object({
        admittedItems: count,
        heldMessages: count,
        refusedMessages: count,
        refusedItems: count,
        peakItemsPerS: count,
      }),
    )
    .meta({
      description:
        'per partner (the sender of the wire message): items its rate let in, messages held back up to a second until its rate allowed them, messages and items refused for exceeding it (not acknowledged, so they come again; audited as ingress-rate-limited once a minute per partner), and the most items let in within one second',
    }),
  expiredUnread: z.record(z.string(), count).meta({
    description:
      "per partner: its messages (batches of items) that expired unread in this node's queue on its nats-server (the node was down longer than the stream's maximum age, 7 days by default), found when the node reads its queue again; each gap audited as ingress-expired-unread",
  }),
});

/** `GET /api/:nation/status`: refused partner payloads, faults caught, partner tracks held, partner rates. */
export const statusRoutes: FastifyPluginAsync<StatusRoutesOptions> = async (app, o) => {
  app.get<{ Params: { nation: string } }>(
    '/api/:nation/status',
    {
      schema: {
        description:
          "How the nation's node stands against its partners: the partner payloads it refused (per partner and reason), the faults it caught in its callbacks, the partner tracks it holds, and what each partner's rate let in and held back.",
        params: input(nationParams),
        response: responses(output(nodeStatus), [400, 401, 403, 404]),
      },
    },
    async (req, reply) => {
      const auth = o.authenticate(bearerToken(req), req.params.nation);
      if (!auth.ok) return refuse(reply, authRefusal(auth));
      const s = o.nodes.get(auth.nation)!.status();
      const last = s.faults.last;
      return {
        nation: s.nation,
        time: new Date(o.clock.nowMs()).toISOString(),
        refused: s.refused,
        faults: {
          total: s.faults.total,
          byPlace: s.faults.byPlace,
          last:
            last === null
              ? null
              : {
                  at: Number.isFinite(last.atMs) ? new Date(last.atMs).toISOString() : null,
                  where: last.where,
                  error: last.error,
                },
        },
        partnerTracks: s.partnerTracks,
        maritime: { ...s.maritime, garbageByReason: { ...s.maritime.garbageByReason } },
        rates: s.rates,
        expiredUnread: s.expiredUnread,
      } satisfies z.output<typeof nodeStatus>;
    },
  );
};
