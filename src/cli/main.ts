import { Command, CommanderError } from 'commander';
import { InputError } from '../domain/index.js';
import { registerAgreements } from './commands/agreements.js';
import { registerAis } from './commands/ais.js';
import { registerAisForward } from './commands/ais-forward.js';
import { registerIngest } from './commands/ais-ingest.js';
import { registerAudit } from './commands/audit.js';
import { registerBench } from './commands/bench.js';
import { registerCommitments } from './commands/commitments.js';
import { registerCot } from './commands/cot.js';
import { registerExercise } from './commands/exercise.js';
import { registerExport } from './commands/export.js';
import { registerKeys } from './commands/keys.js';
import { registerNetwork } from './commands/network.js';
import { registerNode } from './commands/node.js';
import { registerReleasability } from './commands/releasability.js';
import { registerSim } from './commands/sim.js';
import { registerSites } from './commands/sites.js';
import { registerStart } from './commands/start.js';
import { registerTrack } from './commands/track.js';
import { registerZones } from './commands/zones.js';
import { UsageError } from './usage.js';

/** Exit codes shared by every command: 0 success (or "allow"), 1 a negative answer, 2 usage or input error. */
export const EXIT = { ok: 0, negative: 1, usage: 2 } as const;

function program(): Command {
  const cmd = new Command('concord')
    .description('Concord: allied information sharing and crisis consultation')
    .showHelpAfterError()
    .exitOverride();
  registerReleasability(cmd);
  registerAgreements(cmd);
  registerCommitments(cmd);
  registerStart(cmd);
  registerSim(cmd);
  registerSites(cmd);
  registerTrack(cmd);
  registerAis(cmd);
  // `ais ingest` and `ais worker` need NATS: they live on the full CLI, not the light `ais` entry.
  registerIngest(cmd.commands.find((c) => c.name() === 'ais')!);
  // `ais forward` reads a node's API with the interop adapters: the full CLI, not the light `ais` entry.
  registerAisForward(cmd.commands.find((c) => c.name() === 'ais')!);
  registerExercise(cmd);
  registerExport(cmd);
  registerCot(cmd);
  registerNode(cmd);
  registerNetwork(cmd);
  registerKeys(cmd);
  registerAudit(cmd);
  registerBench(cmd);
  registerZones(cmd);
  for (const sub of cmd.commands) sub.exitOverride();
  return cmd;
}

/** Runs the CLI on `argv` (without node and script) and returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const cmd = program();
  try {
    await cmd.parseAsync(argv, { from: 'user' });
    return (process.exitCode as number | undefined) ?? EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end in a CommanderError with exit code 0.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof InputError || err instanceof UsageError) {
      process.stderr.write(`concord: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
}
