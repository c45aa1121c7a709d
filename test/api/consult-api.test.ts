import { describe, expect, it } from 'vitest';
import type { Nation } from '../../src/domain/index.js';
import { CONVENE, useConsultApi } from '../support/consult-api.js';

const api = useConsultApi();
const { call, advance, audits } = api;
const convene = CONVENE;

describe('consultation API', () => {
  it('convenes, acknowledges, discusses, agrees and closes across the three nodes', async () => {
    const c = await call('POST', '/api/JPN/consultations', 'JPN', convene);
    expect(c.statusCode).toBe(200);
    const id: string = c.json().event.id;
    expect(c.json().consultation).toMatchObject({ convener: 'JPN', viewer: 'JPN', level: 'working' });
    advance();
    for (const n of ['USA', 'KOR'] as Nation[]) {
      const r = await call('POST', `/api/${n}/consultations/${id}/acknowledge`, n, {});
      expect(r.statusCode).toBe(200);
    }
    const post = await call('POST', `/api/KOR/consultations/${id}/posts`, 'KOR', {
      text: 'Launch from Jagang confirmed by JCS.',
      marking: '//KOR SECRET//REL TO USA, JPN, KOR',
    });
    expect(post.statusCode).toBe(200);
    const v = await call('POST', `/api/USA/consultations/${id}/statements`, 'USA', {
      text: 'The three condemn the launch.',
    });
    expect(v.statusCode).toBe(200);
    const version: string = v.json().event.id;
    advance();
    for (const n of ['USA', 'JPN', 'KOR'] as Nation[]) {
      const r = await call('POST', `/api/${n}/consultations/${id}/approve`, n, { version });
      expect(r.statusCode).toBe(200);
    }
    advance();
    expect(
      (await call('POST', `/api/JPN/consultations/${id}/close`, 'JPN', { outcome: 'agreed' })).statusCode,
    ).toBe(200);
    advance();
    const views = await Promise.all(
      (['USA', 'JPN', 'KOR'] as Nation[]).map(async (n) =>
        (await call('GET', `/api/${n}/consultations/${id}`, n)).json(),
      ),
    );
    for (const view of views) {
      expect(view.applied).toEqual(views[0].applied);
      expect(view.statements[0].agreed.version).toBe(version);
      expect(view.closed.by).toBe('JPN');
      expect(view.timeline[0].text).toBe('Launch from Jagang confirmed by JCS.');
    }
    const list = await call('GET', '/api/KOR/consultations', 'KOR');
    expect(list.json().consultations.map((x: { id: string }) => x.id)).toContain(id);
  });

  it('refuses with a reason, and audits, what an operator may not do', async () => {
    const c = await call('POST', '/api/JPN/consultations', 'JPN', { ...convene, subject: 'second' });
    const id: string = c.json().event.id;
    advance();
    const before = audits.get('JPN')!.records.filter((r) => r.kind === 'consult-refused').length;
    // A Korean operator on Japan's node.
    const other = await call('POST', `/api/JPN/consultations/${id}/acknowledge`, 'KOR', {});
    expect(other.statusCode).toBe(403);
    // Japan's operator acknowledging for Korea.
    const forKor = await call('POST', `/api/JPN/consultations/${id}/acknowledge`, 'JPN', { nation: 'KOR' });
    expect(forKor.statusCode).toBe(422);
    expect(forKor.json()).toMatchObject({ error: 'not-own' });
    expect(forKor.json().message).toContain('cannot acknowledge for KOR');
    const close = await call('POST', `/api/KOR/consultations/${id}/close`, 'KOR', {});
    expect(close.json()).toMatchObject({ error: 'not-convener' });
    const v1 = (await call('POST', `/api/JPN/consultations/${id}/statements`, 'JPN', { text: 'one' })).json()
      .event.id;
    advance();
    await call('POST', `/api/JPN/consultations/${id}/statements`, 'JPN', { text: 'two', replaces: v1 });
    advance();
    const stale = await call('POST', `/api/USA/consultations/${id}/approve`, 'USA', { version: v1 });
    expect(stale.statusCode).toBe(422);
    expect(stale.json()).toMatchObject({ error: 'stale-version' });
    const noforn = await call('POST', `/api/USA/consultations/${id}/posts`, 'USA', {
      text: 'ours only',
      marking: 'SECRET//NOFORN',
    });
    expect(noforn.json()).toMatchObject({ error: 'not-releasable' });
    expect((await call('POST', `/api/USA/consultations/${id}/posts`, 'USA', { text: 'x' })).statusCode).toBe(
      400,
    );
    expect((await call('POST', `/api/USA/consultations/${id}/acknowledge`, null, {})).statusCode).toBe(401);
    expect((await call('GET', '/api/USA/consultations/USA:none', 'USA')).statusCode).toBe(404);
    const after = audits.get('JPN')!.records.filter((r) => r.kind === 'consult-refused');
    expect(after.slice(before).map((r) => (r.detail as { code: string }).code)).toEqual([
      'other-nation',
      'not-own',
    ]);
    expect(
      audits
        .get('USA')!
        .records.filter((r) => r.kind === 'consult-refused')
        .map((r) => (r.detail as { code: string }).code),
    ).toEqual(['stale-version', 'not-releasable', 'unauthenticated']);
    // The approved version is not stale: the latest one is, by default.
    const latest = await call('POST', `/api/USA/consultations/${id}/approve`, 'USA', {});
    expect(latest.statusCode).toBe(200);
    expect(latest.json().event.body.version).not.toBe(v1);
  });

  it('reads a marking with the operator’s nation as originator: another nation’s banner is a 422, not a 500', async () => {
    const c = await call('POST', '/api/JPN/consultations', 'JPN', { ...convene, subject: 'markings' });
    const id: string = c.json().event.id;
    advance();
    for (const [path, body] of [
      ['posts', { text: 'Korea’s words, say we.', marking: '//KOR SECRET//REL TO USA, JPN, KOR' }],
      ['statements', { text: 'A text under the US banner.', marking: '//USA SECRET//REL TO USA, JPN, KOR' }],
      ['positions', { text: 'Korea’s position.', marking: '//KOR SECRET//NOFORN' }],
    ] as const) {
      const r = await call('POST', `/api/JPN/consultations/${id}/${path}`, 'JPN', body);
      expect(r.statusCode, path).toBe(422);
      expect(r.json(), path).toMatchObject({ error: 'bad-marking' });
      expect(r.json().message, path).toMatch(/names originator (KOR|USA) but the item's originator is JPN/);
    }
    // A bare banner is Japan's own.
    const own = await call('POST', `/api/JPN/consultations/${id}/posts`, 'JPN', {
      text: 'Ours.',
      marking: 'SECRET//REL TO USA, JPN, KOR',
    });
    expect(own.statusCode).toBe(200);
    expect(own.json().consultation.timeline.at(-1).marking).toBe('//JPN SECRET//REL TO USA, JPN, KOR');
  });

  it('escalates by hand, and documents every route in /openapi.json', async () => {
    const id: string = (
      await call('POST', '/api/USA/consultations', 'USA', { ...convene, subject: 'third' })
    ).json().event.id;
    const up = await call('POST', `/api/USA/consultations/${id}/escalate`, 'USA', {
      to: 'ministerial',
      form: '2+2+2',
      reason: 'the launch overflew Japan',
    });
    expect(up.statusCode).toBe(200);
    expect(up.json().consultation).toMatchObject({ level: 'ministerial', form: '2+2+2' });
    const down = await call('POST', `/api/USA/consultations/${id}/escalate`, 'USA', {
      to: 'working',
      reason: 'x',
    });
    expect(down.json()).toMatchObject({ error: 'not-higher' });
    const doc = (await api.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const r of [
      'acknowledge',
      'posts',
      'statements',
      'approve',
      'reject',
      'escalate',
      'readouts',
      'positions',
      'close',
    ])
      expect(doc.paths[`/api/{nation}/consultations/{id}/${r}`]?.post).toBeDefined();
    const position = doc.paths['/api/{nation}/consultations/{id}/positions'].post;
    expect(position.description).toContain('Private');
    expect(position.requestBody.content['application/json'].schema.required.sort()).toEqual([
      'marking',
      'text',
    ]);
    const readout = doc.paths['/api/{nation}/consultations/{id}/readouts'].post;
    expect(Object.keys(readout.requestBody.content['application/json'].schema.properties).sort()).toEqual([
      'marking',
      'statement',
      'text',
    ]);
    const exported = doc.paths['/api/{nation}/consultations/{id}/statements/{statement}/export'].get;
    expect(exported.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['format', 'nation', 'id', 'statement']),
    );
    expect(Object.keys(exported.responses['200'].content)).toEqual(['text/markdown', 'text/html']);
    expect(exported.responses['422']).toBeDefined();
    const stream = doc.paths['/api/{nation}/consultations/stream'].get;
    expect(stream.description).toContain("type: 'event'");
    const edit = doc.paths['/api/{nation}/commitments/{id}/status'].post;
    expect(edit.requestBody.content['application/json'].schema.required).toEqual([
      'status',
      'asOf',
      'evidence',
    ]);
    expect(Object.keys(edit.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404', '422']),
    );
    expect(
      doc.paths['/api/{nation}/commitments'].get.parameters.map((p: { name: string }) => p.name),
    ).toEqual(expect.arrayContaining(['status', 'kind', 'asOf']));
    expect(doc.paths['/api/{nation}/consultations'].post.requestBody).toBeDefined();
    expect(doc.paths['/api/{nation}/consultations/{id}'].get).toBeDefined();
  });

  // Runs last: it moves the scenario clock on by minutes.
  it('audits refused authentications once per source and minute, with a count, however many come', async () => {
    advance(60_000); // a minute of its own
    const refusals = () => audits.get('USA')!.records.filter((r) => r.kind === 'consult-refused');
    const before = refusals().length;
    for (let i = 0; i < 300; i++) {
      const r = await call('POST', '/api/USA/consultations/USA:none/acknowledge', null, {});
      expect(r.statusCode).toBe(401);
    }
    const during = refusals().slice(before);
    expect(during.map((r) => (r.detail as { code: string }).code)).toEqual(['unauthenticated']);
    expect(during[0]!.detail).toMatchObject({ source: '127.0.0.1' });
    advance(60_000);
    await call('POST', '/api/USA/consultations/USA:none/acknowledge', null, {});
    const after = refusals().slice(before + 1);
    expect(after.map((r) => r.detail)).toEqual([
      expect.objectContaining({ code: 'unauthenticated', source: '127.0.0.1', count: 299 }),
      expect.objectContaining({ code: 'unauthenticated', source: '127.0.0.1' }),
    ]);
  });
});
