import { sbits, sixbitText, ubits } from './bits.js';
import {
  HAZARD,
  HAZARD_INVALID,
  ICE,
  inlandShipType,
  LIGHT_STATUS,
  LOAD_STATUS,
  LOAD_STATUS_INVALID,
  legend,
  PRECIP_TYPE,
  RACON_STATUS,
  TREND,
} from './legends.js';
import type { AisRecord } from './record.js';
import { deg60k, two } from './scale.js';

/**
 * Application messages inside types 6 and 8, by DAC/FI: the ones gpsd 3.22 decodes and that are
 * seen in the wild (IMO 236/289 met-hydro, tidal window, clearance time, text, persons on board;
 * Inland AIS static data and persons on board; GLA AtoN monitoring). Each returns false when the
 * DAC/FI is not one of these or the length does not match, and the caller then writes gpsd's raw
 * `"data":"bits:hex"` instead.
 */

const mdhm = (six: Uint8Array, at: number) =>
  `${two(ubits(six, at, 4))}-${two(ubits(six, at + 4, 5))}T${two(ubits(six, at + 9, 5))}:${two(ubits(six, at + 14, 6))}Z`;

/** Type 6 (addressed binary) application data after the 88-bit header. */
export function decodeAddressedApp(six: Uint8Array, bitLen: number, r: AisRecord): boolean {
  const dac = r.dac as number;
  const fid = r.fid as number;
  const u = (at: number, len: number) => ubits(six, at, len);
  if (dac === 200) {
    if (fid === 55 && bitLen === 168) {
      r.crew = u(88, 8);
      r.passengers = u(96, 13);
      r.personnel = u(109, 8);
      return true;
    }
    return false;
  }
  if (dac === 235 || dac === 250) {
    if (fid === 10 && bitLen === 136) {
      r.off_pos = u(131, 1) !== 0;
      r.alarm = u(122, 1) !== 0;
      r.stat_ext = u(123, 8);
      const analogue = (raw: number) => (raw !== 0 ? Math.round(raw * 5) / 100 : 0);
      r.ana_int = analogue(u(88, 10));
      r.ana_ext1 = analogue(u(98, 10));
      r.ana_ext2 = analogue(u(108, 10));
      const racon = u(118, 2);
      const light = u(120, 2);
      r.racon = racon;
      r.racon_text = RACON_STATUS[racon];
      r.light = light;
      r.light_text = LIGHT_STATUS[light];
      return true;
    }
    return false;
  }
  if (dac !== 1) return false;
  switch (fid) {
    case 12:
      r.lastport = sixbitText(six, 88, 5);
      r.departure = mdhm(six, 118);
      r.nextport = sixbitText(six, 138, 5);
      r.eta = mdhm(six, 168);
      r.dangerous = sixbitText(six, 188, 20);
      r.imdcat = sixbitText(six, 308, 4);
      r.unid = u(332, 13);
      r.amount = u(345, 10);
      r.unit = u(355, 2);
      return true;
    case 14:
    case 32: {
      // IMO236 (FI 14) puts latitude first in 93-bit entries; IMO289 (FI 32) longitude first in 88.
      const imo236 = fid === 14;
      const size = imo236 ? 93 : 88;
      r.month = u(88, 4);
      r.day = u(92, 5);
      const tidals: Record<string, number>[] = [];
      for (let at = 97; at <= bitLen; at += size) {
        const lat = imo236 ? sbits(six, at, 27) : sbits(six, at + 25, 24);
        const lon = imo236 ? sbits(six, at + 27, 28) : sbits(six, at, 25);
        const t = imo236 ? at + 55 : at + 49;
        tidals.push({
          lon: deg60k(lon),
          lat: deg60k(lat),
          from_hour: u(t, 5),
          from_min: u(t + 5, 6),
          to_hour: u(t + 11, 5),
          to_min: u(t + 16, 6),
          cdir: u(t + 22, 9),
          cspeed: u(t + 31, imo236 ? 7 : 8) / 10,
        });
      }
      r.tidals = tidals;
      return true;
    }
    case 18:
      r.linkage = u(88, 10);
      r.arrival = mdhm(six, 98);
      r.portname = sixbitText(six, 118, 20);
      r.destination = sixbitText(six, 238, 5);
      r.lon = deg60k(sbits(six, 268, 25));
      r.lat = deg60k(sbits(six, 293, 24));
      return true;
    case 30:
      r.linkage = u(88, 10);
      r.text = sixbitText(six, 98, Math.floor((bitLen - 98) / 6));
      return true;
    default:
      return false;
  }
}

