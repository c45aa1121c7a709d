import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { InputError, type Nation } from '../../domain/index.js';
import { makePrivateDir, writeSecretFile } from '../private-files.js';
import type { NatsTlsFiles } from './config.js';

/**
 * The user's own TLS material for the nations' nats-servers: the CA that signed every nation's
 * server certificate (PEM), and a folder holding, per nation, `<NATION>.crt` (its server's
 * certificate, PEM, optionally followed by intermediates) and `<NATION>.key` (its private key, PEM,
 * unencrypted: nats-server reads it unattended).
 */
export interface UserTlsFiles {
  /** The CA certificate file, and the option that named it (for errors). */
  readonly caFile: string;
  readonly caInput?: string;
  readonly certDir: string;
  readonly certDirInput?: string;
}

/** The files of `nation` in the user's certificate folder. */
export function userTlsPaths(certDir: string, nation: Nation): { certFile: string; keyFile: string } {
  return { certFile: join(certDir, `${nation}.crt`), keyFile: join(certDir, `${nation}.key`) };
}

function readPem(file: string, input: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      { input },
      code === 'ENOENT' ? `no ${what} ${file}` : `cannot read ${what} ${file} (${code})`,
    );
  }
}

function parseCert(pem: string, file: string, input: string, what: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch (e) {
    throw new InputError({ input }, `${file}: not a PEM certificate (${what}): ${(e as Error).message}`);
  }
}

/** Why `cert` is not usable at `nowMs` (not yet valid, or expired), or null. */
function validity(cert: X509Certificate, nowMs: number): string | null {
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  if (!(nowMs >= from)) return `not valid before ${new Date(from).toISOString()}`;
  if (!(nowMs <= to)) return `expired on ${new Date(to).toISOString()}`;
  return null;
}

/** Does the certificate's subjectAltName cover `host` (an IP address as IP, a name as DNS)? */
function covers(cert: X509Certificate, host: string): boolean {
  return isIP(host) ? cert.checkIP(host) !== undefined : cert.checkHost(host) !== undefined;
}

/**
 * The names a nation's server certificate must cover when the server is reached at `host`: the
 * host itself (partners' servers check it on the leaf connection), and, for an IP address,
 * `localhost` too: the node's NATS client (nats.js) hands Node's TLS no server name for an IP
 * address, and Node then checks the certificate against `localhost`.
 */
export function tlsNamesFor(host: string): string[] {
  return isIP(host) ? [host, 'localhost'] : [host];
}

/**
 * Checks the user's TLS material before anything is started or written, so that a bad file is an
 * error naming it rather than a server that will not start or a leaf connection that never comes
 * up: each file exists and is readable; the CA is a CA certificate in its validity period; each
 * nation's certificate is signed by that CA, valid now, names in its subjectAltName every host
 * the configuration uses for that nation's server (`hostsOf`), and matches its private key.
 */
export function checkUserNatsTls(
  files: UserTlsFiles,
  nations: readonly Nation[],
  hostsOf: (n: Nation) => readonly string[],
  nowMs: number = Date.now(),
): { ca: X509Certificate; keys: Map<Nation, KeyObject> } {
  const caInput = files.caInput ?? files.caFile;
  const dirInput = files.certDirInput ?? files.certDir;
  const ca = parseCert(readPem(files.caFile, caInput, 'CA certificate'), files.caFile, caInput, 'the CA');
  if (!ca.ca)
    throw new InputError(
      { input: caInput },
      `${files.caFile}: not a CA certificate (basicConstraints CA:FALSE or absent)`,
    );
  const caValidity = validity(ca, nowMs);
  if (caValidity !== null)
    throw new InputError({ input: caInput }, `${files.caFile}: the CA certificate is ${caValidity}`);
  const keys = new Map<Nation, KeyObject>();
  for (const n of nations) {
    const { certFile, keyFile } = userTlsPaths(files.certDir, n);
    const cert = parseCert(
      readPem(certFile, dirInput, `certificate of ${n}'s server`),
      certFile,
      dirInput,
      n,
    );
    if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey))
      throw new InputError(
        { input: dirInput },
        `${certFile}: ${n}'s certificate is not signed by the CA ${files.caFile} (issuer ${cert.issuer.replaceAll('\n', ', ')})`,
      );
    const v = validity(cert, nowMs);
    if (v !== null) throw new InputError({ input: dirInput }, `${certFile}: ${n}'s certificate is ${v}`);
    for (const host of hostsOf(n))
      if (!covers(cert, host))
        throw new InputError(
          { input: dirInput },
          `${certFile}: ${n}'s certificate does not name ${host}, ${host === 'localhost' ? "which the node's NATS client checks when its server's host is an IP address" : 'the host its server is reached at'} (subjectAltName: ${cert.subjectAltName ?? 'none'})`,
        );
    const keyPem = readPem(keyFile, dirInput, `private key of ${n}'s server`);
    let key: KeyObject;
    try {
      key = createPrivateKey(keyPem);
    } catch (e) {
      throw new InputError(
        { input: dirInput },
        `${keyFile}: not a readable private key (PEM, unencrypted): ${(e as Error).message}`,
      );
    }
    if (!cert.checkPrivateKey(key))
      throw new InputError({ input: dirInput }, `${keyFile}: not the private key of ${certFile}`);
    keys.set(n, key);
  }
  return { ca, keys };
}

/**
 * Checks the user's material (checkUserNatsTls), then copies it into `dir` the way createNatsTls
 * lays out what it generates: the CA certificate as `dir/ca/ca.pem`, each nation's certificate and
 * key as `dir/<NATION>/tls/server.pem` and `server-key.pem`, every file 0600 in 0700 folders. The
 * servers' configurations then name only files that the data folder holds and no one else can read.
 */
export function installUserNatsTls(
  dir: string,
  files: UserTlsFiles,
  nations: readonly Nation[],
  hostsOf: (n: Nation) => readonly string[],
  nowMs: number = Date.now(),
): { caFile: string; servers: Map<Nation, NatsTlsFiles> } {
  checkUserNatsTls(files, nations, hostsOf, nowMs);
  const caDir = join(dir, 'ca');
  makePrivateDir(caDir);
  const caFile = join(caDir, 'ca.pem');
  writeSecretFile(caFile, readFileSync(files.caFile, 'utf8'));
  const servers = new Map<Nation, NatsTlsFiles>();
  for (const n of nations) {
    const user = userTlsPaths(files.certDir, n);
    const tlsDir = join(dir, n, 'tls');
    makePrivateDir(tlsDir);
    const certFile = join(tlsDir, 'server.pem');
    const keyFile = join(tlsDir, 'server-key.pem');
    writeSecretFile(certFile, readFileSync(user.certFile, 'utf8'));
    writeSecretFile(keyFile, readFileSync(user.keyFile, 'utf8'));
    servers.set(n, { caFile, certFile, keyFile });
  }
  return { caFile, servers };
}
