// `concord bench dst [--seeds N]`: the deterministic simulation of the link over many seeds, each
// seed twice: three honest nodes, then one of them (chosen by the seed) Byzantine (the test suite
// runs 200 of each, shorter). Prints each failing seed, which replays exactly with the same seed.
import { readFileSync } from 'node:fs';
import { BUNDLED_AGREEMENTS, BUNDLED_US_BASES, SENSOR_SITES, scenarioPath } from '../src/bundled/index.js';
import { type Nation, parseRegistry, TRILATERAL } from '../src/domain/index.js';
import { generateSigningKeyPair } from '../src/link/index.js';
import { loadProtectedAreas } from '../src/node/index.js';
import { parseScenario, parseSensorSites, simulate } from '../src/sim/index.js';
import { PAYLOAD_ATTACKS } from '../src/testing/byzantine-payloads.js';
import { type NodeStore, runDst } from '../src/testing/dst.js';
import { runGovernanceDst } from '../src/testing/governance-dst.js';
import { MemoryAudit, MemoryInbox, MemoryOutbox } from '../src/testing/memory-ports.js';
import { runPartnerCut } from '../src/testing/partner-cut.js';
import { runPayloadDst } from '../src/testing/payload-dst.js';

export interface Options {
  json: boolean;
  seeds?: number;
  cut?: boolean;
  rate?: number;
  cutMinutes?: number;
  payloads?: boolean;
  light?: boolean;
  governance?: boolean;
}

export async function run(o: Options): Promise<Record<string, unknown>> {
  const agreementsText = readFileSync(BUNDLED_AGREEMENTS, 'utf8');
  if (o.cut) return cut(o, agreementsText);
  if (o.payloads) return payloads(o, agreementsText);
  if (o.governance) return governance(o, agreementsText);
  const seeds = o.seeds ?? 1_000;
  const honest = sweep(seeds, agreementsText, false);
  const byzantine = sweep(seeds, agreementsText, true);
  if (!o.json) {
    for (const [label, f] of [
      ['three honest nodes', honest],
      ['one Byzantine node', byzantine],
    ] as const) {
      const attacks = Object.entries(f.attacksDelivered)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ');
      process.stdout.write(
        `deterministic simulation, ${label}: ${seeds} seeds, ${f.delivered} deliveries, ${f.crashes} crashes, ${f.partitions} partitions${attacks ? `, hostile messages delivered: ${attacks}` : ''}, ${f.seconds} s\n`,
      );
      for (const x of f.failing)
        process.stdout.write(`  FAIL seed ${x.seed} (${x.policy}): ${x.violations.join('; ')}\n`);
      if (f.failures === 0) process.stdout.write('  every invariant held on every seed\n');
    }
  }
  if (honest.failures > 0 || byzantine.failures > 0) process.exitCode = 1;
  return { seeds, honest, byzantine };
}

function sweep(seeds: number, agreementsText: string, byzantine: boolean) {
  const failing: { seed: number; policy: string; violations: string[] }[] = [];
  const attacksDelivered: Record<string, number> = {};
  let delivered = 0;
  let crashes = 0;
  let partitions = 0;
  const started = performance.now();
  for (let seed = 1; seed <= seeds; seed++) {
    // Stores that survive a node's crash, as a disk would.
    const stores = new Map<Nation, Omit<NodeStore, 'close'>>();
    const openStore = (nation: Nation): NodeStore => {
      const s = stores.get(nation) ?? {
        outbox: new MemoryOutbox(),
        inbox: new MemoryInbox(),
        audit: new MemoryAudit(),
      };
      stores.set(nation, s);
      return { ...s, close: () => {} };
    };
    const r = runDst({ seed, openStore, agreementsText, itemsPerNode: 20, durationMs: 60_000, byzantine });
    delivered += r.delivered;
    crashes += r.crashes;
    partitions += r.partitions;
    for (const [k, n] of Object.entries(r.attacksDelivered))
      attacksDelivered[k] = (attacksDelivered[k] ?? 0) + n;
    if (r.violations.length > 0)
      failing.push({
        seed,
        policy: `${r.policy}${r.byzantine ? `, ${r.byzantine} hostile` : ''}`,
        violations: r.violations.slice(0, 5),
      });
  }
  return {
    failures: failing.length,
    delivered,
    crashes,
    partitions,
    attacksDelivered,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    failing,
  };
}

