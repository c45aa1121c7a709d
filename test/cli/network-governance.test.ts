// Governance in the distributed mode: `concord network up` (one nats-server and one `concord node`
// process per nation), as an operator runs it. The 2019 GSOMIA episode in both worlds: the lapse
// read the same by both parties' nodes at its instant, Japan–Korea items then only through the US; as history had it, directly,
// in a run that also shows a trigger Korea's node sends to the convener its rule names. (A registry
// edit approved across nodes is shown in network.test.ts's drill run: the registry's topic is carried
// from 2023 on.) Each run is stopped as soon as it has shown what it is for; the scenarios run at
// 50x, the launch 12 s after the start.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadScenario } from '../../src/exercise/index.js';
import { runInBackground, stop } from './run.js';

const ROOT = join(import.meta.dirname, '..', '..');
const NATIONS = ['USA', 'JPN', 'KOR'] as const;
type N = (typeof NATIONS)[number];
const GSOMIA = 'jpn-kor-gsomia-2016';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` every 250 ms until it returns a value, or fails after `timeoutMs` naming `what`. */
async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

/** The fields of the API's answers these tests read. */
interface Act {
  id: string;
  author: string;
  target: string;
  at: string;
}
interface Answer {
  acts: Act[];
  agreements: { id: string; inForce: boolean; acts: Act[] }[];
  consultations: {
    convener: string;
    level: string;
    participants: string[];
    trigger: { id?: string } | null;
  }[];
}

interface Network {
  out(): string;
  dir: string;
  /** GET on `nation`'s API with its operator's token. */
  api(nation: N, path: string): Promise<{ status: number; body: Partial<Answer> }>;
}

/**
 * Runs `concord network up --scenario SCENARIO --speed SPEED` in a fresh data directory until
 * `check` returns, then stops it (SIGTERM) and expects a clean exit with nothing faulted.
 */
async function withNetworkUp(
  scenario: string,
  speed: number,
  check: (net: Network) => Promise<void>,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'concord-network-gov-'));
  const basePort = 20_000 + Math.floor(Math.random() * 30_000);
  const p = runInBackground([
    'network',
    'up',
    '--scenario',
    scenario,
    '--speed',
    String(speed),
    '--data-dir',
    dir,
    '--base-port',
    String(basePort),
  ]);
  try {
    await waitFor(
      'the scenario to start',
      async () => (p.out().includes('scenario starts at') ? true : undefined),
      90_000,
    );
    const token = (nation: N) =>
      Object.keys(
        (parse(readFileSync(join(dir, `${nation}.yaml`), 'utf8')) as { api: { tokens: object } }).api.tokens,
      )[0]!;
    await check({
      out: p.out,
      dir,
      async api(nation, path) {
        const r = await fetch(
          `http://127.0.0.1:${basePort + NATIONS.indexOf(nation) + 1}/api/${nation}${path}`,
          {
            headers: { authorization: `Bearer ${token(nation)}` },
          },
        );
        return { status: r.status, body: (await r.json()) as Partial<Answer> };
      },
    });
  } catch (err) {
    throw new Error(`${(err as Error).message}; output:\n${p.out()}`);
  } finally {
    const exited = new Promise<number | null>((resolve) => p.child.once('exit', (code) => resolve(code)));
    await stop(p);
    expect(await exited.catch(() => p.child.exitCode)).toBe(0);
  }
  // Nothing faulted, stopping included (a scan or timer run on a closed store would).
  expect(p.out()).not.toMatch(/a fault in \S+ was caught/);
}

/** One item a node's link accepted, read from its store: the hop it came from, whose, on what topic, when. */
interface Arrival {
  receiver: N;
  sender: string;
  originator: string;
  topic: string;
  receivedMs: number;
}

function arrivals(dir: string): Arrival[] {
  return NATIONS.flatMap((receiver) => {
    const db = new Database(join(dir, `${receiver}.sqlite`), { readonly: true });
    try {
      const rows = db
        .prepare('SELECT sender, originator, topic, received_ms AS receivedMs FROM inbox')
        .all() as Omit<Arrival, 'receiver'>[];
      return rows.map((r) => ({ receiver, ...r }));
    } finally {
      db.close();
    }
  });
}

/** Japan–Korea items (either way) on the operational topics, not the diplomatic channel. */
const betweenJapanKorea = (a: Arrival) =>
  a.topic !== 'governance' &&
  ((a.receiver === 'JPN' && a.originator === 'KOR') || (a.receiver === 'KOR' && a.originator === 'JPN'));

/** The stores' arrivals once `ok` holds of them (read while the nodes run: SQLite in WAL mode). */
function arrivalsWhen(net: Network, what: string, ok: (all: Arrival[]) => boolean): Promise<Arrival[]> {
  return waitFor(
    what,
    async () => {
      const all = arrivals(net.dir);
      return ok(all) ? all : undefined;
    },
    120_000,
  );
}

/** The GSOMIA scenario as history had it, with an armed attack in a Taiwan contingency reported to Korea's node. */
function historyWithKoreanIncident(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'concord-gsomia-incident-')), 'gsomia-2019-incident.yaml');
  const scenario = parse(readFileSync(join(ROOT, 'scenarios', 'gsomia-2019.yaml'), 'utf8')) as Record<
    string,
    unknown
  >;
  const incident = {
    id: 'taiwan-armed-attack-kor',
    atS: 60,
    kind: 'armed-attack',
    nation: 'KOR',
    contingency: 'taiwan-strait',
    description: 'Test inject: an armed attack in a Taiwan contingency is reported to the Korean node.',
    assumption: true,
  };
  writeFileSync(file, stringify({ ...scenario, incidents: [incident] }));
  return file;
}

