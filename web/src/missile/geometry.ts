// Shapes drawn on the map in degrees from lengths in metres, on a locally flat Earth: at the sizes
// drawn (an impact ellipse of tens of km, a track's sigma) the error is far below a pixel.

const M_PER_DEG_LAT = 111_320;

/** A closed ring around (latDeg, lonDeg): an ellipse of semi-axes a (along orientationDeg from north) and b, m. */
export function ellipseRing(
  latDeg: number,
  lonDeg: number,
  semiMajorM: number,
  semiMinorM: number,
  orientationDeg: number,
  steps = 72,
): [number, number][] {
  const ring: [number, number][] = [];
  const o = (orientationDeg * Math.PI) / 180;
  const mPerDegLon = M_PER_DEG_LAT * Math.max(0.01, Math.cos((latDeg * Math.PI) / 180));
  for (let i = 0; i <= steps; i++) {
    const t = (2 * Math.PI * i) / steps;
    const u = semiMajorM * Math.cos(t); // along the semi-major axis
    const v = semiMinorM * Math.sin(t);
    // The semi-major axis points orientationDeg east of north.
    const north = u * Math.cos(o) - v * Math.sin(o);
    const east = u * Math.sin(o) + v * Math.cos(o);
    ring.push([lonDeg + east / mPerDegLon, latDeg + north / M_PER_DEG_LAT]);
  }
  return ring;
}

/** Seconds as the countdown shows them: 1:05, 12:00, 1:02:03. */
export function formatDuration(s: number): string {
  const total = Math.max(0, Math.round(s));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(sec).padStart(2, '0')}`;
}

/**
 * A ring's longitudes made continuous (each within 180° of the one before, so past ±180 when it
 * crosses the antimeridian): otherwise a ring that crosses it is drawn the long way round the world.
 */
export function unwrapRing(ring: readonly { latDeg: number; lonDeg: number }[]): [number, number][] {
  const out: [number, number][] = [];
  let prev: number | undefined;
  for (const p of ring) {
    let lon = p.lonDeg;
    if (prev !== undefined) {
      while (lon - prev > 180) lon -= 360;
      while (lon - prev < -180) lon += 360;
    }
    out.push([lon, p.latDeg]);
    prev = lon;
  }
  return out;
}
