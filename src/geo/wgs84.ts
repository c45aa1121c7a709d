/**
 * WGS84 defining and derived constants (NIMA TR8350.2, 3rd edition, amendment 2004; the
 * gravity constants as used by GPS/EGM96 work). Everything else in `geo` derives from these.
 */

/** Semi-major axis (equatorial radius), metres. */
export const WGS84_A_M = 6_378_137.0;
/** Flattening. */
export const WGS84_F = 1 / 298.257223563;
/** Semi-minor axis (polar radius), metres. */
export const WGS84_B_M = WGS84_A_M * (1 - WGS84_F);
/** First eccentricity squared. */
export const WGS84_E2 = WGS84_F * (2 - WGS84_F);
/** Second eccentricity squared. */
export const WGS84_EP2 = WGS84_E2 / (1 - WGS84_E2);

/** Earth's rotation rate, rad/s (WGS84 defining value). */
export const OMEGA_EARTH_RADPS = 7.292115e-5;
/** Earth's gravitational parameter including the atmosphere, m^3/s^2. */
export const GM_M3PS2 = 3.986004418e14;
/** Second zonal harmonic (unnormalised), the dominant term of the Earth's oblateness in gravity. */
export const J2 = 1.08262668e-3;

/** IUGG mean Earth radius (2a+b)/3, metres: the sphere used for great-circle helpers. */
export const MEAN_EARTH_RADIUS_M = 6_371_008.8;
