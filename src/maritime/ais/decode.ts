import { decodeAddressedApp, decodeBroadcastApp } from './application.js';
import {
  hexData,
  MAX_PAYLOAD_BITS,
  sbits,
  sixbitText,
  sixbitTextUntrimmed,
  trimRight,
  ubits,
} from './bits.js';
import {
  EPFD,
  EPFD_INVALID,
  legend,
  NAV_STATUS,
  NAVAID_TYPE,
  NAVAID_TYPE_INVALID,
  SHIP_TYPE,
  SHIP_TYPE_INVALID,
  STATION_TYPE,
  STATION_TYPE_INVALID,
} from './legends.js';
import type { AisRecord, RejectReason } from './record.js';
import { deg600, deg600k, isoTimestamp, turn, two } from './scale.js';

/**
 * Class B static reports come in two parts; gpsd reports one record once it has seen part A and
 * then part B from the same MMSI. It remembers the last 8 part A names per channel, as here.
 */
export class Type24Queue {
  private static readonly SIZE = 8;
  private readonly mmsi = new Float64Array(Type24Queue.SIZE);
  private readonly names: string[] = new Array(Type24Queue.SIZE).fill('');
  private next = 0;

  stash(mmsi: number, shipname: string): void {
    this.mmsi[this.next] = mmsi;
    this.names[this.next] = shipname;
    this.next = (this.next + 1) % Type24Queue.SIZE;
  }

  /** The part A name for `mmsi`, forgotten once taken (so a repeated part B does not match twice). */
  take(mmsi: number): string | undefined {
    for (let i = 0; i < Type24Queue.SIZE; i++) {
      if (this.mmsi[i] === mmsi && mmsi !== 0) {
        this.mmsi[i] = 0;
        return this.names[i];
      }
    }
    return undefined;
  }
}

/** A decoded message that yields no record by itself: a type 24 part waiting for its other half. */
export const HELD = 'held' as const;
export type DecodeResult = AisRecord | RejectReason | typeof HELD;

const epfd = (n: number) => legend(EPFD, n, EPFD_INVALID);
const shiptype = (n: number) => legend(SHIP_TYPE, n, SHIP_TYPE_INVALID);

function header(six: Uint8Array): AisRecord {
  return {
    class: 'AIS',
    type: ubits(six, 0, 6),
    repeat: ubits(six, 6, 2),
    mmsi: ubits(six, 8, 30),
    scaled: true,
  };
}

/** gpsd's `auxiliary craft` MMSIs (98XXXXXXX) carry a mothership MMSI instead of dimensions. */
function auxiliary(mmsi: number): boolean {
  return Math.floor(mmsi / 10000000) === 98;
}

/**
 * Decodes one assembled payload (`bitLen` bits of six-bit cells) into gpsd's record, with gpsd
 * 3.22's tolerance: a few types accept extra bits, type 5 accepts 420-423, type 27 accepts a full
 * slot; anything shorter than a type needs is 'truncated'.
 */
