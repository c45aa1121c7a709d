// The user's own TLS material: checked before anything starts (each bad file named), then a
// network of real nats-servers (one per nation) running on it, the leaf nodes and the nodes'
// connections over TLS.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Nation } from '../../src/domain/index.js';
import {
  checkUserNatsTls,
  type NatsTransport,
  tlsNamesFor,
  type UserTlsFiles,
  type WireMessage,
} from '../../src/link/index.js';
import { connectNode, startTestNatsNetwork } from '../../src/testing/nats.js';
import { makeCa, makeCert, makeNationCert } from '../support/user-tls.js';

const NATIONS: readonly Nation[] = ['JPN', 'KOR'];
let dir: string;
let own: UserTlsFiles;
let otherCa: { caFile: string; caKey: string };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'concord-user-tls-'));
  const ca = makeCa(join(dir, 'pki'), 'Allied exercise CA');
  for (const n of NATIONS) makeNationCert(join(dir, 'pki', 'certs'), n, ca);
  own = {
    caFile: ca.caFile,
    caInput: '--tls-ca',
    certDir: join(dir, 'pki', 'certs'),
    certDirInput: '--tls-cert-dir',
  };
  otherCa = makeCa(join(dir, 'other'), 'Somebody else');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A copy of the user's certificate folder with `change` applied to it. */
function variant(name: string, change: (certDir: string) => void): UserTlsFiles {
  const certDir = join(dir, name);
  mkdirSync(certDir);
  for (const n of NATIONS)
    for (const base of [n, `${n}-node`, `${n}-admin`])
      for (const ext of ['crt', 'key'])
        copyFileSync(join(own.certDir, `${base}.${ext}`), join(certDir, `${base}.${ext}`));
  change(certDir);
  return { ...own, certDir };
}

const hosts = () => tlsNamesFor('127.0.0.1');

describe("the user's own TLS material, checked", () => {
  it('accepts certificates signed by the CA that name the host', () => {
    const { keys } = checkUserNatsTls(own, NATIONS, hosts);
    expect([...keys.keys()]).toEqual(['JPN', 'KOR']);
  });

  it('refuses a certificate from another CA, naming it', () => {
    const files = variant('foreign', (d) => makeNationCert(d, 'KOR', otherCa));
    expect(() => checkUserNatsTls(files, NATIONS, hosts)).toThrow(
      `--tls-cert-dir: ${join(files.certDir, 'KOR.crt')}: KOR's certificate is not signed by the CA ${own.caFile}`,
    );
  });

  it("reads each certificate's subject as nats-server maps it, and refuses duplicate, unmappable or server-only ones", () => {
    const { subjects } = checkUserNatsTls(own, NATIONS, hosts);
    expect(subjects.get('JPN')).toEqual({
      server: 'CN=JPN,O=Test',
      node: 'CN=JPN node,OU=Nodes,O=Test',
      admin: 'CN=JPN,OU=Administrators,O=Test',
    });
    const ca = { caFile: own.caFile, caKey: join(dir, 'pki', 'ca.key') };
    // KOR's node certificate with JPN's node subject: the two would be one user.
    const twin = variant('twin', (d) => makeCert(d, 'KOR-node', '/O=Test/OU=Nodes/CN=JPN node', ca, null));
    expect(() => checkUserNatsTls(twin, NATIONS, hosts)).toThrow(
      `--tls-cert-dir: ${join(twin.certDir, 'KOR-node.crt')}: KOR's node's certificate has the subject CN=JPN node,OU=Nodes,O=Test of ${join(twin.certDir, 'JPN-node.crt')}`,
    );
    const comma = variant('comma', (d) => makeCert(d, 'JPN-admin', '/O=Test/CN=Admin\\, JPN', ca, null));
    expect(() => checkUserNatsTls(comma, NATIONS, hosts)).toThrow(
      `--tls-cert-dir: ${join(comma.certDir, 'JPN-admin.crt')}: JPN's server administrator's certificate cannot name a user: its subject's CN 'Admin\\, JPN' needs escaping`,
    );
    const email = variant('email', (d) =>
      makeCert(d, 'JPN-node', '/emailAddress=n@jpn.example/CN=JPN node', ca, null),
    );
    expect(() => checkUserNatsTls(email, NATIONS, hosts)).toThrow(
      "cannot name a user: its subject has the attribute 'emailAddress=n@jpn.example'",
    );
    const serverOnly = variant('server-only', (d) =>
      makeCert(d, 'KOR-node', '/O=Test/CN=KOR node', ca, null, 'extendedKeyUsage=serverAuth\n'),
    );
    expect(() => checkUserNatsTls(serverOnly, NATIONS, hosts)).toThrow(
      `--tls-cert-dir: ${join(serverOnly.certDir, 'KOR-node.crt')}: KOR's node's certificate is not allowed for client authentication`,
    );
  });

  it('refuses a missing file, an unreadable key, a key of another certificate, naming the file', () => {
    const missing = variant('missing', (d) => rmSync(join(d, 'JPN.key')));
    expect(() => checkUserNatsTls(missing, NATIONS, hosts)).toThrow(
      `--tls-cert-dir: no private key of JPN's server ${join(missing.certDir, 'JPN.key')}`,
    );
    const garbled = variant('garbled', (d) => writeFileSync(join(d, 'JPN.key'), 'not a key\n'));
    expect(() => checkUserNatsTls(garbled, NATIONS, hosts)).toThrow(
      `--tls-cert-dir: ${join(garbled.certDir, 'JPN.key')}: not a readable private key`,
    );
    const swapped = variant('swapped', (d) => copyFileSync(join(d, 'KOR.key'), join(d, 'JPN.key')));
    expect(() => checkUserNatsTls(swapped, NATIONS, hosts)).toThrow(
      `--tls-cert-dir: ${join(swapped.certDir, 'JPN.key')}: not the private key of ${join(swapped.certDir, 'JPN.crt')}`,
    );
    expect(() => checkUserNatsTls({ ...own, caFile: join(dir, 'nope.crt') }, NATIONS, hosts)).toThrow(
      `--tls-ca: no CA certificate ${join(dir, 'nope.crt')}`,
    );
    // A server certificate given as the CA.
    expect(() => checkUserNatsTls({ ...own, caFile: join(own.certDir, 'JPN.crt') }, NATIONS, hosts)).toThrow(
      'not a CA certificate',
    );
  });

  it('refuses a certificate that does not name the host, or is expired at the time of the check', () => {
    const elsewhere = variant('elsewhere', (d) =>
      makeNationCert(d, 'JPN', { caFile: own.caFile, caKey: join(dir, 'pki', 'ca.key') }, 'DNS:jpn.example'),
    );
    expect(() => checkUserNatsTls(elsewhere, NATIONS, hosts)).toThrow(
      `--tls-cert-dir: ${join(elsewhere.certDir, 'JPN.crt')}: JPN's certificate does not name 127.0.0.1, the host its server is reached at (subjectAltName: DNS:jpn.example)`,
    );
    // The CA and the certificates were made for 30 days: 60 days on, the CA has expired.
    expect(() => checkUserNatsTls(own, NATIONS, hosts, Date.now() + 60 * 86_400_000)).toThrow(
      /--tls-ca: .*ca\.crt: the CA certificate is expired on /,
    );
    // Under a CA made for a year, the 30-day certificate of Japan has expired then.
    const longCa = makeCa(join(dir, 'long'), 'Long-lived CA', 365);
    const short = { ...own, caFile: longCa.caFile, certDir: join(dir, 'long', 'certs') };
    for (const n of NATIONS) makeNationCert(short.certDir, n, longCa);
    expect(() => checkUserNatsTls(short, NATIONS, hosts, Date.now() + 60 * 86_400_000)).toThrow(
      `--tls-cert-dir: ${join(short.certDir, 'JPN.crt')}: JPN's certificate is expired on `,
    );
  });
});

