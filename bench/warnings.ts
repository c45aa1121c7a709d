// `concord bench warnings`: how honest the predicted impact region is, and what the warnings built
// on it do. (1) Containment: on each bundled missile scenario and seed, the tracker (all radars,
// one picture) is followed against truth; every 10 s before each missile's impact its latest track
// state gives an impact region, and the truth impact point is in it or not. Two regions in the same
// run: the sigma-point ellipse of the no-thrust prediction in every phase (what warnings used before
// issue 18's honest-boost slice), and the phase-aware region warnings use now (the swept corridor of
// every burnout still possible while the object may be under thrust, the ellipse once it is seen
// coasting). (2) Warnings: the scenario through the embedded three-nation network (trilateral
// sharing, seed 1), with the warnings issued then withdrawn, by reason, and each nation's first
// warning with its lead time before the impact of the missile it is about.
import { readFileSync } from 'node:fs';
import { BUNDLED_AGREEMENTS, BUNDLED_US_BASES } from '../src/bundled/index.js';
import { type Nation, parseRegistry, TRILATERAL } from '../src/domain/index.js';
import { EmbeddedNetwork, type SharingPolicy } from '../src/exercise/index.js';
import { generateSigningKeyPair } from '../src/link/index.js';
import { loadProtectedAreas } from '../src/node/areas.js';
import { type FlightPhase, PhaseTracker, type Warning, type WarningReason } from '../src/node/index.js';
import { DEFAULT_STALENESS } from '../src/node/track-life.js';
import type { Scenario, SimulationResult } from '../src/sim/index.js';
import { simulate } from '../src/sim/index.js';
import { MemoryAudit, MemoryInbox, MemoryOutbox } from '../src/testing/memory-ports.js';
import {
  ellipseContains,
  impactRegion,
  impactRegionContains,
  predictImpact,
  sweptRegionAreaM2,
} from '../src/track/index.js';
import { printTable } from './harness.js';
import { loadBundledScenario, measurementRows, trackWithTruth, truthAt } from './tracker-scenarios.js';

/** The bundled scenarios with missiles. */
export const MISSILE_SCENARIOS = [
  'korea-irbm-over-japan',
  'korea-irbm-missed-ack',
  'korea-lofted-icbm',
  'korea-srbm-salvo',
  'taiwan-strait-2022-08',
  'korea-kn23-depressed',
  'korea-hgv-glide',
] as const;

/** Bins of seconds before impact: [from, to). */
export const BINS: readonly [number, number][] = [
  [600, Number.POSITIVE_INFINITY],
  [300, 600],
  [120, 300],
  [0, 120],
];
const binName = ([a, b]: [number, number]) => (b === Number.POSITIVE_INFINITY ? `>${a} s` : `${a}-${b} s`);

/** A node's own tracks go stale after 20 s without a measurement (DEFAULT_STALENESS.ownMs). */
const STALE_AFTER_S = DEFAULT_STALENESS.ownMs / 1000;

export interface Options {
  json: boolean;
  seeds?: number;
}

interface Tally {
  n: number;
  inside: number;
  /** Predictions not made: no region (a heading not yet known), or no landing. */
  none: number;
}
const tally = (): Tally => ({ n: 0, inside: 0, none: 0 });

export interface ContainmentFigures {
  scenario: string;
  seeds: number;
  /** Per bin: the ellipse in every phase (before), the phase-aware region (now). */
  bins: {
    bin: string;
    before: Tally & { rate: number | null };
    now: Tally & { rate: number | null; boost: number };
  }[];
  /** The boost-phase regions (swept corridors): how many, their mean and largest area, km^2, and mean length, km. */
  swept: { n: number; meanAreaKm2: number | null; maxAreaKm2: number | null; meanLengthKm: number | null };
}

/**
 * Containment of the truth impact point by time before impact, over `seeds` seeds of `sc`. A
 * prediction not made (no region) is counted apart and not in the rate.
 */
