import {
  apparentElevationDeg,
  ecefFromGeodetic,
  ecefFromRae,
  isAboveRadioHorizon,
  type Rae,
  raeFromEcef,
  type Site,
} from '../geo/index.js';
import type { Rng } from './rng.js';
import type { RadarPerformance, Region } from './scenario-schema.js';

/**
 * The geometric range/azimuth/elevation of an ECEF point if the radar at `site` covers it, else
 * null. Covered means: within [minRange, maxRange]; within the azimuth sector; apparent (4/3-Earth
 * refracted) elevation within [minElevation, maxElevation]; and above the radio horizon.
 *
 * @example
 * coverage(site, perf, ...ecefFromGeodetic(41, 138, 300_000)) // { rangeM, azDeg, elDeg } or null
 */
export function coverage(site: Site, perf: RadarPerformance, x: number, y: number, z: number): Rae | null {
  const rae = raeFromEcef(site, x, y, z);
  if (rae.rangeM > perf.maxRangeM || rae.rangeM < perf.minRangeM) return null;
  if (perf.azimuthSector && !inSector(rae.azDeg, perf.azimuthSector.centreDeg, perf.azimuthSector.widthDeg)) {
    return null;
  }
  const el = apparentElevationDeg(site, x, y, z);
  if (el < perf.minElevationDeg || el > perf.maxElevationDeg) return null;
  if (!isAboveRadioHorizon(site, x, y, z)) return null;
  return rae;
}

/** True when `azDeg` lies within `widthDeg` centred on `centreDeg` (all angles true bearings). */
export function inSector(azDeg: number, centreDeg: number, widthDeg: number): boolean {
  if (widthDeg >= 360) return true;
  const off = Math.abs(((azDeg - centreDeg + 540) % 360) - 180);
  return off <= widthDeg / 2;
}

/** A measurement: the true polar position plus independent Gaussian errors of the radar's 1-sigma. */
export function measure(rng: Rng, perf: RadarPerformance, truth: Rae): Rae {
  let azDeg = (truth.azDeg + perf.sigmaAzDeg * rng.normal()) % 360;
  if (azDeg < 0) azDeg += 360;
  return {
    rangeM: Math.max(0, truth.rangeM + perf.sigmaRangeM * rng.normal()),
    azDeg,
    elDeg: Math.max(-90, Math.min(90, truth.elDeg + perf.sigmaElDeg * rng.normal())),
  };
}

/**
 * One false alarm in the radar's coverage, or null if none was found in a bounded number of tries.
 * Without a region it is uniform in the coverage volume (range density ~ r^2, elevation density
 * ~ cos el); with a region it is uniform in latitude, longitude and altitude within the region,
 * kept only where the radar covers.
 */
export function drawFalseAlarm(
  rng: Rng,
  site: Site,
  perf: RadarPerformance,
  region: Region | undefined,
): Rae | null {
  for (let attempt = 0; attempt < 50; attempt++) {
    let p: [number, number, number];
    if (region) {
      const lat = region.latMinDeg + rng.next() * (region.latMaxDeg - region.latMinDeg);
      const lon = region.lonMinDeg + rng.next() * (region.lonMaxDeg - region.lonMinDeg);
      const alt = region.altMinM + rng.next() * (region.altMaxM - region.altMinM);
      p = ecefFromGeodetic(lat, lon, alt);
    } else {
      const r0 = perf.minRangeM ** 3;
      const r1 = perf.maxRangeM ** 3;
      const rangeM = Math.cbrt(r0 + rng.next() * (r1 - r0));
      const sector = perf.azimuthSector ?? { centreDeg: 0, widthDeg: 360 };
      const azDeg = (((sector.centreDeg + (rng.next() - 0.5) * sector.widthDeg) % 360) + 360) % 360;
      const s0 = Math.sin((perf.minElevationDeg * Math.PI) / 180);
      const s1 = Math.sin((perf.maxElevationDeg * Math.PI) / 180);
      const elDeg = (Math.asin(s0 + rng.next() * (s1 - s0)) * 180) / Math.PI;
      p = ecefFromRae(site, rangeM, azDeg, elDeg);
    }
    const rae = coverage(site, perf, p[0], p[1], p[2]);
    if (rae) return rae;
  }
  return null;
}
