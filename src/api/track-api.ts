import type { FastifyPluginAsync } from 'fastify';
import type { Nation } from '../domain/index.js';
import {
  type AuditReader,
  type AuditRef,
  type NationNode,
  TRACK_ADMITTED,
  type TrailSample,
} from '../node/index.js';
import { type Authenticate, authRefusal, bearerToken, refuse } from './auth.js';
import { describeTrack } from './picture-api.js';
import { nationParams } from './picture-schemas.js';
import { input, output, responses } from './schema.js';
import { trackDetail, trackParams, trajectories } from './track-schemas.js';

export interface TrackRoutesOptions {
  readonly nodes: ReadonlyMap<Nation, NationNode>;
  readonly clock: { nowMs(): number };
  readonly audits?: ReadonlyMap<Nation, AuditReader> | undefined;
  readonly authenticate: Authenticate;
}

interface AuditRecord {
  seq: number;
  tMs: number;
  kind: string;
  subject: string;
  detail: Record<string, unknown>;
  hash: string;
}

/**
 * `GET /api/:nation/picture/:id`: one object of the nation's picture, its trajectory, its national
 * tracks (own or a partner's, with the originator's marking) and, for each partner's, the audit record of the
 * releasability decision that let it reach this nation. Everything comes from the nation's own node:
 * its picture, the items it received, its audit log — nothing of another node's.
 * `GET /api/:nation/trajectories`: every object's trajectory, for a console opened mid-flight.
 */
export const trackRoutes: FastifyPluginAsync<TrackRoutesOptions> = async (app, o) => {
  app.get<{ Params: { nation: string; id: string } }>(
    '/api/:nation/picture/:id',
    {
      schema: {
        description:
          "One object of the nation's picture: the track, its sources (the national tracks fused into it: own or a partner's, with the originator's marking and the item that last updated it) and, for a partner's, the releasability decision that let it reach this nation, as this node's audit log records it (`partner-track-admitted`). 404 `unknown-track` when the picture has no such object now.",
        params: input(trackParams),
        response: responses(output(trackDetail), [400, 401, 403, 404]),
      },
    },
    async (req, reply) => {
      const auth = o.authenticate(bearerToken(req), req.params.nation);
      if (!auth.ok) return refuse(reply, authRefusal(auth));
      const node = o.nodes.get(auth.nation)!;
      const t = node.picture().find((x) => x.id === req.params.id);
      if (!t)
        return refuse(reply, {
          status: 404,
          error: 'unknown-track',
          message: `${auth.nation}'s picture has no object '${req.params.id}' now (it may have ended or gone stale)`,
          field: 'id',
        });
      const audit = o.audits?.get(auth.nation);
      return {
        nation: auth.nation,
        time: new Date(o.clock.nowMs()).toISOString(),
        track: describeTrack(t),
        sources: t.sources.map((s) => {
          const held = node.trackSource(s.nation, s.trackId);
          if (!held)
            return {
              nation: s.nation,
              trackId: s.trackId,
              own: s.nation === auth.nation,
              held: false,
              marking: null,
            };
          if (held.own)
            return { nation: s.nation, trackId: s.trackId, own: true, held: true, marking: held.marking };
          return {
            nation: s.nation,
            trackId: s.trackId,
            own: false,
            held: true,
            marking: held.marking,
            item: held.item,
            sender: held.sender,
            levelHere: held.levelHere,
            received: new Date(held.receivedMs).toISOString(),
            admission: admissionOf(audit, held.admitted, `${s.nation}:${s.trackId}`),
          };
        }),
        trajectory: node.trail(t.id).map(sampleOf),
      };
    },
  );

  app.get<{ Params: { nation: string } }>(
    '/api/:nation/trajectories',
    {
      schema: {
        description:
          "The trajectory of every object in the nation's picture now, as this node's picture held it (one position a second, oldest first): what a console opened mid-flight draws of where each object has been.",
        params: input(nationParams),
        response: responses(output(trajectories), [400, 401, 403, 404]),
      },
    },
    async (req, reply) => {
      const auth = o.authenticate(bearerToken(req), req.params.nation);
      if (!auth.ok) return refuse(reply, authRefusal(auth));
      const node = o.nodes.get(auth.nation)!;
      return {
        nation: auth.nation,
        time: new Date(o.clock.nowMs()).toISOString(),
        trajectories: node.picture().map((t) => ({ id: t.id, samples: node.trail(t.id).map(sampleOf) })),
      };
    },
  );
};

const sampleOf = (s: TrailSample) => ({
  time: new Date(s.tMs).toISOString(),
  latDeg: s.latDeg,
  lonDeg: s.lonDeg,
  altitudeM: s.altitudeM,
  speedMps: s.speedMps,
});

/**
 * The admission record at `ref`, read back from the log and checked to be the one written (its hash,
 * kind and track): a record the store rolled back leaves a place another record may take.
 */
function admissionOf(audit: AuditReader | undefined, ref: AuditRef | null, key: string) {
  if (!audit || !ref) return null;
  const r = audit.read(ref.seq, 1)[0] as AuditRecord | undefined;
  if (!r || r.seq !== ref.seq || r.hash !== ref.hash || r.kind !== TRACK_ADMITTED || r.subject !== key)
    return null;
  const d = r.detail;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    seq: r.seq,
    hash: r.hash,
    time: new Date(r.tMs).toISOString(),
    item: String(d.item),
    sender: d.sender as Nation,
    topic: String(d.topic),
    marking: String(d.marking),
    levelHere: String(d.levelHere),
    rule: str(d.rule),
    agreement: str(d.agreement),
    reason: str(d.reason),
  };
}
