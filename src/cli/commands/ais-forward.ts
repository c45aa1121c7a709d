import type { Command } from 'commander';
import { isNation } from '../../domain/index.js';
import { aivdmOfVessel, exportFromApi, openCotSink } from '../../interop/index.js';
import { endQuietlyOnClosedPipe } from '../pipe.js';
import { UsageError } from '../usage.js';

/** Static data (type 5) is sent again this often per vessel, as a class A transponder does (every 6 min). */
const STATIC_EVERY_MS = 6 * 60_000;

interface Options {
  node: string;
  token: string;
  nation: string;
  to: string;
  every: string;
  count?: string;
}

/**
 * `concord ais forward`: a running node's AIS picture as NMEA AIVDM sentences to a chart plotter
 * (OpenCPN and the like listen for NMEA on UDP): each vessel heard since the last read as a position
 * report, and its name and ship type at first and every 6 minutes.
 */
export function registerAisForward(ais: Command): void {
  ais
    .command('forward')
    .description(
      "forward a running node's AIS picture (its vessels, own receivers' and partners') as NMEA AIVDM sentences over UDP to a chart plotter (OpenCPN-style), or over TCP",
    )
    .requiredOption('--node <url>', "the node's API, e.g. http://127.0.0.1:7400")
    .requiredOption('--token <token>', "an operator token of the nation's node")
    .requiredOption('--nation <code>', 'whose picture, e.g. JPN')
    .requiredOption('--to <url>', 'udp://HOST:PORT (one datagram per vessel) or tcp://HOST:PORT')
    .option('--every <seconds>', 'seconds between reads of the picture', '2')
    .option('--count <n>', 'stop after this many reads')
    .action(async (o: Options) => {
      endQuietlyOnClosedPipe();
      if (!isNation(o.nation)) throw new UsageError(`--nation '${o.nation}' is not a nation code`);
      const everyS = Number(o.every);
      if (!(everyS > 0 && Number.isFinite(everyS)))
        throw new UsageError(`--every must be a positive number of seconds, not '${o.every}'`);
      const count = o.count === undefined ? Number.POSITIVE_INFINITY : Number(o.count);
      if (!(Number.isInteger(count) && count >= 1) && count !== Number.POSITIVE_INFINITY)
        throw new UsageError(`--count must be a whole number, 1 or more, not '${o.count}'`);
      let url: URL;
      try {
        url = new URL(`/api/${o.nation}/vessels`, o.node);
      } catch {
        throw new UsageError(`--node must be an http(s) URL, not '${o.node}'`);
      }
      const say = (t: string) => process.stdout.write(`${t}\n`);
      const sink = openCotSink(o.to, '--to', { log: (t) => say(`concord ais forward: ${t}`) });
      try {
        await sink.ready;
      } catch (err) {
        throw new UsageError(`--to ${o.to}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
      }
      say(
        `concord ais forward: ${o.nation}'s vessels from ${o.node}, every ${everyS} s, as AIVDM to ${sink.address.url}`,
      );
      const heardMs = new Map<number, number>();
      const staticMs = new Map<number, number>();
      const seq = { id: 0 };
      let reads = 0;
      let sentences = 0;
      let failing = false;
      let stopped = false;
      const stop = () => {
        stopped = true;
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        while (!stopped && reads < count) {
          try {
            const r = await fetch(url, { headers: { authorization: `Bearer ${o.token}` } });
            if (!r.ok) throw new Error(`vessels answered ${r.status}: ${(await r.text()).slice(0, 300)}`);
            const { export: x } = exportFromApi(o.nation, {
              picture: {},
              warnings: {},
              vessels: await r.json(),
            });
            const now = Date.now();
            for (const v of x.vessels) {
              if (heardMs.get(v.mmsi) === v.lastSeenMs) continue; // nothing new since the last read
              heardMs.set(v.mmsi, v.lastSeenMs);
              const withStatic = now - (staticMs.get(v.mmsi) ?? Number.NEGATIVE_INFINITY) >= STATIC_EVERY_MS;
              if (withStatic) staticMs.set(v.mmsi, now);
              const lines = aivdmOfVessel(v, { withStatic, seq });
              sink.send(lines.join('\r\n'));
              sentences += lines.length;
            }
            failing = false;
          } catch (err) {
            const why =
              err instanceof Error
                ? err.cause instanceof Error
                  ? err.cause.message
                  : err.message
                : String(err);
            if (reads === 0) throw new UsageError(`--node ${o.node}: ${why}`);
            if (!failing) say(`concord ais forward: ${o.node}: ${why}; trying again every ${everyS} s`);
            failing = true;
          }
          reads++;
          if (reads < count && !stopped) await new Promise((r) => setTimeout(r, everyS * 1000));
        }
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        await sink.close();
        say(
          `done: ${reads} reads, ${sentences} sentences in ${sink.counters().sent} datagrams to ${sink.address.url}`,
        );
      }
    });
}
