import { describe, expect, it } from 'vitest';
import { decide, type Nation } from '../../src/domain/index.js';
import { bundled } from '../commitments/fixtures.js';
import { bundledRegistry } from '../domain/fixtures.js';
import { useApiNetwork } from '../support/api-network.js';

// The console's reads: the releasability the node computes at an instant (the agreements view), who
// holds the token, the indicators, and a paper's scorecard with its words.

const tokens = new Map<string, Nation>([
  ['jpn-token', 'JPN'],
  ['kor-token', 'KOR'],
]);
const adminTokens = new Map<string, Nation>([['kor-admin', 'KOR']]);
const agreements = bundledRegistry();
const registry = bundled();
const api = useApiNetwork({ tokens, adminTokens, network: { commitments: () => registry } });

const get = async (url: string, token = 'jpn-token') => {
  const r = await api.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  return { status: r.statusCode, body: r.json() };
};

interface Flow {
  level: string;
  english: string;
  agreement: string;
  concerning?: string;
  relay?: string;
}
interface Cell {
  from: string;
  to: string;
  topic: string;
  direct: Flow | null;
  via: Flow[];
}
interface Sharing {
  nation: string;
  at: string;
  nations: string[];
  topics: string[];
  cells: Cell[];
  agreements: { id: string; state: string; inForce: boolean; detail: string }[];
}

const sharing = async (at: string) => (await get(`/api/JPN/sharing?at=${at}`)).body as Sharing;
const gsomia = (s: Sharing) => s.agreements.find((a) => a.id === 'jpn-kor-gsomia-2016')!;
const cell = (s: Sharing, from: string, to: string, topic: string) =>
  s.cells.find((c) => c.from === from && c.to === to && c.topic === topic);

describe('GET /api/:nation/sharing', () => {
  it('follows the Japan–ROK GSOMIA through its dates', async () => {
    const before = await sharing('2016-11-22');
    expect(gsomia(before).state).toBe('not-yet-in-force');
    // The day before, Japan reaches Korea on missile warning only through the US, about North Korea (TISA).
    const mw = cell(before, 'JPN', 'KOR', 'missile-warning')!;
    expect(mw.direct).toBeNull();
    expect(mw.via).toEqual([
      { level: 'GOKUHI', english: 'SECRET', agreement: 'tisa-2014', concerning: 'PRK', relay: 'USA' },
    ]);
    expect(cell(before, 'JPN', 'KOR', 'maritime')).toBeUndefined();
    const notice = await sharing('2019-08-23');
    expect(gsomia(notice)).toMatchObject({ state: 'in-force-notice-pending', inForce: true });
    expect(gsomia(notice).detail).toContain('2019-08-23');
    expect(cell(notice, 'KOR', 'JPN', 'maritime')!.direct).toMatchObject({
      english: 'SECRET',
      agreement: 'jpn-kor-gsomia-2016',
    });
    const suspended = await sharing('2019-11-22');
    expect(gsomia(suspended)).toMatchObject({ state: 'in-force', inForce: true });
    expect(gsomia(suspended).detail).toContain('suspended on 2019-11-22');
    expect(gsomia(await sharing('2023-03-21')).detail).toContain('withdrawn on 2023-03-21');
  });

  it("answers only the nation's own flows, as decide() makes them", async () => {
    const s = await sharing('2024-01-01T00:00Z');
    expect(s.at).toBe('2024-01-01T00:00:00.000Z');
    expect(s.nations).toEqual(expect.arrayContaining(['USA', 'JPN', 'KOR']));
    expect(s.cells.length).toBeGreaterThan(0);
    for (const c of s.cells) expect([c.from, c.to]).toContain('JPN');
    for (const c of s.cells.filter((x) => x.direct)) {
      const d = decide(
        {
          marking: {
            originator: c.from as Nation,
            level: c.direct!.level,
            relTo: [c.from as Nation, c.to as Nation],
            noforn: false,
            orcon: false,
          },
          recipient: c.to as Nation,
          topic: c.topic as never,
          atMs: Date.parse(s.at),
          ...(c.direct!.concerning ? { concerning: c.direct!.concerning as Nation } : {}),
        },
        agreements,
      );
      expect(d.allow, `${c.from}->${c.to} ${c.topic}`).toBe(true);
    }
  });

  it('refuses a bad instant, naming it, and another nation', async () => {
    const bad = await get('/api/JPN/sharing?at=2019-02-30');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'bad-query', field: 'at' });
    expect(bad.body.message).toContain('2019-02-30');
    expect((await get('/api/JPN/sharing', 'kor-token')).status).toBe(403);
  });
});

describe('GET /api/:nation/session', () => {
  it("says the token holder's nation and role", async () => {
    expect((await get('/api/KOR/session', 'kor-token')).body).toEqual({ nation: 'KOR', role: 'operator' });
    expect((await get('/api/KOR/session', 'kor-admin')).body).toEqual({
      nation: 'KOR',
      role: 'administrator',
    });
    expect((await get('/api/KOR/session', 'jpn-token')).status).toBe(403);
  });
});

describe('GET /api/:nation/indicators', () => {
  it('serves the series by nation and year and the schedules with formula and published amounts', async () => {
    const { status, body } = await get('/api/JPN/indicators');
    expect(status).toBe(200);
    const milex = body.series.find((s: { id: string }) => s.id === 'milex-pct-gdp-sipri-2025');
    expect(milex.values.JPN).toContainEqual({ year: 2024, value: 1.37 });
    expect(milex.unit).toBe('% of GDP');
    const sma = body.schedules.find((s: { id: string }) => s.id === 'us-kor-sma');
    // 2021: ₩1,038.9bn grown 13.9 % is ₩1,183.3bn, as published.
    expect(sma.years.find((y: { year: number }) => y.year === 2021)).toMatchObject({
      rule: 'growth',
      amount: 1183.3,
      known: 1183.3,
    });
    // No CPI bundled: the 12th SMA's indexed years have no formula amount, and say why.
    expect(sma.years.find((y: { year: number }) => y.year === 2027)).toMatchObject({ amount: null });
    expect(sma.sources.length).toBeGreaterThan(0);
  });
});

describe('GET /api/:nation/commitments?paper=', () => {
  it("lists that paper's recommendations with its own words", async () => {
    const { body } = await get('/api/JPN/commitments?paper=wilson-2022&asOf=2026-01-01');
    expect(body.entries.length).toBeGreaterThan(0);
    for (const e of body.entries) {
      expect(e.kind).toBe('recommendation');
      expect(e.quotes.length, e.id).toBeGreaterThan(0);
      for (const q of e.quotes) expect(q.paper).toBe('wilson-2022');
    }
    const all = (await get('/api/JPN/commitments?asOf=2026-01-01')).body.entries;
    expect(all.length).toBeGreaterThan(body.entries.length);
    expect((await get('/api/JPN/commitments?paper=rand-2020')).status).toBe(400);
  });

  it('gives the quotes of one entry', async () => {
    const { body } = await get('/api/JPN/commitments?kind=recommendation&asOf=2026-01-01');
    const id = body.entries.find((e: { quotes: unknown[] }) => e.quotes.length > 0).id;
    const one = await get(`/api/JPN/commitments/${id}?asOf=2026-01-01`);
    expect(one.body.quotes.length).toBeGreaterThan(0);
  });
});
