// A vessel of the picture as AIS NMEA sentences (`!AIVDM`), for chart plotters (OpenCPN and the
// like) that draw AIS targets: a position report (type 1) and, now and then, the static and voyage
// data (type 5: name, ship type). Pure: the AIS encoder `concord ais gen` uses, on a plain vessel.

import { encodeSentences } from '../maritime/ais/index.js';
import type { ExportVessel } from './picture.js';

/** AIS text is 6-bit ASCII: upper case, digits, space and some punctuation (0x20-0x5F). */
function aisText(s: string, max: number): string {
  return s
    .toUpperCase()
    .replace(/[^\x20-\x5f]/g, '?')
    .slice(0, max);
}

/**
 * The sentences for one vessel: its position report (type 1: position, speed, course, heading;
 * status, turn and the time stamp "not available", since the picture does not know them) and,
 * with `withStatic`, its static data (type 5: name and ship type, when it has them), which takes
 * two sentences numbered by `seq` (0-9, rotating between calls, as a receiver numbers them).
 *
 * @example aivdmOfVessel(v, { withStatic: false, seq }) // ['!AIVDM,1,1,,A,13aG?P...,0*5C']
 */
export function aivdmOfVessel(
  v: ExportVessel,
  o: { readonly withStatic: boolean; readonly seq: { id: number } },
): string[] {
  if (!(Number.isInteger(v.mmsi) && v.mmsi > 0 && v.mmsi <= 999_999_999))
    throw new RangeError(`invariant: MMSI ${v.mmsi} does not fit an AIS message`);
  const position: Record<string, unknown> = {
    type: 1,
    mmsi: v.mmsi,
    lat: v.latDeg,
    lon: v.lonDeg,
    // 102.2 kn is AIS's top speed ("102.2 knots or higher").
    ...(v.speedKn !== null && Number.isFinite(v.speedKn)
      ? { speed: Math.min(102.2, Math.max(0, v.speedKn)) }
      : {}),
    // Course in tenths of a degree, 0-3599: 3600 would say "not available", so 359.96 is written 0.0.
    ...(v.courseDeg !== null && Number.isFinite(v.courseDeg)
      ? { course: (Math.round((((v.courseDeg % 360) + 360) % 360) * 10) % 3600) / 10 }
      : {}),
    ...(v.headingDeg !== undefined && Number.isFinite(v.headingDeg)
      ? { heading: Math.round(((v.headingDeg % 360) + 360) % 360) % 360 }
      : {}),
  };
  const out = encodeSentences(position);
  if (o.withStatic && (v.name !== undefined || v.shipType !== undefined)) {
    out.push(
      ...encodeSentences(
        {
          type: 5,
          mmsi: v.mmsi,
          ...(v.name !== undefined ? { shipname: aisText(v.name, 20) } : {}),
          ...(v.shipType !== undefined && v.shipType >= 0 && v.shipType <= 255
            ? { shiptype: v.shipType }
            : {}),
        },
        { sequenceId: o.seq.id },
      ),
    );
    o.seq.id = (o.seq.id + 1) % 10;
  }
  return out;
}
