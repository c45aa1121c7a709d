// Ctrl-C during the scenario, not only after it: `concord start` stops its network cleanly (exit 0,
// stores closed: their audit logs verify, their WAL folded back), whatever second of the run it is.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { BIN, concord } from './run.js';

describe('concord start interrupted', () => {
  it('Ctrl-C in the middle of the scenario stops the network cleanly, exit 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'concord-interrupt-'));
    // At 1x the IRBM scenario runs 25 minutes: the signal comes long before its end.
    const child = spawn(process.execPath, [BIN, 'start', '--port', '0', '--speed', '1', '--data-dir', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    try {
      await vi.waitFor(() => expect(out).toMatch(/^times are T\+/m), { timeout: 60_000, interval: 100 });
      child.kill('SIGINT');
      const { code, signal } = await exited;
      expect({ code, signal }, out).toEqual({ code: 0, signal: null });
      expect(out).toContain('interrupted: stopping the network');
      expect(out).not.toContain('scenario ended');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    // Closed, not killed: each store's WAL was checkpointed away and its audit chain verifies.
    for (const n of ['USA', 'JPN', 'KOR']) {
      const db = join(dir, `${n}.sqlite`);
      expect(existsSync(db), db).toBe(true);
      expect(existsSync(`${db}-wal`), `${db}-wal`).toBe(false);
      const verify = concord('audit', 'verify', '--db', db);
      expect(verify.code, verify.stderr).toBe(0);
    }
  }, 120_000);
});
