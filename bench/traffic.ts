// `concord bench traffic`: synthetic maritime traffic generation (src/sim/traffic) on the bundled
// maritime scenarios at their full background density: messages per second, how much faster than
// real time, and the ratio to the peer measured in the same run -- serialising the same messages
// to NDJSON, the least any consumer does with them.
import { loadScenario } from '../src/cli/scenarios.js';
import { generateTraffic } from '../src/sim/traffic/index.js';
import { printTable } from './harness.js';

export interface Options {
  json: boolean;
  seeds?: number;
}

const SCENARIOS = ['ecs-sanctions-evasion', 'senkaku-incursion-drill'];

export async function run(o: Options): Promise<Record<string, unknown>> {
  const seeds = Math.max(1, o.seeds ?? 1);
  const rows: string[][] = [
    [
      'scenario',
      'ships',
      'hours',
      'truth events',
      'messages',
      'setup s',
      'messages/s',
      'x real time',
      'x NDJSON',
    ],
  ];
  const out: Record<string, unknown> = {};
  for (const name of SCENARIOS) {
    const sc = loadScenario(name);
    let messages = 0;
    let setupS = 0;
    let genS = 0;
    let jsonS = 0;
    let ships = 0;
    let events = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      const t0 = performance.now();
      const t = generateTraffic(sc.maritime!, sc, { seed });
      const t1 = performance.now();
      let n = 0;
      for (const _ of t.reports()) n++;
      const t2 = performance.now();
      // The peer on a sample (holding millions of records would measure the heap instead).
      const sample: unknown[] = [];
      for (const r of t.reports()) {
        sample.push(r);
        if (sample.length === 200_000) break;
      }
      const t3 = performance.now();
      let bytes = 0;
      for (const r of sample) bytes += JSON.stringify(r).length;
      const t4 = performance.now();
      if (bytes === 0 && sample.length > 0) throw new Error('bench traffic: empty serialisation');
      jsonS += ((t4 - t3) / 1000) * (n / Math.max(1, sample.length));
      messages += n;
      setupS += (t1 - t0) / 1000;
      genS += (t2 - t1) / 1000;
      ships = t.ships.length;
      events = t.truth.events.length;
    }
    const hours = sc.maritime!.leadInH + sc.maritime!.durationH;
    const perS = messages / genS;
    const realTime = (hours * 3600 * seeds) / (setupS + genS);
    const ratio = genS / jsonS;
    rows.push([
      name,
      String(ships),
      String(hours),
      String(events),
      String(messages),
      setupS.toFixed(2),
      Math.round(perS).toLocaleString('en-US'),
      Math.round(realTime).toLocaleString('en-US'),
      ratio.toFixed(2),
    ]);
    out[name] = {
      ships,
      hours,
      seeds,
      truthEvents: events,
      messages,
      setupS,
      messagesPerS: perS,
      realTimeFactor: realTime,
      ndjsonRatio: ratio,
    };
  }
  if (!o.json)
    printTable(
      `synthetic traffic at the bundled density (${seeds} seed${seeds > 1 ? 's' : ''}; one core; x NDJSON: generation time / JSON.stringify time per message, on a 200,000-message sample)`,
      rows,
    );
  return out;
}
