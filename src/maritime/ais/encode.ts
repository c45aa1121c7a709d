import { BitWriter } from './bits.js';
import { ICE, NAV_STATUS, PRECIP_TYPE, TREND } from './legends.js';
import type { AisRecord } from './record.js';
import { dateParts, turnRaw } from './scale.js';

/**
 * The encoder: a record in gpsd's form (what the decoder produces) back to an AIS payload, for
 * simulation and tests. Decoding the result gives the same record. Fields a record leaves out are
 * written as "not available" where AIS has such a value (position 181/91, speed, course,
 * heading) and as zero elsewhere; `*_text` fields are ignored (they follow from their codes).
 */

type Fields = Record<string, unknown>;

function num(r: Fields, key: string, otherwise = 0): number {
  const v = r[key];
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return otherwise;
}

function str(r: Fields, key: string): string {
  const v = r[key];
  return typeof v === 'string' ? v : '';
}

const scaled = (r: Fields, key: string, factor: number, otherwise: number): number =>
  typeof r[key] === 'number' ? Math.round((r[key] as number) * factor) : otherwise;

/** Writes `"bits:hex"` data at `at`; returns the end bit. */
function putData(w: BitWriter, at: number, data: unknown): number {
  const text = typeof data === 'string' ? data : '0:';
  const colon = text.indexOf(':');
  const count = Math.max(0, Number.parseInt(text.slice(0, colon), 10) || 0);
  const hex = text.slice(colon + 1);
  for (let i = 0; i < count; i++) {
    const nibble = Number.parseInt(hex[i >> 2] ?? '0', 16) || 0;
    w.putAt(at + i, (nibble >> (3 - (i & 3))) & 1, 1);
  }
  return at + count;
}

function putDate(w: BitWriter, at: number, value: unknown, widths: readonly number[]): void {
  const parts = dateParts(value);
  let pos = at;
  widths.forEach((len, i) => {
    w.putAt(pos, Math.min(parts[i] ?? 0, 2 ** len - 1), len);
    pos += len;
  });
}

const MDHM = [4, 5, 5, 6] as const;

