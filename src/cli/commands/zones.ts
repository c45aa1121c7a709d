import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { computeZones, ZONES_THEATRE } from '../../node/index.js';
import { UsageError } from '../usage.js';

interface Options {
  out?: string;
  step: string;
  bbox?: string;
}

export function registerZones(program: Command): void {
  program
    .command('zones')
    .description(
      "compute the territorial seas (12 nm) and EEZs (200 nm) the nodes' warnings use, as GeoJSON polygons (what data/computed-zones.geojson holds and the console draws): Concord's approximations by equidistance from Natural Earth 1:50m coasts, not claimed or agreed boundaries",
    )
    .option('--out <file>', 'write the GeoJSON here (default: stdout)')
    .option('--step <degrees>', 'grid step at which the zones are sampled', String(ZONES_THEATRE.stepDeg))
    .option(
      '--bbox <W,S,E,N>',
      'the box sampled, degrees',
      [ZONES_THEATRE.west, ZONES_THEATRE.south, ZONES_THEATRE.east, ZONES_THEATRE.north].join(','),
    )
    .action((o: Options) => {
      const stepDeg = Number(o.step);
      if (!(stepDeg >= 0.01 && stepDeg <= 5))
        throw new UsageError(`--step must be a number of degrees from 0.01 to 5, not '${o.step}'`);
      const box = (o.bbox ?? '').split(',').map(Number);
      const [west, south, east, north] = box as [number, number, number, number];
      if (
        box.length !== 4 ||
        box.some((v) => !Number.isFinite(v)) ||
        !(west < east && south < north && west >= -180 && east <= 180 && south >= -85 && north <= 85)
      )
        throw new UsageError(
          `--bbox must be W,S,E,N in degrees with W < E and S < N (within ±180, ±85), not '${o.bbox}'`,
        );
      const t0 = performance.now();
      const { zones, samples } = computeZones({ west, south, east, north, stepDeg });
      const seconds = (performance.now() - t0) / 1000;
      const vertices = zones.features.reduce((n, f) => n + f.geometry.coordinates.flat(2).length, 0);
      const text = `${JSON.stringify(zones)}\n`;
      if (o.out !== undefined) writeFileSync(o.out, text);
      else process.stdout.write(text);
      process.stderr.write(
        `zones: ${zones.features.length} zones of ${new Set(zones.features.map((f) => f.properties.nation)).size} nations, ${vertices} vertices, ${(text.length / 1024).toFixed(0)} KiB; ${samples} points sampled in ${seconds.toFixed(1)} s\n`,
      );
    });
}
