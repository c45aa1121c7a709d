// `network up` and `network nats-config` on the user's own CA and certificates (made here with
// openssl, as an operator would): checked before anything is written or started, each bad file
// named. (test/link/nats-user-tls.test.ts runs the servers on such material, as `network up` does.)
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { makeCa, makeNationCert } from '../support/user-tls.js';
import { concord, openSecrets } from './run.js';

const NATIONS = ['USA', 'JPN', 'KOR'] as const;

/** A user's CA and a certificate per nation naming `san`, in a fresh folder. */
function pki(san?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'concord-own-pki-'));
  const ca = makeCa(join(dir, 'ca'), 'Allied CA');
  const certDir = join(dir, 'certs');
  for (const n of NATIONS) makeNationCert(certDir, n, ca, san);
  return { dir, ca, certDir };
}

describe("concord network with the user's own TLS certificates", () => {
  it('refuses a certificate from another CA before writing or starting anything, naming it', () => {
    const { dir, ca, certDir } = pki();
    const other = makeCa(join(dir, 'other'), 'Another CA');
    makeNationCert(certDir, 'KOR', other);
    const data = join(dir, 'data');
    const r = concord('network', 'up', '--tls-ca', ca.caFile, '--tls-cert-dir', certDir, '--data-dir', data);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `--tls-cert-dir: ${join(certDir, 'KOR.crt')}: KOR's certificate is not signed by the CA ${ca.caFile}`,
    );
    expect(existsSync(data)).toBe(false);
    const half = concord('network', 'up', '--tls-ca', ca.caFile, '--data-dir', data);
    expect(half.code).toBe(2);
    expect(half.stderr).toContain('--tls-ca and --tls-cert-dir go together');
  });

  it("writes nats-config configurations on the user's certificates (copied, keys 0600), and refuses one that does not name the host", () => {
    const { dir, ca, certDir } = pki();
    const data = join(dir, 'data');
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const args = ['--listen', `127.0.0.1:${port}`, '--leaf-port', String(port + 10)];
    const r = concord(
      'network',
      'nats-config',
      '--tls-ca',
      ca.caFile,
      '--tls-cert-dir',
      certDir,
      '--data-dir',
      data,
      ...args,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const conf = readFileSync(join(data, 'JPN', 'nats-server.conf'), 'utf8');
    expect(conf).toContain(`cert_file: ${JSON.stringify(join(data, 'JPN', 'tls', 'server.pem'))}`);
    expect(conf).toContain(`ca_file: ${JSON.stringify(join(data, 'ca', 'ca.pem'))}`);
    expect(readFileSync(join(data, 'JPN', 'tls', 'server-key.pem'), 'utf8')).toBe(
      readFileSync(join(certDir, 'JPN.key'), 'utf8'),
    );
    expect(parse(readFileSync(join(data, 'JPN', 'nats-credentials.yaml'), 'utf8')).url).toBe(
      `tls://127.0.0.1:${port + 1}`,
    );
    expect(openSecrets(data).open).toEqual([]);

    const named = pki('DNS:usa.example');
    const refused = concord(
      'network',
      'nats-config',
      '--tls-ca',
      named.ca.caFile,
      '--tls-cert-dir',
      named.certDir,
      '--data-dir',
      join(named.dir, 'data'),
      ...args,
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      `${join(named.certDir, 'USA.crt')}: USA's certificate does not name 127.0.0.1, the host its server is reached at`,
    );
    expect(existsSync(join(named.dir, 'data'))).toBe(false);
  });
});
