import { describe, expect, it } from 'vitest';
import {
  type AisStats,
  decodeLines,
  encodeSentences,
  REJECT_REASONS,
} from '../../../src/maritime/ais/index.js';

const TYPE1 = '!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A';
// A type 5 in two fragments (gpsd's sample.aivdm).
const TYPE5 = [
  '!AIVDM,2,1,1,A,55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp8,0*1C',
  '!AIVDM,2,2,1,A,88888888880,2*25',
];

function checksum(body: string): string {
  let sum = 0;
  for (const c of body) sum ^= c.charCodeAt(0);
  return sum.toString(16).toUpperCase().padStart(2, '0');
}
const sentence = (body: string) => `!${body}*${checksum(body)}`;

function rejected(stats: AisStats): Record<string, number> {
  return Object.fromEntries(Object.entries(stats.rejected).filter(([, n]) => n > 0));
}

describe('AIS pipeline', () => {
  it('decodes a position report with gpsd field names and scaling', () => {
    const { messages } = decodeLines(TYPE1);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.record).toMatchObject({
      class: 'AIS',
      type: 1,
      mmsi: 371798000,
      speed: 12.3,
      lon: -123.3953833,
      lat: 48.3816333,
      course: 224,
      heading: 215,
      turn: 'fastleft',
    });
    expect(messages[0]!.line).toBe(1);
  });

  it('assembles a two-sentence message', () => {
    const { messages, stats } = decodeLines(TYPE5.join('\n'));
    expect(messages.map((m) => m.record.shipname)).toEqual(['EVER DIADEM']);
    expect(messages[0]!.line).toBe(2);
    expect(rejected(stats)).toEqual({});
  });

  it('accepts any talker, VDO, receiver prefixes and suffixes', () => {
    const body = TYPE1.slice(3);
    const lines = [
      sentence(`AB${body.slice(0, body.indexOf('*'))}`),
      sentence(`BSVDO${TYPE1.slice(6, TYPE1.indexOf('*'))}`),
      `2026-12-07T02:00:00Z ${TYPE1}`,
      `${TYPE1},1733536800`,
    ];
    const { messages, stats } = decodeLines(lines.join('\r\n'));
    expect(messages).toHaveLength(4);
    expect(new Set(messages.map((m) => m.record.mmsi))).toEqual(new Set([371798000]));
    expect(rejected(stats)).toEqual({});
  });

  it('carries the tag block time and source, and groups fragments by it', () => {
    const tag = (body: string) => `\\${body}*${checksum(body)}\\`;
    const lines = [
      `${tag('g:1-2-77,s:rx1,c:1733536800')}${TYPE5[0]}`,
      `${tag('g:2-2-77')}${TYPE5[1]}`,
      `${tag('s:rx2,c:1733536860000')}${TYPE1}`,
    ];
    const { messages, stats } = decodeLines(lines.join('\n'));
    expect(messages.map((m) => [m.record.type, m.timeS, m.source])).toEqual([
      [5, 1733536800, 'rx1'],
      [1, 1733536860, 'rx2'],
    ]);
    expect(rejected(stats)).toEqual({});
  });

  it('counts each kind of bad input by reason and keeps what was good', () => {
    const good = TYPE1;
    const badTag = `\\s:rx1,c:1733536800*00\\${TYPE1}`;
    const lines = [
      good,
      'hello world',
      '$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47',
      TYPE1.replace('*4A', '*4B'),
      TYPE1.slice(0, 20),
      sentence('AIVDM,1,1,,C,15RTgt0PAso;90TKcjM8h6g208CQ,0'),
      sentence('AIVDM,x,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0'),
      sentence('AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g2,0'),
      sentence('AIVDM,1,1,,A,W5RTgt0PAso;90TKcjM8h6g208CQ,0'),
      sentence(`AIVDM,1,1,,A,${'8'.repeat(400)},0`),
      sentence('AIVDM,1,1,,A,15RTgt0PAs\u00e9;90TKcjM8h6g208CQ,0'),
      TYPE5[1]!,
      badTag,
      TYPE5[0]!,
    ];
    const { messages, stats } = decodeLines(lines.join('\n'));
    // The good sentence, and the one under a bad tag block (decoded without its tag data).
    expect(messages.map((m) => m.line)).toEqual([1, 13]);
    expect(messages[1]!.timeS).toBeUndefined();
    expect(rejected(stats)).toEqual({
      notAis: 2,
      checksum: 1,
      badChannel: 1,
      // 'x' as the fragment count, and the line cut before its checksum and fill-bits field.
      malformed: 2,
      truncated: 1,
      unknownType: 1,
      overlong: 1,
      badCharacter: 1,
      badTagBlock: 1,
      // The lone part 2 at line 12, and the part 1 at line 14 left waiting at the end.
      orphanFragment: 2,
    });
    expect(Object.keys(stats.rejected).sort()).toEqual([...REJECT_REASONS].sort());
  });

  it('drops a message whose fragments stop coming, after the line timeout', () => {
    const filler = new Array(60).fill(TYPE1);
    const { messages, stats } = decodeLines([TYPE5[0], ...filler, TYPE5[1]].join('\n'));
    expect(messages.every((m) => m.record.type === 1)).toBe(true);
    expect(stats.rejected.orphanFragment).toBe(2);
  });

  it('joins fragments only with the same sequential id (gpsd 3.22 joins any on the channel)', () => {
    const second = TYPE5[1]!.replace(',2,2,1,A,', ',2,2,2,A,');
    const { messages, stats } = decodeLines(
      [TYPE5[0], sentence(second.slice(1, second.indexOf('*')))].join('\n'),
    );
    expect(messages).toHaveLength(0);
    expect(stats.rejected.orphanFragment).toBe(2);
  });

  it('keeps at most maxPending messages waiting and counts the dropped ones', () => {
    const parts = Array.from({ length: 5 }, (_, i) => TYPE5[0]!.replace(',2,1,1,A,', `,2,1,${i},A,`)).map(
      (s) => sentence(s.slice(1, s.indexOf('*'))),
    );
    const { stats } = decodeLines(parts.join('\n'), { maxPending: 3 });
    expect(stats.rejected.orphanFragment).toBe(5);
  });

  it('reports type 24 once part A and then part B have been seen, as gpsd does', () => {
    const sentences = encodeSentences({
      type: 24,
      mmsi: 271041815,
      shipname: 'PROGUY',
      shiptype: 60,
      vendorid: '1D00014',
      callsign: 'TC6163',
      to_stern: 15,
      to_starboard: 5,
    });
    const [a, b] = sentences as [string, string];
    expect(decodeLines(b).messages).toHaveLength(0);
    const { messages, stats } = decodeLines([a, b, b].join('\n'));
    expect(messages.map((m) => m.record.shipname)).toEqual(['PROGUY']);
    expect(stats.held).toBe(2);
  });

  it('never throws on random lines', () => {
    const alphabet = '!AIVDM,12AB*0;:<>\\sgc-xyz@`w\u00ff \t';
    let seed = 9;
    const next = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    const lines: string[] = [];
    for (let i = 0; i < 2000; i++) {
      let s = i % 3 === 0 ? TYPE1.slice(0, next() % TYPE1.length) : '';
      const n = next() % 60;
      for (let k = 0; k < n; k++) s += alphabet[next() % alphabet.length];
      lines.push(s);
    }
    expect(() => decodeLines(lines.join('\n'))).not.toThrow();
  });
});
