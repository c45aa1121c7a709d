import { Command, CommanderError } from 'commander';
import { InputError } from '../domain/errors.js';
import { registerAis } from './commands/ais.js';
import { UsageError } from './usage.js';

/**
 * `concord ais ...` without loading the rest of the CLI (the node, Fastify, SQLite): bin/concord
 * sends `ais` here so that decoding starts fast. `concord --help` still lists `ais` via main.ts.
 */
export async function main(argv: string[]): Promise<number> {
  const cmd = new Command('concord').showHelpAfterError().exitOverride();
  registerAis(cmd);
  try {
    await cmd.parseAsync(argv, { from: 'user' });
    return (process.exitCode as number | undefined) ?? 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof InputError || err instanceof UsageError) {
      process.stderr.write(`concord: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
