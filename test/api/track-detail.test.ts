import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/index.js';
import { type Nation, TRILATERAL } from '../../src/domain/index.js';
import { EmbeddedNetwork } from '../../src/exercise/index.js';
import { generateSigningKeyPair } from '../../src/link/index.js';
import { openStore } from '../../src/store/index.js';
import { bundledRegistry } from '../domain/fixtures.js';
import { irbmScenario, MARKING } from '../support/embedded.js';

// GET /api/:nation/picture/:id: an object of the nation's picture, its national tracks with their
// originators' markings, and for each partner's the audit record (in the nation's own log) of the
// releasability decision that let it in. The IRBM at T+230 s: Korea and the US track it, Japan not yet.

const TOKEN: Record<string, string> = { USA: 'usa-token', JPN: 'jpn-token', KOR: 'kor-token' };
let net: EmbeddedNetwork;
let app: Awaited<ReturnType<typeof buildApi>>;

beforeAll(async () => {
  const scenario = irbmScenario();
  const registry = bundledRegistry();
  net = new EmbeddedNetwork({
    scenario: { ...scenario, watch: [] },
    seed: 1,
    nations: TRILATERAL,
    keys: new Map(TRILATERAL.map((n) => [n, generateSigningKeyPair()])),
    openStore: () => openStore(':memory:'),
    registry: () => registry,
    trackMarking: (n) => MARKING[n]!,
  });
  net.runUntil(scenario.startMs + 230_000);
  app = await buildApi({
    nodes: net.nodes,
    clock: net.sched,
    registry: () => registry,
    tokens: new Map(Object.entries(TOKEN).map(([n, t]) => [t, n as Nation])),
    audits: net.audits,
    streamPeriodMs: 20,
  });
  await app.ready();
}, 60_000);

afterAll(async () => {
  await app?.close();
  net?.close();
});

const get = (url: string, nation: string) =>
  app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${TOKEN[nation]}` } });

interface Source {
  nation: string;
  trackId: number;
  own: boolean;
  held: boolean;
  marking: string | null;
  sender?: string;
  item?: string;
  admission?: {
    seq: number;
    hash: string;
    sender: string;
    rule: string;
    agreement: string;
    marking: string;
    item: string;
  } | null;
}

describe('a track’s detail', () => {
  it("shows JPN each partner's source with its marking and the decision from JPN's own audit log", async () => {
    const picture = (await get('/api/JPN/picture', 'JPN')).json() as { tracks: { id: string }[] };
    expect(picture.tracks.length).toBeGreaterThan(0);
    const id = picture.tracks[0]!.id;
    const r = await get(`/api/JPN/picture/${id}`, 'JPN');
    expect(r.statusCode, r.body).toBe(200);
    const detail = r.json() as { nation: string; track: { id: string }; sources: Source[] };
    expect(detail.nation).toBe('JPN');
    expect(detail.track.id).toBe(id);
    const partners = detail.sources.filter((s) => !s.own);
    expect(partners.length).toBeGreaterThan(0);
    const audit = (await get('/api/JPN/audit?limit=1000', 'JPN')).json() as {
      records: { seq: number; hash: string; kind: string; subject: string }[];
    };
    for (const s of partners) {
      expect(s.held).toBe(true);
      expect(s.marking).toBe(MARKING[s.nation]);
      expect(s.sender).toBe(s.nation);
      const a = s.admission!;
      expect(a).toMatchObject({ sender: s.nation, rule: 'agreement', marking: MARKING[s.nation] });
      expect(a.agreement).toEqual(expect.any(String));
      // The very record in JPN's log: same place, same hash, about this track.
      const rec = audit.records.find((x) => x.seq === a.seq)!;
      expect(rec).toMatchObject({
        hash: a.hash,
        kind: 'partner-track-admitted',
        subject: `${s.nation}:${s.trackId}`,
      });
    }
    // One record per partner track, not one per update.
    const admitted = audit.records.filter((x) => x.kind === 'partner-track-admitted');
    expect(new Set(admitted.map((x) => x.subject)).size).toBe(admitted.length);
  });

  it("shows each nation only its own node's holdings: KOR's detail of its own track has no admission", async () => {
    const picture = (await get('/api/KOR/picture', 'KOR')).json() as {
      tracks: { id: string; sources: { nation: string }[] }[];
    };
    const own = picture.tracks.find((t) => t.sources.some((s) => s.nation === 'KOR'))!;
    const detail = (await get(`/api/KOR/picture/${own.id}`, 'KOR')).json() as { sources: Source[] };
    const kor = detail.sources.find((s) => s.nation === 'KOR')!;
    expect(kor).toEqual({ nation: 'KOR', trackId: kor.trackId, own: true, held: true, marking: MARKING.KOR });
    // JPN's admissions are in JPN's log only: KOR's log has none about KOR's own tracks.
    const korAudit = (await get('/api/KOR/audit?limit=1000', 'KOR')).json() as {
      records: { kind: string; subject: string }[];
    };
    expect(
      korAudit.records.filter((x) => x.kind === 'partner-track-admitted' && x.subject.startsWith('KOR:')),
    ).toEqual([]);
  });

  it('refuses an object the picture does not hold, a bad id, and another nation’s token', async () => {
    expect((await get('/api/JPN/picture/JPN:999999', 'JPN')).json()).toMatchObject({
      error: 'unknown-track',
      field: 'id',
    });
    expect((await get('/api/JPN/picture/JPN:999999', 'JPN')).statusCode).toBe(404);
    const bad = await get('/api/JPN/picture/nonsense', 'JPN');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ field: 'id' });
    const picture = (await get('/api/JPN/picture', 'JPN')).json() as { tracks: { id: string }[] };
    expect((await get(`/api/JPN/picture/${picture.tracks[0]!.id}`, 'KOR')).statusCode).toBe(403);
  });

  it('gives each object’s trajectory as the node held it, one position a second, to its own nation only', async () => {
    interface Sample {
      time: string;
      latDeg: number;
      lonDeg: number;
      altitudeM: number;
      speedMps: number;
    }
    const picture = (await get('/api/JPN/picture', 'JPN')).json() as { tracks: { id: string }[] };
    const all = (await get('/api/JPN/trajectories', 'JPN')).json() as {
      nation: string;
      trajectories: { id: string; samples: Sample[] }[];
    };
    expect(all.nation).toBe('JPN');
    expect(all.trajectories.map((t) => t.id).sort()).toEqual(picture.tracks.map((t) => t.id).sort());
    for (const { id, samples } of all.trajectories) {
      // Held since JPN first had the object (the IRBM, launched at T+120 s, seen from ~T+177 s).
      expect(samples.length).toBeGreaterThan(20);
      const times = samples.map((x) => Date.parse(x.time));
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(1_000);
      // Climbing and speeding up in boost, east of the Korean peninsula's west coast.
      expect(samples[samples.length - 1]!.altitudeM).toBeGreaterThan(samples[0]!.altitudeM);
      for (const x of samples) expect(x.lonDeg).toBeGreaterThan(124);
      const detail = (await get(`/api/JPN/picture/${id}`, 'JPN')).json() as { trajectory: Sample[] };
      expect(detail.trajectory).toEqual(samples);
    }
    expect((await get('/api/KOR/trajectories', 'JPN')).statusCode).toBe(403);
    expect((await get('/api/JPN/trajectories', 'nobody')).statusCode).toBe(401);
  });
});
