// `concord bench releasability`: decisions per second, uncached and cached, against the test oracle
// (a deliberately simple implementation) as the peer measured in the same run; with --check, the
// differential test of decide() against that oracle on random registries and requests.
import { readFileSync } from 'node:fs';
import { BUNDLED_AGREEMENTS } from '../src/bundled/index.js';
import {
  type CompiledRegistry,
  cachedDecider,
  type DecisionRequest,
  decide,
  type Marking,
  type Nation,
  parseRegistry,
  schemeOf,
  TOPIC_NAMES,
} from '../src/domain/index.js';
import { printTable, rng, timeLoop } from './harness.js';

export interface Options {
  json: boolean;
  check: boolean;
  cases?: number;
}

/** A reproducible workload over the bundled registry: the kinds of questions a node asks. */
export function workload(n: number, seed = 1): DecisionRequest[] {
  const r = rng(seed);
  const nations: Nation[] = ['USA', 'JPN', 'KOR', 'AUS', 'IND'];
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const markings: Marking[] = [];
  for (const originator of nations) {
    for (const level of schemeOf(originator).levels) {
      markings.push({
        originator,
        level: level.id,
        relTo: ['USA', 'JPN', 'KOR'].includes(originator)
          ? ['USA', 'JPN', 'KOR']
          : ['USA', 'AUS', 'IND', 'JPN'],
        noforn: false,
        orcon: false,
      });
    }
  }
  const from = Date.UTC(2010, 0, 1);
  const to = Date.UTC(2026, 11, 31);
  const out: DecisionRequest[] = [];
  for (let i = 0; i < n; i++) {
    const marking = pick(markings);
    const recipient = pick(nations);
    const via = r() < 0.2 ? pick(nations) : undefined;
    out.push({
      marking,
      recipient,
      topic: pick(TOPIC_NAMES),
      atMs: from + Math.floor(r() * ((to - from) / 86_400_000)) * 86_400_000,
      ...(via && via !== recipient && via !== marking.originator ? { via } : {}),
      ...(r() < 0.5 ? { concerning: 'PRK' as Nation } : {}),
    });
  }
  return out;
}

export async function run(o: Options): Promise<Record<string, unknown>> {
  const reg = parseRegistry(readFileSync(BUNDLED_AGREEMENTS, 'utf8'), BUNDLED_AGREEMENTS);
  const requests = workload(20_000);
  const { oracleDecide } = await import('../src/testing/oracle.js');

  let allowed = 0;
  const uncached = timeLoop(requests, (q) => {
    if (decide(q, reg).allow) allowed++;
  });
  const cache = cachedDecider(reg);
  for (const q of requests) cache.decide(q);
  const cached = timeLoop(requests, (q) => {
    cache.decide(q);
  });
  const oracle = timeLoop(requests, (q) => {
    oracleDecide(q, reg);
  });

  const figures: Record<string, unknown> = {
    uncachedPerS: Math.round(uncached.perS),
    cachedPerS: Math.round(cached.perS),
    oraclePerS: Math.round(oracle.perS),
    uncachedVsOracle: round2(uncached.perS / oracle.perS),
    cachedVsUncached: round2(cached.perS / uncached.perS),
    cacheHitRate: round2(cache.hits / (cache.hits + cache.misses)),
    allowShare: round2(allowed / uncached.calls),
    targets: { uncachedPerS: 200_000, cachedPerS: 2_000_000 },
  };
  if (o.check) figures.check = await differentialCheck(o.cases ?? 1_000_000);

  if (!o.json) {
    printTable('releasability decisions (bundled registry, 20,000-request workload, one core)', [
      ['', 'decisions/s', 'target', 'vs peer'],
      [
        'decide (uncached)',
        fmt(uncached.perS),
        '>= 200,000',
        `${round2(uncached.perS / oracle.perS)}x oracle`,
      ],
      [
        'decide (cached)',
        fmt(cached.perS),
        '>= 2,000,000',
        `${round2(cached.perS / uncached.perS)}x uncached`,
      ],
      ['peer: test oracle', fmt(oracle.perS), '', '1x'],
    ]);
    process.stdout.write(`cache hit rate ${figures.cacheHitRate}; share allowed ${figures.allowShare}\n`);
    if (figures.check) process.stdout.write(`differential check: ${JSON.stringify(figures.check)}\n`);
  }
  if (o.check && (figures.check as { disagreements: number }).disagreements > 0) process.exitCode = 1;
  return figures;
}

/** decide() and the oracle on `cases` random (registry, request) pairs: 1,000 requests per registry. */
async function differentialCheck(cases: number) {
  const fc = (await import('fast-check')).default;
  const { registryArb, requestArb } = await import('../src/testing/arbitraries.js');
  const { oracleDecide } = await import('../src/testing/oracle.js');
  const perRegistry = Math.min(1_000, cases);
  const registries: CompiledRegistry[] = fc.sample(registryArb, {
    numRuns: Math.ceil(cases / perRegistry),
    seed: 42,
  });
  const requests: DecisionRequest[] = fc.sample(requestArb, { numRuns: perRegistry, seed: 7 });
  let checked = 0;
  let disagreements = 0;
  let firstDisagreement: unknown = null;
  let allowed = 0;
  const started = performance.now();
  for (const reg of registries) {
    for (const q of requests) {
      if (checked >= cases) break;
      const a = decide(q, reg);
      const b = oracleDecide(q, reg);
      checked++;
      if (a.allow) allowed++;
      if (a.allow !== b.allow || a.levelAtRecipient !== b.levelAtRecipient) {
        disagreements++;
        firstDisagreement ??= { request: q, decide: a, oracle: b, agreements: reg.agreements };
      }
    }
  }
  return {
    cases: checked,
    disagreements,
    allowed,
    seconds: round2((performance.now() - started) / 1000),
    firstDisagreement,
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
