import type { Command } from 'commander';
import { parseNation } from '../../domain/index.js';
import {
  generateSigningKeyPair,
  makePrivateDir,
  publicKeyFingerprint,
  writeKeyPairFiles,
} from '../../link/index.js';

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description("manage a node's Ed25519 signing keys");
  keys
    .command('generate')
    .description("generate a node's signing key pair (PEM; the private key readable by its owner only)")
    .requiredOption('--nation <nation>', 'the nation whose node signs with it (ISO alpha-3)')
    .requiredOption(
      '--out <dir>',
      'folder for <NATION>.key.pem and <NATION>.pub.pem (an existing key is never overwritten)',
    )
    .action((o: { nation: string; out: string }) => {
      const nation = parseNation(o.nation, { input: '--nation' });
      makePrivateDir(o.out, '--out');
      const pair = generateSigningKeyPair();
      const paths = writeKeyPairFiles(o.out, nation, pair);
      process.stdout.write(
        `${JSON.stringify({ nation, privateKey: paths.privatePath, publicKey: paths.publicPath, fingerprint: publicKeyFingerprint(pair.publicKey) })}\n`,
      );
    });
  keys.exitOverride();
}
