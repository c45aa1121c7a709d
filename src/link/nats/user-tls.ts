import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { InputError, type Nation } from '../../domain/index.js';
import { makePrivateDir, writeSecretFile } from '../private-files.js';
import type { CertFiles, NationClientCerts, NatsTlsFiles, NatsTlsMaterial } from './config.js';

/**
 * The user's own TLS material for the nations' nats-servers: the CA that signed every certificate
 * (PEM), and a folder holding, per nation, `<NATION>.crt` and `<NATION>.key` (its server's
 * certificate, PEM, optionally followed by intermediates, and its private key, PEM, unencrypted:
 * nats-server reads it unattended), `<NATION>-node.crt` and `.key` (its node's client
 * certificate) and `<NATION>-admin.crt` and `.key` (its server administrator's). Each
 * certificate's subject is the user it is on the servers, so the subjects must differ.
 */
export interface UserTlsFiles {
  /** The CA certificate file, and the option that named it (for errors). */
  readonly caFile: string;
  readonly caInput?: string;
  readonly certDir: string;
  readonly certDirInput?: string;
}

/** The roles a nation's certificates play: its server, its node, its server's administrator. */
export type TlsRole = 'server' | 'node' | 'admin';

/** The files of `nation`'s certificate for `role` in the user's certificate folder. */
export function userTlsPaths(
  certDir: string,
  nation: Nation,
  role: TlsRole = 'server',
): { certFile: string; keyFile: string } {
  const base = role === 'server' ? nation : `${nation}-${role}`;
  return { certFile: join(certDir, `${base}.crt`), keyFile: join(certDir, `${base}.key`) };
}

/** Attribute types whose names nats-server (Go's crypto/x509) prints as OpenSSL does. */
const MAPPABLE_ATTRIBUTES = new Set([
  'C',
  'O',
  'OU',
  'CN',
  'L',
  'ST',
  'STREET',
  'POSTALCODE',
  'SERIALNUMBER',
]);

/**
 * The subject of `cert` as nats-server maps it to a user (`verify_and_map`: Go's RFC 4514 string,
 * most specific attribute first), or a reason it cannot be written so reliably.
 */
