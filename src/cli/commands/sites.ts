import type { Command } from 'commander';
import { readText, SENSOR_SITES } from '../../bundled/index.js';
import { parseSensorSites, type SensorDefinition } from '../../sim/index.js';
import { UsageError } from '../usage.js';

interface Options {
  format: string;
  nation?: string;
}

export function registerSites(program: Command): void {
  program
    .command('sites')
    .description(
      'list the bundled sensor sites a scenario can name under `sensors: [{ ref: <id> }]` (public approximations; performance assumed)',
    )
    .option('--nation <nation>', 'only the sites of this nation (USA, JPN, KOR)')
    .option('--format <format>', 'table or json (every field, with sources)', 'table')
    .action((o: Options) => {
      if (o.format !== 'table' && o.format !== 'json')
        throw new UsageError(`--format must be table or json, not '${o.format}'`);
      const all = [...parseSensorSites(readText(SENSOR_SITES), SENSOR_SITES).values()];
      const sites = o.nation === undefined ? all : all.filter((s) => s.nation === o.nation);
      if (sites.length === 0)
        throw new UsageError(
          `--nation: no bundled sites of '${o.nation}' (nations with sites: ${[...new Set(all.map((s) => s.nation))].join(', ')})`,
        );
      process.stdout.write(o.format === 'json' ? `${JSON.stringify(sites, null, 2)}\n` : sitesTable(sites));
    });
}

function where(s: SensorDefinition): string {
  const p = s.platform;
  if (p.kind === 'fixed') return `${p.latDeg.toFixed(2)}N ${p.lonDeg.toFixed(2)}E`;
  const w = p.waypoints[0]!;
  return `ship from ${w.latDeg.toFixed(2)}N ${w.lonDeg.toFixed(2)}E`;
}

/** One line per site: what a scenario author needs to choose one. */
export function sitesTable(sites: readonly SensorDefinition[]): string {
  const rows = [
    ['ID', 'NATION', 'TYPE', 'WHERE', 'RANGE', 'SECTOR', 'NAME'],
    ...sites.map((s) => [
      s.id,
      s.nation,
      s.type,
      where(s),
      `${(s.performance.maxRangeM / 1000).toFixed(0)} km`,
      s.performance.azimuthSector
        ? `${s.performance.azimuthSector.centreDeg}±${s.performance.azimuthSector.widthDeg / 2}°`
        : 'all round',
      s.name,
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
  return `${[
    `${sites.length} bundled sensor sites (data/sensor-sites.yaml): locations are public approximations, performance figures assumed`,
    '',
    ...lines,
  ].join('\n')}\n`;
}
