// `concord bench traffic`: synthetic maritime traffic generation (src/sim/traffic) on the bundled
// maritime scenarios at their full background density: messages per second, how much faster than
// real time, and the ratio to the peer measured in the same run -- serialising the same messages
// to NDJSON, the least any consumer does with them.
import { readScenario } from '../src/bundled/index.js';
import { EVENT_TYPES, generateTraffic, IDENTITY_KINDS, type TypeScore } from '../src/sim/traffic/index.js';
import { runPipeline } from '../src/testing/maritime-score.js';
import { printTable } from './harness.js';

export interface Options {
  json: boolean;
  seeds?: number;
  /** Background ships in the precision/recall sweep (default 50). */
  background?: number;
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
    const sc = readScenario(name).scenario;
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
  out.precisionRecall = await sweep(seeds, o.background ?? SWEEP_BACKGROUND, o.json);
  return out;
}

/** Background ships in the sweep: enough to cross the injected ships' paths, few enough to run many seeds. */
const SWEEP_BACKGROUND = 50;

/**
 * The precision/recall sweep: every bundled maritime scenario, seeds 1..`seeds`, through the whole
 * pipeline (gen -> NMEA -> decode -> detect -> score); per event type (and identity sub-kind), true/false positives,
 * false negatives, precision and recall summed over the seeds, and the seeds where a type fell
 * below 0.95 or a near miss fired.
 */
async function sweep(seeds: number, background: number, json: boolean): Promise<Record<string, unknown>> {
  const rows: string[][] = [
    ['scenario', 'type', 'TP', 'FP', 'FN', 'near misses fired', 'precision', 'recall', 'seeds < 0.95'],
  ];
  const out: Record<string, unknown> = {};
  for (const name of SCENARIOS) {
    const sc = readScenario(name).scenario;
    const sum: Record<string, { tp: number; fp: number; fn: number; nmf: number; bad: number[] }> = {};
    for (let seed = 1; seed <= seeds; seed++) {
      const run = await runPipeline(sc, { seed, backgroundShips: background });
      // Identity again per sub-kind (`identity/name-changed`, ...): each is its own detection problem.
      const scores: [string, TypeScore][] = [
        ...EVENT_TYPES.map((t): [string, TypeScore] => [t, run.score.byType[t]]),
        ...IDENTITY_KINDS.map((k): [string, TypeScore] => [`identity/${k}`, run.score.byIdentityKind[k]]),
      ];
      for (const [type, s] of scores) {
        if (s.truePositives + s.falsePositives + s.falseNegatives === 0) continue;
        sum[type] ??= { tp: 0, fp: 0, fn: 0, nmf: 0, bad: [] };
        const acc = sum[type];
        acc.tp += s.truePositives;
        acc.fp += s.falsePositives;
        acc.fn += s.falseNegatives;
        acc.nmf += s.mustNotFireHits;
        if (s.precision < 0.95 || s.recall < 0.95 || s.mustNotFireHits > 0) acc.bad.push(seed);
      }
    }
    const perType: Record<string, unknown> = {};
    for (const [type, a] of Object.entries(sum)) {
      const precision = a.tp + a.fp === 0 ? 1 : a.tp / (a.tp + a.fp);
      const recall = a.tp + a.fn === 0 ? 1 : a.tp / (a.tp + a.fn);
      perType[type] = { ...a, precision, recall };
      rows.push([
        name,
        type,
        String(a.tp),
        String(a.fp),
        String(a.fn),
        String(a.nmf),
        precision.toFixed(3),
        recall.toFixed(3),
        a.bad.join(' '),
      ]);
    }
    out[name] = perType;
  }
  if (!json)
    printTable(
      `precision/recall, gen -> NMEA -> decode -> detect -> score (seeds 1-${seeds}, ${background} background ships)`,
      rows,
    );
  return { seeds, backgroundShips: background, byScenario: out };
}