export function decodePayload(six: Uint8Array, bitLen: number, queue: Type24Queue): DecodeResult {
  if (bitLen > MAX_PAYLOAD_BITS) return 'overlong';
  if (bitLen < 38) return 'truncated';
  const type = ubits(six, 0, 6);
  // The commonest reports first, before the helpers below are made.
  if (type >= 1 && type <= 3) return bitLen < 163 ? 'truncated' : positionA(six, type, bitLen);
  if (type === 18) return bitLen < 168 ? 'truncated' : positionB(six);
  const u = (at: number, len: number) => ubits(six, at, len);
  const s = (at: number, len: number) => sbits(six, at, len);
  const b = (at: number) => ubits(six, at, 1) !== 0;
  const range = (min: number, max: number): RejectReason | undefined =>
    bitLen < min ? 'truncated' : bitLen > max ? 'overlong' : undefined;
  switch (type) {
    case 1:
    case 2:
    case 3:
      return bitLen < 163 ? 'truncated' : positionA(six, type, bitLen);
    case 4:
    case 11: {
      if (bitLen < 168) return 'truncated';
      const r = header(six);
      r.timestamp = isoTimestamp(u(38, 14), u(52, 4), u(56, 5), u(61, 5), u(66, 6), u(72, 6));
      r.accuracy = b(78);
      r.lon = deg600k(s(79, 28));
      r.lat = deg600k(s(107, 27));
      const e = u(134, 4);
      r.epfd = e;
      r.epfd_text = epfd(e);
      r.raim = b(148);
      r.radio = u(149, 19);
      return r;
    }
    case 5: {
      if (bitLen < 420) return 'truncated';
      const r = header(six);
      r.imo = u(40, 30);
      r.ais_version = u(38, 2);
      r.callsign = sixbitText(six, 70, 7);
      r.shipname = sixbitText(six, 112, 20);
      const st = u(232, 8);
      r.shiptype = st;
      r.shiptype_text = shiptype(st);
      r.to_bow = u(240, 9);
      r.to_stern = u(249, 9);
      r.to_port = u(258, 6);
      r.to_starboard = u(264, 6);
      const e = u(270, 4);
      r.epfd = e;
      r.epfd_text = epfd(e);
      r.eta = `${two(u(274, 4))}-${two(u(278, 5))}T${two(u(283, 5))}:${two(u(288, 6))}Z`;
      r.draught = u(294, 8) / 10;
      r.destination = sixbitText(six, 302, 20);
      r.dte = bitLen >= 423 ? u(422, 1) : 0;
      return r;
    }
    case 6: {
      const bad = range(88, 1008);
      if (bad) return bad;
      const r = header(six);
      r.seqno = u(38, 2);
      r.dest_mmsi = u(40, 30);
      r.retransmit = b(70);
      r.dac = u(72, 10);
      r.fid = u(82, 6);
      if (!decodeAddressedApp(six, bitLen, r)) r.data = hexData(six, 88, bitLen - 88, Infinity);
      return r;
    }
    case 7:
    case 13: {
      const bad = range(72, 168);
      if (bad) return bad;
      const r = header(six);
      for (let i = 0; i < 4; i++) r[`mmsi${i + 1}`] = bitLen > 40 + 32 * i ? u(40 + 32 * i, 30) : 0;
      return r;
    }
    case 8: {
      const bad = range(56, 1008);
      if (bad) return bad;
      const r = header(six);
      r.dac = u(40, 10);
      r.fid = u(50, 6);
      if (!decodeBroadcastApp(six, bitLen, r)) r.data = hexData(six, 56, bitLen - 56, bitLen);
      return r;
    }
    case 9: {
      if (bitLen < 168) return 'truncated';
      const r = header(six);
      const alt = u(38, 12);
      const speed = u(50, 10);
      r.alt = alt === 4095 ? 'nan' : alt === 4094 ? 'high' : alt;
      r.speed = speed === 1023 ? 'nan' : speed === 1022 ? 'fast' : speed;
      r.accuracy = b(60);
      r.lon = deg600k(s(61, 28));
      r.lat = deg600k(s(89, 27));
      r.course = u(116, 12) / 10;
      r.second = u(128, 6);
      r.regional = u(134, 8);
      r.dte = u(142, 1);
      r.raim = b(147);
      r.radio = u(148, 20);
      return r;
    }
    case 10: {
      if (bitLen < 72) return 'truncated';
      const r = header(six);
      r.dest_mmsi = u(40, 30);
      return r;
    }
    case 12: {
      const bad = range(72, 1008);
      if (bad) return bad;
      const r = header(six);
      r.seqno = u(38, 2);
      r.dest_mmsi = u(40, 30);
      r.retransmit = b(70);
      r.text = sixbitText(six, 72, Math.floor((bitLen - 72) / 6));
      return r;
    }
    case 14: {
      const bad = range(40, 1008);
      if (bad) return bad;
      const r = header(six);
      r.text = sixbitText(six, 40, Math.floor((bitLen - 40) / 6));
      return r;
    }
    case 15: {
      const bad = range(88, 168);
      if (bad) return bad;
      const r = header(six);
      const second = bitLen > 90;
      const third = bitLen > 110;
      r.mmsi1 = u(40, 30);
      r.type1_1 = u(70, 6);
      r.offset1_1 = u(76, 12);
      r.type1_2 = second ? u(90, 6) : 0;
      r.offset1_2 = second ? u(96, 12) : 0;
      r.mmsi2 = third ? u(110, 30) : 0;
      r.type2_1 = third ? u(140, 6) : 0;
      r.offset2_1 = third ? u(146, 12) : 0;
      return r;
    }
    case 16: {
      const bad = range(96, 168);
      if (bad) return bad;
      const r = header(six);
      const two = bitLen >= 144;
      r.mmsi1 = u(40, 30);
      r.offset1 = u(70, 12);
      r.increment1 = u(82, 10);
      r.mmsi2 = two ? u(92, 30) : 0;
      r.offset2 = two ? u(122, 12) : 0;
      r.increment2 = two ? u(134, 10) : 0;
      return r;
    }
    case 17: {
      const bad = range(80, 816);
      if (bad) return bad;
      const r = header(six);
      r.lon = deg600(s(40, 18));
      r.lat = deg600(s(58, 17));
      r.data = hexData(six, 80, bitLen - 80, Infinity);
      return r;
    }
    case 18:
      return bitLen < 168 ? 'truncated' : positionB(six);
    case 19: {
      if (bitLen < 312) return 'truncated';
      const r = header(six);
      r.reserved = u(38, 8);
      r.speed = u(46, 10) / 10;
      r.accuracy = b(56);
      r.lon = deg600k(s(57, 28));
      r.lat = deg600k(s(85, 27));
      r.course = u(112, 12) / 10;
      r.heading = u(124, 9);
      r.second = u(133, 6);
      r.regional = u(139, 4);
      r.shipname = sixbitText(six, 143, 20);
      const st = u(263, 8);
      r.shiptype = st;
      r.shiptype_text = shiptype(st);
      r.to_bow = u(271, 9);
      r.to_stern = u(280, 9);
      r.to_port = u(289, 6);
      r.to_starboard = u(295, 6);
      const e = u(301, 4);
      r.epfd = e;
      r.epfd_text = epfd(e);
      r.raim = b(305);
      r.dte = u(306, 1);
      r.assigned = b(307);
      return r;
    }
    case 20: {
      const bad = range(72, 186);
      if (bad) return bad;
      const r = header(six);
      for (let i = 0; i < 4; i++) {
        const at = 40 + 30 * i;
        r[`offset${i + 1}`] = u(at, 12);
        r[`number${i + 1}`] = u(at + 12, 4);
        r[`timeout${i + 1}`] = u(at + 16, 3);
        r[`increment${i + 1}`] = u(at + 19, 11);
      }
      return r;
    }
    case 21: {
      const bad = range(272, 368);
      if (bad) return bad;
      const r = header(six);
      const aid = u(38, 5);
      r.aid_type = aid;
      r.aid_type_text = legend(NAVAID_TYPE, aid, NAVAID_TYPE_INVALID);
      let name = sixbitTextUntrimmed(six, 43, 20);
      if (name.length === 20 && bitLen > 272) name += sixbitText(six, 272, Math.floor((bitLen - 272) / 6));
      r.name = trimRight(name);
      r.lon = deg600k(s(164, 28));
      r.lat = deg600k(s(192, 27));
      r.accuracy = b(163);
      r.to_bow = u(219, 9);
      r.to_stern = u(228, 9);
      r.to_port = u(237, 6);
      r.to_starboard = u(243, 6);
      const e = u(249, 4);
      r.epfd = e;
      r.epfd_text = epfd(e);
      r.second = u(253, 6);
      r.regional = u(260, 8);
      r.off_position = b(259);
      r.raim = b(268);
      r.virtual_aid = b(269);
      return r;
    }
    case 22: {
      if (bitLen < 168) return 'truncated';
      const r = header(six);
      const addressed = b(139);
      r.channel_a = u(40, 12);
      r.channel_b = u(52, 12);
      r.txrx = u(64, 4);
      r.power = b(68);
      if (addressed) {
        r.dest1 = u(69, 30);
        r.dest2 = u(104, 30);
      } else {
        r.ne_lon = (s(69, 18) / 600).toFixed(6);
        r.ne_lat = (s(87, 17) / 600).toFixed(6);
        r.sw_lon = (s(104, 18) / 600).toFixed(6);
        r.sw_lat = (s(122, 17) / 600).toFixed(6);
      }
      r.addressed = addressed;
      r.band_a = b(140);
      r.band_b = b(141);
      r.zonesize = u(142, 3);
      return r;
    }
    case 23: {
      if (bitLen < 160) return 'truncated';
      const r = header(six);
      r.ne_lon = (s(40, 18) / 600).toFixed(6);
      r.ne_lat = (s(58, 17) / 600).toFixed(6);
      r.sw_lon = (s(75, 18) / 600).toFixed(6);
      r.sw_lat = (s(93, 17) / 600).toFixed(6);
      const station = u(110, 4);
      r.stationtype = station;
      r.stationtype_text = legend(STATION_TYPE, station, STATION_TYPE_INVALID);
      const st = u(114, 8);
      r.shiptype = st;
      r.shiptype_text = shiptype(st);
      r.interval = u(146, 4);
      r.quiet = u(150, 4);
      return r;
    }
    case 24:
      return decodeStatic(six, bitLen, queue);
    case 25: {
      const bad = range(40, 168);
      if (bad) return bad;
      const addressed = b(38);
      const structured = b(39);
      if (bitLen < 40 + (structured ? 16 : 0) + (addressed ? 30 : 0)) return 'truncated';
      const r = header(six);
      binaryMessage(six, r, addressed, structured, bitLen - 40 - (structured ? 16 : 0));
      return r;
    }
    case 26: {
      const bad = range(60, 1004);
      if (bad) return bad;
      const addressed = b(38);
      const structured = b(39);
      if (bitLen < 60 + (structured ? 16 : 0) + (addressed ? 30 : 0)) return 'truncated';
      const r = header(six);
      binaryMessage(six, r, addressed, structured, bitLen - 60 - (structured ? 16 : 0));
      // gpsd 3.22 never reads the communication state of a type 26 and reports 0.
      r.radio = 0;
      return r;
    }
    case 27: {
      if (bitLen !== 96 && bitLen !== 168) return bitLen < 96 ? 'truncated' : 'overlong';
      const r = header(six);
      // gpsd 3.22 writes the navigation status of a type 27 as its text only.
      r.status = NAV_STATUS[u(40, 4)];
      r.accuracy = b(38);
      r.lon = deg600(s(44, 18));
      r.lat = deg600(s(62, 17));
      r.speed = u(79, 6);
      r.course = u(85, 9);
      r.raim = b(39);
      r.gnss = b(94);
      return r;
    }
    default:
      return 'unknownType';
  }
}

