import type { Command } from 'commander';
import { verifyAuditFile } from '../../store/index.js';

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description("a node's tamper-evident audit log");
  audit
    .command('verify')
    .description(
      'check the hash chain of a node store: exit 0 intact, 1 tampered (names the first bad record)',
    )
    .requiredOption('--db <file>', "the node's SQLite store (e.g. .concord/JPN.sqlite)")
    .action((o: { db: string }) => {
      const r = verifyAuditFile(o.db);
      process.stdout.write(`${JSON.stringify(r)}\n`);
      process.exitCode = r.ok ? 0 : 1;
    });
  audit.exitOverride();
}