/** The payload bits of `record` (its `type` decides the layout). Throws RangeError on a value that does not fit. */
export function encodeRecord(record: AisRecord | Fields): BitWriter {
  const r = record as Fields;
  const type = num(r, 'type');
  const w = new BitWriter();
  w.put(type, 6);
  w.put(num(r, 'repeat'), 2);
  w.put(num(r, 'mmsi'), 30);
  const u = (at: number, key: string, len: number, otherwise = 0) => w.putAt(at, num(r, key, otherwise), len);
  const lon = (at: number, key: string, len: number, factor: number, na: number) =>
    w.putAt(at, scaled(r, key, factor, na), len);
  const text = (at: number, key: string, chars: number) => {
    w.length = Math.max(w.length, at);
    const saved = w.length;
    w.length = at;
    w.putText(str(r, key), chars);
    w.length = Math.max(saved, at + 6 * chars);
  };
  switch (type) {
    case 1:
    case 2:
    case 3: {
      u(38, 'status', 4, 15);
      w.putAt(42, r.turn === undefined ? -128 : turnRaw(r.turn as number | string), 8);
      w.putAt(
        50,
        r.speed === 'nan' || r.speed === undefined
          ? 1023
          : r.speed === 'fast'
            ? 1022
            : scaled(r, 'speed', 10, 1023),
        10,
      );
      u(60, 'accuracy', 1);
      lon(61, 'lon', 28, 600000, 181 * 600000);
      lon(89, 'lat', 27, 600000, 91 * 600000);
      w.putAt(116, scaled(r, 'course', 10, 3600), 12);
      u(128, 'heading', 9, 511);
      u(137, 'second', 6, 60);
      u(143, 'maneuver', 2);
      u(148, 'raim', 1);
      u(149, 'radio', 19);
      w.padTo(168);
      break;
    }
    case 4:
    case 11: {
      putDate(w, 38, r.timestamp, [14, 4, 5, 5, 6, 6]);
      u(78, 'accuracy', 1);
      lon(79, 'lon', 28, 600000, 181 * 600000);
      lon(107, 'lat', 27, 600000, 91 * 600000);
      u(134, 'epfd', 4);
      u(148, 'raim', 1);
      u(149, 'radio', 19);
      w.padTo(168);
      break;
    }
    case 5: {
      u(38, 'ais_version', 2);
      u(40, 'imo', 30);
      text(70, 'callsign', 7);
      text(112, 'shipname', 20);
      u(232, 'shiptype', 8);
      u(240, 'to_bow', 9);
      u(249, 'to_stern', 9);
      u(258, 'to_port', 6);
      u(264, 'to_starboard', 6);
      u(270, 'epfd', 4);
      putDate(w, 274, r.eta, MDHM);
      w.putAt(294, scaled(r, 'draught', 10, 0), 8);
      text(302, 'destination', 20);
      u(422, 'dte', 1);
      w.padTo(424);
      break;
    }
    case 6: {
      u(38, 'seqno', 2);
      u(40, 'dest_mmsi', 30);
      u(70, 'retransmit', 1);
      u(72, 'dac', 10);
      u(82, 'fid', 6);
      if (r.data !== undefined) putData(w, 88, r.data);
      else encodeAddressedApp(w, r, text);
      w.padTo(88);
      break;
    }
    case 7:
    case 13: {
      let last = 0;
      for (let i = 1; i < 4; i++) if (num(r, `mmsi${i + 1}`) !== 0) last = i;
      for (let i = 0; i <= last; i++) w.putAt(40 + 32 * i, num(r, `mmsi${i + 1}`), 30);
      w.padTo(72 + 32 * last);
      break;
    }
    case 8: {
      u(40, 'dac', 10);
      u(50, 'fid', 6);
      if (r.data !== undefined) putData(w, 56, r.data);
      else encodeBroadcastApp(w, r, text);
      w.padTo(56);
      break;
    }
    case 9: {
      w.putAt(
        38,
        r.alt === 'nan' || r.alt === undefined ? 4095 : r.alt === 'high' ? 4094 : num(r, 'alt'),
        12,
      );
      w.putAt(
        50,
        r.speed === 'nan' || r.speed === undefined ? 1023 : r.speed === 'fast' ? 1022 : num(r, 'speed'),
        10,
      );
      u(60, 'accuracy', 1);
      lon(61, 'lon', 28, 600000, 181 * 600000);
      lon(89, 'lat', 27, 600000, 91 * 600000);
      w.putAt(116, scaled(r, 'course', 10, 3600), 12);
      u(128, 'second', 6, 60);
      u(134, 'regional', 8);
      u(142, 'dte', 1);
      u(147, 'raim', 1);
      u(148, 'radio', 20);
      w.padTo(168);
      break;
    }
    case 10:
      u(40, 'dest_mmsi', 30);
      w.padTo(72);
      break;
    case 12: {
      u(38, 'seqno', 2);
      u(40, 'dest_mmsi', 30);
      u(70, 'retransmit', 1);
      const t = str(r, 'text');
      text(72, 'text', t.length);
      w.padTo(72);
      break;
    }
    case 14: {
      const t = str(r, 'text');
      text(40, 'text', t.length);
      w.padTo(40);
      break;
    }
    case 15: {
      u(40, 'mmsi1', 30);
      u(70, 'type1_1', 6);
      u(76, 'offset1_1', 12);
      let end = 88;
      if (
        num(r, 'type1_2') ||
        num(r, 'offset1_2') ||
        num(r, 'mmsi2') ||
        num(r, 'type2_1') ||
        num(r, 'offset2_1')
      ) {
        u(90, 'type1_2', 6);
        u(96, 'offset1_2', 12);
        end = 110;
        if (num(r, 'mmsi2') || num(r, 'type2_1') || num(r, 'offset2_1')) {
          u(110, 'mmsi2', 30);
          u(140, 'type2_1', 6);
          u(146, 'offset2_1', 12);
          end = 160;
        }
      }
      w.padTo(end);
      break;
    }
    case 16: {
      u(40, 'mmsi1', 30);
      u(70, 'offset1', 12);
      u(82, 'increment1', 10);
      const second = num(r, 'mmsi2') || num(r, 'offset2') || num(r, 'increment2');
      if (second) {
        u(92, 'mmsi2', 30);
        u(122, 'offset2', 12);
        u(134, 'increment2', 10);
      }
      w.padTo(second ? 144 : 96);
      break;
    }
    case 17: {
      lon(40, 'lon', 18, 600, 181 * 600);
      lon(58, 'lat', 17, 600, 91 * 600);
      putData(w, 80, r.data);
      w.padTo(80);
      break;
    }
    case 18:
    case 19: {
      u(38, 'reserved', 8);
      w.putAt(46, scaled(r, 'speed', 10, 1023), 10);
      u(56, 'accuracy', 1);
      lon(57, 'lon', 28, 600000, 181 * 600000);
      lon(85, 'lat', 27, 600000, 91 * 600000);
      w.putAt(112, scaled(r, 'course', 10, 3600), 12);
      u(124, 'heading', 9, 511);
      u(133, 'second', 6, 60);
      if (type === 18) {
        u(139, 'regional', 2);
        u(141, 'cs', 1);
        u(142, 'display', 1);
        u(143, 'dsc', 1);
        u(144, 'band', 1);
        u(145, 'msg22', 1);
        u(146, 'assigned', 1);
        u(147, 'raim', 1);
        u(148, 'radio', 20);
        w.padTo(168);
      } else {
        u(139, 'regional', 4);
        text(143, 'shipname', 20);
        u(263, 'shiptype', 8);
        u(271, 'to_bow', 9);
        u(280, 'to_stern', 9);
        u(289, 'to_port', 6);
        u(295, 'to_starboard', 6);
        u(301, 'epfd', 4);
        u(305, 'raim', 1);
        u(306, 'dte', 1);
        u(307, 'assigned', 1);
        w.padTo(312);
      }
      break;
    }
    case 20: {
      let end = 72;
      for (let i = 0; i < 4; i++) {
        const n = i + 1;
        const any =
          num(r, `offset${n}`) || num(r, `number${n}`) || num(r, `timeout${n}`) || num(r, `increment${n}`);
        if (i > 0 && !any) continue;
        const at = 40 + 30 * i;
        u(at, `offset${n}`, 12);
        u(at + 12, `number${n}`, 4);
        u(at + 16, `timeout${n}`, 3);
        u(at + 19, `increment${n}`, 11);
        end = Math.max(end, at + 30);
      }
      // 2-bit aligned ends as the standard has them: 72, 104, 136, 168 bits.
      w.padTo(end <= 72 ? 72 : end <= 100 ? 104 : end <= 130 ? 136 : 168);
      break;
    }
    case 21: {
      u(38, 'aid_type', 5);
      const name = str(r, 'name');
      w.length = 43;
      w.putText(name.slice(0, 20), 20);
      u(163, 'accuracy', 1);
      lon(164, 'lon', 28, 600000, 181 * 600000);
      lon(192, 'lat', 27, 600000, 91 * 600000);
      u(219, 'to_bow', 9);
      u(228, 'to_stern', 9);
      u(237, 'to_port', 6);
      u(243, 'to_starboard', 6);
      u(249, 'epfd', 4);
      u(253, 'second', 6, 60);
      u(259, 'off_position', 1);
      u(260, 'regional', 8);
      u(268, 'raim', 1);
      u(269, 'virtual_aid', 1);
      u(270, 'assigned', 1);
      w.padTo(272);
      if (name.length > 20) {
        w.length = 272;
        w.putText(name.slice(20, 34), Math.min(14, name.length - 20));
      }
      break;
    }
    case 22: {
      u(40, 'channel_a', 12);
      u(52, 'channel_b', 12);
      u(64, 'txrx', 4);
      u(68, 'power', 1);
      const addressed = r.addressed === true;
      if (addressed) {
        u(69, 'dest1', 30);
        u(104, 'dest2', 30);
      } else {
        w.putAt(69, Math.round(Number(r.ne_lon ?? 0) * 600), 18);
        w.putAt(87, Math.round(Number(r.ne_lat ?? 0) * 600), 17);
        w.putAt(104, Math.round(Number(r.sw_lon ?? 0) * 600), 18);
        w.putAt(122, Math.round(Number(r.sw_lat ?? 0) * 600), 17);
      }
      w.putAt(139, addressed ? 1 : 0, 1);
      u(140, 'band_a', 1);
      u(141, 'band_b', 1);
      u(142, 'zonesize', 3);
      w.padTo(168);
      break;
    }
    case 23: {
      w.putAt(40, Math.round(Number(r.ne_lon ?? 0) * 600), 18);
      w.putAt(58, Math.round(Number(r.ne_lat ?? 0) * 600), 17);
      w.putAt(75, Math.round(Number(r.sw_lon ?? 0) * 600), 18);
      w.putAt(93, Math.round(Number(r.sw_lat ?? 0) * 600), 17);
      u(110, 'stationtype', 4);
      u(114, 'shiptype', 8);
      u(144, 'txrx', 2);
      u(146, 'interval', 4);
      u(150, 'quiet', 4);
      w.padTo(160);
      break;
    }
    case 24:
      throw new RangeError('type 24 comes in two parts: use encodeStaticParts');
    case 25:
    case 26: {
      const addressed = r.addressed === true;
      const structured = r.structured === true;
      w.putAt(38, addressed ? 1 : 0, 1);
      w.putAt(39, structured ? 1 : 0, 1);
      let at = 40;
      if (addressed) {
        u(40, 'dest_mmsi', 30);
        at = 70;
      }
      if (structured) {
        u(at, 'app_id', 16);
        at += 16;
      }
      const end = putData(w, at, r.data);
      if (type === 26) {
        w.padTo(end);
        w.putAt(end, num(r, 'radio'), 20);
      }
      break;
    }
    case 27: {
      u(38, 'accuracy', 1);
      u(39, 'raim', 1);
      const status = typeof r.status === 'string' ? NAV_STATUS.indexOf(r.status) : num(r, 'status', 15);
      w.putAt(40, status < 0 ? 15 : status, 4);
      lon(44, 'lon', 18, 600, 181 * 600);
      lon(62, 'lat', 17, 600, 91 * 600);
      u(79, 'speed', 6, 63);
      u(85, 'course', 9, 511);
      u(94, 'gnss', 1);
      w.padTo(96);
      break;
    }
    default:
      throw new RangeError(`no AIS message type ${type}`);
  }
  return w;
}

