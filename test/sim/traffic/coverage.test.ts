import { describe, expect, it } from 'vitest';
import { feedsByNation, loadAisReceivers } from '../../../src/bundled/index.js';
import { loadScenario } from '../../../src/exercise/index.js';
import { haversineDistanceM, radioHorizonM } from '../../../src/geo/index.js';
import { AisDecoder, type AisRecord as Decoded } from '../../../src/maritime/ais/index.js';
import { type AisRecord, aisGen, byCoverage, receiverRangeM } from '../../../src/sim/traffic/index.js';

const receivers = loadAisReceivers();
const pos = (tMs: number, mmsi: number, lat: number, lon: number, type: 1 | 18 = 1): AisRecord => ({
  tMs,
  type,
  mmsi,
  lat,
  lon,
  speed: 10,
  course: 0,
  heading: 0,
});
const heardBy = (records: AisRecord[]) =>
  [...byCoverage(records, receivers)].map(
    (h) => `${h.record.mmsi}@${h.record.tMs}:${h.nation}/${h.receiver.id}`,
  );

describe('coastal AIS receivers by coverage', () => {
  it('the bundled receivers are placed on each nation, with a range from their radio horizon', () => {
    const nations = new Set(receivers.map((r) => r.nation));
    expect([...nations].sort()).toEqual(['AUS', 'IND', 'JPN', 'KOR', 'USA']);
    expect(receivers.every((r) => r.placed && r.source.length > 0)).toBe(true);
    const naha = receivers.find((r) => r.id === 'jpn-naha')!;
    expect(receiverRangeM(naha, 'A')).toBeCloseTo(radioHorizonM(50, 20), 6);
    expect(receiverRangeM(naha, 'A') / 1000).toBeCloseTo(47.6, 1);
  });

  it("a ship near Japan's coast is heard by Japan and not by Korea; near Busan, the reverse; mid-sea, by none", () => {
    // 20 km west of Naha; 15 km south of Busan; the middle of the East China Sea.
    const nearNaha = pos(1_000, 111, 26.21, 127.48);
    const nearBusan = pos(2_000, 222, 34.945, 129.1);
    const midSea = pos(3_000, 333, 30, 125);
    expect(heardBy([nearNaha, nearBusan, midSea])).toEqual([
      '111@1000:JPN/jpn-naha',
      '222@2000:KOR/kor-busan',
    ]);
  });

  it("a class B craft's lower antenna is heard closer in; a static message where the ship last reported", () => {
    // ~42 km from Naha: inside a class A ship's range (47.6 km), outside a class B craft's (37.4 km).
    const lon = 127.68 - 42_000 / (111_195 * Math.cos((26.21 * Math.PI) / 180));
    expect(heardBy([pos(0, 555, 26.21, lon, 1), pos(0, 666, 26.21, lon, 18)])).toEqual([
      '555@0:JPN/jpn-naha',
    ]);
    const statics: AisRecord[] = [
      { tMs: 0, type: 5, mmsi: 777, shipname: 'BEFORE ANY POSITION' },
      pos(1, 777, 26.21, 127.48),
      { tMs: 2, type: 5, mmsi: 777, shipname: 'AFTER' },
      pos(3, 777, 30, 125),
      { tMs: 4, type: 5, mmsi: 777, shipname: 'GONE' },
    ];
    expect(heardBy(statics)).toEqual(['777@1:JPN/jpn-naha', '777@2:JPN/jpn-naha']);
  });

  it("each nation's lines decode back to the scenario's messages within its receivers' range, and only those", () => {
    // Japan's coast is ~170 km from the Senkakus, beyond its receivers' horizon: the scenario
    // adds a receiver of its own, a JCG patrol vessel on station north of Uotsuri-jima.
    const base = loadScenario('senkaku-incursion-drill');
    const jcg = {
      id: 'jcg-on-station',
      nation: 'JPN' as const,
      latDeg: 25.9,
      lonDeg: 123.5,
      antennaHM: 20,
      note: 'test',
    };
    const scenario = { ...base, maritime: { ...base.maritime!, receivers: [jcg] } };
    const seed = 3;
    const bg = 10;
    const all = [...receivers, jcg];
    const feeds = feedsByNation(scenario, seed, { backgroundShips: bg });
    // Independently: the same traffic, each position report kept for a nation when any of its
    // receivers is within the horizon range (great-circle distance from the geo module).
    const expected = new Map<string, Set<string>>();
    for (const r of aisGen(scenario, { seed, backgroundShips: bg }).reports()) {
      if (r.lat === undefined || r.lon === undefined) continue;
      const cls = r.type === 18 ? 'B' : 'A';
      for (const rx of all) {
        if (haversineDistanceM(r.lat, r.lon, rx.latDeg, rx.lonDeg) <= receiverRangeM(rx, cls)) {
          const set = expected.get(rx.nation) ?? new Set();
          set.add(`${Math.floor(r.tMs / 1000)}|${r.mmsi}|${r.lat.toFixed(4)}|${r.lon.toFixed(4)}`);
          expected.set(rx.nation, set);
        }
      }
    }
    const heard: Record<string, number> = {};
    const mmsis = new Map<string, Set<number>>();
    for (const [nation, lines] of feeds) {
      const got = new Set<string>();
      const sources = new Set<string>();
      const decoder = new AisDecoder((m) => {
        const d = m.record as Decoded & { lat?: number; lon?: number; mmsi: number };
        sources.add(m.source!);
        if (d.lat !== undefined && d.lon !== undefined)
          got.add(`${m.timeS}|${d.mmsi}|${d.lat.toFixed(4)}|${d.lon.toFixed(4)}`);
      });
      for (const l of lines) decoder.line(l);
      decoder.finish();
      expect(decoder.stats.rejected.checksum + decoder.stats.rejected.orphanFragment).toBe(0);
      expect(got).toEqual(expected.get(nation) ?? new Set());
      for (const s of sources) expect(all.find((r) => r.id === s)?.nation).toBe(nation);
      heard[nation] = got.size;
      mmsis.set(nation, new Set([...got].map((k) => Number(k.split('|')[1]))));
    }
    // Japan hears the ships at the Senkakus (by its vessel on station), Korea background ships
    // passing Jeju; Guam, Darwin and India hear nothing of the East China Sea.
    expect(heard.JPN).toBeGreaterThan(0);
    expect(heard.KOR).toBeGreaterThan(0);
    expect([heard.USA, heard.AUS, heard.IND]).toEqual([0, 0, 0]);
    const ccg = new Set(base.maritime!.vessels.filter((v) => v.id.startsWith('ccg-')).map((v) => v.mmsi));
    expect(ccg.size).toBeGreaterThan(0);
    for (const m of ccg) expect(mmsis.get('JPN')!.has(m!)).toBe(true);
    for (const m of ccg) expect(mmsis.get('KOR')!.has(m!)).toBe(false);
  });
});
