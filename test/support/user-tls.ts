// A user's own TLS material, made with Debian's openssl as an operator would: a CA, and per nation a
// key and a certificate signed by it for its server, its node and its administrator, laid out as
// `--tls-cert-dir` expects (<NATION>.crt, .key, <NATION>-node.crt, .key, <NATION>-admin.crt, .key).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Nation } from '../../src/domain/index.js';

function openssl(args: readonly string[]): void {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${r.stderr}`);
}

/** A CA under `dir` (`ca.crt`, `ca.key`), named `name`, valid for `days`. */
export function makeCa(dir: string, name: string, days = 30): { caFile: string; caKey: string } {
  mkdirSync(dir, { recursive: true });
  const caFile = join(dir, 'ca.crt');
  const caKey = join(dir, 'ca.key');
  openssl([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    caKey,
    '-out',
    caFile,
    '-days',
    String(days),
    '-subj',
    `/O=Test/CN=${name}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  return { caFile, caKey };
}

/**
 * `certDir/<nation>.crt` and `.key` (its server's, signed by `ca`, naming `san`: by default
 * 127.0.0.1 and localhost), and `<nation>-node` and `<nation>-admin` client certificates.
 */
export function makeNationCert(
  certDir: string,
  nation: Nation,
  ca: { caFile: string; caKey: string },
  san = 'IP:127.0.0.1,DNS:localhost',
): void {
  makeCert(certDir, nation, `/O=Test/CN=${nation}`, ca, san);
  makeCert(certDir, `${nation}-node`, `/O=Test/OU=Nodes/CN=${nation} node`, ca, null);
  makeCert(certDir, `${nation}-admin`, `/O=Test/OU=Administrators/CN=${nation}`, ca, null);
}

/** `certDir/<base>.crt` and `.key` with subject `subj`, signed by `ca`; a server's if `san` is given. */
export function makeCert(
  certDir: string,
  base: string,
  subj: string,
  ca: { caFile: string; caKey: string },
  san: string | null,
  ext = san === null
    ? 'extendedKeyUsage=clientAuth\n'
    : `subjectAltName=${san}\nextendedKeyUsage=serverAuth,clientAuth\n`,
): void {
  mkdirSync(certDir, { recursive: true });
  const key = join(certDir, `${base}.key`);
  const csr = join(certDir, `${base}.csr`);
  const extFile = join(certDir, `${base}.ext`);
  openssl([
    'req',
    '-new',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    key,
    '-out',
    csr,
    '-subj',
    subj,
  ]);
  writeFileSync(extFile, ext);
  openssl([
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
    '30',
    '-extfile',
    extFile,
    '-out',
    join(certDir, `${base}.crt`),
  ]);
}