export function containment(sc: Scenario, seeds: number): ContainmentFigures {
  const before = BINS.map(tally);
  const now = BINS.map(() => ({ ...tally(), boost: 0 }));
  const areasM2: number[] = [];
  const lengthsM: number[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const sim = simulate(sc, seed);
    for (const p of predictionsOf(sim, sc)) {
      const k = BINS.findIndex(([a, b]) => p.beforeImpactS >= a && p.beforeImpactS < b);
      if (k < 0) continue;
      const ip = predictImpact(p.tS, p.x, p.P);
      const bt = before[k]!;
      if (!ip) bt.none++;
      else {
        bt.n++;
        if (ellipseContains(ip, p.truth.latDeg, p.truth.lonDeg)) bt.inside++;
      }
      const nw = now[k]!;
      const r = impactRegion(p.tS, p.x, p.P, p.phase);
      if (!r) nw.none++;
      else {
        nw.n++;
        if (r.kind === 'swept') {
          nw.boost++;
          areasM2.push(sweptRegionAreaM2(r.region));
          lengthsM.push(r.region.stations.at(-1)!.alongM - r.region.stations[0]!.alongM);
        }
        if (impactRegionContains(r, p.truth.latDeg, p.truth.lonDeg)) nw.inside++;
      }
    }
  }
  const rate = (t: Tally) => (t.n > 0 ? Math.round((1000 * t.inside) / t.n) / 1000 : null);
  return {
    scenario: sc.name,
    seeds,
    bins: BINS.map((b, i) => ({
      bin: binName(b),
      before: { ...before[i]!, rate: rate(before[i]!) },
      now: { ...now[i]!, rate: rate(now[i]!) },
    })),
    swept: {
      n: areasM2.length,
      meanAreaKm2: mean(areasM2, 1e-6),
      maxAreaKm2: areasM2.length ? Math.round(Math.max(...areasM2) / 1e6) : null,
      meanLengthKm: mean(lengthsM, 1e-3),
    },
  };
}

function mean(xs: readonly number[], scale: number): number | null {
  return xs.length ? Math.round((scale * xs.reduce((a, b) => a + b, 0)) / xs.length) : null;
}

/** A track state every 10 s before each missile's impact, with the phase a node would give it then. */
export interface ImpactSample {
  target: string;
  beforeImpactS: number;
  tS: number;
  x: Float64Array;
  P: Float64Array;
  phase: FlightPhase;
  truth: { latDeg: number; lonDeg: number };
}

/**
 * The tracker over the scenario's measurements (all radars in one picture), paired with truth; per
 * target, its track's latest state (one a second, with the phase a node's energy test gives it,
 * fed in order as a node assesses each second) at every 10 s before impact.
 */
export function predictionsOf(sim: SimulationResult, sc: Scenario): ImpactSample[] {
  const rows = measurementRows(sim, sc);
  const phases = new PhaseTracker();
  const snaps = new Map<string, { tS: number; x: Float64Array; P: Float64Array; phase: FlightPhase }[]>();
  trackWithTruth(sim, rows, (p) => {
    let list = snaps.get(p.target);
    if (!list) {
      list = [];
      snaps.set(p.target, list);
    }
    const last = list.at(-1);
    if (last && p.tS - last.tS < 1) return;
    const phase = phases.phase(String(p.track.id), p.tS * 1000, p.track.x);
    list.push({ tS: p.tS, x: Float64Array.from(p.track.x), P: Float64Array.from(p.track.P), phase });
  });
  const out: ImpactSample[] = [];
  for (const f of sim.flights) {
    const list = snaps.get(f.id);
    const imp = f.solution.trajectory.impact;
    if (!list || !imp) continue;
    const impactTS = f.launchAfterS + imp.tS;
    for (let before = 10 * Math.floor((impactTS - list[0]!.tS) / 10); before >= 10; before -= 10) {
      const t = impactTS - before;
      let k = -1;
      for (let i = 0; i < list.length && list[i]!.tS <= t; i++) k = i;
      if (k < 0) continue;
      const s = list[k]!;
      // A node drops an own track not measured for its staleness (20 s): no prediction from it.
      if (t - s.tS > STALE_AFTER_S) continue;
      out.push({
        target: f.id,
        beforeImpactS: before,
        tS: s.tS,
        x: s.x,
        P: s.P,
        phase: s.phase,
        truth: { latDeg: imp.latDeg, lonDeg: imp.lonDeg },
      });
    }
  }
  return out;
}