/**
 * `concord bench dst --cut`: Japan cut off from Korea for 10 virtual minutes while Korea publishes
 * 1,000 items/s to Japan and the US, on in-memory SQLite stores with Ed25519 (the test runs the
 * same at 10 items/s).
 */
function cut(o: Options, agreementsText: string): Record<string, unknown> {
  const itemsPerS = o.rate ?? 1_000;
  const cutMs = (o.cutMinutes ?? 10) * 60_000;
  const r = runPartnerCut({ seed: 1, agreementsText, itemsPerS, cutMs });
  const figures = { itemsPerS, cutMs, ...r, wallS: Math.round(r.wallMs / 100) / 10 };
  if (!o.json) {
    const say = (s: string) => process.stdout.write(`${s}\n`);
    say(`partner cut: JPN cut off from KOR for ${cutMs / 60_000} virtual min at ${itemsPerS} items/s`);
    say(`  published ${r.published} (refused ${r.refused}), queued for JPN at the heal ${r.queuedAtHeal}`);
    say(
      `  US behind at the heal: ${r.usaBehindAtHeal}; retries into the cut ${r.retriesDuringCut}, outbox scans ${r.scansDuringCut}`,
    );
    say(
      `  JPN caught up ${r.catchUpMs === null ? 'never' : `${(r.catchUpMs / 1000).toFixed(1)} s`} after the heal; received JPN ${r.received.JPN}, USA ${r.received.USA}`,
    );
    const kor = r.korRateAtJapan;
    if (kor !== null)
      say(
        `  KOR's rate at JPN (the link's default limit): peak ${kor.peakItemsPerS} items/s, ${kor.heldMessages} messages held back, ${kor.refusedMessages} refused (they came again)`,
      );
    say(
      `  ${r.violations.length === 0 ? 'nothing lost, duplicated or out of order' : `FAIL: ${r.violations.join('; ')}`}; ${figures.wallS} s`,
    );
  }
  if (r.violations.length > 0 || r.refused > 0 || r.catchUpMs === null) process.exitCode = 1;
  return figures;
}

/**
 * `concord bench dst --payloads [--seeds N] [--light]`: the Byzantine partner at the node level
 * (src/testing/payload-dst.ts) over N seeds (default 1,000), each run with and without the hostile
 * traffic on the bundled IRBM scenario, on the full honest load (the nodes as deployed) or with
 * `--light` on the test suite's (which runs seeds 1-50 of it). Prints each failing seed.
 */
