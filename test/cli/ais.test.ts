import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, concord } from './run.js';

const SAMPLE = join(import.meta.dirname, '..', 'fixtures', 'ais', 'gpsd', 'sample.aivdm');

function withStdin(input: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'latin1', timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('concord ais decode', () => {
  it('writes one gpsd-style JSON object per message and, with --stats, the counts on stderr', () => {
    const r = concord('ais', 'decode', SAMPLE, '--stats');
    expect(r.code).toBe(0);
    const records = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records).toHaveLength(97);
    expect(records[0]).toMatchObject({
      class: 'AIS',
      type: 1,
      mmsi: 371798000,
      lat: 48.3816333,
      lon: -123.3953833,
    });
    const stats = JSON.parse(r.stderr);
    expect(stats.records).toBe(97);
    expect(stats.byType['1']).toBe(4);
    expect(stats.byType['24']).toBe(2);
    expect(stats.rejected).toMatchObject({ notAis: 1, checksum: 0 });
  });

  it("reads standard input ('-' or no file) and exits 0 on garbage, counting it", () => {
    const garbage =
      'not ais\n!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*00\n\u0000\u00ff!!!\n!AIVDM,2,2,1,A,88888888880,2*25\n';
    const r = withStdin(garbage, 'ais', 'decode', '--stats');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const stats = JSON.parse(r.stderr);
    expect(stats.rejected).toMatchObject({ notAis: 2, checksum: 1, orphanFragment: 1 });
    const dash = withStdin(readFileSync(SAMPLE, 'latin1'), 'ais', 'decode', '-');
    expect(dash.stdout.trim().split('\n')).toHaveLength(97);
  });

  it('a missing file exits 2 and names it', () => {
    const r = concord('ais', 'decode', 'no/such/file.nmea');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no/such/file.nmea');
    expect(r.stderr).toContain('no such file');
  });

  it('is listed by concord --help, and its usage errors exit 2', () => {
    expect(concord('--help').stdout).toMatch(/^\s+ais\b/m);
    expect(concord('ais', 'decode', '--no-such-option').code).toBe(2);
  });

  it("loads only commander, small pure libraries and its own modules (no node, Fastify, SQLite) on 'concord ais'", () => {
    // The import graph from bin/concord's light entry, read from the built files.
    const root = join(dirname(BIN), '..', 'dist');
    const seen = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
        const spec = m[1]!;
        if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
        else if (!spec.startsWith('node:')) packages.add(spec);
      }
    };
    visit(join(root, 'src', 'cli', 'ais-main.js'));
    // `ais detect` and `ais gen` bring the maritime reference (geometry, GeoJSON/YAML loaders) and
    // the scenario parser: small pure libraries, never a server or a database.
    const allowed = ['commander', 'topojson-client', 'zod', 'yaml', '@turf/turf', 'flatbush'];
    expect([...packages].filter((p) => /^[@a-z]/.test(p) && !allowed.includes(p))).toEqual([]);
    expect(packages.has('commander')).toBe(true);
    expect([...seen].filter((f) => /[/\\](node|api|store|link)[/\\]/.test(f))).toEqual([]);
  });
});

describe('concord bench ais', () => {
  it('prints every figure and both ratios against gpsdecode, measured in the same run', () => {
    // Enough vessels (~40 MB) that the picture's growth stands above the RSS's own noise.
    const r = concord('bench', 'ais', '--lines', '3000', '--vessels', '5000', '--json');
    expect(r.code).toBe(0);
    const figures = JSON.parse(r.stdout);
    expect(figures.sentences).toBe(3000);
    for (const key of [
      'decodeSentencesPerS',
      'gpsdecodeJsonSentencesPerS',
      'endToEndSentencesPerS',
      'gpsdecodeSentencesPerS',
      'endToEndRatio',
      'decodeRatio',
      'pipelineSentencesPerS',
      'pipelineRatio',
      'bytesPerVessel',
      'liveBytesPerVessel',
      'pictureRssBytes',
      'ingest1WorkerRecordsPerS',
      'ingest2WorkersRecordsPerS',
      'detectOneProcessRecordsPerS',
    ]) {
      expect(figures[key], key).toBeGreaterThan(0);
    }
    // The picture child holds every vessel's full 48 h: one fix per 5 min, 577 per vessel.
    expect(figures.pictureVessels).toBe(5000);
    expect(figures.pictureFixes).toBe(5000 * 577);
    // Measured only at 200,000 vessels, never extrapolated.
    expect(figures.rssBytesAt200kVessels).toBeNull();
    expect(figures.endToEndRatio).toBeCloseTo(
      figures.endToEndSentencesPerS / figures.gpsdecodeJsonSentencesPerS,
    );
    expect(
      figures.ingest.map((x: { perWorkerRecordsPerBusyS: number[] }) => x.perWorkerRecordsPerBusyS.length),
    ).toEqual([1, 2]);
  }, 180_000);
});
