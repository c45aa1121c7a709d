import { GM_M3PS2, MEAN_EARTH_RADIUS_M } from '../geo/index.js';

/**
 * Time of flight of the minimum-energy ballistic trajectory between two points on the ground
 * `groundRangeM` apart (great circle on the mean sphere), s: the Kepler ellipse that needs the
 * least burnout speed for that range, flown from the ground to the ground under point-mass
 * gravity on a non-rotating Earth. With the range angle psi = d / R, the flight-path angle at
 * burnout is (pi - psi) / 4 and v^2 R / GM = 2 sin(psi/2) / (1 + sin(psi/2)) (Regan and
 * Anandakrishnan, Dynamics of Atmospheric Re-entry, 1993, ch. 2); the time is twice the time from
 * burnout to apogee by Kepler's equation. For short ranges it tends to sqrt(2 d / g) (45 degrees
 * on a flat Earth). Range up to half the globe.
 * @example minimumEnergyFlightTimeS(100_000) // ~143
 * @example minimumEnergyFlightTimeS(1_000_000) // ~474
 */
export function minimumEnergyFlightTimeS(groundRangeM: number): number {
  if (!(groundRangeM >= 0) || groundRangeM > Math.PI * MEAN_EARTH_RADIUS_M)
    throw new RangeError(`minimumEnergyFlightTimeS: ground range ${groundRangeM} m is not in [0, pi R]`);
  if (groundRangeM === 0) return 0;
  const R = MEAN_EARTH_RADIUS_M;
  const psi = groundRangeM / R;
  const s = Math.sin(psi / 2);
  const q = (2 * s) / (1 + s);
  const gamma = (Math.PI - psi) / 4;
  const a = R / (2 - q);
  const p = R * q * Math.cos(gamma) ** 2;
  const e = Math.sqrt(Math.max(0, 1 - p / a));
  // Launch at true anomaly pi - psi/2 on the way up to apogee (pi); the flight is symmetric.
  const nu0 = Math.PI - psi / 2;
  const E0 = 2 * Math.atan(Math.sqrt((1 - e) / (1 + e)) * Math.tan(nu0 / 2));
  const M0 = E0 - e * Math.sin(E0);
  return 2 * Math.sqrt(a ** 3 / GM_M3PS2) * (Math.PI - M0);
}