function payloads(o: Options, agreementsText: string): Record<string, unknown> {
  const seeds = o.seeds ?? 1_000;
  const load = o.light ? 'light' : 'full';
  const sites = parseSensorSites(readFileSync(SENSOR_SITES, 'utf8'), SENSOR_SITES);
  const file = scenarioPath('korea-irbm-over-japan');
  const scenario = parseScenario(readFileSync(file, 'utf8'), file, sites);
  const setup = {
    scenario,
    simulation: simulate(scenario, 1),
    areas: loadProtectedAreas(BUNDLED_US_BASES),
    registry: parseRegistry(agreementsText, BUNDLED_AGREEMENTS),
    keys: new Map(TRILATERAL.map((n) => [n, generateSigningKeyPair()])),
  };
  const started = performance.now();
  const failing: { seed: number; hostile: Nation; violations: string[] }[] = [];
  const sent: Record<string, number> = {};
  const hostile: Record<string, number> = {};
  let escalated = 0;
  let agreed = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const r = runPayloadDst({ ...setup, seed, load });
    for (const [k, n] of Object.entries(r.sent)) sent[k] = (sent[k] ?? 0) + n;
    hostile[r.hostile] = (hostile[r.hostile] ?? 0) + 1;
    if (r.escalations > 0) escalated++;
    if (r.agreed) agreed++;
    if (r.violations.length > 0) {
      failing.push({ seed, hostile: r.hostile, violations: r.violations.slice(0, 5) });
      if (!o.json)
        process.stdout.write(
          `  FAIL seed ${seed} (${r.hostile} hostile): ${r.violations.slice(0, 5).join('; ')}\n`,
        );
    }
  }
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  const attacks = PAYLOAD_ATTACKS.reduce((n, a) => n + (sent[a.kind] ?? 0), 0);
  if (!o.json) {
    process.stdout.write(
      `deterministic simulation, one Byzantine node sending hostile payloads, ${load} honest load: ${seeds} seeds (hostile ${Object.entries(
        hostile,
      )
        .map(([n, k]) => `${n} ${k}`)
        .join(
          ', ',
        )}), ${attacks} hostile items sent (${PAYLOAD_ATTACKS.length} kinds), ${escalated} consultations escalated, ${agreed} agreed, ${seconds} s (${Math.round((seconds * 1000) / seeds)} ms a seed)\n`,
    );
    if (failing.length === 0)
      process.stdout.write(
        '  every hostile item refused and audited once, no fault, the honest outcome as without them\n',
      );
  }
  if (failing.length > 0) process.exitCode = 1;
  return { seeds, load, failures: failing.length, sent, hostile, escalated, agreed, seconds, failing };
}

/**
 * `concord bench dst --governance [--seeds N]`: governance at run time over N seeds (default 200):
 * three nodes on SQLite stores that crash and restart, random acts and probe items on a faulty
 * network (src/testing/governance-dst.ts; the test suite runs three seeds). Prints each failing seed.
 */
function governance(o: Options, agreementsText: string): Record<string, unknown> {
  const seeds = o.seeds ?? 200;
  const sites = parseSensorSites(readFileSync(SENSOR_SITES, 'utf8'), SENSOR_SITES);
  const file = scenarioPath('korea-irbm-over-japan');
  const scenario = parseScenario(readFileSync(file, 'utf8'), file, sites);
  const registry = parseRegistry(agreementsText, BUNDLED_AGREEMENTS);
  const keys = new Map(TRILATERAL.map((n) => [n, generateSigningKeyPair()]));
  const started = performance.now();
  const failing: { seed: number; violations: readonly string[] }[] = [];
  const sum = { taken: 0, refusedAtOnce: 0, crashes: 0, partitions: 0, probes: 0, crossings: 0, owed: 0 };
  for (let seed = 1; seed <= seeds; seed++) {
    const r = runGovernanceDst({ seed, scenario, registry, keys });
    for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += r[k];
    if (r.violations.length > 0) {
      failing.push({ seed, violations: r.violations.slice(0, 5) });
      if (!o.json) process.stdout.write(`  FAIL seed ${seed}: ${r.violations.slice(0, 5).join('; ')}\n`);
    }
  }
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  if (!o.json) {
    process.stdout.write(
      `deterministic simulation of governance: ${seeds} seeds, ${sum.taken} acts taken (${sum.refusedAtOnce} refused at once), ${sum.crashes} crashes, ${sum.partitions} partitions, ${sum.probes} probes, ${sum.crossings} landed, ${sum.owed} owed, ${seconds} s\n`,
    );
    if (failing.length === 0)
      process.stdout.write(
        '  every party folded the same, every act reached every party, no probe crossed a forbidding act, none was lost\n',
      );
  }
  if (failing.length > 0) process.exitCode = 1;
  return { seeds, ...sum, failures: failing.length, seconds, failing };
}
