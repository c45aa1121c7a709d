// Sensor contacts from a live feed, end to end: `concord start --contacts` listening over UDP and
// connected to a TCP server, `concord ais replay` sending a contacts CSV to both; a bad line named
// by feed and line; and, when the node stops, the held contacts decided and their dark events on
// disk with the contacts' own times.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { withLiveFeeds } from './live-feed.js';

describe('sensor contacts from a live feed', () => {
  it('reach the desks of the nodes that listen, over UDP and TCP; a bad line is named; stopping decides them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'concord-contacts-live-'));
    // Three contacts in open sea a few minutes ago (no AIS vessel anywhere: each is dark), without
    // a header (the columns ais gen writes), and one bad line between them.
    const now = Date.now();
    const times = [now - 9 * 60_000, now - 8 * 60_000, now - 7 * 60_000];
    const csv = join(dir, 'contacts.csv');
    writeFileSync(
      csv,
      [
        `${new Date(times[0]!).toISOString()},jcg-radar,radar,33.000000,140.000000,500,,,`,
        `${new Date(times[1]!).toISOString()},p3c,sonar,33.100000,140.100000,500,,,`,
        `${new Date(times[1]!).toISOString()},p3c,aircraft,33.200000,140.200000,300,,,`,
        `${new Date(times[2]!).toISOString()},sat,sar,33.300000,140.300000,800,,,`,
        '',
      ].join('\n'),
    );
    const node = await withLiveFeeds(
      { feed: 'contacts', file: csv, dir, serve: ['--speed', '1000'], send: ['--speed', '1000'] },
      async (live) => {
        const { node: n, api, tokens, udpPort, tcpPort } = live;
        expect(n.out()).toContain(
          `JPN contacts feed: listening for contact CSV datagrams on udp://127.0.0.1:${udpPort}`,
        );
        const contactsOf = async (nation: string) => {
          const r = await fetch(`${api}/api/${nation}/status`, {
            headers: { authorization: `Bearer ${tokens[nation]}` },
          });
          return ((await r.json()) as { maritime: { contacts: number } }).maritime.contacts;
        };
        await vi.waitFor(
          async () => {
            expect(await contactsOf('JPN')).toBe(3);
            expect(await contactsOf('KOR')).toBe(3);
          },
          { timeout: 30_000, interval: 250 },
        );
        expect(await contactsOf('USA')).toBe(0);
        // The bad line, named by its feed and its line, column and field.
        for (const url of [`udp://127.0.0.1:${udpPort}`, `tcp://127.0.0.1:${tcpPort}`])
          expect(n.out()).toContain(`${url}:2:30 (kind): unknown sensor kind 'sonar'`);
      },
    );
    // The node has stopped: its desks decided the contacts they held (no AIS stream had moved
    // 30 minutes past them) and stored the events before the stores closed, at the contacts' own times.
    expect(node.out()).not.toMatch(/fault/i);
    for (const nation of ['JPN', 'KOR']) {
      const store = openStore(join(dir, `${nation}.sqlite`));
      try {
        const dark = store.maritime.events({ type: 'dark' });
        const starts = dark.map((e) => Date.parse((e.detector as { start: string }).start)).sort();
        expect(starts, nation).toEqual([times[0], times[1], times[2]]);
      } finally {
        store.close();
      }
    }
  }, 180_000);
});