describe("nats-servers on the user's own certificates (real processes)", () => {
  it("carries Korea's messages to Japan's node over TLS, the keys copied 0600 into the data folder", async () => {
    const netDir = join(dir, 'net');
    const net = await startTestNatsNetwork({ dir: netDir, nations: NATIONS, tls: own });
    try {
      const jpnServer = net.server('JPN');
      expect(jpnServer.url).toMatch(/^tls:\/\//);
      expect(readFileSync(join(netDir, 'ca', 'ca.pem'), 'utf8')).toBe(readFileSync(own.caFile, 'utf8'));
      expect(readFileSync(join(netDir, 'JPN', 'tls', 'server-key.pem'), 'utf8')).toBe(
        readFileSync(join(own.certDir, 'JPN.key'), 'utf8'),
      );
      expect(statSync(join(netDir, 'JPN', 'tls', 'server-key.pem')).mode & 0o777).toBe(0o600);
      expect(readFileSync(jpnServer.configFile, 'utf8')).toMatch(
        /leafnodes \{[\s\S]*tls \{[\s\S]*verify_and_map: true/,
      );
      const kor: NatsTransport = await connectNode(net, 'KOR', NATIONS, { publishTimeoutMs: 1_000 });
      const jpn: NatsTransport = await connectNode(net, 'JPN', NATIONS);
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
      const send = (m: WireMessage) =>
        new Promise<string>((resolve) =>
          kor.send(m, { acked: () => resolve('acked'), failed: (r) => resolve(`failed: ${r}`) }),
        );
      // The leaf connection comes up just after the servers: the first message waits for it.
      for (let i = 0; (await send(msg(0))) !== 'acked'; i++) if (i > 30) throw new Error('no TLS leaf node');
      for (let i = 1; i < 5; i++) expect(await send(msg(i))).toBe('acked');
      while (got.length < 5) await new Promise((r) => setTimeout(r, 50));
      expect(got).toEqual(Array.from({ length: 5 }, (_, i) => `item ${i}`));
      await kor.close();
      await jpn.close();
    } finally {
      await net.stop();
    }
  }, 60_000);

  it('starts no server on a certificate from another CA, and names it', async () => {
    const files = variant('foreign-net', (d) => makeNationCert(d, 'JPN', otherCa));
    await expect(
      startTestNatsNetwork({ dir: join(dir, 'net2'), nations: NATIONS, tls: files }),
    ).rejects.toThrow(`${join(files.certDir, 'JPN.crt')}: JPN's certificate is not signed by the CA`);
  });
});