/** Type 24's two payloads: part A (name), then part B (type, vendor, callsign, dimensions). */
export function encodeStaticParts(record: AisRecord | Fields): [BitWriter, BitWriter] {
  const r = record as Fields;
  const head = (w: BitWriter, part: number) => {
    w.put(24, 6);
    w.put(num(r, 'repeat'), 2);
    w.put(num(r, 'mmsi'), 30);
    w.put(part, 2);
  };
  const a = new BitWriter();
  head(a, 0);
  a.putText(str(r, 'shipname'), 20);
  a.padTo(160);
  const b = new BitWriter();
  head(b, 1);
  b.put(num(r, 'shiptype'), 8);
  b.putText(str(r, 'vendorid'), 7);
  // ITU-R M.1371-4 carved model and serial out of the vendor id's last 4 characters; the decoder
  // reports both readings of those bits, so writing model and serial over them keeps either.
  if (r.model !== undefined || r.serial !== undefined) {
    b.putAt(66, num(r, 'model'), 4);
    b.putAt(70, num(r, 'serial'), 20);
  }
  b.length = 90;
  b.putText(str(r, 'callsign'), 7);
  if (Math.floor(num(r, 'mmsi') / 10000000) === 98) {
    b.putAt(132, num(r, 'mothership_mmsi'), 30);
  } else {
    b.putAt(132, num(r, 'to_bow'), 9);
    b.putAt(141, num(r, 'to_stern'), 9);
    b.putAt(150, num(r, 'to_port'), 6);
    b.putAt(156, num(r, 'to_starboard'), 6);
  }
  b.padTo(168);
  return [a, b];
}

