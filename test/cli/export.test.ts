import { check } from '@placemarkio/check-geojson';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { concord } from './run.js';

describe('concord export', () => {
  it("writes Japan's picture of the IRBM, warnings and regions included, as valid GeoJSON", () => {
    const r = concord('export', '--scenario', 'korea-irbm-over-japan', '--nation', 'JPN', '--at', '300');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const g = check(r.stdout) as unknown as {
      features: { properties: { kind: string; originators?: string[] } }[];
    };
    expect(g).toMatchObject({ type: 'FeatureCollection', nation: 'JPN', time: '2022-10-03T22:25:00.000Z' });
    const kinds = new Set(g.features.map((f) => f.properties.kind));
    expect([...kinds]).toEqual(expect.arrayContaining(['track', 'warning']));
    // The missile is in flight 180 s after launch: a region (ellipse or swept) goes with its warnings.
    expect(kinds.has('warning-ellipse') || kinds.has('warning-swept')).toBe(true);
    expect(r.stdout).not.toMatch(/\d[eE][+-]?\d|NaN/);
  });

  it("writes Japan's maritime picture of the Senkaku drill as KML: vessels, the incursion and the zones", () => {
    const r = concord(
      'export',
      '--scenario',
      'senkaku-incursion-drill',
      '--nation',
      'JPN',
      '--at',
      '600',
      '--format',
      'kml',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    const doc = new XMLParser({ isArray: (n) => n === 'Folder' || n === 'Placemark' }).parse(r.stdout);
    const folders = Object.fromEntries(
      doc.kml.Document.Folder.map((f: { name: string; Placemark?: unknown[] }) => [
        f.name,
        f.Placemark ?? [],
      ]),
    );
    expect(folders.Vessels.length).toBeGreaterThanOrEqual(4);
    expect(folders['Maritime events'].length).toBeGreaterThan(0);
    // The Senkaku territorial sea and contiguous zone the desk detects against.
    expect(folders.Zones.map((z: { name: string }) => z.name)).toEqual(
      expect.arrayContaining([expect.stringMatching(/Senkaku Islands territorial sea/)]),
    );
  });

  it('refuses a nation without a node and an unreachable node, naming the option', () => {
    const nation = concord('export', '--scenario', 'korea-irbm-over-japan', '--nation', 'FRA', '--at', '1');
    expect(nation.code).toBe(2);
    expect(nation.stderr).toMatch(/--nation 'FRA' has no node in scenario korea-irbm-over-japan/);
    const node = concord('export', '--node', 'http://127.0.0.1:1', '--token', 't', '--nation', 'JPN');
    expect(node.code).toBe(2);
    expect(node.stderr).toMatch(/--node http:\/\/127\.0\.0\.1:1: /);
    expect(node.stdout).toBe('');
  });
});
