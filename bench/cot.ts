// `concord bench cot`: Cursor-on-Target events per second for a picture of 1,000 objects (missiles,
// their warnings, vessels), each made, written as XML and sent as its own datagram to a loopback
// UDP socket that counts what arrives. Peers measured in the same run on the same objects: the same
// objects as plain JSON.stringify datagrams (the cheapest serialisation, same socket and sends), and
// the GeoJSON export of the picture (one document, what `concord export` writes), in features per second.

import { createSocket } from 'node:dgram';
import { cotEventsOf, cotEventXml, type NationExport, openCotSink, toGeoJson } from '../src/interop/index.js';
import { printTable, rng } from './harness.js';

export interface Options {
  json: boolean;
}

const OBJECTS = 1_000;
const ROUNDS = 5;
const T0 = Date.parse('2026-03-01T00:00:00Z');

/** 100 missiles (each with an impact warning: point and 95 % ellipse) and 800 vessels: 1,000 CoT events. */
function picture(): NationExport {
  const r = rng(1);
  const tracks = Array.from({ length: 100 }, (_, i) => ({
    id: `KOR:${i + 1}`,
    originators: ['KOR' as const, 'USA' as const],
    sources: [`KOR:${i + 1}`, `USA:${i + 1}`],
    marking: '//KOR SECRET//REL TO USA, JPN, KOR',
    latDeg: 38 + r() * 4,
    lonDeg: 128 + r() * 10,
    altitudeM: 50_000 + r() * 500_000,
    speedMps: 2_000 + r() * 2_000,
    timeMs: T0,
    ceM: 100 + r() * 900,
    leM: 200 + r() * 2_000,
  }));
  const warnings = tracks.map((t) => ({
    trackId: t.id,
    reason: 'impact',
    zone: 'eez',
    area: 'JPN EEZ',
    phase: 'ballistic',
    issuedMs: T0,
    eventMs: T0 + 300_000,
    latDeg: 40 + r() * 2,
    lonDeg: 140 + r() * 3,
    ellipse: {
      semiMajorM: 10_000 + r() * 20_000,
      semiMinorM: 3_000 + r() * 5_000,
      orientationDeg: r() * 180,
    },
  }));
  const vessels = Array.from({ length: OBJECTS - 200 }, (_, i) => ({
    mmsi: 431_000_000 + i,
    name: `VESSEL ${i}`,
    latDeg: 24 + r() * 10,
    lonDeg: 122 + r() * 10,
    speedKn: r() * 20,
    courseDeg: r() * 360,
    shipType: 70,
    lastSeenMs: T0,
    sources: ['bench'],
  }));
  return { nation: 'JPN', timeMs: T0, tracks, warnings, vessels, events: [], zones: [] };
}

/** Sends `docs()` (one datagram each) to a loopback receiver; events/s from the first made to the last received. */
async function sendRound(
  port: number,
  received: () => number,
  docs: () => string[],
): Promise<{ perS: number; bytes: number }> {
  const sink = openCotSink(`udp://127.0.0.1:${port}`, 'bench');
  await sink.ready;
  const before = received();
  const start = performance.now();
  const list = docs();
  for (const d of list) sink.send(d);
  await sink.close();
  // Loopback drops nothing unless the receiver's buffer overflows: wait for what comes.
  const deadline = performance.now() + 2_000;
  while (received() - before < list.length && performance.now() < deadline)
    await new Promise((r) => setImmediate(r));
  const seconds = (performance.now() - start) / 1000;
  const got = received() - before;
  return { perS: got / seconds, bytes: sink.counters().bytes / list.length };
}

export async function run(o: Options): Promise<Record<string, unknown>> {
  const x = picture();
  const rx = createSocket({ type: 'udp4', recvBufferSize: 16 << 20 });
  let received = 0;
  rx.on('message', () => received++);
  await new Promise<void>((resolve) => rx.bind(0, '127.0.0.1', () => resolve()));
  const port = rx.address().port;
  const cotDocs = () => cotEventsOf(x, { nowMs: Date.now(), staleMs: 10_000 }).map(cotEventXml);
  const jsonDocs = () =>
    [...x.tracks, ...x.warnings.flatMap((w) => [w, w]), ...x.vessels].map((v) => JSON.stringify(v));
  const best = { cot: 0, json: 0, geojson: 0 };
  let cotBytes = 0;
  let jsonBytes = 0;
  let events = 0;
  // Alternating rounds, best of each, so that the machine's slow spells fall on both.
  for (let round = 0; round < ROUNDS; round++) {
    const c = await sendRound(port, () => received, cotDocs);
    best.cot = Math.max(best.cot, c.perS);
    cotBytes = c.bytes;
    const j = await sendRound(port, () => received, jsonDocs);
    best.json = Math.max(best.json, j.perS);
    jsonBytes = j.bytes;
    const start = performance.now();
    const g = toGeoJson(x);
    const doc = JSON.stringify(g);
    const features = doc.length > 0 ? g.features.length : 0;
    best.geojson = Math.max(best.geojson, features / ((performance.now() - start) / 1000));
    events = cotDocs().length;
  }
  rx.close();
  const result = {
    objects: OBJECTS,
    events,
    cotEventsPerS: Math.round(best.cot),
    cotBytesPerEvent: Math.round(cotBytes),
    jsonDatagramsPerS: Math.round(best.json),
    jsonBytesPerDatagram: Math.round(jsonBytes),
    cotToJsonRatio: best.cot / best.json,
    geojsonFeaturesPerS: Math.round(best.geojson),
    cotToGeojsonRatio: best.cot / best.geojson,
    note: `best of ${ROUNDS} alternating rounds, wall time, loopback UDP in one process; the GeoJSON peer writes one document and sends nothing`,
  };
  if (!o.json) {
    const n = (v: number) => Math.round(v).toLocaleString('en-US');
    printTable(
      `CoT to a loopback UDP socket, a picture of ${OBJECTS.toLocaleString('en-US')} objects (${events} events)`,
      [
        ['', 'per second', 'bytes each'],
        [
          'CoT events (made, XML, one datagram each, received)',
          n(result.cotEventsPerS),
          n(result.cotBytesPerEvent),
        ],
        [
          'peer: JSON.stringify datagrams of the same objects',
          n(result.jsonDatagramsPerS),
          n(result.jsonBytesPerDatagram),
        ],
        ['ratio CoT / JSON', result.cotToJsonRatio.toFixed(2), ''],
        ['peer: GeoJSON export features (one document, not sent)', n(result.geojsonFeaturesPerS), ''],
        ['ratio CoT / GeoJSON', result.cotToGeojsonRatio.toFixed(2), ''],
      ],
    );
    process.stdout.write(`  (${result.note})\n`);
  }
  return result;
}
