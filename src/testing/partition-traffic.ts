// Synthetic AIS traffic for partitioned ingest: encounters, loitering, gaps, transits and sensor
// contacts placed across spatial partition boundaries on purpose, in open ocean east of Japan
// (34-36 N, 146-148 E: > 400 km from any coast). With 2-degree cells the parallels 34 and 36 and the
// meridians 146 and 148 are cell edges, and with two partitions every cell edge is a partition
// boundary (a checkerboard).

import { loadMaritimeInputs, readText } from '../bundled/index.js';
import { destinationPoint } from '../geo/index.js';
import { AisDecoder, nmeaLines } from '../maritime/ais/index.js';
import type { Contact, GpsdAisLike, MaritimeInputs } from '../maritime/index.js';
import type { Scenario } from '../sim/index.js';
import { createRng, type Rng } from '../sim/rng.js';
import { aisGen, scenarioWatchlistCsv } from '../sim/traffic/index.js';

export const BOUNDARY_T0_MS = Date.parse('2026-04-01T00:00:00Z');
const MIN = 60_000;
const HOUR = 3_600_000;
const KN_MPS = 1852 / 3600;

/** One generated report, gpsd's field names, received at `tMs`. */
export type TimedRecord = Omit<GpsdAisLike, 'partno'> & {
  readonly tMs: number;
  readonly type: number;
  readonly second?: number;
};

export interface BoundaryTraffic {
  /** Reports in time order. */
  readonly records: readonly TimedRecord[];
  /** Sensor contacts in time order: some explained by a vessel in the band, some dark. */
  readonly contacts: readonly Contact[];
  /** Encounters meant to qualify (pairs, for the test's own check that there are some). */
  readonly pairs: readonly (readonly [number, number])[];
}

/** Cell edges and corners the events straddle. */
const EDGES: readonly (readonly [number, number])[] = [
  [34, 146.7],
  [35.3, 146],
  [34, 148],
  [36, 147.2],
  [35.6, 148],
  [36, 146],
];

interface Leg {
  courseDeg: number;
  speedKn: number;
  durationMs: number;
}

/**
 * Reports of one vessel sailing `legs` from (lat, lon) at `t0`, every `everyMs` (+- 20 s jitter),
 * with `silences` (time ranges in which it sends nothing).
 */
function sail(
  rng: Rng,
  mmsi: number,
  t0: number,
  lat: number,
  lon: number,
  legs: readonly Leg[],
  everyMs: number,
  out: TimedRecord[],
  silences: readonly (readonly [number, number])[] = [],
): void {
  let t = t0;
  let p = { latDeg: lat, lonDeg: lon };
  for (const leg of legs) {
    const end = t + leg.durationMs;
    for (; t < end; t += everyMs + Math.round((rng.next() - 0.5) * 40_000)) {
      const course = (leg.courseDeg + 360) % 360;
      if (!silences.some(([a, b]) => t >= a && t < b)) {
        out.push({
          tMs: t,
          class: 'AIS',
          type: 1,
          mmsi,
          status: leg.speedKn < 0.5 ? 1 : 0,
          speed: Math.round(leg.speedKn * 10) / 10,
          lat: Math.round(p.latDeg * 600_000) / 600_000,
          lon: Math.round(p.lonDeg * 600_000) / 600_000,
          course: Math.round(course * 10) / 10,
          heading: Math.round(course) % 360,
          accuracy: false,
          second: Math.floor((t / 1000) % 60),
        });
      }
      p = destinationPoint(p.latDeg, p.lonDeg, course, leg.speedKn * KN_MPS * (everyMs / 1000));
    }
  }
}

/**
 * The traffic for `seed`: at each cell edge, an encounter pair drifting across it (2.5-4 h at
 * under 2 kn, then parting), a pair together too briefly, a loiterer, a vessel with a 13 h gap,
 * transits crossing it, and contacts (one explained, one dark); plus `background` ships crossing
 * the area. About 26 h of traffic.
 */
