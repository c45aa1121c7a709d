import { spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import type { Nation } from '../../domain/index.js';
import { makePrivateDir } from '../private-files.js';
import type { NatsTlsFiles } from './config.js';

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

/**
 * Creates a CA under `dir/ca` (its key mode 0600, the folder 0700) and, per nation, a key and a
 * certificate signed by it for that nation's server under `dir/<NATION>/tls` — usable both as a
 * server (nodes and partners' servers connect to it) and as a client (it connects to partners'
 * leaf-node ports, which verify it). Uses Debian's `openssl` (ECDSA P-256).
 */
export function createNatsTls(
  dir: string,
  nations: readonly Nation[],
  hostsOf: (n: Nation) => readonly string[],
): { caFile: string; servers: Map<Nation, NatsTlsFiles> } {
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
  const servers = new Map<Nation, NatsTlsFiles>();
  for (const n of nations) {
    const tlsDir = join(dir, n, 'tls');
    makePrivateDir(tlsDir);
    const keyFile = join(tlsDir, 'server-key.pem');
    const csr = join(tlsDir, 'server.csr');
    const certFile = join(tlsDir, 'server.pem');
    const ext = join(tlsDir, 'server.ext');
    openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', keyFile], `create ${n}'s key`);
    chmodSync(keyFile, 0o600);
    openssl(
      ['req', '-new', '-key', keyFile, '-subj', `/O=Concord/CN=concord-${n}`, '-out', csr],
      `create ${n}'s request`,
    );
    writeFileSync(
      ext,
      `subjectAltName=${altNames(hostsOf(n))}\nextendedKeyUsage=serverAuth,clientAuth\nkeyUsage=digitalSignature,keyEncipherment\n`,
    );
    openssl(
      [
        'x509',
        '-req',
        '-in',
        csr,
        '-CA',
        caFile,
        '-CAkey',
        caKey,
        '-CAcreateserial',
        '-days',
        String(VALID_DAYS),
        '-sha256',
        '-extfile',
        ext,
        '-out',
        certFile,
      ],
      `sign ${n}'s certificate`,
    );
    servers.set(n, { caFile, certFile, keyFile });
  }
  return { caFile, servers };
}
