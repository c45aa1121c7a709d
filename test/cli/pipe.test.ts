import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { BIN } from './run.js';

describe('a closed pipe', () => {
  it('ends `concord start | head -2` quietly: exit code 0, nothing on standard error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'concord-pipe-'));
    // Without --exit-at-end the network would serve on for ever: only the closed pipe can end it.
    const child = spawn(process.execPath, [BIN, 'start', '--speed', '50', '--port', '0', '--data-dir', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const lines: string[] = [];
    const reader = createInterface({ input: child.stdout });
    for await (const line of reader) {
      lines.push(line);
      if (lines.length === 2) break; // closes the reader, as head does
    }
    child.stdout.destroy();
    const code = await exited;
    expect(lines).toHaveLength(2);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }, 120_000);
});