type TextWriter = (at: number, key: string, chars: number) => void;

function encodeAddressedApp(w: BitWriter, r: Fields, text: TextWriter): void {
  const dac = num(r, 'dac');
  const fid = num(r, 'fid');
  const u = (at: number, key: string, len: number) => w.putAt(at, num(r, key), len);
  if (dac === 200 && fid === 55) {
    u(88, 'crew', 8);
    u(96, 'passengers', 13);
    u(109, 'personnel', 8);
    w.padTo(168);
  } else if ((dac === 235 || dac === 250) && fid === 10) {
    w.putAt(88, Math.round(num(r, 'ana_int') * 20), 10);
    w.putAt(98, Math.round(num(r, 'ana_ext1') * 20), 10);
    w.putAt(108, Math.round(num(r, 'ana_ext2') * 20), 10);
    u(118, 'racon', 2);
    u(120, 'light', 2);
    u(122, 'alarm', 1);
    u(123, 'stat_ext', 8);
    u(131, 'off_pos', 1);
    w.padTo(136);
  } else if (dac === 1 && fid === 12) {
    text(88, 'lastport', 5);
    putDate(w, 118, r.departure, MDHM);
    text(138, 'nextport', 5);
    putDate(w, 168, r.eta, MDHM);
    text(188, 'dangerous', 20);
    text(308, 'imdcat', 4);
    u(332, 'unid', 13);
    u(345, 'amount', 10);
    u(355, 'unit', 2);
    w.padTo(360);
  } else if (dac === 1 && (fid === 14 || fid === 32)) {
    const imo236 = fid === 14;
    const size = imo236 ? 93 : 88;
    u(88, 'month', 4);
    u(92, 'day', 5);
    const tidals = Array.isArray(r.tidals) ? (r.tidals as Fields[]) : [];
    // gpsd reads an entry wherever one could start at or before the end of the message, so n
    // whole entries decode as n + 1: end one bit short (the last entry's last bit reads as 0).
    tidals.forEach((t, i) => {
      const at = 97 + size * i;
      const latAt = imo236 ? at : at + 25;
      const lonAt = imo236 ? at + 27 : at;
      w.putAt(latAt, scaled(t, 'lat', 60000, 91 * 60000), imo236 ? 27 : 24);
      w.putAt(lonAt, scaled(t, 'lon', 60000, 181 * 60000), imo236 ? 28 : 25);
      const f = imo236 ? at + 55 : at + 49;
      w.putAt(f, num(t, 'from_hour'), 5);
      w.putAt(f + 5, num(t, 'from_min'), 6);
      w.putAt(f + 11, num(t, 'to_hour'), 5);
      w.putAt(f + 16, num(t, 'to_min'), 6);
      w.putAt(f + 22, num(t, 'cdir'), 9);
      w.putAt(f + 31, scaled(t, 'cspeed', 10, 0), imo236 ? 7 : 8);
    });
    w.length = tidals.length === 0 ? 96 : 97 + size * tidals.length - 1;
  } else if (dac === 1 && fid === 18) {
    u(88, 'linkage', 10);
    putDate(w, 98, r.arrival, MDHM);
    text(118, 'portname', 20);
    text(238, 'destination', 5);
    w.putAt(268, scaled(r, 'lon', 60000, 181 * 60000), 25);
    w.putAt(293, scaled(r, 'lat', 60000, 91 * 60000), 24);
    w.padTo(360);
  } else if (dac === 1 && fid === 30) {
    u(88, 'linkage', 10);
    text(98, 'text', str(r, 'text').length);
  }
}

