import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/index.js';
import { BUNDLED_US_BASES, readScenario } from '../../src/bundled/index.js';
import type { Nation } from '../../src/domain/index.js';
import { Replay, replayRun } from '../../src/exercise/index.js';
import { loadProtectedAreas } from '../../src/node/index.js';
import type { Scenario } from '../../src/sim/index.js';
import { bundledRegistry } from '../domain/fixtures.js';
import { memoryNetwork } from '../support/embedded.js';

// The replay routes on a real embedded network (in-memory stores) over the bundled IRBM scenario:
// pause, seek forward (the warnings come), seek back (a re-run: they are gone, and come again the
// same at the same instant), speed, a switch to another scenario, and every bad input refused with
// the field named. The clock runs on a wall clock the test moves, so nothing depends on the machine.

const tokens = new Map<string, Nation>([
  ['jpn-token', 'JPN'],
  ['kor-token', 'KOR'],
]);
const adminTokens = new Map<string, Nation>([['jpn-admin', 'JPN']]);
const areas = loadProtectedAreas(BUNDLED_US_BASES);
const irbm = readScenario('korea-irbm-over-japan').scenario;
// The second scenario quiet (no missile, no sensor): a switch and a run to its end cost little.
const srbm = readScenario('korea-srbm-salvo').scenario;
const scenarios = new Map<string, Scenario>([
  [irbm.name, irbm],
  [srbm.name, { ...srbm, missiles: [], sensors: [], watch: [], incidents: [] }],
]);
let wall = 0;
const built: string[] = [];
let replay: Replay;
let app: Awaited<ReturnType<typeof buildApi>>;

beforeAll(async () => {
  replay = new Replay({
    scenarios: () => [
      ...[...scenarios.values()].map((s) => ({
        name: s.name,
        description: s.description,
        durationS: s.durationS,
        nations: s.nations,
      })),
      // Offered, but its file no longer reads when chosen.
      { name: 'broken', description: 'gone', durationS: 60, nations: ['USA', 'JPN', 'KOR'] },
    ],
    scenario: 'korea-irbm-over-japan',
    build: (name) => {
      built.push(name);
      if (name === 'broken') throw new Error('broken.yaml: no such file');
      return replayRun(memoryNetwork({ scenario: scenarios.get(name)!, areas }));
    },
    speed: 4,
    wallNowMs: () => wall,
  });
  app = await buildApi({
    nodes: replay.nodes,
    clock: replay.clock,
    registry: () => bundledRegistry(),
    tokens,
    adminTokens,
    replay,
  });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  replay?.close();
});

interface State {
  scenario: string;
  t: number;
  time: string;
  durationS: number;
  speed: number;
  paused: boolean;
  ended: boolean;
  run: number;
  scenarios: { name: string; nations: string[] }[];
}
const get = (token = 'jpn-token', nation = 'JPN') =>
  app.inject({ method: 'GET', url: `/api/${nation}/replay`, headers: { authorization: `Bearer ${token}` } });
const post = (body: unknown, token = 'jpn-token', nation = 'JPN') =>
  app.inject({
    method: 'POST',
    url: `/api/${nation}/replay`,
    headers: { authorization: `Bearer ${token}` },
    payload: body as Record<string, unknown>,
  });
const state = async (r: Promise<{ statusCode: number; body: string; json(): unknown }>) => {
  const x = await r;
  expect(x.statusCode, x.body).toBe(200);
  return x.json() as State;
};
const warnings = async () =>
  (
    (
      await app.inject({
        method: 'GET',
        url: '/api/JPN/warnings',
        headers: { authorization: 'Bearer jpn-token' },
      })
    ).json() as {
      warnings: { trackId: string; reason: string; issued: string; withdrawn?: string; area: string }[];
    }
  ).warnings;

