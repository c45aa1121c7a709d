import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { StatusEdit } from '../../src/commitments/index.js';
import type { Nation } from '../../src/domain/index.js';
import { CommitmentDesk } from '../../src/node/commitments.js';
import { openStore } from '../../src/store/index.js';
import type { MemoryAudit } from '../../src/testing/memory-ports.js';
import { bundled } from '../commitments/fixtures.js';
import { tempDirs } from '../store/helpers.js';
import { useApiNetwork } from '../support/api-network.js';

// The commitments registry over the API. The nodes' day is the scenario's: 2022-10-03 (the IRBM
// over Japan), so the entries made later are not in today's scorecard.

const registry = bundled();
const tokens = new Map<string, Nation>([
  ['usa-token', 'USA'],
  ['jpn-token', 'JPN'],
  ['kor-token', 'KOR'],
]);
const adminTokens = new Map<string, Nation>([
  ['jpn-admin', 'JPN'],
  ['kor-admin', 'KOR'],
]);
const audits = new Map<Nation, MemoryAudit>();
const api = useApiNetwork({
  tokens,
  adminTokens,
  network: { audits, commitments: () => registry },
  runMs: 1_000,
});

const get = (url: string, token: string) =>
  api.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
const post = (url: string, token: string | null, payload: unknown) =>
  api.app.inject({
    method: 'POST',
    url,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    payload: payload as Record<string, unknown>,
  });

const evidence = {
  date: '2022-09-20',
  source: { title: 'MOTIE press release', date: '2022-09-20' },
  text: 'The government resumed the CPTPP accession procedure.',
};
const refusals = (n: Nation) =>
  audits
    .get(n)!
    .records.filter((r) => r.kind === 'commitment-edit-refused')
    .map((r) => ({ subject: r.subject, ...(r.detail as { code: string; field: string }) }));

