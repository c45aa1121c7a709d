// Child process of `concord bench ais`: fills a vessel picture with N vessels, each with full 48 h
// history (one fix kept per 5 min, static data), and prints its RSS before and after as JSON. A
// process of its own, so that nothing else the bench holds (the generated file, gpsdecode's
// output) is counted.
import { VesselPicture, WINDOW_S } from '../src/maritime/picture/index.js';

const KEEP_S = 300;

export function fill(vessels: number): {
  vessels: number;
  fixes: number;
  rssBeforeBytes: number;
  rssAfterBytes: number;
  heapUsedBytes: number;
  liveBytes: number;
} {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage();
  const rssBeforeBytes = before.rss;
  const picture = new VesselPicture(Math.max(1_000_000, vessels));
  const t0Ms = Date.parse('2026-03-01T00:00:00Z');
  let fixes = 0;
  // Time-major, as a feed arrives: every vessel reports once per kept interval over the window.
  for (let s = 0; s <= WINDOW_S; s += KEEP_S) {
    const tMs = t0Ms + s * 1000;
    for (let i = 0; i < vessels; i++) {
      const mmsi = 200_000_000 + i;
      // Vessels spread over the four seas, each steaming east at 10 kn.
      const latDeg = 20 + (i % 2000) * 0.01;
      const lonDeg = 115 + Math.floor(i / 2000) * 0.1 + s * (10 / 3600 / 60);
      picture.applyFix({ mmsi, tMs, latDeg, lonDeg, speedKn: 10, courseDeg: 90, headingDeg: 90, msgType: 1 });
      fixes++;
    }
    if (s === 0)
      for (let i = 0; i < vessels; i++)
        picture.applyStatic({
          mmsi: 200_000_000 + i,
          tMs,
          imo: 9_000_000 + i,
          callsign: `C${i}`,
          name: `VESSEL ${i}`,
          shipType: 70,
          lengthM: 180,
        });
  }
  if (picture.size !== vessels) throw new Error(`picture holds ${picture.size} vessels, expected ${vessels}`);
  gc?.();
  const m = process.memoryUsage();
  // Live bytes: what the picture holds (JS heap in use + typed-array slabs), beside the RSS, which
  // also counts heap V8 has committed and not given back after the fill's garbage.
  const liveBytes = m.heapUsed + m.arrayBuffers - before.heapUsed - before.arrayBuffers;
  return { vessels, fixes, rssBeforeBytes, rssAfterBytes: m.rss, heapUsedBytes: m.heapUsed, liveBytes };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').slice(-2).join('/'))) {
  process.stdout.write(`${JSON.stringify(fill(Number(process.argv[2] ?? 200_000)))}\n`);
}