// The two commonest reports are built as one literal each, keys in gpsd's order, so that every
// record of a type has the same shape (fast to build, fast for JSON.stringify).

function positionA(six: Uint8Array, type: number, bitLen: number): AisRecord {
  const status = ubits(six, 38, 4);
  const speed = ubits(six, 50, 10);
  return {
    class: 'AIS',
    type,
    repeat: ubits(six, 6, 2),
    mmsi: ubits(six, 8, 30),
    scaled: true,
    status,
    status_text: NAV_STATUS[status],
    turn: turn(sbits(six, 42, 8)),
    speed: speed === 1023 ? 'nan' : speed === 1022 ? 'fast' : speed / 10,
    accuracy: ubits(six, 60, 1) !== 0,
    lon: deg600k(sbits(six, 61, 28)),
    lat: deg600k(sbits(six, 89, 27)),
    course: ubits(six, 116, 12) / 10,
    heading: ubits(six, 128, 9),
    second: ubits(six, 137, 6),
    maneuver: ubits(six, 143, 2),
    raim: ubits(six, 148, 1) !== 0,
    radio: bitLen >= 168 ? ubits(six, 149, 19) : ubits(six, 149, bitLen - 149),
  };
}

function positionB(six: Uint8Array): AisRecord {
  return {
    class: 'AIS',
    type: 18,
    repeat: ubits(six, 6, 2),
    mmsi: ubits(six, 8, 30),
    scaled: true,
    reserved: ubits(six, 38, 8),
    speed: ubits(six, 46, 10) / 10,
    accuracy: ubits(six, 56, 1) !== 0,
    lon: deg600k(sbits(six, 57, 28)),
    lat: deg600k(sbits(six, 85, 27)),
    course: ubits(six, 112, 12) / 10,
    heading: ubits(six, 124, 9),
    second: ubits(six, 133, 6),
    regional: ubits(six, 139, 2),
    cs: ubits(six, 141, 1) !== 0,
    display: ubits(six, 142, 1) !== 0,
    dsc: ubits(six, 143, 1) !== 0,
    band: ubits(six, 144, 1) !== 0,
    msg22: ubits(six, 145, 1) !== 0,
    raim: ubits(six, 147, 1) !== 0,
    radio: ubits(six, 148, 20),
  };
}

