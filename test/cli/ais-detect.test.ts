import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_MARITIME } from '../../src/bundled/index.js';
import { type DetectInputs, lineTimeMs, loadDetectInputs } from '../../src/cli/commands/ais-detect.js';
import { UsageError } from '../../src/cli/usage.js';
import { InputError } from '../../src/domain/index.js';
import { type GpsdAisLike, runDetect } from '../../src/maritime/index.js';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'concord-ais-detect-'));
const put = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

let bundled: DetectInputs | undefined;
const inputs = () => {
  bundled ??= loadDetectInputs({});
  return bundled;
};

/** A China Coast Guard-like ship (AIS type 55) steaming west through the Senkaku territorial sea. */
function patrol(): { tMs: number; record: GpsdAisLike }[] {
  const out: { tMs: number; record: GpsdAisLike }[] = [
    {
      tMs: T0,
      record: { class: 'AIS', type: 5, mmsi: 413000555, shipname: 'HAIJING 2301', shiptype: 55, imo: 0 },
    },
  ];
  for (let m = 0; m <= 240; m += 2) {
    out.push({
      tMs: T0 + 1000 + m * 60_000,
      record: {
        class: 'AIS',
        type: 1,
        mmsi: 413000555,
        lat: 25.75,
        lon: 124.0 - m * 0.0025,
        speed: 9,
        course: 270,
        heading: 270,
      },
    });
  }
  return out;
}

describe('concord ais detect (runDetect)', () => {
  it('writes NDJSON events in the documented shape; a government ship entering the Senkaku territorial sea is flagged', async () => {
    const lines: string[] = [];
    const stats = await runDetect(patrol(), inputs(), { write: (l: string) => lines.push(l) });
    expect(stats.fixes).toBe(121);
    const events = lines.map((l) => JSON.parse(l));
    for (const l of lines) expect(l.endsWith('\n')).toBe(true);
    const entry = events.find((e) => e.type === 'zone-entry' && e.zone === 'senkaku-territorial-sea');
    expect(entry).toBeDefined();
    expect(Object.keys(entry)).toEqual([
      'type',
      'mmsi',
      'start',
      'end',
      'lat',
      'lon',
      'zone',
      'confidence',
      'evidence',
    ]);
    expect(entry.mmsi).toEqual([413000555]);
    expect(entry.end).toBeNull();
    expect(entry.evidence.some((e: { kind: string }) => e.kind === 'government-vessel')).toBe(true);
    expect(events.some((e) => e.type === 'zone-entry' && e.zone === 'senkaku-contiguous-zone')).toBe(true);
  });

  it('merges sensor contacts by time: a SAR detection far from any AIS vessel is dark', async () => {
    const contacts = put('contacts.csv', 'time,lat,lon,kind,id\n2026-03-01T01:00:00Z,39.0,124.0,sar,S1\n');
    const base = inputs();
    const withContacts = { ...base, contacts: loadDetectInputs({ contacts }).contacts };
    const lines: string[] = [];
    await runDetect(patrol(), withContacts, { write: (l: string) => lines.push(l) });
    const dark = lines.map((l) => JSON.parse(l)).filter((e) => e.type === 'dark');
    expect(dark).toHaveLength(1);
    expect(dark[0].start).toBe('2026-03-01T01:00:00.000Z');
  });

  it('rejects a bad input file with an InputError naming the file and the feature or line (exit 2)', () => {
    const zones = put(
      'zones.geojson',
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', id: 'z', properties: {}, geometry: { type: 'Point', coordinates: [1, 2] } },
        ],
      }),
    );
    expect(() => loadDetectInputs({ zones })).toThrow(
      new RegExp(`${zones.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}.*features\\[0\\] \\(id 'z'\\)`),
    );
    const watch = put('w.csv', 'name,imo\nX,1234568\n');
    try {
      loadDetectInputs({ watchlist: watch });
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).input).toBe(watch);
      expect((e as InputError).line).toBe(2);
    }
    expect(() => loadDetectInputs({ ports: join(dir, 'missing.geojson') })).toThrow(
      /missing.geojson: no such file/,
    );
  });

  it('times lines from --start and --rate, and wants both', () => {
    const i = loadDetectInputs({ start: '2026-03-01T00:00:00Z', rate: '4' });
    expect(i.lineClock).toEqual({ startMs: T0, ratePerS: 4 });
    expect(lineTimeMs(i.lineClock!, 10)).toBe(T0 + 2500);
    expect(() => loadDetectInputs({ start: '2026-03-01T00:00:00Z' })).toThrow(UsageError);
    expect(() => loadDetectInputs({ start: '2026-03-01T00:00:00Z', rate: '0' })).toThrow(UsageError);
  });

  it('defaults to the bundled files', () => {
    expect(BUNDLED_MARITIME.zones).toMatch(/data\/maritime\/zones.geojson$/);
    expect(inputs().ref.watch.entries.length).toBeGreaterThan(0);
    expect(inputs().ref.ports.places.some((p) => p.id === 'nampo')).toBe(true);
  });
});
