import { createSocket } from 'node:dgram';
import { describe, expect, it, vi } from 'vitest';
import { aisOption, nodeFeedSpecs, startAisFeeds } from '../../src/cli/ais-feeds.js';
import { UsageError } from '../../src/cli/usage.js';
import { InputError } from '../../src/domain/errors.js';
import type { AisFeedSpec } from '../../src/feeds/index.js';
import { concord } from './run.js';

const udpAny = (nation: 'JPN' | 'KOR'): AisFeedSpec => ({
  nation,
  protocol: 'udp',
  host: '127.0.0.1',
  port: 0,
  url: 'udp://127.0.0.1:0',
});

function send(port: number, text: string): Promise<void> {
  const s = createSocket('udp4');
  return new Promise((resolve) => s.send(text, port, '127.0.0.1', () => s.close(() => resolve())));
}

describe('--ais on start and node', () => {
  it("takes only the nations the process runs, and a node's config and options together", () => {
    expect(aisOption(['JPN=udp://0.0.0.0:10110'], ['USA', 'JPN', 'KOR'])[0]!.nation).toBe('JPN');
    expect(() => aisOption(['AUS=udp://0.0.0.0:10110'], ['USA', 'JPN', 'KOR'])).toThrow(
      /--ais: AUS=udp:\/\/0\.0\.0\.0:10110: this process runs USA, JPN, KOR/,
    );
    const specs = nodeFeedSpecs(
      [{ nation: 'JPN', url: 'tcp://127.0.0.1:5631' }],
      'jpn.yaml',
      ['JPN=udp://0.0.0.0:10110'],
      'JPN',
    );
    expect(specs.map((s) => s.url)).toEqual(['tcp://127.0.0.1:5631', 'udp://0.0.0.0:10110']);
    expect(() => nodeFeedSpecs([{ nation: 'KOR', url: 'udp://0.0.0.0:1' }], 'jpn.yaml', [], 'JPN')).toThrow(
      UsageError,
    );
    expect(() => nodeFeedSpecs([{ nation: 'JPN', url: 'udp://0.0.0.0' }], 'jpn.yaml', [], 'JPN')).toThrow(
      /^jpn\.yaml \(ais\[0\]\.url\): 'udp:\/\/0\.0\.0\.0' is not a feed address/,
    );
    expect(() =>
      nodeFeedSpecs([{ nation: 'JPN', url: 'udp://0.0.0.0:1' }], 'jpn.yaml', ['JPN=udp://0.0.0.0:1'], 'JPN'),
    ).toThrow(/already in jpn\.yaml/);
    expect(() => aisOption(['JPN'], ['JPN'])).toThrow(InputError);
  });

  it("puts lines into a node's maritime desk when it has one, and counts them where it has none", async () => {
    const ingest = vi.fn();
    const nodes = new Map<'JPN' | 'KOR', unknown>([
      ['JPN', { maritime: { ingestNmea: ingest } }],
      ['KOR', {}],
    ]);
    const said: string[] = [];
    const feeds = (await startAisFeeds(
      [udpAny('JPN'), { ...udpAny('KOR'), url: 'udp://127.0.0.1:0#k' }],
      nodes,
      (t) => said.push(t),
    ))!;
    try {
      const [jpn, kor] = feeds.attached.feeds.map((f) => f.feed);
      await send(jpn!.localPort()!, '!AIVDM,1,1,,A,x,0*00\r\n!AIVDM,1,1,,B,y,0*00\r\n');
      await send(kor!.localPort()!, '!AIVDM,1,1,,A,z,0*00\n');
      await vi.waitFor(() => expect(kor!.counters().lines).toBe(1));
      await vi.waitFor(() => expect(ingest).toHaveBeenCalledTimes(2));
      expect(ingest.mock.calls[0]!.slice(0, 1)).toEqual(['!AIVDM,1,1,,A,x,0*00']);
      expect(ingest.mock.calls[0]![2]).toBe('udp://127.0.0.1:0');
      expect(typeof ingest.mock.calls[0]![1]).toBe('number');
      expect(said[0]).toBe(
        "JPN AIS feed: listening for NMEA datagrams on udp://127.0.0.1:0, lines into its node's maritime picture",
      );
      expect(said[1]).toMatch(
        /^KOR AIS feed: .* counted only: this node has no maritime picture to ingest them$/,
      );
      expect(feeds.attached.statusLines()[1]).toBe('KOR AIS feed udp://127.0.0.1:0#k: 1 lines, listening');
    } finally {
      await feeds.close();
    }
  });

  it("gives a line its tag block's time when near its receive time, and the contacts to the desk", async () => {
    const ingestNmea = vi.fn();
    const ingestContact = vi.fn();
    const nodes = new Map<'JPN', unknown>([['JPN', { maritime: { ingestNmea, ingestContact } }]]);
    const contactSpec = { ...udpAny('JPN'), url: 'udp://127.0.0.1:0#c' };
    const feeds = (await startAisFeeds([udpAny('JPN')], nodes, () => {}, [contactSpec]))!;
    try {
      const tagS = Math.floor(Date.now() / 1000) - 120;
      const body = `c:${tagS}`;
      let sum = 0;
      for (const ch of body) sum ^= ch.charCodeAt(0);
      const tag = `\\${body}*${sum.toString(16).toUpperCase().padStart(2, '0')}\\`;
      await send(
        feeds.attached.feeds[0]!.feed.localPort()!,
        `${tag}!AIVDM,1,1,,A,x,0*00\r\n!AIVDM,1,1,,A,y,0*00\r\n`,
      );
      await vi.waitFor(() => expect(ingestNmea).toHaveBeenCalledTimes(2));
      // Its own time, two minutes ago; the untagged line after it goes with the same correction.
      expect(ingestNmea.mock.calls[0]![1]).toBe(tagS * 1000);
      expect(Math.abs(ingestNmea.mock.calls[1]![1] - tagS * 1000)).toBeLessThan(1_000);
      const t = new Date(Date.now() - 60_000).toISOString();
      await send(
        feeds.contacts.feeds[0]!.feed.localPort()!,
        `time,kind,lat,lon,mmsi\n${t},radar,30,125,412000001\n${t},radar,95,125,\n`,
      );
      await vi.waitFor(() => expect(feeds.contacts.feeds[0]!.contacts!.bad).toBe(1));
      expect(ingestContact).toHaveBeenCalledTimes(1);
      expect(ingestContact.mock.calls[0]![0]).toMatchObject({
        sensor: 'radar',
        tMs: Date.parse(t),
        identity: { mmsi: 412000001 },
      });
      expect(feeds.contacts.statusLines()[0]).toBe(
        'JPN contacts feed udp://127.0.0.1:0#c: 3 lines, 1 contacts, 1 bad, listening',
      );
    } finally {
      await feeds.close();
    }
  });

  it('ends with a usage error naming the feed when it cannot listen', async () => {
    const taken = createSocket('udp4');
    await new Promise<void>((r) => taken.bind(0, '127.0.0.1', () => r()));
    const port = taken.address().port;
    try {
      await expect(
        startAisFeeds([{ ...udpAny('JPN'), port, url: `udp://127.0.0.1:${port}` }], new Map(), () => {}),
      ).rejects.toThrow(`--ais JPN=udp://127.0.0.1:${port}: cannot listen there (EADDRINUSE)`);
    } finally {
      taken.close();
    }
  });

  it('concord start names a bad --ais before starting anything (exit 2)', () => {
    const r = concord('start', '--ais', 'JPN=udp://127.0.0.1', '--exit-at-end');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("concord: --ais: 'udp://127.0.0.1' is not a feed address");
  });
});
