import { describe, expect, it } from 'vitest';
import { type Nation, TOPIC_NAMES, TRILATERAL } from '../../src/domain/index.js';
import { natsServerConfig, networkTopics, planNatsNetwork } from '../../src/link/index.js';

describe('per-nation nats-server configuration', () => {
  let n = 0;
  const plans = planNatsNetwork({
    nations: TRILATERAL,
    hostOf: () => '127.0.0.1',
    portOf: (x) => 4222 + TRILATERAL.indexOf(x),
    leafPortOf: (x) => 7422 + TRILATERAL.indexOf(x),
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

  it('connects every pair of the network on every topic, whatever the agreements say: the gates decide, at run time', () => {
    expect(networkTopics()).toEqual([...TOPIC_NAMES].sort());
    expect(networkTopics()).toContain('commitment'); // no agreement covers it today; a new one may
    for (const p of plans) {
      expect(p.partners.map((q) => q.nation).sort()).toEqual(TRILATERAL.filter((x) => x !== p.nation).sort());
      for (const q of p.partners) expect(q.topics).toEqual(networkTopics());
    }
    // Five nations, some of which share a single topic today (Korea and India: the Quad-Plus calls'):
    // each connects to every other, on every topic.
    const five: Nation[] = ['USA', 'JPN', 'KOR', 'AUS', 'IND'];
    const quad = planNatsNetwork({
      nations: five,
      hostOf: () => '127.0.0.1',
      portOf: (x) => 4222 + five.indexOf(x),
      leafPortOf: (x) => 7422 + five.indexOf(x),
      secret: () => `s-${n++}`,
    });
    for (const p of quad) expect(p.partners).toHaveLength(4);
  });

  it('lets each partner publish only as itself, into its own stream, on a known topic', () => {
    const kor = plan('KOR');
    const conf = natsServerConfig({ ...kor, storeDir: '/tmp/x' });
    for (const partner of ['USA', 'JPN'] as const) {
      const account = new RegExp(
        `FROM_${partner} \\{[\\s\\S]*?permissions: \\{ publish: \\{ allow: \\[([^\\]]*)\\] \\}`,
      ).exec(conf)?.[1];
      expect(account, partner).toBeDefined();
      const allowed = [...account!.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
      expect(allowed).toEqual(networkTopics().map((t) => `concord.v1.KOR.${partner}.${t}`));
    }
    // Korea's own node publishes only as Korea.
    const node = /\{ user: "KOR", password: [^,]*, permissions: \{ publish: \{ allow: \[([^\]]*)\]/.exec(
      conf,
    )?.[1];
    const own = [...node!.matchAll(/"(concord\.[^"]+)"/g)].map((m) => m[1]!);
    expect(own).toHaveLength(2 * networkTopics().length);
    for (const subject of own) expect(subject).toMatch(/^concord\.v1\.(USA|JPN)\.KOR\.[a-z-]+$/);
    // No wildcard anywhere: a subject names its recipient, its sender and a known topic.
    expect(conf).not.toMatch(/concord\.v1\.[^"]*[*>]/);
  });

  it('allows a partner with no topic nothing (an empty allow list would allow everything)', () => {
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