export interface WarningFigures {
  scenario: string;
  issued: Record<WarningReason, number>;
  withdrawn: Record<WarningReason, number>;
  /** Each nation's first warning: its reason and area, when (s after the scenario start), and its lead before the impact of the missile it is about. */
  first: { nation: Nation; reason: WarningReason; area: string; issuedS: number; leadS: number | null }[];
  /** Each nation's first specific impact warning, likewise. */
  firstImpact: { nation: Nation; area: string; issuedS: number; leadS: number | null }[];
}

const REASONS: readonly WarningReason[] = ['impact', 'possible-impact', 'overflight', 'possible-overflight'];
const counts = () => Object.fromEntries(REASONS.map((r) => [r, 0])) as Record<WarningReason, number>;

/** The scenario through the embedded network (seed 1, bundled areas; trilateral sharing unless told): its warnings. */
export function warningFigures(sc: Scenario, policy: SharingPolicy = 'trilateral'): WarningFigures {
  const registry = parseRegistry(readFileSync(BUNDLED_AGREEMENTS, 'utf8'), BUNDLED_AGREEMENTS);
  const areas = loadProtectedAreas(BUNDLED_US_BASES);
  const about = new Map<string, string | null>();
  let net: EmbeddedNetwork | null = null;
  const truth = new Float64Array(6);
  // The missile a warning is about: the one in flight nearest its object when issued (within 50 km).
  const missileNear = (nation: Nation, w: Warning): string | null => {
    const obj = net!.nodes
      .get(nation)!
      .picture()
      .find((p) => p.id === w.trackId);
    if (!obj) return null;
    const tS = (w.issuedMs - sc.startMs) / 1000;
    let best: string | null = null;
    let bestM = 50_000;
    for (const f of net!.simulation.flights) {
      if (!truthAt(f, tS, truth)) continue;
      const d = Math.hypot(obj.x[0]! - truth[0]!, obj.x[1]! - truth[1]!, obj.x[2]! - truth[2]!);
      if (d < bestM) {
        bestM = d;
        best = f.id;
      }
    }
    return best;
  };
  net = new EmbeddedNetwork({
    scenario: sc,
    seed: 1,
    nations: TRILATERAL,
    keys: new Map(TRILATERAL.map((n) => [n, generateSigningKeyPair()])),
    openStore: () => ({
      outbox: new MemoryOutbox(),
      inbox: new MemoryInbox(),
      audit: new MemoryAudit(),
      close() {},
    }),
    registry: () => registry,
    policy,
    trackMarking: (n) => `//${n} SECRET//REL TO USA, JPN, KOR`,
    areas,
    onWarning: (nation, w) => about.set(`${nation}|${w.trackId}|${w.reason}`, missileNear(nation, w)),
  });
  net.runUntil(sc.startMs + sc.durationS * 1000);
  const impactS = new Map(net.simulation.flights.map((f) => [f.id, f.launchAfterS + f.flightTimeS]));
  const issued = counts();
  const withdrawn = counts();
  const first: WarningFigures['first'] = [];
  const firstImpact: WarningFigures['firstImpact'] = [];
  for (const [nation, node] of net.nodes) {
    const ws = node.warnings();
    for (const w of ws) {
      issued[w.reason]++;
      if (w.withdrawnMs !== undefined) withdrawn[w.reason]++;
    }
    const lead = (w: Warning) => {
      const m = about.get(`${nation}|${w.trackId}|${w.reason}`);
      const at = m ? impactS.get(m) : undefined;
      return at === undefined ? null : Math.round(at - (w.issuedMs - sc.startMs) / 1000);
    };
    const f = ws[0];
    if (f)
      first.push({
        nation,
        reason: f.reason,
        area: f.area,
        issuedS: (f.issuedMs - sc.startMs) / 1000,
        leadS: lead(f),
      });
    const fi = ws.find((w) => w.reason === 'impact');
    if (fi)
      firstImpact.push({
        nation,
        area: fi.area,
        issuedS: (fi.issuedMs - sc.startMs) / 1000,
        leadS: lead(fi),
      });
  }
  net.close();
  return { scenario: sc.name, issued, withdrawn, first, firstImpact };
}