describe('commitments registry over the API', () => {
  it('lists the scorecard on the node day, by status, and at a past day', async () => {
    const today = await get('/api/KOR/commitments', 'kor-token');
    expect(today.statusCode).toBe(200);
    expect(today.json().asOf).toBe('2022-10-03');
    const ids = today.json().entries.map((e: { id: string }) => e.id);
    expect(ids).toContain('kor-sc-ruling-mhi-2018');
    expect(ids).not.toContain('tscf-2024');
    const withdrawn = await get('/api/KOR/commitments?status=withdrawn&asOf=2023-12-31', 'kor-token');
    const rows = withdrawn.json().entries as { id: string; status: string }[];
    expect(rows.map((r) => r.id)).toContain('jpn-export-curbs-2019');
    expect(rows.every((r) => r.status === 'withdrawn')).toBe(true);
    const past = await get('/api/USA/commitments?asOf=2020-01-01&kind=measure', 'usa-token');
    const notice = past.json().entries.find((e: { id: string }) => e.id === 'kor-gsomia-notice-2019');
    expect(notice).toMatchObject({ status: 'in-progress', asOf: '2019-11-22T18:00+09:00' });
    expect((await get('/api/USA/commitments?asOf=2019-02-30', 'usa-token')).json()).toMatchObject({
      error: 'bad-query',
      field: 'asOf',
    });
    expect((await get('/api/USA/commitments?status=done', 'usa-token')).statusCode).toBe(400);
    expect((await get('/api/USA/commitments', 'kor-token')).statusCode).toBe(403);
  });

  it("carries each recommendation's paper and quotations, as `commitments --format json` does", async () => {
    const rows = (await get('/api/JPN/commitments?kind=recommendation', 'jpn-token')).json().entries as {
      id: string;
      sourcePaper: string | null;
      quotes: { paper: string; text: string; place: string }[];
    }[];
    expect(rows.length).toBeGreaterThan(0);
    // The rows are the registry's own quotations, entry by entry (the data's, not a fixed copy).
    for (const r of rows) {
      const e = registry.entry(r.id)!;
      expect(r.sourcePaper).toBe(e.sourcePaper ?? null);
      expect(r.quotes).toEqual(e.quotes.map((q) => ({ paper: q.paper, text: q.text, place: q.place })));
    }
    expect(rows.some((r) => r.quotes.length > 0)).toBe(true);
    const quoted = rows.find((r) => r.quotes.length > 0)!;
    const one = (await get(`/api/JPN/commitments/${quoted.id}`, 'jpn-token')).json();
    expect(one.entry.quotes).toEqual(quoted.quotes);
    const measures = (await get('/api/JPN/commitments?kind=measure', 'jpn-token')).json().entries;
    expect(measures.every((m: { quotes: unknown[] }) => m.quotes.length === 0)).toBe(true);
  });

  it('reads one entry with its history at a day', async () => {
    const r = await get('/api/JPN/commitments/jpn-export-curbs-2019?asOf=2020-01-01', 'jpn-token');
    expect(r.statusCode).toBe(200);
    expect(r.json().entry).toMatchObject({ id: 'jpn-export-curbs-2019', status: 'met', asOf: '2019-07-04' });
    expect(r.json().history.map((h: { status: string }) => h.status)).toEqual(['in-progress', 'met']);
    expect((await get('/api/JPN/commitments/no-such-entry', 'jpn-token')).json()).toMatchObject({
      error: 'unknown-entry',
    });
    expect((await get('/api/JPN/commitments/tscf-2024', 'jpn-token')).json()).toMatchObject({
      error: 'not-made',
    });
  });

  it("appends a status, with evidence, by an administrator of the entry's sole owner; audited", async () => {
    const r = await post('/api/KOR/commitments/rec-rok-cptpp/status', 'kor-admin', {
      status: 'in-progress',
      asOf: '2022-09-20',
      note: 'accession procedure resumed',
      evidence,
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().entry).toMatchObject({ id: 'rec-rok-cptpp', status: 'in-progress', asOf: '2022-09-20' });
    const one = (await get('/api/KOR/commitments/rec-rok-cptpp', 'kor-token')).json();
    // Appended: the records from the data files are all still there, the new one last.
    expect(one.history).toEqual([
      expect.objectContaining({ asOf: '2021-12-13', status: 'in-progress' }),
      expect.objectContaining({ asOf: '2022-07', status: 'unmet' }),
      { asOf: '2022-09-20', status: 'in-progress', note: 'accession procedure resumed' },
    ]);
    expect(one.entry.evidence.at(-1)).toMatchObject(evidence);
    expect(one.edits).toEqual([
      expect.objectContaining({
        by: 'api:KOR',
        event: expect.objectContaining({ kind: 'propose-status', author: 'KOR', status: 'in-progress' }),
      }),
    ]);
    // The replicated history: who proposed what, when, on what evidence; Korea alone owns it, so
    // its proposal is its approval and in force at once.
    expect(one.proposals).toEqual([
      expect.objectContaining({
        author: 'KOR',
        owners: ['KOR'],
        state: 'in-force',
        edit: expect.objectContaining({ status: 'in-progress', asOf: '2022-09-20', evidence }),
        approvals: [expect.objectContaining({ nation: 'KOR' })],
      }),
    ]);
    expect(r.json().proposal).toMatchObject({ state: 'in-force', author: 'KOR' });
    // Read at a day before the edit, the history says what it said then.
    const before = await get('/api/KOR/commitments/rec-rok-cptpp?asOf=2022-09-01', 'kor-token');
    expect(before.json().entry).toMatchObject({ status: 'unmet' });
    // A source may be given as its title alone.
    const titled = await post('/api/KOR/commitments/kor-sc-ruling-mhi-2018/status', 'kor-admin', {
      status: 'met',
      asOf: '2022-10-01',
      evidence: { ...evidence, source: 'Supreme Court of Korea' },
    });
    expect(titled.statusCode).toBe(200);
    const edited = audits.get('KOR')!.records.filter((x) => x.kind === 'commitment-edited');
    expect(edited.map((x) => [x.subject, (x.detail as { by: string }).by])).toEqual([
      ['rec-rok-cptpp', 'api:KOR'],
      ['kor-sc-ruling-mhi-2018', 'api:KOR'],
    ]);
    // Sent to the partners under topic `registry`, which in 2022 no agreement in force carries
    // (the Camp David commitment of 2023 does): held in Korea's outbox, so Japan does not show it.
    const jpn = (await get('/api/JPN/commitments/rec-rok-cptpp', 'jpn-token')).json();
    expect(jpn.entry).toMatchObject({ status: 'unmet' });
  });

  it('refuses, naming the field, and audits every edit it may not make', async () => {
    const body = { status: 'met', asOf: '2022-10-01', evidence };
    const before = refusals('KOR').length;
    const cases: [string, string | null, unknown, number, string, string][] = [
      ['rec-rok-cptpp', 'kor-token', body, 403, 'not-administrator', 'token'],
      ['rec-rok-cptpp', 'jpn-admin', body, 403, 'other-nation', 'token'],
      ['rec-rok-cptpp', null, body, 401, 'unauthenticated', 'token'],
      ['jpn-export-curbs-2019', 'kor-admin', body, 403, 'not-owner', 'id'],
      ['no-such-entry', 'kor-admin', body, 404, 'unknown-entry', 'id'],
      ['rec-rok-cptpp', 'kor-admin', { ...body, status: 'done' }, 400, 'bad-body', 'status'],
      [
        'rec-rok-cptpp',
        'kor-admin',
        { ...body, evidence: { date: '2022-09-20', source: 'x' } },
        400,
        'bad-body',
        'evidence.text',
      ],
      ['rec-rok-cptpp', 'kor-admin', { ...body, asOf: '2022-09-01' }, 422, 'invalid', 'asOf'],
      ['rec-rok-cptpp', 'kor-admin', { ...body, asOf: '2022-10-04' }, 422, 'invalid', 'asOf'],
      [
        'rec-rok-cptpp',
        'kor-admin',
        { ...body, evidence: { ...evidence, date: '2023-01-01' } },
        422,
        'invalid',
        'evidence.date',
      ],
    ];
    for (const [id, token, payload, status, code, field] of cases) {
      const r = await post(`/api/KOR/commitments/${id}/status`, token, payload);
      expect({ id, code, status: r.statusCode }).toEqual({ id, code, status });
      expect(r.json()).toMatchObject({ error: code, field });
      expect(r.json().message.length).toBeGreaterThan(10);
    }
    expect(refusals('KOR').slice(before)).toEqual(
      cases.map(([id, , , , code, field]) => expect.objectContaining({ subject: id, code, field })),
    );
    expect(
      (
        await post('/api/KOR/commitments/rec-rok-cptpp/status', 'kor-admin', { ...body, status: 'done' })
      ).json().message,
    ).toContain('status');
    // Nothing refused reached the registry.
    const one = (await get('/api/KOR/commitments/rec-rok-cptpp', 'kor-admin')).json();
    expect(one.history.at(-1)).toMatchObject({ asOf: '2022-09-20', status: 'in-progress' });
  });

  it('audits refused tokens on approvals as on edits: at most once per source and minute, however many come', async () => {
    const before = refusals('KOR').length;
    for (let i = 0; i < 100; i++) {
      const r = await post('/api/KOR/commitments/rec-rok-cptpp/approvals', null, { proposal: 'x' });
      expect(r.statusCode).toBe(401);
    }
    // The node's clock does not move here: one window, so at most one record in full (none when the
    // edits' refusals above opened it); the rest are counted into the window's summary.
    const during = refusals('KOR').slice(before);
    expect(during.length).toBeLessThanOrEqual(1);
    expect(during.every((r) => r.code === 'unauthenticated')).toBe(true);
  });
});

describe('commitment edits in the SQLite store', () => {
  const tmp = tempDirs();
  afterEach(() => tmp.cleanup());

  it('survive a reopen, are audited in the same store, and cannot be updated or deleted', () => {
    const path = tmp.file();
    const clock = { nowMs: () => Date.parse('2024-01-10T00:00:00Z') };
    const desk = (s: ReturnType<typeof openStore>) =>
      new CommitmentDesk({
        nation: 'JPN',
        clock,
        registry: () => registry,
        edits: s.commitmentEdits,
        audit: s.audit,
        transaction: s.transaction,
      });
    const edit: StatusEdit = {
      entry: 'jpn-defence-buildup-2022',
      nation: 'JPN',
      status: 'met',
      asOf: '2024-01-05',
      evidence: { date: '2024-01-05', source: { title: 'MOD white paper' }, text: 'Budget enacted.' },
    };
    const first = openStore(path);
    expect(desk(first).edit('api:JPN', edit)).toMatchObject({ ok: true });
    first.close();
    const again = openStore(path);
    const d = desk(again);
    expect(d.registry().entry('jpn-defence-buildup-2022')!.status.at(-1)).toEqual({
      asOf: '2024-01-05',
      status: 'met',
    });
    expect(d.edits()).toEqual([
      expect.objectContaining({ entry: 'jpn-defence-buildup-2022', by: 'api:JPN' }),
    ]);
    expect(again.audit.read(1, 10).map((r) => r.kind)).toEqual(['commitment-edited']);
    // The rule holds against the edited history too: nothing before the new record.
    expect(desk(again).edit('api:JPN', { ...edit, asOf: '2023-12-01' })).toMatchObject({
      ok: false,
      field: 'asOf',
    });
    again.close();
    const db = new Database(path);
    expect(() => db.prepare("UPDATE commitment_edits SET body = '{}'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM commitment_edits').run()).toThrow(/append-only/);
    db.close();
  });
});
