// Two nations' own nats-servers over TLS (real processes; certificates from Debian's openssl): the
// node's connection and the leaf nodes between the servers require it.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Nation } from '../../src/domain/index.js';
import {
  freePort,
  type NatsNetwork,
  type NatsTransport,
  startNatsServer,
  type WireMessage,
} from '../../src/link/index.js';
import { connectNode, startTestNatsNetwork } from '../../src/testing/nats.js';

const NATIONS: readonly Nation[] = ['JPN', 'KOR'];
let dir: string;
let net: NatsNetwork;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'concord-nats-tls-'));
  net = await startTestNatsNetwork({ dir, nations: NATIONS, tls: true });
});

afterAll(async () => {
  await net?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const send = (t: NatsTransport, m: WireMessage) =>
  new Promise<string>((resolve) =>
    t.send(m, { acked: () => resolve('acked'), failed: (r) => resolve(`failed: ${r}`) }),
  );

describe('nats-servers over TLS', () => {
  it("delivers Korea's messages to Japan's node through TLS leaf nodes, and refuses a plain connection", async () => {
    const jpnServer = net.server('JPN');
    expect(jpnServer.url).toMatch(/^tls:\/\//);
    const config = readFileSync(jpnServer.configFile, 'utf8');
    expect(config).toMatch(/leafnodes \{[\s\S]*tls \{[\s\S]*verify_and_map: true/);
    expect(statSync(join(dir, 'ca', 'ca-key.pem')).mode & 0o077).toBe(0);
    expect(statSync(join(dir, 'JPN', 'tls', 'server-key.pem')).mode & 0o077).toBe(0);

    const kor = await connectNode(net, 'KOR', NATIONS, { publishTimeoutMs: 1_000 });
    const jpn = await connectNode(net, 'JPN', NATIONS);
    const got: string[] = [];
    jpn.listen('JPN', (m, ack) => {
      got.push(new TextDecoder().decode(m.body));
      ack();
    });
    const msg = (i: number): WireMessage => ({
      recipient: 'JPN',
      sender: 'KOR',
      topic: 'maritime',
      id: `kor-${i}`,
      body: new TextEncoder().encode(`item ${i}`),
    });
    // The leaf connection comes up just after the servers: the first message waits for it.
    for (let i = 0; (await send(kor, msg(0))) !== 'acked'; i++)
      if (i > 30) throw new Error('no TLS leaf node');
    for (let i = 1; i < 20; i++) expect(await send(kor, msg(i))).toBe('acked');
    while (got.length < 20) await new Promise((r) => setTimeout(r, 50));
    expect(got).toEqual(Array.from({ length: 20 }, (_, i) => `item ${i}`));
    await kor.close();
    await jpn.close();

    // The certificate is the identity: JPN's node with its own certificate (and no password) is in;
    // the node's right password with another nation's node certificate, with Japan's own server
    // certificate (a leaf-node identity only), or with no certificate at all, is refused.
    const certs = jpnServer.clientCerts!;
    expect(config).toMatch(/verify_and_map: true/);
    expect(config).not.toContain(jpnServer.nodePassword);
    const own = await connect({
      servers: jpnServer.url,
      tls: { caFile: jpnServer.caFile!, ...certs.node },
      timeout: 2_000,
      reconnect: false,
    });
    await own.flush();
    await own.close();
    const attempt = (tls: { certFile?: string; keyFile?: string }, withPassword = true) =>
      connect({
        servers: jpnServer.url,
        ...(withPassword ? { user: 'JPN', pass: jpnServer.nodePassword } : {}),
        tls: { caFile: jpnServer.caFile!, ...tls },
        timeout: 2_000,
        reconnect: false,
      });
    const korCerts = net.server('KOR').clientCerts!;
    await expect(attempt(korCerts.node, false)).rejects.toThrow(/Authorization Violation/);
    await expect(attempt(korCerts.node)).rejects.toThrow();
    await expect(attempt(korCerts.admin, false)).rejects.toThrow(/Authorization Violation/);
    await expect(
      attempt(
        {
          certFile: join(dir, 'JPN', 'tls', 'server.pem'),
          keyFile: join(dir, 'JPN', 'tls', 'server-key.pem'),
        },
        false,
      ),
    ).rejects.toThrow(/Authorization Violation/);
    await expect(
      attempt(
        {
          certFile: join(dir, 'KOR', 'tls', 'server.pem'),
          keyFile: join(dir, 'KOR', 'tls', 'server-key.pem'),
        },
        false,
      ),
    ).rejects.toThrow(/Authorization Violation/);
    await expect(attempt({})).rejects.toThrow();

    // Without TLS the server refuses the node.
    const plain = jpnServer.url.replace(/^tls:/, 'nats:');
    await expect(
      connect({
        servers: plain,
        user: 'JPN',
        pass: jpnServer.nodePassword,
        timeout: 2_000,
        reconnect: false,
      }),
    ).rejects.toThrow();
  }, 60_000);

  it("lets a server onto a partner's leaf-node port only with that partner's server certificate", async () => {
    const jpn = net.server('JPN');
    const kor = net.server('KOR');
    const korTls = join(dir, 'KOR', 'tls');
    // What Japan's server holds from Korea, read by Japan's administrator (by its certificate).
    const admin = await connect({
      servers: jpn.url,
      tls: { caFile: jpn.caFile!, ...jpn.clientCerts!.admin },
    });
    const jsm = await jetstreamManager(admin);
    const storedFromKorea = async () => (await jsm.streams.info('IN_KOR')).state.messages;
    const before = await storedFromKorea();
    /** A server dialling Japan's leaf-node port with `cert`, and a client of it asking to deliver as Korea. */
    const deliverVia = async (name: string, cert: { certFile: string; keyFile: string }, tries = 12) => {
      const port = await freePort();
      const server = await startNatsServer({
        nation: 'KOR',
        dir: join(dir, name),
        config: `listen: "127.0.0.1:${port}"
leafnodes {
  remotes: [
    { url: "nats-leaf://127.0.0.1:${jpn.leafPort}", tls { cert_file: ${JSON.stringify(cert.certFile)}, key_file: ${JSON.stringify(cert.keyFile)}, ca_file: ${JSON.stringify(jpn.caFile!)} } }
  ]
}
`,
        port,
        leafPort: 0,
        admin: kor.admin,
        nodePassword: '',
      });
      const nc = await connect({ servers: `nats://127.0.0.1:${port}`, timeout: 2_000, reconnect: false });
      try {
        // A leaf connection comes up a moment after the server: try for a while before concluding
        // (a refusal is the absence of delivery; the admitted case below may take longer).
        for (let i = 0; i < tries; i++) {
          nc.publish('concord.v1.JPN.KOR.maritime', name);
          await nc.flush();
          await new Promise((r) => setTimeout(r, 250));
          if ((await storedFromKorea()) > before) return 'stored';
        }
        return 'refused';
      } finally {
        await nc.close();
        await server.stop();
      }
    };
    // Korea's node certificate, Korea's administrator's, Japan's own node's: signed by the CA, but
    // none is Korea's server, so Japan's leaf-node port admits none of them.
    const refused = await Promise.all([
      deliverVia('rogue-node', { certFile: join(korTls, 'node.pem'), keyFile: join(korTls, 'node-key.pem') }),
      deliverVia('rogue-admin', {
        certFile: join(korTls, 'admin.pem'),
        keyFile: join(korTls, 'admin-key.pem'),
      }),
      deliverVia('rogue-jpn-node', jpn.clientCerts!.node),
    ]);
    expect(refused).toEqual(['refused', 'refused', 'refused']);
    // Korea's server certificate is Korea on Japan's port: its delivery is stored.
    expect(
      await deliverVia(
        'korea',
        { certFile: join(korTls, 'server.pem'), keyFile: join(korTls, 'server-key.pem') },
        80,
      ),
    ).toBe('stored');
    await admin.close();
  }, 60_000);
});
