import { spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import type { Nation } from '../../domain/index.js';
import { makePrivateDir } from '../private-files.js';
import type { CertFiles, NationClientCerts, NatsTlsFiles, NatsTlsMaterial } from './config.js';

/** Days the generated certificates are valid: an exercise network's, not a deployment's. */
const VALID_DAYS = 825;

function openssl(args: readonly string[], what: string): void {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  if (r.error) throw new Error(`cannot run openssl (install Debian's openssl package): ${r.error.message}`);
  if (r.status !== 0) throw new Error(`openssl failed to ${what}: ${r.stderr.trim()}`);
}

/** `subjectAltName` naming `hosts` (IP addresses as IP, names as DNS). */
function altNames(hosts: readonly string[]): string {
  return [...new Set(hosts)].map((h) => (isIP(h) ? `IP:${h}` : `DNS:${h}`)).join(',');
}

/** The certificates' subject as nats-server prints and maps it (RFC 4514: most specific first). */
function subjectOf(cn: string): string {
  return `CN=${cn},O=Concord`;
}

/**
 * A key and a certificate signed by the CA, under `dir` as `<name>.pem` and `<name>-key.pem` (the
 * key 0600). `hosts` non-empty: a server certificate naming them, usable as a client too (a
 * server presents it on its leaf connections); empty: a client certificate only.
 */
function issue(
  dir: string,
  name: string,
  cn: string,
  hosts: readonly string[],
  ca: { caFile: string; caKey: string },
  what: string,
): CertFiles {
  const keyFile = join(dir, `${name}-key.pem`);
  const csr = join(dir, `${name}.csr`);
  const certFile = join(dir, `${name}.pem`);
  const ext = join(dir, `${name}.ext`);
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', keyFile], `create ${what}'s key`);
  chmodSync(keyFile, 0o600);
  openssl(
    ['req', '-new', '-key', keyFile, '-subj', `/O=Concord/CN=${cn}`, '-out', csr],
    `create ${what}'s request`,
  );
  writeFileSync(
    ext,
    hosts.length > 0
      ? `subjectAltName=${altNames(hosts)}\nextendedKeyUsage=serverAuth,clientAuth\nkeyUsage=digitalSignature,keyEncipherment\n`
      : 'extendedKeyUsage=clientAuth\nkeyUsage=digitalSignature\n',
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      ca.caFile,
      '-CAkey',
      ca.caKey,
      '-CAcreateserial',
      '-days',
      String(VALID_DAYS),
      '-sha256',
      '-extfile',
      ext,
      '-out',
      certFile,
    ],
    `sign ${what}'s certificate`,
  );
  return { certFile, keyFile };
}

/**
 * Creates a CA under `dir/ca` (its key mode 0600, the folder 0700) and, per nation, under
 * `dir/<NATION>/tls`, keys and certificates signed by it: its server's (`server.pem`, naming
 * `hostsOf(n)`, usable both as a server — nodes and partners' servers connect to it — and as a
 * client: it is the server's name on partners' leaf-node ports), its node's (`node.pem`) and its
 * server administrator's (`admin.pem`), client certificates only. Each certificate's subject is the
 * user it is on the servers (`CN=concord-<N>`, `concord-node-<N>`, `concord-admin-<N>`, `O=Concord`).
 * Uses Debian's `openssl` (ECDSA P-256).
 *
 * One CA for the network: nats-server 2.9's `verify_and_map` looks a certificate up by its subject
 * whatever CA in its `ca_file` signed it, so with one CA per nation in that file, any nation's CA
 * could issue a certificate naming another nation's server and be taken for it.
 */
export function createNatsTls(
  dir: string,
  nations: readonly Nation[],
  hostsOf: (n: Nation) => readonly string[],
): NatsTlsMaterial {
  const caDir = join(dir, 'ca');
  makePrivateDir(caDir);
  const caKey = join(caDir, 'ca-key.pem');
  const caFile = join(caDir, 'ca.pem');
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', caKey], 'create the CA key');
  chmodSync(caKey, 0o600);
  openssl(
    [
      'req',
      '-x509',
      '-new',
      '-key',
      caKey,
      '-sha256',
      '-days',
      String(VALID_DAYS),
      '-subj',
      '/O=Concord/CN=Concord exercise CA',
      '-out',
      caFile,
    ],
    'create the CA certificate',
  );
  const ca = { caFile, caKey };
  const serverSubjects = new Map(nations.map((n) => [n, subjectOf(`concord-${n}`)]));
  const servers = new Map<Nation, NatsTlsFiles>();
  const clients = new Map<Nation, NationClientCerts>();
  for (const n of nations) {
    const tlsDir = join(dir, n, 'tls');
    makePrivateDir(tlsDir);
    const server = issue(tlsDir, 'server', `concord-${n}`, hostsOf(n), ca, `${n}'s server`);
    const node = issue(tlsDir, 'node', `concord-node-${n}`, [], ca, `${n}'s node`);
    const admin = issue(tlsDir, 'admin', `concord-admin-${n}`, [], ca, `${n}'s server administrator`);
    servers.set(n, {
      caFile,
      ...server,
      subjects: {
        node: subjectOf(`concord-node-${n}`),
        admin: subjectOf(`concord-admin-${n}`),
        partnerServers: new Map([...serverSubjects].filter(([p]) => p !== n)),
      },
    });
    clients.set(n, { node, admin });
  }
  return { caFile, servers, clients };
}