function encodeBroadcastApp(w: BitWriter, r: Fields, text: TextWriter): void {
  const dac = num(r, 'dac');
  const fid = num(r, 'fid');
  const u = (at: number, key: string, len: number) => w.putAt(at, num(r, key), len);
  const code = (at: number, key: string, table: readonly string[], len: number) => {
    const v = r[key];
    w.putAt(at, typeof v === 'string' ? Math.max(0, table.indexOf(v)) : num(r, key), len);
  };
  const tenths = (at: number, key: string, len: number, offset = 0) =>
    w.putAt(at, Math.round(num(r, key) * 10) + offset, len);
  if (dac === 200 && fid === 10) {
    text(56, 'vin', 8);
    u(104, 'length', 13);
    u(117, 'beam', 10);
    u(127, 'shiptype', 14);
    u(141, 'hazard', 3);
    u(144, 'draught', 11);
    u(155, 'loaded', 2);
    u(157, 'speed_q', 1);
    u(158, 'course_q', 1);
    u(159, 'heading_q', 1);
    w.padTo(168);
  } else if (dac === 1 && fid === 11) {
    w.putAt(56, scaled(r, 'lat', 60000, 91 * 60000), 24);
    w.putAt(80, scaled(r, 'lon', 60000, 181 * 60000), 25);
    putDate(w, 105, r.timestamp, [5, 5, 6]);
    u(121, 'wspeed', 7);
    u(128, 'wgust', 7);
    u(135, 'wdir', 9);
    u(144, 'wgustdir', 9);
    tenths(153, 'airtemp', 11, 600);
    u(164, 'humidity', 7);
    tenths(171, 'dewpoint', 10, 200);
    w.putAt(181, num(r, 'pressure', 800) - 800, 9);
    code(190, 'pressuretend', TREND, 2);
    tenths(192, 'visibility', 8);
    tenths(200, 'waterlevel', 9, 100);
    code(209, 'leveltrend', TREND, 2);
    tenths(211, 'cspeed', 8);
    u(219, 'cdir', 9);
    tenths(228, 'cspeed2', 8);
    u(236, 'cdir2', 9);
    u(245, 'cdepth2', 5);
    tenths(250, 'cspeed3', 8);
    u(258, 'cdir3', 9);
    u(267, 'cdepth3', 5);
    tenths(272, 'waveheight', 8);
    u(280, 'waveperiod', 6);
    u(286, 'wavedir', 9);
    tenths(295, 'swellheight', 8);
    u(303, 'swellperiod', 6);
    u(309, 'swelldir', 9);
    u(318, 'seastate', 4);
    tenths(322, 'watertemp', 10, 100);
    u(332, 'preciptype', 3);
    tenths(335, 'salinity', 9);
    u(344, 'ice', 2);
    w.padTo(352);
  } else if (dac === 1 && fid === 31) {
    w.putAt(56, scaled(r, 'lon', 60000, 181 * 60000), 25);
    w.putAt(81, scaled(r, 'lat', 60000, 91 * 60000), 24);
    u(105, 'accuracy', 1);
    putDate(w, 106, r.timestamp, [5, 5, 6]);
    u(122, 'wspeed', 7);
    u(129, 'wgust', 7);
    u(136, 'wdir', 9);
    u(145, 'wgustdir', 9);
    tenths(154, 'airtemp', 11);
    u(165, 'humidity', 7);
    tenths(172, 'dewpoint', 10);
    w.putAt(182, num(r, 'pressure', 799) - 799, 9);
    code(191, 'pressuretend', TREND, 2);
    u(193, 'visgreater', 1);
    tenths(194, 'visibility', 7);
    w.putAt(201, Math.round(num(r, 'waterlevel') * 100) + 1000, 12);
    code(213, 'leveltrend', TREND, 2);
    tenths(215, 'cspeed', 8);
    u(223, 'cdir', 9);
    tenths(232, 'cspeed2', 8);
    u(240, 'cdir2', 9);
    u(249, 'cdepth2', 5);
    tenths(254, 'cspeed3', 8);
    u(262, 'cdir3', 9);
    u(271, 'cdepth3', 5);
    tenths(276, 'waveheight', 8);
    u(284, 'waveperiod', 6);
    u(290, 'wavedir', 9);
    tenths(299, 'swellheight', 8);
    u(307, 'swellperiod', 6);
    u(313, 'swelldir', 9);
    u(322, 'seastate', 4);
    tenths(326, 'watertemp', 10);
    code(336, 'preciptype', PRECIP_TYPE, 3);
    tenths(339, 'salinity', 9);
    code(348, 'ice', ICE, 2);
    w.padTo(360);
  }
}