export function boundaryTraffic(seed: number, background = 20): BoundaryTraffic {
  const rng = createRng(seed, 'partition-boundary');
  const out: TimedRecord[] = [];
  const contacts: Contact[] = [];
  const pairs: [number, number][] = [];
  let mmsi = 431_000_000 + seed * 1000;
  const jitter = (deg: number) => (rng.next() - 0.5) * deg;
  EDGES.forEach(([lat, lon], i) => {
    const start = BOUNDARY_T0_MS + HOUR + rng.int(4 * 60) * MIN;
    const drift = rng.int(360);
    const driftKn = 0.3 + rng.next() * 1.2;
    const together = (2.5 + rng.next() * 1.5) * HOUR;
    const a = ++mmsi;
    const b = ++mmsi;
    // The two ships start ~250 m apart, either side of the edge, and drift together across it.
    const pa = destinationPoint(lat, lon, drift + 90, 120 + jitter(60));
    const pb = destinationPoint(lat, lon, drift - 90, 120 + jitter(60));
    const part = (c: number): Leg[] => [
      { courseDeg: drift, speedKn: driftKn, durationMs: together },
      { courseDeg: c, speedKn: 11, durationMs: HOUR },
    ];
    sail(rng, a, start, pa.latDeg, pa.lonDeg, part(drift + 60), 3 * MIN, out);
    sail(rng, b, start + 40_000, pb.latDeg, pb.lonDeg, part(drift - 60), 3 * MIN, out);
    pairs.push([a, b]);
    // A pair together for only an hour, 20 km away across the same edge: no encounter.
    const q = destinationPoint(lat, lon, drift + 180, 20_000);
    const c1 = ++mmsi;
    const c2 = ++mmsi;
    sail(
      rng,
      c1,
      start,
      q.latDeg,
      q.lonDeg,
      [
        { courseDeg: 0, speedKn: 0.5, durationMs: HOUR },
        { courseDeg: 90, speedKn: 12, durationMs: HOUR },
      ],
      3 * MIN,
      out,
    );
    const q2 = destinationPoint(q.latDeg, q.lonDeg, 45, 300);
    sail(
      rng,
      c2,
      start + 30_000,
      q2.latDeg,
      q2.lonDeg,
      [
        { courseDeg: 0, speedKn: 0.5, durationMs: HOUR },
        { courseDeg: 270, speedKn: 12, durationMs: HOUR },
      ],
      3 * MIN,
      out,
    );
    // A loiterer drifting across the edge for 3 h.
    const l = destinationPoint(lat, lon, rng.int(360), 2_000);
    sail(
      rng,
      ++mmsi,
      start,
      l.latDeg,
      l.lonDeg,
      [
        { courseDeg: rng.int(360), speedKn: 1, durationMs: 3 * HOUR },
        { courseDeg: rng.int(360), speedKn: 10, durationMs: HOUR },
      ],
      3 * MIN,
      out,
    );
    // A ship crossing the edge, then silent for 13 h after 12.5 h of good reception.
    const g = destinationPoint(lat, lon, 200, 40_000);
    const gStart = BOUNDARY_T0_MS;
    sail(
      rng,
      ++mmsi,
      gStart,
      g.latDeg,
      g.lonDeg,
      [{ courseDeg: 20, speedKn: 3, durationMs: 26.5 * HOUR }],
      3 * MIN,
      out,
      [[gStart + 12.5 * HOUR, gStart + 25.5 * HOUR]],
    );
    // Transits passing through the encounter's position while it lasts.
    for (let k = 0; k < 2; k++) {
      const course = rng.int(360);
      const from = destinationPoint(lat, lon, course + 180, 25_000);
      sail(
        rng,
        ++mmsi,
        start + k * 40 * MIN,
        from.latDeg,
        from.lonDeg,
        [{ courseDeg: course, speedKn: 12, durationMs: 2 * HOUR }],
        MIN,
        out,
      );
    }
    // Contacts near the edge: one on the drifting pair (explained), one 3 km off (dark).
    const cT = start + 90 * MIN;
    const on = destinationPoint(pa.latDeg, pa.lonDeg, drift, driftKn * KN_MPS * 5400);
    contacts.push({
      id: `edge-${i}-pair`,
      sensor: 'radar',
      tMs: cT,
      latDeg: on.latDeg,
      lonDeg: on.lonDeg,
      errorM: 150,
    });
    const off = destinationPoint(lat, lon, rng.int(360), 3_000);
    contacts.push({
      id: `edge-${i}-dark`,
      sensor: 'sar',
      tMs: cT + 7 * MIN,
      latDeg: off.latDeg,
      lonDeg: off.lonDeg,
      errorM: 80,
    });
  });
  for (let k = 0; k < background; k++) {
    const lat = 34 + rng.next() * 2;
    const lon = 146 + rng.next() * 2;
    sail(
      rng,
      ++mmsi,
      BOUNDARY_T0_MS + rng.int(60) * MIN,
      lat,
      lon,
      [{ courseDeg: rng.int(360), speedKn: 8 + rng.next() * 8, durationMs: 6 * HOUR }],
      2 * MIN,
      out,
    );
  }
  out.sort((x, y) => x.tMs - y.tMs || (x.mmsi ?? 0) - (y.mmsi ?? 0));
  contacts.sort((x, y) => x.tMs - y.tMs);
  return { records: out, contacts, pairs };
}

/** The reports as NMEA lines with tag-block times, one string (a traffic file's text). */
export function boundaryNmea(t: BoundaryTraffic): string {
  const seq = { id: 0 };
  return `${t.records.map((r) => nmeaLines(r, seq)).join('\n')}\n`;
}

