import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeLines } from '../../../src/maritime/ais/index.js';
import { generateAisLines } from '../../../src/testing/ais-traffic.js';
import { compareStreams, parseGpsdOutput } from './gpsd-compare.js';

// Differential test against the reference decoder itself: Debian's gpsdecode (gpsd-clients 3.22),
// which .ci/run installs. It fails, not skips, when gpsdecode is missing.

function gpsdecode(input: string): string {
  const r = spawnSync('gpsdecode', ['-j'], { input, encoding: 'latin1', maxBuffer: 1 << 30 });
  if (r.error) {
    throw new Error(
      `gpsdecode could not be run (${r.error.message}): install Debian's gpsd-clients (apt-get install gpsd-clients), as .ci/run does`,
    );
  }
  return r.stdout;
}

describe('against gpsdecode -j', () => {
  it('a generated file with every message type 1-27: every gpsdecode record, with equal fields', () => {
    const lines = generateAisLines({ lines: 20_000, seed: 3 });
    const text = `${lines.join('\n')}\n`;
    const dir = mkdtempSync(join(tmpdir(), 'concord-ais-'));
    try {
      writeFileSync(join(dir, 'traffic.nmea'), text, 'latin1');
      const expected = parseGpsdOutput(gpsdecode(text));
      const { messages } = decodeLines(text);
      const types = new Set(expected.map((r) => r.value.type));
      expect([...types].sort((a, b) => Number(a) - Number(b))).toEqual(
        Array.from({ length: 27 }, (_, i) => i + 1),
      );
      expect(
        compareStreams(
          expected,
          messages.map((m) => m.record),
        ).slice(0, 10),
      ).toEqual([]);
      // No extra records either, on this clean input.
      expect(messages.length).toBe(expected.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // Only single-sentence messages are damaged here: gpsd 3.22 keys fragments by channel alone and
  // joins the first half of one message to the second half of another when a fragment is lost
  // between them, which Concord (keyed by channel and sequential id) does not do on purpose.
  it('damaged and cut single-sentence lines in a generated file: still every gpsdecode record', () => {
    let seed = 5;
    const next = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    const lines = generateAisLines({ lines: 5_000, seed: 11 }).map((line) => {
      if (!line.includes('VDM,1,1,')) return line;
      const roll = next() % 20;
      if (roll === 0) return line.slice(0, next() % line.length);
      if (roll === 1) {
        const at = next() % line.length;
        return line.slice(0, at) + String.fromCharCode(48 + (next() % 40)) + line.slice(at + 1);
      }
      return line;
    });
    const text = `${lines.join('\n')}\n`;
    const expected = parseGpsdOutput(gpsdecode(text));
    const { messages } = decodeLines(text);
    expect(expected.length).toBeGreaterThan(3000);
    expect(
      compareStreams(
        expected,
        messages.map((m) => m.record),
      ).slice(0, 10),
    ).toEqual([]);
  });
});