/** Type 8 (broadcast binary) application data after the 56-bit header. */
export function decodeBroadcastApp(six: Uint8Array, bitLen: number, r: AisRecord): boolean {
  const dac = r.dac as number;
  const fid = r.fid as number;
  const u = (at: number, len: number) => ubits(six, at, len);
  const s = (at: number, len: number) => sbits(six, at, len);
  if (dac === 200) {
    if (fid !== 10 || bitLen !== 168) return false;
    const hazard = u(141, 3);
    // gpsd's guard against other messages sent under this DAC/FI.
    if (hazard > 5) return false;
    const shiptype = u(127, 14);
    const loaded = u(155, 2);
    r.vin = sixbitText(six, 56, 8);
    r.length = u(104, 13);
    r.beam = u(117, 10);
    r.shiptype = shiptype;
    r.shiptype_text = inlandShipType(shiptype);
    r.hazard = hazard;
    r.hazard_text = legend(HAZARD, hazard, HAZARD_INVALID);
    r.draught = u(144, 11);
    r.loaded = loaded;
    r.loaded_text = legend(LOAD_STATUS, loaded, LOAD_STATUS_INVALID);
    r.speed_q = u(157, 1) !== 0;
    r.course_q = u(158, 1) !== 0;
    r.heading_q = u(159, 1) !== 0;
    return true;
  }
  if (dac !== 1) return false;
  if (fid === 11) {
    // IMO236 meteorological and hydrological data.
    r.lat = deg60k(s(56, 24));
    r.lon = deg60k(s(80, 25));
    r.timestamp = `${two(u(105, 5))}T${two(u(110, 5))}:${two(u(115, 6))}Z`;
    r.wspeed = u(121, 7);
    r.wgust = u(128, 7);
    r.wdir = u(135, 9);
    r.wgustdir = u(144, 9);
    r.humidity = u(164, 7);
    r.airtemp = (u(153, 11) - 600) / 10;
    r.dewpoint = (u(171, 10) - 200) / 10;
    r.pressure = u(181, 9) + 800;
    r.pressuretend = TREND[u(190, 2)];
    r.visibility = u(192, 8) / 10;
    r.waterlevel = (u(200, 9) - 100) / 10;
    r.leveltrend = TREND[u(209, 2)];
    r.cspeed = u(211, 8) / 10;
    r.cdir = u(219, 9);
    r.cspeed2 = u(228, 8) / 10;
    r.cdir2 = u(236, 9);
    r.cdepth2 = u(245, 5);
    r.cspeed3 = u(250, 8) / 10;
    r.cdir3 = u(258, 9);
    r.cdepth3 = u(267, 5);
    r.waveheight = u(272, 8) / 10;
    r.waveperiod = u(280, 6);
    r.wavedir = u(286, 9);
    r.swellheight = u(295, 8) / 10;
    r.swellperiod = u(303, 6);
    r.swelldir = u(309, 9);
    r.seastate = u(318, 4);
    r.watertemp = (u(322, 10) - 100) / 10;
    const precip = u(332, 3);
    r.preciptype = precip;
    r.preciptype_text = PRECIP_TYPE[precip];
    r.salinity = u(335, 9) / 10;
    const ice = u(344, 2);
    r.ice = ice;
    r.ice_text = ICE[ice];
    return true;
  }
  if (fid === 31) {
    // IMO289 meteorological and hydrological data: signed temperatures, texts for codes.
    r.lat = deg60k(s(81, 24));
    r.lon = deg60k(s(56, 25));
    r.accuracy = u(105, 1) !== 0;
    r.timestamp = `${two(u(106, 5))}T${two(u(111, 5))}:${two(u(116, 6))}Z`;
    r.wspeed = u(122, 7);
    r.wgust = u(129, 7);
    r.wdir = u(136, 9);
    r.wgustdir = u(145, 9);
    r.humidity = u(165, 7);
    r.airtemp = s(154, 11) / 10;
    r.dewpoint = s(172, 10) / 10;
    r.pressure = u(182, 9) + 799;
    r.pressuretend = TREND[u(191, 2)];
    r.visgreater = u(193, 1) !== 0;
    r.visibility = u(194, 7) / 10;
    r.waterlevel = (u(201, 12) - 1000) / 100;
    r.leveltrend = TREND[u(213, 2)];
    r.cspeed = u(215, 8) / 10;
    r.cdir = u(223, 9);
    r.cspeed2 = u(232, 8) / 10;
    r.cdir2 = u(240, 9);
    r.cdepth2 = u(249, 5);
    r.cspeed3 = u(254, 8) / 10;
    r.cdir3 = u(262, 9);
    r.cdepth3 = u(271, 5);
    r.waveheight = u(276, 8) / 10;
    r.waveperiod = u(284, 6);
    r.wavedir = u(290, 9);
    r.swellheight = u(299, 8) / 10;
    r.swellperiod = u(307, 6);
    r.swelldir = u(313, 9);
    r.seastate = u(322, 4);
    r.watertemp = s(326, 10) / 10;
    r.preciptype = PRECIP_TYPE[u(336, 3)];
    r.salinity = u(339, 9) / 10;
    r.ice = ICE[u(348, 2)];
    return true;
  }
  return false;
}