describe('governance under `concord network up` (real nats-servers, one process per nation)', () => {
  it("gsomia-2019-lapse: the unsuspended notice ends the GSOMIA at its instant on both parties' nodes; Japan–Korea items then cross only through the US, which carries those about North Korea", async () => {
    const scenario = loadScenario('gsomia-2019-lapse');
    // The branch's past leaves out Korea's suspension: the 2019-08-23 notice takes effect at the end
    // of the annual term, 2019-11-23 00:00 KST, which no act in the run makes.
    expect(scenario.governance ?? []).toEqual([]);
    const lapseMs = Date.parse('2019-11-23T00:00:00+09:00');
    const launchMs = scenario.startMs + Math.min(...scenario.missiles.map((m) => m.launchAfterS)) * 1000;
    expect(lapseMs).toBeGreaterThan(scenario.startMs);
    expect(lapseMs).toBeLessThan(launchMs);
    let all: Arrival[] = [];
    await withNetworkUp('gsomia-2019-lapse', 50, async (net) => {
      // Both parties' nodes read the agreement in force just before the instant, and not after it.
      const before = new Date(lapseMs - 1).toISOString();
      const after = new Date(lapseMs).toISOString();
      for (const n of ['JPN', 'KOR'] as const) {
        const at = async (iso: string) =>
          (await waitFor(
            `${n}'s agreements at ${iso}`,
            async () =>
              (await net.api(n, `/agreements?at=${iso}`)).body.agreements?.find((a) => a.id === GSOMIA),
            30_000,
          )) as { inForce: boolean };
        expect((await at(before)).inForce, `${n} before the lapse`).toBe(true);
        expect((await at(after)).inForce, `${n} at the lapse`).toBe(false);
      }
      // The launch (T+600 s) tracked and shared: the US route carries the missile-warning items
      // about it, both ways (Japan's own track comes later than Korea's, and waits for the relay).
      const viaUs = (a: Arrival) =>
        betweenJapanKorea(a) && a.sender === 'USA' && a.topic === 'missile-warning';
      all = await arrivalsWhen(net, 'Japan–Korea items through the US, both ways', (xs) =>
        (['JPN', 'KOR'] as const).every((n) => xs.some((a) => viaUs(a) && a.receiver === n)),
      );
    });
    const jk = all.filter(betweenJapanKorea);
    // Nothing direct between them after the lapse, and only through the US.
    expect(jk.filter((a) => a.receivedMs >= lapseMs && a.sender === a.originator)).toEqual([]);
    expect(jk.filter((a) => a.receivedMs >= lapseMs).length).toBeGreaterThan(0);
  }, 200_000);

  it("gsomia-2019, as history had it: Japan and Korea share directly; Korea's node sends a trigger to the convener its rule names, whose node convenes", async () => {
    let all: Arrival[] = [];
    await withNetworkUp(historyWithKoreanIncident(), 50, async (net) => {
      const gsomia = await waitFor(
        "Japan's API",
        async () => (await net.api('JPN', '/agreements')).body.agreements?.find((a) => a.id === GSOMIA),
        30_000,
      );
      expect(gsomia.inForce).toBe(true);
      // §4(a): the incident is Korea's; the rule (taiwan-contingency-armed-attack) names the US as
      // convener; Korea's node sends it the trigger and the US node convenes the three.
      await waitFor(
        "the US node's consultation",
        async () =>
          /T\+[\d.]+s USA: CONSULTATION convened at leaders with USA, JPN, KOR: "Armed attack, Taiwan Strait contingency \(taiwan-armed-attack-kor\)"/.test(
            net.out(),
          )
            ? true
            : undefined,
        60_000,
      );
      expect(net.out()).not.toMatch(/(JPN|KOR): CONSULTATION convened at leaders/);
      for (const n of ['JPN', 'KOR'] as const) {
        const seen = await waitFor(
          `the consultation at ${n}'s node`,
          async () => {
            const held = (await net.api(n, '/consultations')).body.consultations ?? [];
            return held.find((c) => c.trigger?.id === 'taiwan-armed-attack-kor');
          },
          30_000,
        );
        expect(seen, n).toMatchObject({
          convener: 'USA',
          level: 'leaders',
          participants: ['USA', 'JPN', 'KOR'],
        });
      }
      // The launch tracked and shared: Japan's and Korea's items reach each other.
      const direct = (a: Arrival) => betweenJapanKorea(a) && a.topic === 'missile-warning';
      all = await arrivalsWhen(net, 'Japan–Korea missile-warning items, both ways', (xs) =>
        (['JPN', 'KOR'] as const).every((n) => xs.some((a) => direct(a) && a.receiver === n)),
      );
    });
    // Directly: the GSOMIA in force, nothing went through the US.
    const jk = all.filter((a) => betweenJapanKorea(a) && a.topic === 'missile-warning');
    expect(jk.filter((a) => a.sender !== a.originator)).toEqual([]);
  }, 200_000);
});
