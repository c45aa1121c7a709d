import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boundaryContactsCsv, boundaryNmea, boundaryTraffic } from '../../src/testing/partition-traffic.js';
import { concord } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'concord-ais-ingest-'));

describe('concord ais ingest', () => {
  it('two worker processes over a private nats-server print what ais detect prints, and --stats the throughput', () => {
    const traffic = boundaryTraffic(3, 5);
    const nmea = join(dir, 'boundary.nmea');
    const contacts = join(dir, 'contacts.csv');
    writeFileSync(nmea, boundaryNmea(traffic));
    writeFileSync(contacts, boundaryContactsCsv(traffic));
    const one = concord('ais', 'detect', nmea, '--contacts', contacts);
    expect(one.code, one.stderr).toBe(0);
    const two = concord('ais', 'ingest', nmea, '--workers', '2', '--contacts', contacts, '--stats');
    expect(two.code, two.stderr).toBe(0);
    const sorted = (text: string) => text.split('\n').filter(Boolean).sort();
    expect(sorted(two.stdout)).toEqual(sorted(one.stdout));
    expect(sorted(one.stdout).some((l) => l.includes('"encounter"'))).toBe(true);
    const stats = JSON.parse(two.stderr.trim().split('\n').at(-1)!);
    expect(stats.workers).toBe(2);
    expect(stats.perPartition).toHaveLength(2);
    expect(stats.conflicts).toBe(0);
  }, 120_000);

  it('refuses bad options with exit 2, naming the option', () => {
    const r = concord('ais', 'ingest', join(dir, 'x.nmea'), '--workers', '3', '--partitions', '2');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--workers 3 is more than the 2 partitions/);
    const c = concord('ais', 'ingest', join(dir, 'x.nmea'), '--cell-deg', '7');
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/cellDeg must divide 360/);
  });
});