export function natsSubjectOf(cert: X509Certificate): { subject: string } | { reason: string } {
  const parts = cert.subject.split('\n').filter((l) => l !== '');
  if (parts.length === 0) return { reason: 'its subject is empty' };
  for (const part of parts) {
    const eq = part.indexOf('=');
    const type = part.slice(0, eq);
    const value = part.slice(eq + 1);
    if (eq <= 0 || !MAPPABLE_ATTRIBUTES.has(type))
      return {
        reason: `its subject has the attribute '${part}' (use ${[...MAPPABLE_ATTRIBUTES].join(', ')})`,
      };
    if (/[,+"\\<>;=#]|^ | $/.test(value))
      return {
        reason: `its subject's ${type} '${value}' needs escaping (use letters, digits, spaces, '-', '.', '_')`,
      };
  }
  return { subject: parts.reverse().join(',') };
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

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

/** The subjects of every nation's certificates, as nats-server maps them (natsSubjectOf). */
export type UserTlsSubjects = Map<Nation, Record<TlsRole, string>>;

/**
 * Checks the user's TLS material before anything is started or written, so that a bad file is an
 * error naming it rather than a server that will not start or a connection that never comes up:
 * each file exists and is readable; the CA is a CA certificate in its validity period; each
 * nation's certificates (server, node, administrator) are signed by that CA, valid now, allowed
 * for client authentication (they are presented as clients: the server's on its leaf
 * connections), match their private keys, and have subjects nats-server can map, all different;
 * each server's names in its subjectAltName every host the configuration uses for it (`hostsOf`).
 */
export function checkUserNatsTls(
  files: UserTlsFiles,
  nations: readonly Nation[],
  hostsOf: (n: Nation) => readonly string[],
  nowMs: number = Date.now(),
): { ca: X509Certificate; keys: Map<Nation, KeyObject>; subjects: UserTlsSubjects } {
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
  const subjects: UserTlsSubjects = new Map();
  const owners = new Map<string, string>(); // subject -> the file that has it
  for (const n of nations) {
    const roles = {} as Record<TlsRole, string>;
    for (const role of ['server', 'node', 'admin'] as const) {
      const what =
        role === 'server' ? `${n}'s server` : role === 'node' ? `${n}'s node` : `${n}'s server administrator`;
      /** How an error names the certificate (a server's by its nation alone, as before the roles). */
      const whose = role === 'server' ? n : what;
      const { certFile, keyFile } = userTlsPaths(files.certDir, n, role);
      const cert = parseCert(
        readPem(certFile, dirInput, `certificate of ${what}`),
        certFile,
        dirInput,
        whose,
      );
      if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey))
        throw new InputError(
          { input: dirInput },
          `${certFile}: ${whose}'s certificate is not signed by the CA ${files.caFile} (issuer ${cert.issuer.replaceAll('\n', ', ')})`,
        );
      const v = validity(cert, nowMs);
      if (v !== null)
        throw new InputError({ input: dirInput }, `${certFile}: ${whose}'s certificate is ${v}`);
      if (cert.keyUsage !== undefined && !cert.keyUsage.includes(CLIENT_AUTH))
        throw new InputError(
          { input: dirInput },
          `${certFile}: ${whose}'s certificate is not allowed for client authentication (extendedKeyUsage lacks clientAuth)`,
        );
      if (role === 'server')
        for (const host of hostsOf(n))
          if (!covers(cert, host))
            throw new InputError(
              { input: dirInput },
              `${certFile}: ${n}'s certificate does not name ${host}, ${host === 'localhost' ? "which the node's NATS client checks when its server's host is an IP address" : 'the host its server is reached at'} (subjectAltName: ${cert.subjectAltName ?? 'none'})`,
            );
      const mapped = natsSubjectOf(cert);
      if ('reason' in mapped)
        throw new InputError(
          { input: dirInput },
          `${certFile}: ${whose}'s certificate cannot name a user: ${mapped.reason}`,
        );
      const other = owners.get(mapped.subject);
      if (other !== undefined)
        throw new InputError(
          { input: dirInput },
          `${certFile}: ${whose}'s certificate has the subject ${mapped.subject} of ${other}; each certificate's subject is a different user`,
        );
      owners.set(mapped.subject, certFile);
      roles[role] = mapped.subject;
      const keyPem = readPem(keyFile, dirInput, `private key of ${what}`);
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
      if (role === 'server') keys.set(n, key);
    }
    subjects.set(n, roles);
  }
  return { ca, keys, subjects };
}

/**
 * Checks the user's material (checkUserNatsTls), then copies it into `dir` the way createNatsTls
 * lays out what it generates: the CA certificate as `dir/ca/ca.pem`, each nation's certificates
 * and keys as `dir/<NATION>/tls/server.pem` and `server-key.pem`, `node.pem` and `node-key.pem`,
 * `admin.pem` and `admin-key.pem`, every file 0600 in 0700 folders. The servers' configurations
 * then name only files that the data folder holds and no one else can read.
 */
export function installUserNatsTls(
  dir: string,
  files: UserTlsFiles,
  nations: readonly Nation[],
  hostsOf: (n: Nation) => readonly string[],
  nowMs: number = Date.now(),
): NatsTlsMaterial {
  const { subjects } = checkUserNatsTls(files, nations, hostsOf, nowMs);
  const caDir = join(dir, 'ca');
  makePrivateDir(caDir);
  const caFile = join(caDir, 'ca.pem');
  writeSecretFile(caFile, readFileSync(files.caFile, 'utf8'));
  const servers = new Map<Nation, NatsTlsFiles>();
  const clients = new Map<Nation, NationClientCerts>();
  for (const n of nations) {
    const tlsDir = join(dir, n, 'tls');
    makePrivateDir(tlsDir);
    const copy = (role: TlsRole): CertFiles => {
      const user = userTlsPaths(files.certDir, n, role);
      const certFile = join(tlsDir, `${role}.pem`);
      const keyFile = join(tlsDir, `${role}-key.pem`);
      writeSecretFile(certFile, readFileSync(user.certFile, 'utf8'));
      writeSecretFile(keyFile, readFileSync(user.keyFile, 'utf8'));
      return { certFile, keyFile };
    };
    const own = subjects.get(n)!;
    servers.set(n, {
      caFile,
      ...copy('server'),
      subjects: {
        node: own.node,
        admin: own.admin,
        partnerServers: new Map(nations.filter((p) => p !== n).map((p) => [p, subjects.get(p)!.server])),
      },
    });
    clients.set(n, { node: copy('node'), admin: copy('admin') });
  }
  return { caFile, servers, clients };
}
