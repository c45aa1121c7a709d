// `concord bench partner-rate`: the honest per-partner rate the link's default limit
// (DEFAULT_PARTNER_RATE) is set against. Each bundled scenario runs headless through the embedded
// network under trilateral and us-hub sharing (seed 1); every item a node accepts is noted with its
// sender and time, and the most items one sender delivered to one recipient within any second of
// scenario time is the peak. Printed with the default limit and its ratio to the peak.
import { join } from 'node:path';
import {
  BUNDLED_AGREEMENTS,
  BUNDLED_US_BASES,
  bundledScenarios,
  ROOT,
  readText,
} from '../src/bundled/index.js';
import { parseContingencies, parseRules } from '../src/consult/index.js';
import { type Nation, parseRegistry, TRILATERAL } from '../src/domain/index.js';
import { loadScenario, runExercise, type SharingPolicy } from '../src/exercise/index.js';
import { DEFAULT_PARTNER_RATE, generateSigningKeyPair } from '../src/link/index.js';
import { loadProtectedAreas } from '../src/node/index.js';
import { simulate } from '../src/sim/index.js';
import { openStore } from '../src/store/index.js';
import { printTable } from './harness.js';

export interface Options {
  json: boolean;
}

/** The most of `timesMs` (sorted) within any window of `windowMs`. */
export function peakInWindow(timesMs: readonly number[], windowMs: number): number {
  let peak = 0;
  let from = 0;
  for (let to = 0; to < timesMs.length; to++) {
    while (timesMs[to]! - timesMs[from]! >= windowMs) from++;
    peak = Math.max(peak, to - from + 1);
  }
  return peak;
}

interface Row {
  scenario: string;
  policy: SharingPolicy;
  /** The busiest sender -> recipient pair, its items and its peak items/s. */
  pair: string;
  items: number;
  peakItemsPerS: number;
}

export async function run(o: Options): Promise<Record<string, unknown>> {
  const registry = parseRegistry(readText(BUNDLED_AGREEMENTS), BUNDLED_AGREEMENTS);
  const keys = new Map(TRILATERAL.map((n) => [n, generateSigningKeyPair()]));
  const areas = loadProtectedAreas(BUNDLED_US_BASES);
  // The bundled consultation rules and plans, as `concord exercise` loads them.
  const rules = join(ROOT, 'data', 'consult', 'rules.yaml');
  const plans = join(ROOT, 'data', 'consult', 'contingencies.yaml');
  const consult = {
    consultRules: parseRules(readText(rules), rules, registry),
    contingencyPlans: parseContingencies(readText(plans), plans),
  };
  const rows: Row[] = [];
  for (const name of bundledScenarios()) {
    const scenario = loadScenario(name, TRILATERAL);
    const simulation = simulate(scenario, 1);
    for (const policy of ['trilateral', 'us-hub'] as const) {
      const times = new Map<string, number[]>();
      runExercise({
        scenario,
        seed: 1,
        policy,
        nations: TRILATERAL,
        keys,
        registry: () => registry,
        openStore: (nation: Nation) => {
          const store = openStore(':memory:');
          const accept = store.inbox.accept.bind(store.inbox);
          store.inbox.accept = (key, e) => {
            const pair = `${e.sender}->${nation}`;
            let ts = times.get(pair);
            if (ts === undefined) {
              ts = [];
              times.set(pair, ts);
            }
            ts.push(e.receivedMs);
            return accept(key, e);
          };
          return store;
        },
        trackMarking: (n) =>
          n === 'USA' ? 'SECRET//REL TO USA, JPN, KOR' : `//${n} SECRET//REL TO USA, JPN, KOR`,
        simulation,
        areas,
        ...consult,
      });
      let best: Row = { scenario: name, policy, pair: '-', items: 0, peakItemsPerS: 0 };
      for (const [pair, ts] of times) {
        ts.sort((a, b) => a - b);
        const peak = peakInWindow(ts, 1_000);
        if (peak > best.peakItemsPerS)
          best = { scenario: name, policy, pair, items: ts.length, peakItemsPerS: peak };
      }
      rows.push(best);
    }
  }
  const peak = Math.max(...rows.map((r) => r.peakItemsPerS));
  const figures = {
    rows,
    peakItemsPerS: peak,
    defaultLimit: DEFAULT_PARTNER_RATE,
    limitOverPeak: Math.round((DEFAULT_PARTNER_RATE.itemsPerS / peak) * 10) / 10,
  };
  if (!o.json) {
    printTable(
      'honest per-partner peak rate (busiest sender -> recipient, items within any second of scenario time)',
      [
        ['scenario', 'policy', 'pair', 'items', 'peak items/s'],
        ...rows.map((r) => [r.scenario, r.policy, r.pair, String(r.items), String(r.peakItemsPerS)]),
      ],
    );
    process.stdout.write(
      `peak ${peak} items/s; the default limit ${DEFAULT_PARTNER_RATE.itemsPerS} items/s (burst ${DEFAULT_PARTNER_RATE.burstItems}) is ${figures.limitOverPeak}x it\n`,
    );
  }
  return figures;
}
