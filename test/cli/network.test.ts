import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from './run.js';

/** Polls `fn` every 250 ms until it returns a value, or fails after `timeoutMs`. */
async function waitFor<T>(fn: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('concord network up (the distributed mode: nats-server and one process per nation)', () => {
  it("brings Korea's track to Japan's node over NATS JetStream, and stops cleanly", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'concord-network-'));
    const basePort = 20_000 + Math.floor(Math.random() * 30_000);
    const child = spawn(
      process.execPath,
      [BIN, 'network', 'up', '--speed', '20', '--data-dir', dir, '--base-port', String(basePort)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    try {
      const token = await waitFor(
        async () => /JPN: curl -H 'Authorization: Bearer ([^']+)'/.exec(out)?.[1],
        20_000,
      );
      const sources = await waitFor(async () => {
        const r = await fetch(`http://127.0.0.1:${basePort + 2}/api/JPN/picture`, {
          headers: { authorization: `Bearer ${token}` },
        });
        if (!r.ok) return undefined;
        const body = (await r.json()) as { tracks: { sources: { nation: string }[] }[] };
        const nations = new Set(body.tracks.flatMap((t) => t.sources.map((s) => s.nation)));
        return nations.has('KOR') ? [...nations] : undefined;
      }, 45_000);
      expect(sources).toContain('KOR');
      // Another nation's token is refused by Japan's node.
      const korToken = /KOR: curl -H 'Authorization: Bearer ([^']+)'/.exec(out)![1]!;
      const refused = await fetch(`http://127.0.0.1:${basePort + 2}/api/JPN/picture`, {
        headers: { authorization: `Bearer ${korToken}` },
      });
      expect(refused.status).toBe(401);
    } catch (err) {
      throw new Error(`${(err as Error).message}; output:\n${out}`);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 90_000);
});