describe('the replay routes', () => {
  it('runs the clock with the wall clock at its speed, and pause stops it', async () => {
    const s0 = await state(get());
    expect(s0).toMatchObject({ scenario: 'korea-irbm-over-japan', t: 0, speed: 4, paused: false, run: 1 });
    expect(s0.scenarios.map((s) => s.name)).toEqual(['korea-irbm-over-japan', 'korea-srbm-salvo', 'broken']);
    wall += 10_000;
    replay.tick();
    expect((await state(get())).t).toBe(40);
    expect(await state(post({ action: 'pause' }))).toMatchObject({ paused: true, t: 40 });
    wall += 10_000;
    replay.tick();
    expect((await state(get())).t).toBe(40);
    // Another nation's operator, and an administrator, may drive it too: the clock is the exercise's.
    expect(await state(post({ action: 'speed', speed: 10 }, 'kor-token', 'KOR'))).toMatchObject({
      speed: 10,
      paused: true,
    });
    expect(await state(post({ action: 'play' }, 'jpn-admin'))).toMatchObject({ paused: false });
    wall += 1_000;
    replay.tick();
    expect((await state(get())).t).toBe(50);
    await state(post({ action: 'pause' }));
  });

  it('seeks forward by running ahead, and back by re-running from the start: the picture follows', async () => {
    expect(await warnings()).toEqual([]);
    const ahead = await state(post({ action: 'seek', t: 260 }));
    expect(ahead).toMatchObject({ t: 260, run: 1, paused: true });
    const first = await warnings();
    expect(first.map((w) => w.area)).toContain('JPN land');
    // Back before the launch: a new run, on fresh nodes, and no warning yet.
    const back = await state(post({ action: 'seek', t: 100 }));
    expect(back).toMatchObject({ t: 100, run: 2, paused: true });
    expect(built).toEqual(['korea-irbm-over-japan', 'korea-irbm-over-japan']);
    expect(await warnings()).toEqual([]);
    // And forward again: the same warnings, issued at the same instants (the run is deterministic).
    await state(post({ action: 'seek', t: 260 }));
    expect(await warnings()).toEqual(first);
  });

  it("marks the scenario's launches and the nation's own warnings, issued and withdrawn, and no other nation's", async () => {
    // Past the withdrawal of the boost-phase possible impacts (T+354 s), in the run of the last test.
    await state(post({ action: 'seek', t: 360 }));
    interface Mark {
      kind: string;
      t: number;
      time: string;
      missile?: string;
      trackId?: string;
      reason?: string;
      area?: string;
    }
    const marksOf = async (nation: Nation) => {
      const r = await app.inject({
        method: 'GET',
        url: `/api/${nation}/replay/marks`,
        headers: { authorization: `Bearer ${nation.toLowerCase()}-token` },
      });
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as { scenario: string; run: number; t: number; marks: Mark[] };
    };
    const jpn = await marksOf('JPN');
    expect(jpn).toMatchObject({ scenario: 'korea-irbm-over-japan', run: 2, t: 360 });
    // The launch, from the scenario file: irbm-1 at T+120 s, at the instant the file gives.
    expect(jpn.marks[0]).toEqual({
      kind: 'launch',
      t: 120,
      time: new Date(irbm.startMs + 120_000).toISOString(),
      missile: 'irbm-1',
      className: 'hwasong-12',
    });
    // Then exactly what JPN's own node issued and withdrew, at the instants its warnings route says.
    const own = await warnings();
    const expected = own.flatMap((w) => {
      const what = { trackId: w.trackId, reason: w.reason, area: w.area };
      const issued = {
        kind: 'warning',
        t: (Date.parse(w.issued) - irbm.startMs) / 1000,
        time: w.issued,
        ...what,
      };
      const withdrawn = w.withdrawn;
      return withdrawn === undefined
        ? [issued]
        : [
            issued,
            {
              kind: 'withdrawal',
              t: (Date.parse(withdrawn) - irbm.startMs) / 1000,
              time: withdrawn,
              ...what,
            },
          ];
    });
    expect(jpn.marks.slice(1)).toEqual(expect.arrayContaining(expected));
    expect(jpn.marks).toHaveLength(1 + expected.length);
    expect(jpn.marks.map((m) => m.kind)).toContain('withdrawal');
    expect(jpn.marks.map((m) => m.t)).toEqual(jpn.marks.map((m) => m.t).sort((a, b) => a - b));
    // KOR's node warned KOR of a possible impact in KOR's EEZ: in KOR's marks, never in JPN's.
    const kor = await marksOf('KOR');
    expect(kor.marks.filter((m) => m.area === 'KOR EEZ').map((m) => m.kind)).toEqual([
      'warning',
      'withdrawal',
    ]);
    expect(jpn.marks.filter((m) => m.kind !== 'launch').every((m) => m.area?.startsWith('JPN'))).toBe(true);
    expect(JSON.stringify(jpn)).not.toContain('KOR EEZ');
    // JPN's token does not read KOR's marks.
    const other = await app.inject({
      method: 'GET',
      url: '/api/KOR/replay/marks',
      headers: { authorization: 'Bearer jpn-token' },
    });
    expect(other.statusCode).toBe(403);
  });

  it('switches to another scenario, from its start', async () => {
    const s = await state(post({ action: 'scenario', scenario: 'korea-srbm-salvo' }));
    expect(s).toMatchObject({ scenario: 'korea-srbm-salvo', t: 0, durationS: 600, run: 3 });
    expect(built.at(-1)).toBe('korea-srbm-salvo');
    expect(await warnings()).toEqual([]);
    // The marks are the new run's: this scenario (made quiet) launches nothing.
    const marks = await app.inject({
      method: 'GET',
      url: '/api/JPN/replay/marks',
      headers: { authorization: 'Bearer jpn-token' },
    });
    expect(marks.json()).toEqual({ scenario: 'korea-srbm-salvo', run: 3, t: 0, marks: [] });
    // A scenario that cannot run: refused with why, and the network back on the one it ran.
    const r = await post({ action: 'scenario', scenario: 'broken' });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ error: 'bad-request', field: 'scenario' });
    expect((r.json() as { message: string }).message).toMatch(
      /broken.yaml: no such file.*korea-srbm-salvo runs again/,
    );
    expect(await state(get())).toMatchObject({ scenario: 'korea-srbm-salvo', t: 0, run: 4 });
  });

  it('stands at the end, and refuses to play there until sought back', async () => {
    expect(await state(post({ action: 'seek', t: 600 }))).toMatchObject({ t: 600, ended: true });
    const r = await post({ action: 'play' });
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ error: 'ended', message: expect.stringContaining('seek back') });
  });

  it('closes every stream (1012) when the network re-runs, so that each client reconnects to the new run', async () => {
    await state(post({ action: 'seek', t: 10 }));
    const closed = new Promise<number>((resolve) => {
      void app.injectWS(
        '/api/JPN/stream',
        { headers: { authorization: 'Bearer jpn-token' } },
        { onInit: (socket) => socket.once('close', (code: number) => resolve(code)) },
      );
    });
    // The stream is open (its first picture sent) before the seek.
    await new Promise((r) => setTimeout(r, 50));
    expect(await state(post({ action: 'seek', t: 5 }))).toMatchObject({ t: 5, run: 6 });
    expect(await closed).toBe(1012);
    await state(post({ action: 'seek', t: 0 }));
  });

  it('refuses bad input with a 400 naming the field', async () => {
    const cases: [unknown, string, RegExp][] = [
      [{ action: 'seek', t: -1 }, 't', /t must be >= 0/],
      [{ action: 'seek', t: 601 }, 't', /t must be from 0 to 600/],
      [{ action: 'seek' }, 't', /needs 't'/],
      [{ action: 'speed', speed: 0 }, 'speed', /speed must be >= 0.1/],
      [{ action: 'speed', speed: 20_000 }, 'speed', /speed must be <= 10000/],
      [{ action: 'speed', speed: 'fast' }, 'speed', /speed must be number/],
      [
        { action: 'scenario', scenario: 'korea-nowhere' },
        'scenario',
        /no scenario 'korea-nowhere'.*korea-srbm-salvo/,
      ],
      [{ action: 'rewind' }, 'action', /action must be equal to one of the allowed values/],
      [{}, 'action', /action/],
    ];
    for (const [body, field, message] of cases) {
      const r = await post(body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json(), JSON.stringify(body)).toMatchObject({ error: 'bad-request', field });
      expect((r.json() as { message: string }).message, JSON.stringify(body)).toMatch(message);
    }
    // Nothing refused changed the clock.
    expect(await state(get())).toMatchObject({ scenario: 'korea-srbm-salvo', t: 0, run: 7 });
  });

  it('answers 401 without a token and 403 for another nation', async () => {
    expect((await post({ action: 'pause' }, 'forged')).statusCode).toBe(401);
    const other = await get('kor-token', 'JPN');
    expect(other.statusCode).toBe(403);
  });

  it('answers 404 no-replay on a node without one (a distributed node), naming why', async () => {
    const plain = await buildApi({
      nodes: replay.nodes,
      clock: replay.clock,
      registry: () => bundledRegistry(),
      tokens,
    });
    for (const r of [
      await plain.inject({
        method: 'GET',
        url: '/api/JPN/replay',
        headers: { authorization: 'Bearer jpn-token' },
      }),
      await plain.inject({
        method: 'GET',
        url: '/api/JPN/replay/marks',
        headers: { authorization: 'Bearer jpn-token' },
      }),
      await plain.inject({
        method: 'POST',
        url: '/api/JPN/replay',
        headers: { authorization: 'Bearer jpn-token' },
        payload: { action: 'pause' },
      }),
    ]) {
      expect(r.statusCode).toBe(404);
      expect(r.json()).toMatchObject({
        error: 'no-replay',
        message: expect.stringContaining('concord node'),
      });
    }
    await plain.close();
  });

  it('refuses a re-run where live feeds are wired to the nodes (409 no-rerun), but not a forward seek', async () => {
    const fed = new Replay({
      scenarios: () => [],
      scenario: 'korea-srbm-salvo',
      build: () => replayRun(memoryNetwork({ scenario: scenarios.get('korea-srbm-salvo')! })),
      speed: 1,
      wallNowMs: () => wall,
      rerunRefusal: 'this network takes live feeds',
    });
    fed.act({ action: 'seek', t: 30 });
    expect(() => fed.act({ action: 'seek', t: 10 })).toThrow(/live feeds/);
    expect(fed.state()).toMatchObject({ run: 1, nowMs: fed.state().startMs + 30_000 });
    fed.close();
  });
});
