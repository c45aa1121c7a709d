/**
 * Process noise of a white-noise acceleration with spectral density q (m^2/s^3) on each ECEF
 * axis, integrated over dtS: q [[dt^3/3 I, dt^2/2 I], [dt^2/2 I, dt I]] (Bar-Shalom, Li and
 * Kirubarajan 2001, section 6.2.2). Writes the 6x6 into `Q`.
 */
export function whiteNoiseAccelerationQ(q: number, dtS: number, Q: Float64Array): Float64Array {
  Q.fill(0);
  const dt = Math.abs(dtS);
  const pp = (q * dt * dt * dt) / 3;
  const pv = (q * dt * dt) / 2;
  const vv = q * dt;
  for (let i = 0; i < 3; i++) {
    Q[i * 6 + i] = pp;
    Q[i * 6 + i + 3] = pv;
    Q[(i + 3) * 6 + i] = pv;
    Q[(i + 3) * 6 + i + 3] = vv;
  }
  return Q;
}
