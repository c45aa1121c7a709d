import { ecefFromRae, ecefFromRaeJacobian, type Site } from '../geo/index.js';
import type { MeasurementModel } from './types.js';

const DEG = Math.PI / 180;

/**
 * A radar at a site reporting z = [range m, azimuth rad, elevation rad]: azimuth clockwise from
 * true north, elevation above the site's geodetic horizontal plane, no refraction. Radians (not
 * the degrees of `geo`'s interface) because the Jacobian and R must share units. Azimuth
 * residuals wrap to (-pi, pi].
 *
 * @example
 * const radar = radarPolar(siteFromGeodetic(0, 0, 0));
 * const z = new Float64Array(3);
 * radar.measure(Float64Array.of(6378137 + 1000, 0, 0, 0, 0, 0), z); // z = [1000, 0, pi/2]
 */
export function radarPolar(site: Site): MeasurementModel {
  const enu = new Float64Array(3);
  const jac = new Float64Array(9);
  const rot = [
    -site.sinLon,
    site.cosLon,
    0,
    -site.sinLat * site.cosLon,
    -site.sinLat * site.sinLon,
    site.cosLat,
    site.cosLat * site.cosLon,
    site.cosLat * site.sinLon,
    site.sinLat,
  ];
  const pos: [number, number, number] = [0, 0, 0];

  function toEnu(x: Float64Array): void {
    const dx = x[0]! - site.x;
    const dy = x[1]! - site.y;
    const dz = x[2]! - site.z;
    for (let i = 0; i < 3; i++) enu[i] = rot[i * 3]! * dx + rot[i * 3 + 1]! * dy + rot[i * 3 + 2]! * dz;
  }

  return {
    name: 'radar-polar',
    dimZ: 3,
    measure(x, out) {
      toEnu(x);
      const e = enu[0]!;
      const n = enu[1]!;
      const u = enu[2]!;
      const rho = Math.hypot(e, n);
      out[0] = Math.hypot(rho, u);
      out[1] = Math.atan2(e, n);
      out[2] = Math.atan2(u, rho);
    },
    jacobian(x, H) {
      toEnu(x);
      const e = enu[0]!;
      const n = enu[1]!;
      const u = enu[2]!;
      const rho2 = e * e + n * n;
      const rho = Math.sqrt(rho2);
      const r2 = rho2 + u * u;
      const r = Math.sqrt(r2);
      // d(range, az, el) / d(e, n, u), then chained with d enu / d ecef = rot.
      const j = [
        e / r,
        n / r,
        u / r,
        n / rho2,
        -e / rho2,
        0,
        (-e * u) / (r2 * rho),
        (-n * u) / (r2 * rho),
        rho / r2,
      ];
      H.fill(0);
      for (let i = 0; i < 3; i++) {
        for (let c = 0; c < 3; c++) {
          H[i * 6 + c] = j[i * 3]! * rot[c]! + j[i * 3 + 1]! * rot[3 + c]! + j[i * 3 + 2]! * rot[6 + c]!;
        }
      }
    },
    residual(z, zPred, out) {
      out[0] = z[0]! - zPred[0]!;
      let da = z[1]! - zPred[1]!;
      if (da > Math.PI) da -= 2 * Math.PI;
      else if (da <= -Math.PI) da += 2 * Math.PI;
      out[1] = da;
      out[2] = z[2]! - zPred[2]!;
    },
    toPosition(z, R, posOut, covOut) {
      const azDeg = z[1]! / DEG;
      const elDeg = z[2]! / DEG;
      ecefFromRae(site, z[0]!, azDeg, elDeg, pos);
      posOut[0] = pos[0];
      posOut[1] = pos[1];
      posOut[2] = pos[2];
      ecefFromRaeJacobian(site, z[0]!, azDeg, elDeg, jac);
      // J R J^T, R in (m, rad) units like the Jacobian.
      for (let a = 0; a < 3; a++) {
        for (let b = a; b < 3; b++) {
          let s = 0;
          for (let k = 0; k < 3; k++) {
            for (let l = 0; l < 3; l++) s += jac[a * 3 + k]! * R[k * 3 + l]! * jac[b * 3 + l]!;
          }
          covOut[a * 3 + b] = s;
          covOut[b * 3 + a] = s;
        }
      }
    },
  };
}
