import type { Command } from 'commander';
import { EXPORT_FORMATS, type ExportFormat, nationExport, toGeoJson, toKml } from '../../interop/index.js';
import { SHARING_POLICIES } from '../../link/index.js';
import { scenarioNetwork } from '../scenario-network.js';
import { UsageError } from '../usage.js';

interface Options {
  scenario?: string;
  node?: string;
  token?: string;
  nation: string;
  at?: string;
  format: string;
  seed: string;
  policy: string;
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      "write a nation's picture (tracks, warnings with their ellipses and swept regions, vessels, maritime events) as GeoJSON (RFC 7946) or KML 2.2 to stdout: from the embedded network run to --at seconds of a scenario, or from a running node's API",
    )
    .option('--scenario <name>', 'bundled scenario name or YAML file: run the embedded network on it')
    .option('--node <url>', "a running node's API, e.g. http://127.0.0.1:7400 (with --token)")
    .option('--token <token>', "an operator token of the nation's node (with --node)")
    .requiredOption('--nation <code>', 'whose picture, e.g. JPN')
    .option('--at <seconds>', 'scenario second to run to (with --scenario)')
    .option('--format <format>', `${EXPORT_FORMATS.join(' or ')}`, 'geojson')
    .option('--seed <n>', 'random seed of the simulated sensors (with --scenario)', '1')
    .option(
      '--policy <policy>',
      `sharing policy (with --scenario): ${SHARING_POLICIES.join(', ')}`,
      'trilateral',
    )
    .action(async (o: Options) => {
      if (!(EXPORT_FORMATS as readonly string[]).includes(o.format))
        throw new UsageError(`--format must be ${EXPORT_FORMATS.join(' or ')}, not '${o.format}'`);
      const format = o.format as ExportFormat;
      if ((o.scenario === undefined) === (o.node === undefined))
        throw new UsageError('give either --scenario (and --at) or --node (and --token)');
      const text = o.node !== undefined ? await fromNode(o, format) : fromScenario(o, format);
      process.stdout.write(text);
    });
}

/** Runs the embedded network to --at and writes what the nation's node holds then. */
function fromScenario(o: Options, format: ExportFormat): string {
  const atS = Number(o.at);
  const { net, scenario, nation, gather } = scenarioNetwork({ ...o, scenario: o.scenario! });
  try {
    if (o.at === undefined || !Number.isFinite(atS) || atS < 0 || atS > scenario.durationS)
      throw new UsageError(
        `--at must be a scenario second from 0 to ${scenario.durationS}, not '${o.at ?? ''}'`,
      );
    net.runUntil(scenario.startMs + atS * 1000);
    const x = nationExport(net.nodes.get(nation)!, net.sched.nowMs(), gather);
    return format === 'kml' ? toKml(x) : `${JSON.stringify(toGeoJson(x), null, 1)}\n`;
  } finally {
    net.close();
  }
}

/** Asks a running node's API for the export. */
async function fromNode(o: Options, format: ExportFormat): Promise<string> {
  if (o.token === undefined) throw new UsageError('--node needs --token (an operator token of the nation)');
  if (o.at !== undefined)
    throw new UsageError('--at is for --scenario; a running node exports its picture now');
  let url: URL;
  try {
    url = new URL(`/api/${encodeURIComponent(o.nation)}/export?format=${format}`, o.node);
  } catch {
    throw new UsageError(`--node must be an http(s) URL, not '${o.node}'`);
  }
  const r = await fetch(url, { headers: { authorization: `Bearer ${o.token}` } }).catch((err: unknown) => {
    throw new UsageError(`--node ${o.node}: ${err instanceof Error ? err.message : String(err)}`);
  });
  const body = await r.text();
  if (!r.ok) throw new UsageError(`--node ${o.node} answered ${r.status}: ${body.slice(0, 500)}`);
  return body;
}
