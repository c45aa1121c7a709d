// The bundled GSOMIA 2019 scenario and its HYPOTHETICAL lapse: the same launch, the same seed; in
// the branch Korea's notice of termination is not suspended, so the Japan–ROK GSOMIA terminates at
// the end of its annual term; from then Japan's and Korea's items reach each other only through the
// United States (TISA 2014), and the relay's review costs the nation that depended on the other's
// radars its lead time.

import { describe, expect, it } from 'vitest';
import { BUNDLED_US_BASES } from '../../src/bundled/index.js';
import { type Nation, statusAt } from '../../src/domain/index.js';
import { type ExerciseRun, exerciseTimeBase, runExercise } from '../../src/exercise/exercise.js';
import { DEFAULT_DELAYS, loadScenario, nodeTrackMarking } from '../../src/exercise/index.js';
import { generateSigningKeyPair, type InboxPort } from '../../src/link/index.js';
import { loadProtectedAreas } from '../../src/node/index.js';
import { branchRegistry } from '../../src/sim/index.js';
import { openStore } from '../../src/store/index.js';
import { bundledRegistry } from '../domain/fixtures.js';

const GSOMIA = 'jpn-kor-gsomia-2016';

/** One item a node accepted: from which hop, whose, on what topic, when (ms). */
interface Arrival {
  receiver: Nation;
  sender: Nation;
  originator: Nation;
  topic: string;
  receivedMs: number;
}

function run(name: string): { run: ExerciseRun; arrivals: Arrival[]; lapseMs: number } {
  const scenario = loadScenario(name);
  const nations = scenario.nations;
  const registry = bundledRegistry();
  const arrivals: Arrival[] = [];
  const result = runExercise({
    scenario,
    seed: 1,
    policy: 'trilateral',
    nations,
    keys: new Map(nations.map((n) => [n, generateSigningKeyPair()])),
    registry: () => registry,
    openStore: (receiver) => {
      const store = openStore(':memory:');
      const inbox = store.inbox;
      // Records each accepted item's hop, then lets the store decide as it would.
      const recording: InboxPort = {
        accept(id, e) {
          const r = inbox.accept(id, e);
          if (r === 'new') arrivals.push({ receiver, ...e });
          return r;
        },
      };
      return { ...store, inbox: recording, close: () => store.close() };
    },
    trackMarking: (n) => nodeTrackMarking(n, nations),
    areas: loadProtectedAreas(BUNDLED_US_BASES),
  });
  // 2019-11-23 00:00 KST: the end of the annual term the 2019-08-23 notice reached.
  return { run: result, arrivals, lapseMs: Date.parse('2019-11-23T00:00:00+09:00') };
}

/** Items between Japan and Korea (either way) on the operational topics, not the diplomatic channel. */
const between = (a: Arrival) =>
  a.topic !== 'governance' &&
  ((a.receiver === 'JPN' && a.originator === 'KOR') || (a.receiver === 'KOR' && a.originator === 'JPN'));

describe('gsomia-2019 and its HYPOTHETICAL lapse', () => {
  const history = run('gsomia-2019');
  const lapse = run('gsomia-2019-lapse');

  it("the branch's past leaves out the notice's suspension: the agreement terminates at 2019-11-23 00:00 KST, and history keeps it", () => {
    const s = loadScenario('gsomia-2019-lapse');
    expect(s.hypothetical?.label).toMatch(/^HYPOTHETICAL/);
    // No act in the run: the branch's past is another, not an act its nations make.
    expect(s.governance ?? []).toEqual([]);
    expect(Date.parse(exerciseTimeBase(s).at)).toBeGreaterThan(lapse.lapseMs);
    const branch = branchRegistry(bundledRegistry(), s).agreement(GSOMIA)!;
    expect(statusAt(branch, lapse.lapseMs - 1).state).toBe('in-force-notice-pending');
    expect(statusAt(branch, lapse.lapseMs)).toMatchObject({ state: 'terminated', inForce: false });
    expect(statusAt(branch, Date.parse('2024-01-01')).state).toBe('terminated');
    const kept = branchRegistry(bundledRegistry(), loadScenario('gsomia-2019')).agreement(GSOMIA)!;
    expect(statusAt(kept, lapse.lapseMs).state).toBe('in-force');
    expect(loadScenario('gsomia-2019').governance ?? []).toEqual([]);
  });

  it('as history had it, Japan and Korea share directly', () => {
    const direct = history.arrivals.filter(between);
    expect(direct.length).toBeGreaterThan(0);
    expect(direct.every((a) => a.sender === a.originator)).toBe(true);
  });

  it('after the lapse, their items reach each other only through the United States', () => {
    const after = lapse.arrivals.filter((a) => between(a) && a.receivedMs >= lapse.lapseMs);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((a) => a.sender === 'USA')).toBe(true);
    // Both ways, and missile warnings among them.
    expect(new Set(after.map((a) => a.receiver))).toEqual(new Set(['JPN', 'KOR']));
    expect(after.some((a) => a.topic === 'missile-warning')).toBe(true);
  });

  it('costs Japan the relay review in awareness and lead time; Korea, warned by its own radars, nothing', () => {
    const h = history.run.missiles[0]!.nations;
    const l = lapse.run.missiles[0]!.nations;
    const review = DEFAULT_DELAYS.relayReviewMs / 1000;
    // Japan learns of the launch from Korea's radars first: through the USA it learns a review later.
    const jpnLate = l.JPN!.firstAwarenessS! - h.JPN!.firstAwarenessS!;
    expect(jpnLate).toBeGreaterThanOrEqual(review);
    expect(jpnLate).toBeLessThan(review + 5);
    expect(h.JPN!.leadTimeS! - l.JPN!.leadTimeS!).toBeGreaterThanOrEqual(review);
    // Korea's own radars see it first: the lapse changes nothing of Korea's first awareness or warning.
    expect(l.KOR!.firstAwarenessS).toBe(h.KOR!.firstAwarenessS);
    expect(l.KOR!.firstWarningS).toBe(h.KOR!.firstWarningS);
  });
});
