import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { haversineDistanceM } from '../../src/geo/index.js';
import {
  parsePlaces,
  parseWatchlistYaml,
  parseZones,
  SENKAKU_POINTS,
  senkakuZones,
  zoneIndex,
} from '../../src/maritime/index.js';

const file = (p: string) => readFileSync(new URL(`../../data/maritime/${p}`, import.meta.url), 'utf8');
const NM = 1852;

describe('bundled maritime data', () => {
  it('zones.geojson is exactly what senkakuZones() computes from the published island coordinates', () => {
    expect(JSON.parse(file('zones.geojson'))).toEqual(JSON.parse(JSON.stringify(senkakuZones())));
  });

  it('names the territorial sea as the bundled consultation rule does', () => {
    const rules = readFileSync(new URL('../../data/consult/rules.yaml', import.meta.url), 'utf8');
    expect(rules).toContain('zone: [senkaku-territorial-sea]');
    const ids = parseZones(file('zones.geojson'), 'zones.geojson').map((z) => z.id);
    expect(ids).toEqual(['senkaku-territorial-sea', 'senkaku-contiguous-zone']);
  });

  it('draws the 12 nm and 24 nm lines at those distances from the nearest island point', () => {
    const idx = zoneIndex(parseZones(file('zones.geojson'), 'zones.geojson'));
    const nearest = (lat: number, lon: number) =>
      Math.min(...SENKAKU_POINTS.map((p) => haversineDistanceM(lat, lon, p.lonLat[1]!, p.lonLat[0]!)));
    // Walk south from Uotsuri-shima: inside the territorial sea up to ~12 nm, the contiguous zone to ~24 nm.
    for (let km = 1; km < 60; km += 0.5) {
      const lat = 25.735 - km / 111.195;
      const lon = 123.458;
      const d = nearest(lat, lon);
      const ids = idx.zonesAt(lat, lon).map((z) => z.id);
      if (d < 12 * NM - 200) expect(ids).toContain('senkaku-territorial-sea');
      if (d > 12 * NM + 200) expect(ids).not.toContain('senkaku-territorial-sea');
      if (d < 24 * NM - 200) expect(ids).toContain('senkaku-contiguous-zone');
      if (d > 24 * NM + 200) expect(ids).toEqual([]);
    }
    // Taisho-jima has its own territorial sea, 100 km east of the others.
    expect(idx.zonesAt(25.92, 124.56).map((z) => z.id)).toContain('senkaku-territorial-sea');
  });

  it('bundles the DPRK ports with sources', () => {
    const ports = parsePlaces(file('ports.geojson'), 'ports.geojson');
    for (const id of ['nampo', 'chongjin', 'wonsan', 'hungnam', 'songrim'])
      expect(ports.find((p) => p.id === id)?.properties?.country).toBe('PRK');
    for (const p of ports) {
      expect(typeof p.properties?.source).toBe('string');
      expect(String(p.properties?.url)).toMatch(/^https?:\/\//);
    }
    for (const a of parsePlaces(file('anchorages.geojson'), 'anchorages.geojson'))
      expect(String(a.properties?.url)).toMatch(/^https?:\/\//);
  });

  it('bundles UN 1718 designated vessels, each with a valid IMO number, date and source', () => {
    const w = parseWatchlistYaml(file('watchlist.yaml'), 'watchlist.yaml');
    expect(w.length).toBeGreaterThanOrEqual(5);
    for (const e of w) {
      expect(e.imo).toBeDefined();
      expect(e.designated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(e.source).toMatch(/https?:\/\//);
    }
  });
});
