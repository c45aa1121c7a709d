import type { Measurement, SensorReport, TruthRow } from './simulate.js';

/**
 * CSV writers for the simulator's three outputs. Pure string functions with fixed decimals, so the
 * same rows always give the same bytes. Times are seconds since the scenario start (3 decimals).
 */

/** `toFixed` without the `-0.00` that rounding a tiny negative produces. */
function fixed(v: number, decimals: number): string {
  const s = v.toFixed(decimals);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

/**
 * `reports.csv`: `t,sensor,nation,range,az,el,sigma_range,sigma_az,sigma_el` (metres, degrees).
 *
 * @example
 * reportsCsv(r.reports, startMs).split('\n')[1] // '12.000,jp-fps5-sado,JPN,812345.12,271.123456,...'
 */
export function reportsCsv(rows: readonly SensorReport[], startMs: number): string {
  const out = ['t,sensor,nation,range,az,el,sigma_range,sigma_az,sigma_el'];
  for (const r of rows) {
    out.push(
      [
        fixed((r.tMs - startMs) / 1000, 3),
        r.sensor,
        r.nation,
        fixed(r.rangeM, 2),
        fixed(r.azDeg, 6),
        fixed(r.elDeg, 6),
        fixed(r.sigmaRangeM, 2),
        fixed(r.sigmaAzDeg, 6),
        fixed(r.sigmaElDeg, 6),
      ].join(','),
    );
  }
  return `${out.join('\n')}\n`;
}

/**
 * `measurements.csv`: `t,sensor,x,y,z,cxx,cxy,cxz,cyy,cyz,czz` (ECEF metres, covariance m^2).
 *
 * @example
 * measurementsCsv(r.measurements, startMs).split('\n')[0] // 't,sensor,x,y,z,cxx,cxy,cxz,cyy,cyz,czz'
 */
export function measurementsCsv(rows: readonly Measurement[], startMs: number): string {
  const out = ['t,sensor,x,y,z,cxx,cxy,cxz,cyy,cyz,czz'];
  for (const m of rows) {
    const c = m.covariance;
    out.push(
      [
        fixed((m.tMs - startMs) / 1000, 3),
        m.sensor,
        fixed(m.x, 2),
        fixed(m.y, 2),
        fixed(m.z, 2),
        fixed(c[0]!, 3),
        fixed(c[1]!, 3),
        fixed(c[2]!, 3),
        fixed(c[4]!, 3),
        fixed(c[5]!, 3),
        fixed(c[8]!, 3),
      ].join(','),
    );
  }
  return `${out.join('\n')}\n`;
}

/**
 * `truth.csv`: `t,target,x,y,z,vx,vy,vz` (ECEF metres and metres per second).
 *
 * @example
 * truthCsv(r.truth).split('\n')[1] // '30.000,hwasong-12,-3012345.678,...'
 */
export function truthCsv(rows: readonly TruthRow[]): string {
  const out = ['t,target,x,y,z,vx,vy,vz'];
  for (const r of rows) {
    out.push(
      [
        fixed(r.tS, 3),
        r.target,
        fixed(r.x, 3),
        fixed(r.y, 3),
        fixed(r.z, 3),
        fixed(r.vx, 4),
        fixed(r.vy, 4),
        fixed(r.vz, 4),
      ].join(','),
    );
  }
  return `${out.join('\n')}\n`;
}
