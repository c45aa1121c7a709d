// A node's picture from a live feed, end to end: `concord start --ais` listening over UDP and
// connected to a TCP server, `concord ais replay` sending the same file to both, and the vessel
// routes answering with what the file holds.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { withLiveFeeds } from './live-feed.js';
import { concord } from './run.js';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'ais', 'gpsd', 'sample.aivdm');

interface Vessel {
  mmsi: number;
  lat: number;
  lon: number;
  sources: string[];
}

async function vessels(api: string, nation: string, token: string): Promise<Vessel[]> {
  const r = await fetch(`${api}/api/${nation}/vessels`, { headers: { authorization: `Bearer ${token}` } });
  expect(r.status).toBe(200);
  return ((await r.json()) as { vessels: Vessel[] }).vessels;
}

describe('a live AIS feed into a running node', () => {
  it('the vessels a replayed file holds appear in the picture of the node that listens, over UDP and TCP', async () => {
    // What the file holds, by the decoder: the MMSIs of its ships' position reports (class A 1-3,
    // class B 18, 19, long-range 27; not base stations or aids to navigation, which are no vessels).
    const decoded = concord('ais', 'decode', FIXTURE);
    expect(decoded.code, decoded.stderr).toBe(0);
    const positioned = new Set<number>();
    for (const line of decoded.stdout.trim().split('\n')) {
      const r = JSON.parse(line) as { type: number; mmsi: number; lat?: number; lon?: number };
      const ship = [1, 2, 3, 18, 19, 27].includes(r.type);
      if (
        ship &&
        r.lat !== undefined &&
        Math.abs(r.lat) <= 90 &&
        r.lon !== undefined &&
        Math.abs(r.lon) <= 180
      )
        positioned.add(r.mmsi);
    }
    expect(positioned.size).toBeGreaterThan(3);

    const dir = mkdtempSync(join(tmpdir(), 'concord-ais-live-'));
    await withLiveFeeds(
      { feed: 'ais', file: FIXTURE, dir, serve: [], send: ['--rate', '500'] },
      async (live) => {
        const { api, tokens, udpPort, tcpPort } = live;
        let jpn: Vessel[] = [];
        let kor: Vessel[] = [];
        await vi.waitFor(
          async () => {
            jpn = await vessels(api, 'JPN', tokens.JPN!);
            kor = await vessels(api, 'KOR', tokens.KOR!);
            expect(new Set(jpn.map((v) => v.mmsi))).toEqual(positioned);
            expect(new Set(kor.map((v) => v.mmsi))).toEqual(positioned);
          },
          { timeout: 30_000, interval: 250 },
        );
        // The same file makes the same picture whichever way it came; the source names the feed.
        const byMmsi = new Map(kor.map((v) => [v.mmsi, v]));
        for (const v of jpn) {
          expect([v.lat, v.lon]).toEqual([byMmsi.get(v.mmsi)!.lat, byMmsi.get(v.mmsi)!.lon]);
          expect(v.sources.join(' ')).toContain(`udp://127.0.0.1:${udpPort}`);
          expect(byMmsi.get(v.mmsi)!.sources.join(' ')).toContain(`tcp://127.0.0.1:${tcpPort}`);
        }
        // A nation with no feed sees nothing: the feeds are each node's own.
        expect(await vessels(api, 'USA', tokens.USA!)).toEqual([]);
      },
    );
  }, 180_000);
});