/**
 * Types 25 and 26: gpsd copies the data from bit 40 (56 if structured) as whole bytes, then, if
 * addressed, shifts out the 30-bit destination; bits past the copied bytes read as zero.
 */
function binaryMessage(
  six: Uint8Array,
  r: AisRecord,
  addressed: boolean,
  structured: boolean,
  bitcount: number,
): void {
  const from = 40 + (structured ? 16 : 0);
  const availEnd = from + 8 * Math.ceil(bitcount / 8);
  r.addressed = addressed;
  r.structured = structured;
  r.dest_mmsi = addressed ? ubits(six, 40, 30) : 0;
  r.app_id = structured ? ubits(six, 40 + (addressed ? 30 : 0), 16) : 0;
  r.data = addressed
    ? hexData(six, from + 30, bitcount - 30, availEnd)
    : hexData(six, from, bitcount, availEnd);
}

function decodeStatic(six: Uint8Array, bitLen: number, queue: Type24Queue): DecodeResult {
  const part = ubits(six, 38, 2);
  const mmsi = ubits(six, 8, 30);
  if (part === 0) {
    if (bitLen < 160) return 'truncated';
    if (bitLen > 168) return 'overlong';
    queue.stash(mmsi, sixbitText(six, 40, 20));
    return HELD;
  }
  if (part !== 1) return 'unknownType';
  if (bitLen < 168) return 'truncated';
  const shipname = queue.take(mmsi);
  if (shipname === undefined) return HELD;
  const r = header(six);
  const st = ubits(six, 40, 8);
  r.shipname = shipname;
  r.shiptype = st;
  r.shiptype_text = shiptype(st);
  r.vendorid = sixbitText(six, 48, 7);
  r.model = ubits(six, 66, 4);
  r.serial = ubits(six, 70, 20);
  r.callsign = sixbitText(six, 90, 7);
  if (auxiliary(mmsi)) {
    r.mothership_mmsi = ubits(six, 132, 30);
  } else {
    r.to_bow = ubits(six, 132, 9);
    r.to_stern = ubits(six, 141, 9);
    r.to_port = ubits(six, 150, 6);
    r.to_starboard = ubits(six, 156, 6);
  }
  return r;
}
