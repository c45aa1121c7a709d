import type { Command } from 'commander';

// The options of `concord ais detect`, apart from the detection itself so that registering the
// command on the light entry loads nothing but commander: `ais decode` starts as fast as before.

/** `concord ais detect` options (strings as commander gives them). */
export interface DetectOptions {
  zones?: string;
  shore?: string;
  anchorages?: string;
  ports?: string;
  watchlist?: string;
  contacts?: string;
  /** For input without tag-block times: the first line's time (ISO 8601)... */
  start?: string;
  /** ...and lines per second. */
  rate?: string;
}

/** Adds the detect options to a command (the lead wires the command to the AIS decoder). */
export function addDetectOptions(cmd: Command): Command {
  return cmd
    .option(
      '--zones <geojson>',
      'zones (Polygon/MultiPolygon features; id = Feature id, properties.id or .name); default: bundled Senkaku zones',
    )
    .option('--shore <geojson>', 'shore as lines, polygons or points; default: Natural Earth 1:50m coastline')
    .option('--anchorages <geojson>', 'anchorages (points or polygons); default: bundled sample')
    .option('--ports <geojson>', 'ports (points or polygons); default: bundled East Asian ports')
    .option(
      '--watchlist <file>',
      'vessels of interest, YAML or .csv (name,imo,mmsi,category,designated,source); default: bundled UN 1718 sample',
    )
    .option(
      '--contacts <csv>',
      'sensor contacts CSV, columns by name: time,kind,lat,lon[,sensor,id,sigma_m,mmsi,imo,name] (what ais gen --contacts writes)',
    )
    .option('--start <iso>', 'input without tag blocks: time of the first line (with --rate)')
    .option('--rate <n>', 'input without tag blocks: lines per second (with --start)');
}