/** The contacts as a contacts CSV (`ais detect --contacts`). */
export function boundaryContactsCsv(t: BoundaryTraffic): string {
  const rows = t.contacts.map(
    (c) =>
      `${c.id},${c.sensor},${new Date(c.tMs).toISOString()},${c.latDeg.toFixed(6)},${c.lonDeg.toFixed(6)},${c.errorM}`,
  );
  return `id,kind,time,lat,lon,sigma_m\n${rows.join('\n')}\n`;
}

/** NMEA text decoded to timed records, as `concord ais detect` reads a file (tag-block times). */
export function decodeTimed(text: string): { tMs: number; record: GpsdAisLike }[] {
  const out: { tMs: number; record: GpsdAisLike }[] = [];
  const decoder = new AisDecoder((m) => {
    if (m.timeS === undefined) throw new Error(`line ${m.line} has no tag-block time`);
    out.push({ tMs: m.timeS * 1000, record: m.record as GpsdAisLike });
  });
  for (const line of text.split('\n')) decoder.line(line);
  decoder.finish();
  return out;
}

/** The boundary traffic's inputs: bundled reference data and the traffic's contacts. */
export function boundaryInputs(t: BoundaryTraffic): MaritimeInputs {
  const csv = boundaryContactsCsv(t);
  return loadMaritimeInputs({ contacts: 'boundary:contacts.csv' }, (p) =>
    p === 'boundary:contacts.csv' ? csv : readText(p),
  );
}

/** A bundled scenario's generated traffic, decoded, and its inputs (contacts, watch list), as `runPipeline` builds them. */
export function scenarioTimed(
  scenario: Scenario,
  o: { seed: number; backgroundShips?: number },
): {
  nmea: string;
  timed: { tMs: number; record: GpsdAisLike }[];
  inputs: MaritimeInputs;
  contactsCsv: string;
  watchlistCsv: string;
} {
  const gen = aisGen(scenario, o);
  const seq = { id: 0 };
  const lines: string[] = [];
  for (const r of gen.reports()) lines.push(nmeaLines(r, seq));
  const nmea = `${lines.join('\n')}\n`;
  const files: Record<string, string> = {
    'gen:contacts.csv': gen.contactsCsv,
    'gen:watchlist.csv': scenarioWatchlistCsv(scenario),
  };
  const inputs = loadMaritimeInputs(
    {
      contacts: 'gen:contacts.csv',
      ...(scenario.maritime?.watchList.length ? { watchlist: 'gen:watchlist.csv' } : {}),
    },
    (path) => files[path] ?? readText(path),
  );
  return {
    nmea,
    timed: decodeTimed(nmea),
    inputs,
    contactsCsv: gen.contactsCsv,
    watchlistCsv: scenarioWatchlistCsv(scenario),
  };
}

/**
 * `inputs` with contacts that carry an identity added: every contact of the scenario again (its
 * time and place), naming in turn each watch-listed vessel by IMO, by name (in lower case) and by
 * MMSI, a vessel that is not watched (the first MMSI of the stream) and a name nobody broadcasts;
 * plus one a half hour across the stream for each form. The named vessels report from elsewhere
 * (other partitions), some while silent and some not, so one process makes both findings: the
 * "watch-listed, AIS silent" dark event and, for the rest, the association.
 */
export function withIdentifiedContacts(
  scenario: Scenario,
  timed: readonly { tMs: number; record: GpsdAisLike }[],
  inputs: MaritimeInputs,
): MaritimeInputs {
  type Identity = NonNullable<Contact['identity']>;
  const forms: Identity[] = [];
  for (const w of scenario.maritime?.watchList ?? []) {
    if (w.imo !== undefined) forms.push({ imo: w.imo });
    if (w.name !== undefined) forms.push({ name: w.name.toLowerCase() });
    if (w.mmsi !== undefined) forms.push({ mmsi: w.mmsi });
  }
  const first = timed.find((t) => typeof t.record.mmsi === 'number');
  if (first) forms.push({ mmsi: first.record.mmsi as number });
  forms.push({ name: 'NOBODY KNOWN' });
  const base = inputs.contacts;
  if (base.length === 0 || timed.length === 0) return inputs;
  const extra: Contact[] = base.map((c, i) => ({
    ...c,
    id: `${c.id}#identified`,
    identity: forms[i % forms.length]!,
  }));
  const t0 = timed[0]!.tMs;
  const t1 = timed[timed.length - 1]!.tMs;
  let k = 0;
  for (let t = t0; t <= t1; t += 30 * 60_000, k++) {
    const at = base[k % base.length]!;
    extra.push({ ...at, id: `sweep-${k}`, tMs: t, identity: forms[k % forms.length]! });
  }
  const contacts = [...base, ...extra].sort((a, b) => a.tMs - b.tMs);
  return { ...inputs, contacts };
}
