import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/domain/index.js';
import { attachCotFeeds, parseAisFeedSpecs, parseFeedUrl } from '../../src/feeds/index.js';
import { readCotEvent } from '../../src/interop/index.js';
import type { Contact } from '../../src/maritime/index.js';

const NOW = Date.parse('2026-12-07T18:00:00Z');

/** A CoT point as ATAK sends one: a friendly ship reporting itself, or a spotter marking a vessel. */
const event = (
  o: { uid?: string; type?: string; how?: string; lat?: string; ce?: string; detail?: string } = {},
) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><event version="2.0" uid="${o.uid ?? 'ANDROID-abc'}" type="${o.type ?? 'a-f-S'}" how="${o.how ?? 'm-g'}" time="2026-12-07T17:59:58.120Z" start="2026-12-07T17:59:58.120Z" stale="2026-12-07T18:05:58.120Z"><point lat="${o.lat ?? '25.7431'}" lon="123.4712" hae="31.2" ce="${o.ce ?? '12.5'}" le="9999999.0"/><detail>${o.detail ?? '<contact callsign="JCG MIZUHO"/>'}</detail></event>`;

describe('a CoT event as a contact', () => {
  it("reads a friendly ship's report of itself", () => {
    const r = readCotEvent(event(), 'test');
    expect(r).toEqual({
      kind: 'contact',
      uid: 'ANDROID-abc',
      type: 'a-f-S',
      contact: {
        id: 'cot:ANDROID-abc',
        sensor: 'radar',
        tMs: Date.parse('2026-12-07T17:59:58.120Z'),
        latDeg: 25.7431,
        lonDeg: 123.4712,
        errorM: 12.5,
        identity: { name: 'JCG MIZUHO' },
      },
    });
  });

  it("reads a spotter's sighting (a person: eyes on) with an unknown error, or the sensor it names", () => {
    const r = readCotEvent(event({ type: 'a-u-S', how: 'h-e', ce: '9999999.0', detail: '' }), 'test');
    expect(r).toMatchObject({ kind: 'contact', contact: { sensor: 'aircraft', errorM: 1000 } });
    expect(r.kind === 'contact' && r.contact.identity).toBeUndefined();
    const sar = readCotEvent(event({ detail: '<concord sensor="sar"/>' }), 'test');
    expect(sar).toMatchObject({ contact: { sensor: 'sar' } });
  });

  it("ignores what is not a sea-surface object, and Concord's own events", () => {
    expect(readCotEvent(event({ type: 'a-f-G-U-C' }), 'test')).toMatchObject({
      kind: 'ignored',
      why: 'not a sea-surface object',
    });
    expect(readCotEvent(event({ type: 'b-m-p-s-m' }), 'test')).toMatchObject({ kind: 'ignored' });
    expect(readCotEvent(event({ uid: 'concord.JPN.vessel.1' }), 'test')).toMatchObject({
      kind: 'ignored',
      why: "Concord's own event",
    });
  });

  it('refuses a bad event naming the input and the field', () => {
    const err = (text: string) => {
      try {
        readCotEvent(text, 'udp://0.0.0.0:4242 datagram 7');
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as Error).message;
      }
      throw new Error('accepted');
    };
    expect(err(event({ lat: '1e-3' }))).toBe(
      "udp://0.0.0.0:4242 datagram 7 (point@lat): '1e-3': not an xs:decimal",
    );
    expect(err(event({ lat: '91' }))).toBe(
      'udp://0.0.0.0:4242 datagram 7 (point@lat): 91 is outside -90 to 90',
    );
    expect(err(event({ detail: '<concord sensor="sonar"/>' }))).toMatch(
      /\(detail\/concord@sensor\): 'sonar' is not one of radar/,
    );
    expect(err(event().replace(' time="2026-12-07T17:59:58.120Z"', ' time="yesterday"'))).toMatch(
      /\(event@time\): 'yesterday'/,
    );
    expect(err('<event uid="x"><point')).toMatch(
      /^udp:\/\/0\.0\.0\.0:4242 datagram 7:1:\d+ \(event\): not well-formed XML/,
    );
    expect(err(`<event>${'x'.repeat(20_000)}</event>`)).toMatch(/\(event\): 20015 bytes/);
  });
});

describe('a CoT feed', () => {
  it('turns datagrams from a TAK client into contacts of its nation, counting and telling the bad ones', async () => {
    const contacts: Contact[] = [];
    const said: string[] = [];
    const feeds = attachCotFeeds(
      // Port 0: any free port (the feed reports the one it got).
      [{ nation: 'JPN', ...parseFeedUrl('udp://127.0.0.1:0', '--cot', undefined, true) }],
      (n) => {
        expect(n).toBe('JPN');
        return (c) => {
          contacts.push(c);
        };
      },
      (t) => said.push(t),
      { read: readCotEvent, nowMs: () => NOW },
    );
    await feeds.ready;
    const port = feeds.feeds[0]!.localPort()!;
    const tx = createSocket('udp4');
    const send = (text: string) =>
      new Promise<void>((resolve) => tx.send(Buffer.from(text), port, '127.0.0.1', () => resolve()));
    await send(event());
    await send(event({ lat: 'north' }));
    await send(event({ type: 'a-h-A' }));
    await send('\u0000\u0001 garbage');
    await expect.poll(() => feeds.feeds[0]!.counts().datagrams, { timeout: 5_000 }).toBe(4);
    tx.close();
    expect(feeds.feeds[0]!.counts()).toMatchObject({ contacts: 1, ignored: 1, bad: 2 });
    expect(contacts[0]).toMatchObject({ id: 'cot:ANDROID-abc', latDeg: 25.7431 });
    expect(said.find((l) => l.includes('datagram 2'))).toMatch(
      /^JPN CoT feed: udp:\/\/127\.0\.0\.1:0 datagram 2 from 127\.0\.0\.1:\d+ \(point@lat\): 'north': not an xs:decimal$/,
    );
    expect(feeds.statusLines()[0]).toMatch(/4 datagrams, 1 contacts, 1 ignored, 2 bad, listening$/);
    await feeds.close();
  });

  it('refuses a TCP address', () => {
    expect(() =>
      attachCotFeeds(
        parseAisFeedSpecs(['JPN=tcp://127.0.0.1:8087'], '--cot'),
        () => () => {},
        () => {},
        { read: readCotEvent },
      ),
    ).toThrow(/--cot: JPN=tcp:\/\/127\.0\.0\.1:8087: CoT feeds listen on udp/);
  });
});