export async function run(o: Options): Promise<Record<string, unknown>> {
  const seeds = o.seeds ?? 5;
  const contained: ContainmentFigures[] = [];
  const warned: WarningFigures[] = [];
  for (const name of MISSILE_SCENARIOS) {
    const sc = loadBundledScenario(name);
    contained.push(containment(sc, seeds));
    warned.push(warningFigures(sc));
  }
  const figures = { seeds, containment: contained, warnings: warned, target: { containment: 0.9 } };
  if (!o.json) print(figures);
  return figures;
}

function print(f: { seeds: number; containment: ContainmentFigures[]; warnings: WarningFigures[] }): void {
  const pct = (t: Tally & { rate: number | null }) =>
    t.rate === null ? '-' : `${(100 * t.rate).toFixed(0)} % of ${t.n}${t.none ? ` (+${t.none} none)` : ''}`;
  printTable(
    `95 % impact region containing the truth impact, by seconds before impact (seeds 1-${f.seeds}, a prediction every 10 s per missile): ellipse in every phase (before) | phase-aware region (now)`,
    [
      ['scenario', ...BINS.map(binName)],
      ...f.containment.flatMap((c) => [
        [`${c.scenario} before`, ...c.bins.map((b) => pct(b.before))],
        [`${c.scenario} now`, ...c.bins.map((b) => pct(b.now))],
      ]),
    ],
  );
  process.stdout.write(
    "  'none': no region (the object too slow over the ground for a heading, or no landing within the horizon); target >= 90 % in every bin.\n",
  );
  printTable('boost-phase swept regions (the predictions above made while the object may be under thrust)', [
    ['scenario', 'regions', 'mean area km2', 'largest km2', 'mean length km'],
    ...f.containment.map((c) => [
      c.scenario,
      String(c.swept.n),
      c.swept.meanAreaKm2?.toLocaleString('en-US') ?? '-',
      c.swept.maxAreaKm2?.toLocaleString('en-US') ?? '-',
      c.swept.meanLengthKm?.toLocaleString('en-US') ?? '-',
    ]),
  ]);
  printTable('warnings (embedded network, trilateral, seed 1): issued / withdrawn by reason', [
    ['scenario', ...REASONS],
    ...f.warnings.map((w) => [w.scenario, ...REASONS.map((r) => `${w.issued[r]} / ${w.withdrawn[r]}`)]),
  ]);
  printTable(
    "each nation's first warning and first impact warning: issued at T+ s (lead before that missile's impact, s)",
    [
      ['scenario', 'nation', 'first warning', 'first impact warning'],
      ...f.warnings.flatMap((w) =>
        TRILATERAL.map((n) => {
          const a = w.first.find((x) => x.nation === n);
          const b = w.firstImpact.find((x) => x.nation === n);
          return [
            w.scenario,
            n,
            a ? `${a.reason} of ${a.area} at ${a.issuedS.toFixed(0)} (${a.leadS ?? '-'})` : '-',
            b ? `${b.area} at ${b.issuedS.toFixed(0)} (${b.leadS ?? '-'})` : '-',
          ];
        }),
      ),
    ],
  );
}
