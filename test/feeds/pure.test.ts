import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/domain/errors.js';
import {
  aisFeedSpecsOf,
  backoffMs,
  LineFramer,
  packDatagrams,
  parseAisFeedSpecs,
  parseFeedUrl,
  replaySchedule,
} from '../../src/feeds/index.js';
import { nmeaLines } from '../../src/maritime/ais/index.js';

const framed = (chunks: (string | Uint8Array)[], max = 1024) => {
  const lines: string[] = [];
  const f = new LineFramer((l) => lines.push(l), max);
  for (const c of chunks) f.push(typeof c === 'string' ? Buffer.from(c, 'latin1') : c);
  return { lines, counts: f.counts, f };
};

describe('LineFramer', () => {
  it('frames lines across chunk boundaries, CRLF or LF, blank lines skipped', () => {
    const { lines, counts } = framed(['!AIVDM,1,1,,A,1*00\r', '\n!AIV', 'DM,2\n\r\n\n!x\n']);
    expect(lines).toEqual(['!AIVDM,1,1,,A,1*00', '!AIVDM,2', '!x']);
    expect(counts).toEqual({ lines: 3, garbage: 0, overlong: 0 });
  });

  it('counts binary, non-ASCII (bad UTF-8) and over-long lines as garbage and keeps the good ones', () => {
    const { lines, counts } = framed(
      [
        'good1\n',
        Uint8Array.from([0x00, 0xff, 0xfe, 0x0a]), // binary
        Uint8Array.from([0x21, 0xc3, 0x28, 0x0a]), // bad UTF-8
        `${'A'.repeat(40)}`,
        `${'B'.repeat(40)}\n`, // 80 > 64: over-long, dropped whole up to its LF
        'good2\n',
        'mid\rcr\n', // a CR inside a line
      ],
      64,
    );
    expect(lines).toEqual(['good1', 'good2']);
    expect(counts).toEqual({ lines: 2, garbage: 4, overlong: 1 });
  });

  it('flush ends a datagram without LF; a line of exactly the maximum passes', () => {
    const { lines, f } = framed(['x'.repeat(8)], 8);
    f.flush();
    expect(lines).toEqual(['xxxxxxxx']);
  });
});

describe('feed addresses', () => {
  it('reads udp:// and tcp:// with host and port, and NATION=URL specs', () => {
    expect(parseFeedUrl('udp://0.0.0.0:10110', 'x')).toMatchObject({
      protocol: 'udp',
      host: '0.0.0.0',
      port: 10110,
    });
    expect(parseFeedUrl('tcp://[::1]:5631', 'x')).toMatchObject({ protocol: 'tcp', host: '::1', port: 5631 });
    const specs = parseAisFeedSpecs(['jpn=udp://127.0.0.1:10110', 'KOR=tcp://localhost:5631']);
    expect(specs.map((s) => [s.nation, s.url])).toEqual([
      ['JPN', 'udp://127.0.0.1:10110'],
      ['KOR', 'tcp://localhost:5631'],
    ]);
  });

  it('names the bad spec in its error', () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as Error).message;
      }
      throw new Error('no error');
    };
    expect(err(() => parseAisFeedSpecs(['JPN=udp://a:1', 'KOR']))).toMatch(
      /^--ais #2: 'KOR' is not NATION=URL/,
    );
    expect(err(() => parseAisFeedSpecs(['XYZ=udp://a:1']))).toMatch(
      /^--ais: 'XYZ=udp:\/\/a:1': unknown nation 'XYZ'/,
    );
    expect(err(() => parseAisFeedSpecs(['JPN=http://a:1']))).toMatch(/'http:\/\/a:1' is not a feed address/);
    expect(err(() => parseAisFeedSpecs(['JPN=udp://a:70000']))).toMatch(/port 70000/);
    expect(err(() => parseAisFeedSpecs(['JPN=udp://a:1', 'KOR=udp://a:1']))).toMatch(
      /given twice \(for JPN and KOR\)/,
    );
    expect(err(() => aisFeedSpecsOf([{ nation: 'JPN', url: 'udp://a' }], 'node.yaml'))).toMatch(
      /^node\.yaml \(ais\[0\]\.url\)/,
    );
  });
});

describe('backoffMs', () => {
  it('doubles its cap per attempt up to the maximum, jittered below the cap', () => {
    const o = { baseMs: 500, maxMs: 30_000 };
    expect([0, 1, 2, 3, 10].map((a) => backoffMs(a, o, () => 0.999999))).toEqual([
      499, 999, 1999, 3999, 29999,
    ]);
    expect(backoffMs(3, o, () => 0.5)).toBe(2000);
    expect(backoffMs(5, o, () => 0)).toBe(0);
  });
});

describe('replaySchedule', () => {
  it('paces a file without tag blocks at the rate, in sentences, multi-sentence messages whole', () => {
    const lines = [
      '# comment',
      '!AIVDM,1,1,,A,a,0*00',
      '!AIVDM,2,1,3,B,b1,0*00',
      '!AIVDM,2,2,3,B,b2,2*00',
      '',
      '!AIVDM,2,2,4,B,orphan,2*00',
      '!AIVDM,1,1,,A,c,0*00',
    ];
    const s = replaySchedule(lines, { ratePerS: 10 });
    expect(s.map((m) => [m.atMs, m.lines])).toEqual([
      [0, 1],
      [100, 2],
      [300, 1],
      [400, 1],
    ]);
    expect(s[1]!.text).toBe('!AIVDM,2,1,3,B,b1,0*00\n!AIVDM,2,2,3,B,b2,2*00');
  });

  it('follows tag-block times, faster by speed, spreading a second shared by several messages', () => {
    const at = (tMs: number) => nmeaLines({ tMs, type: 1, mmsi: 1, lat: 0, lon: 0 } as never);
    const five = nmeaLines({ tMs: 1_000_000, type: 5, mmsi: 2, shipname: 'X' } as never);
    const lines = [at(1_000_000), at(1_000_000), ...five.split('\n'), at(1_002_000), at(999_000)];
    const s = replaySchedule(lines, { speed: 2 });
    // 1000 s: three messages over one second (0, 1/3, 2/3 s); 1002 s; a time going back keeps 1002.
    expect(s.map((m) => Math.round(m.atMs))).toEqual([0, 167, 333, 1000, 1250]);
    expect(s[2]!.lines).toBe(2);
  });

  it('packs messages whole into datagrams of at most the limit', () => {
    const m = (text: string) => ({ atMs: 0, text, lines: text.split('\n').length });
    const d = packDatagrams(
      [m('a'.repeat(10)), m(`${'b'.repeat(5)}\n${'c'.repeat(5)}`), m('d'.repeat(30))],
      20,
    );
    expect(d).toEqual([
      `${'a'.repeat(10)}\r\n`,
      `${'b'.repeat(5)}\r\n${'c'.repeat(5)}\r\n`,
      `${'d'.repeat(30)}\r\n`,
    ]);
  });
});