export interface SentenceOptions {
  /** Talker id (default AI). */
  talker?: string;
  /** VDM (received, default) or VDO (own ship). */
  kind?: 'VDM' | 'VDO';
  /** Radio channel (default A). */
  channel?: string;
  /** Sequential message id for multi-sentence messages (0-9, default 0). */
  sequenceId?: number;
  /** Payload characters per sentence (default 60, which keeps a sentence within NMEA's 82 characters). */
  maxPayloadChars?: number;
}

function checksum(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum ^= body.charCodeAt(i);
  return sum.toString(16).toUpperCase().padStart(2, '0');
}

/** Armours payload bits into one or more `!AIVDM` sentences. */
export function toSentences(bits: BitWriter, options: SentenceOptions = {}): string[] {
  const { payload, fill } = bits.armour();
  const max = options.maxPayloadChars ?? 60;
  const parts = Math.max(1, Math.ceil(payload.length / max));
  if (parts > 9) throw new RangeError(`payload of ${payload.length} characters needs more than 9 sentences`);
  const head = `${options.talker ?? 'AI'}${options.kind ?? 'VDM'}`;
  const seq = parts > 1 ? String(options.sequenceId ?? 0) : '';
  const out: string[] = [];
  for (let i = 0; i < parts; i++) {
    const chunk = payload.slice(i * max, (i + 1) * max);
    const body = `${head},${parts},${i + 1},${seq},${options.channel ?? 'A'},${chunk},${i === parts - 1 ? fill : 0}`;
    out.push(`!${body}*${checksum(body)}`);
  }
  return out;
}

/** The sentences for `record`: one message, or type 24's part A then part B. */
export function encodeSentences(record: AisRecord | Fields, options: SentenceOptions = {}): string[] {
  if (num(record as Fields, 'type') === 24) {
    const [a, b] = encodeStaticParts(record);
    return [...toSentences(a, options), ...toSentences(b, options)];
  }
  return toSentences(encodeRecord(record), options);
}
