import { describe, expect, it } from 'vitest';
import { TRILATERAL } from '../../src/domain/index.js';
import { agreedTopics, natsServerConfig, planNatsNetwork } from '../../src/link/index.js';
import { bundledRegistry } from '../domain/fixtures.js';

describe('per-nation nats-server configuration', () => {
  const registry = bundledRegistry();
  let n = 0;
  const plans = planNatsNetwork({
    nations: TRILATERAL,
    hostOf: () => '127.0.0.1',
    portOf: (x) => 4222 + TRILATERAL.indexOf(x),
    leafPortOf: (x) => 7422 + TRILATERAL.indexOf(x),
    topics: (a, b) => agreedTopics(registry, a, b),
    secret: () => `secret-${n++}`,
  });
  const plan = (x: string) => plans.find((p) => p.nation === x)!;

  it('pairs each leaf password between its two nations only: the recipient expects what the sender presents', () => {
    for (const p of plans)
      for (const link of p.partners) {
        const back = plan(link.nation).partners.find((q) => q.nation === p.nation)!;
        expect(back.inboundPassword).toBe(link.outbound.password);
        expect(link.outbound.port).toBe(plan(link.nation).leafPort);
      }
    const all = plans.flatMap((p) => [
      p.admin.password,
      p.nodePassword,
      ...p.partners.map((q) => q.inboundPassword),
    ]);
    expect(new Set(all).size).toBe(all.length);
  });

  it('takes the topics of the agreements between the two nations', () => {
    expect(agreedTopics(registry, 'JPN', 'KOR')).toEqual([
      'consultation',
      'governance',
      'intelligence-report',
      'maritime',
      'missile-warning',
      'pandemic-response',
      'registry',
    ]);
    expect(agreedTopics(registry, 'KOR', 'AUS')).toEqual(['governance', 'pandemic-response']);
  });

  it('allows a partner with no agreed topic nothing (an empty allow list would allow everything)', () => {
    const kor = plan('KOR');
    const conf = natsServerConfig({
      ...kor,
      storeDir: '/tmp/x',
      partners: kor.partners.map((p) => (p.nation === 'JPN' ? { ...p, topics: [] } : p)),
    });
    const fromJapan = /FROM_JPN \{[\s\S]*?permissions: \{ publish: (\{[^}]*\})/.exec(conf)?.[1];
    expect(fromJapan).toBe('{ deny: [">"] }');
    expect(conf).not.toContain('concord.v1.JPN.KOR.');
    expect(conf).toContain('"concord.v1.USA.KOR.missile-warning"');
  });

  it('with TLS, names every user by its certificate subject, writes no password, and admits each on its connection type only', () => {
    const jpn = plan('JPN');
    const conf = natsServerConfig({
      ...jpn,
      storeDir: '/tmp/x',
      tls: {
        caFile: '/tls/ca.pem',
        certFile: '/tls/server.pem',
        keyFile: '/tls/server-key.pem',
        subjects: {
          node: 'CN=concord-node-JPN,O=Concord',
          admin: 'CN=concord-admin-JPN,O=Concord',
          partnerServers: new Map([
            ['USA', 'CN=concord-USA,O=Concord'],
            ['KOR', 'CN=concord-KOR,O=Concord'],
          ]),
        },
      },
    });
    for (const secret of [
      jpn.admin.password,
      jpn.nodePassword,
      ...jpn.partners.flatMap((p) => [p.inboundPassword, p.outbound.password]),
    ])
      expect(conf).not.toContain(secret);
    expect(conf).not.toContain('password');
    expect(conf.match(/verify_and_map: true/g)).toHaveLength(2); // the client port and the leaf-node port
    expect(conf).toContain(
      '{ user: "CN=concord-admin-JPN,O=Concord", allowed_connection_types: ["STANDARD"] }',
    );
    expect(conf).toMatch(
      /\{ user: "CN=concord-node-JPN,O=Concord", permissions: [^\n]*allowed_connection_types: \["STANDARD"\] \}/,
    );
    expect(conf).toMatch(
      /FROM_KOR \{\s*users: \[\s*\{ user: "CN=concord-KOR,O=Concord", permissions: [^\n]*allowed_connection_types: \["LEAFNODE"\] \}/,
    );
    expect(conf).toContain(`url: "nats-leaf://127.0.0.1:${plan('KOR').leafPort}"`);
  });

  it("refuses to configure TLS without the subject of a partner's server certificate", () => {
    const jpn = plan('JPN');
    expect(() =>
      natsServerConfig({
        ...jpn,
        storeDir: '/tmp/x',
        tls: {
          caFile: '/ca',
          certFile: '/c',
          keyFile: '/k',
          subjects: { node: 'CN=n', admin: 'CN=a', partnerServers: new Map([['USA', 'CN=u']]) },
        },
      }),
    ).toThrow("no certificate subject for KOR's server, a partner of JPN");
  });
});
