import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { buildApi, DEFAULT_HEARTBEAT_MS, type ReplayActionInput } from '../../api/index.js';
import {
  BUNDLED_US_BASES,
  bundledScenarios,
  CONSOLE_DIR,
  loadMaritimeInputs,
  readText,
  scenarioPath,
  shipsByNation,
} from '../../bundled/index.js';
import {
  DAY_MS,
  formatInstant,
  InputError,
  type Nation,
  sharingMatrix,
  TRILATERAL,
} from '../../domain/index.js';
import {
  EmbeddedNetwork,
  loadScenario,
  nodeTrackMarking,
  Replay,
  type ReplayRun,
  type ReplayScenario,
  replayRun,
  type SharingPolicy,
} from '../../exercise/index.js';
import { exportZones } from '../../interop/index.js';
import {
  closeUpFile,
  exportKeyPairPem,
  generateSigningKeyPair,
  importPrivateKeyPem,
  importPublicKeyPem,
  makePrivateDir,
  type SigningKeyPair,
  writeSecretFile,
} from '../../link/index.js';
import {
  BUILD_CONSOLE_HINT,
  keepStoreBounded,
  loadProtectedAreas,
  NODE_FRESHNESS_MS,
  NODE_PRUNE_EVERY_MS,
  registerConsole,
  type Warning,
  type WithdrawalCause,
} from '../../node/index.js';
import { branchRegistry, simulate } from '../../sim/index.js';
import { openStore, type Store } from '../../store/index.js';
import { aisOption, checkFeedsApart, collect, startAisFeeds } from '../ais-feeds.js';
import {
  describeConsultEvent,
  describeIncident,
  describeMaritimeEvent,
  describeWatchRefusal,
  loadConsultData,
} from '../consult-data.js';
import { loadRegistry } from '../io.js';
import { bundledMapZones } from '../map-zones.js';
import { SHARING_LEGEND, sharingTable } from '../sharing-table.js';
import { UsageError } from '../usage.js';
import { BUNDLED_COMMITMENTS, loadCommitments } from './commitments.js';

interface Options {
  scenario: string;
  speed: string;
  port: string;
  seed: string;
  dataDir: string;
  policy: string;
  exitAtEnd: boolean;
  printAdmin: boolean;
  ais: string[];
  contacts: string[];
  cot: string[];
  heartbeatMs: string;
}

/**
 * The default speed: the default scenario's first launch is 120 s after its start, so at 4x a
 * newcomer sees it 30 s after the network is up, and the whole 25-minute scenario in about 6.
 */
export const DEFAULT_SPEED = 4;

export function registerStart(program: Command): void {
  program
    .command('start')
    .description(
      "run the embedded network on a scenario, with the API: one node per nation the scenario's `nations:` names (USA, JPN, KOR unless it names others)",
    )
    .option('--scenario <name>', 'bundled scenario name or YAML file', 'korea-irbm-over-japan')
    .option('--speed <x>', 'scenario seconds per wall-clock second', String(DEFAULT_SPEED))
    .option('--port <p>', 'HTTP port of the API (0: any free port)', '7400')
    .option('--seed <n>', 'random seed of the simulated sensors', '1')
    .option(
      '--data-dir <dir>',
      'where the nodes keep their SQLite stores, keys and operator tokens',
      '.concord',
    )
    .option(
      '--policy <policy>',
      'sharing policy: trilateral, us-hub (JPN<->KOR through the US) or none',
      'trilateral',
    )
    .option(
      '--heartbeat-ms <ms>',
      'how often the consultation and maritime streams say they are alive between messages, wall-clock ms',
      String(DEFAULT_HEARTBEAT_MS),
    )
    .option('--exit-at-end', 'stop when the scenario ends instead of serving on', false)
    .option(
      '--print-admin',
      "also print the administrators' links and tokens (always kept in DATA_DIR/admin-tokens.json, mode 0600)",
      false,
    )
    .option(
      '--ais <NATION=URL>',
      "a live AIS feed into NATION's node: udp://HOST:PORT (listen for NMEA datagrams) or tcp://HOST:PORT (connect to an NMEA server); repeatable",
      collect,
      [],
    )
    .option(
      '--contacts <NATION=URL>',
      "live sensor contacts (radar, patrol aircraft, satellite) into NATION's node, as lines of the contacts CSV: udp://HOST:PORT (listen for datagrams) or tcp://HOST:PORT (connect to a server); repeatable",
      collect,
      [],
    )
    .option(
      '--cot <NATION=URL>',
      "CoT events from TAK clients (a friendly ship's report, a spotter's sighting) into NATION's node as sensor contacts: udp://HOST:PORT (one event per datagram; a multicast group is joined); repeatable",
      collect,
      [],
    )
    .action(async (o: Options) => {
      const speed = Number(o.speed);
      if (!(speed > 0)) throw new UsageError(`--speed must be a positive number, not '${o.speed}'`);
      const port = Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new UsageError(`--port must be a TCP port, not '${o.port}'`);
      const heartbeatMs = Number(o.heartbeatMs);
      if (!(Number.isInteger(heartbeatMs) && heartbeatMs > 0))
        throw new UsageError(`--heartbeat-ms must be a whole number of ms above 0, not '${o.heartbeatMs}'`);
      if (!['trilateral', 'us-hub', 'none'].includes(o.policy)) {
        throw new UsageError(`--policy must be trilateral, us-hub or none, not '${o.policy}'`);
      }
      const scenario = loadScenario(o.scenario);
      const nations = scenario.nations;
      const aisFeeds = aisOption(o.ais, nations);
      const contactFeeds = aisOption(o.contacts, nations, '--contacts');
      const cotFeeds = aisOption(o.cot, nations, '--cot');
      checkFeedsApart(aisFeeds, contactFeeds, cotFeeds);
      // A HYPOTHETICAL branch's past: the file less the recorded history the scenario leaves out.
      const fileRegistry = loadRegistry(undefined);
      // The registry the current run's nodes and the API read: a HYPOTHETICAL branch's past is the
      // file less the recorded history its scenario leaves out (set again by every run, as a switch
      // may change the scenario).
      let registry = branchRegistry(fileRegistry, scenario);
      const say = (s: string) => process.stdout.write(`${s}\n`);
      say(
        `Concord embedded network: ${nations.join(', ')} on scenario ${scenario.name} (policy ${o.policy}, speed ${speed}x)`,
      );
      // What the agreements in force let flow today, among the nations of this network.
      const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
      say(
        `Sharing today (${formatInstant(today)}) among ${nations.join(', ')}: the highest level each may send on each topic (\`concord agreements\` for every nation)`,
      );
      const todays = sharingTable(sharingMatrix(registry, today), nations);
      for (const l of todays) say(`  ${l}`);
      say(`  (${SHARING_LEGEND})`);
      // The nodes decide at the scenario's instants, under the agreements as they stood then.
      const scenarioDay = Math.floor(scenario.startMs / DAY_MS) * DAY_MS;
      const thens = sharingTable(sharingMatrix(registry, scenario.startMs), nations);
      if (thens.join('\n') === todays.join('\n')) {
        say(`  The same on the scenario's date (${formatInstant(scenarioDay)}), by which the nodes decide.`);
      } else {
        say(`On the scenario's date (${formatInstant(scenarioDay)}), by which the nodes decide, it differs:`);
        for (const l of thens) say(`  ${l}`);
      }
      // Tokens, keys and stores: the data folder is its owner's only.
      makePrivateDir(o.dataDir, '--data-dir');
      const keys = new Map<Nation, SigningKeyPair>();
      // Bearer token -> nation, for the API; a switch to a scenario with other nations adds theirs.
      const operatorTokens = new Map<string, Nation>();
      const adminTokenMap = new Map<string, Nation>();
      let tokens: Record<string, string> = {};
      let adminTokens: Record<string, string> = {};
      const ensureNations = (ns: readonly Nation[]): Nation[] => {
        const fresh = ns.filter((n) => !keys.has(n));
        for (const [n, k] of loadOrCreateKeys(join(o.dataDir, 'keys'), ns)) keys.set(n, k);
        tokens = loadOrCreateTokens(join(o.dataDir, 'tokens.json'), ns);
        // An administrator may also edit the node's commitments registry; kept apart from operators'.
        adminTokens = loadOrCreateTokens(join(o.dataDir, 'admin-tokens.json'), ns);
        for (const n of ns) {
          operatorTokens.set(tokens[n]!, n);
          adminTokenMap.set(adminTokens[n]!, n);
        }
        return fresh;
      };
      ensureNations(nations);
      const commitments = loadCommitments(BUNDLED_COMMITMENTS);
      // Lines are printed at the scenario instant they happened, sorted within each tick of the
      // wall clock, so what is printed does not depend on how fast the machine is.
      // A cause reported after its effects (an incident, once it has convened) gets `rank` -1 so that
      // it prints before them at the same instant.
      const lines: { tMs: number; rank: number; text: string }[] = [];
      const flushLines = () => {
        lines.sort((x, y) => x.tMs - y.tMs || x.rank - y.rank);
        for (const l of lines) say(l.text);
        lines.length = 0;
      };
      const maritimeRef = loadMaritimeInputs({}).ref;
      // The stores outlive a run: a new process's items must not look like replays of the last one's.
      const runId = randomBytes(8).toString('hex');
      // The scenarios the replay may switch to: the bundled ones, and the started one if it is a file.
      const sources = new Map<string, string>(bundledScenarios().map((n) => [n, n]));
      sources.set(scenario.name, o.scenario);
      let offered: ReplayScenario[] | undefined;
      // Read from each file's head (name, description, length, nations), not validated: the full
      // reading of every scenario would hold the node up for the first reader; a switch reads the
      // chosen one in full, and names what is wrong with it.
      const scenarioList = (): ReplayScenario[] => {
        offered ??= [...sources].flatMap(([name, source]) => {
          if (name === scenario.name)
            return [{ name, description: scenario.description, durationS: scenario.durationS, nations }];
          try {
            const head = parseYaml(readText(scenarioPath(source))) as Partial<
              Record<'description' | 'durationS' | 'nations', unknown>
            >;
            return [
              {
                name,
                description: typeof head.description === 'string' ? head.description : '',
                durationS: typeof head.durationS === 'number' ? head.durationS : 0,
                nations: Array.isArray(head.nations) ? (head.nations as Nation[]) : [...TRILATERAL],
              },
            ];
          } catch {
            return []; // a bundled file that does not read is not offered
          }
        });
        return offered;
      };
      // What a re-run need not compute again: the scenario, its simulated sensors and its ships.
      const prepared = new Map<string, ReturnType<typeof prepare>>();
      const prepare = (name: string) => {
        const s = name === scenario.name ? scenario : loadScenario(sources.get(name)!);
        const seed = Number(o.seed);
        return {
          scenario: s,
          simulation: simulate(s, seed),
          ships: shipsByNation(s, seed, { nations: s.nations, untilMs: s.startMs + s.durationS * 1000 }),
        };
      };
      let runs = 0;
      // One run of the network: its stores (fresh for every re-run), nodes, pruning and lines.
      const build = (name: string): ReplayRun => {
        const p = prepared.get(name) ?? prepare(name);
        prepared.set(name, p);
        const sc = p.scenario;
        const ns = sc.nations;
        for (const n of ensureNations(ns))
          if (runs > 0) say(`${n} operator  ${address}/#/sign-in/${tokens[n]} (new with ${sc.name})`);
        const fresh = runs++ > 0;
        const at = (ms: number) => `T+${((ms - sc.startMs) / 1000).toFixed(1)}s`;
        const line = (tMs: number, text: string, rank = 0) =>
          lines.push({ tMs, rank, text: `${at(tMs)} ${text}` });
        const stores = new Map<Nation, Store>();
        const runRegistry = branchRegistry(fileRegistry, sc);
        registry = runRegistry;
        const net = new EmbeddedNetwork({
          scenario: sc,
          seed: Number(o.seed),
          simulation: p.simulation,
          runId,
          nations: ns,
          keys,
          // All the nodes live in this one process on one machine: their stores need to survive the
          // process being killed (WAL at synchronous=NORMAL does), not the machine losing power,
          // which an fsync per commit (about 3 ms on this project's machine) would buy at that price
          // per commit. A distributed `concord node` keeps synchronous=FULL. A re-run (a backward
          // seek, a switch) starts from empty stores: the run replays from the scenario's start.
          openStore: (nation) => {
            const file = join(o.dataDir, `${nation}.sqlite`);
            if (fresh) for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
            const store = openStore(file, { synchronous: 'normal', checkpoint: 'background' });
            stores.set(nation, store);
            return store;
          },
          registry: () => runRegistry,
          policy: o.policy as SharingPolicy,
          trackMarking: (n) => nodeTrackMarking(n, ns),
          areas,
          // Each node's maritime desk detects against the bundled zones, ports, anchorages, watch list.
          // Their buffers of kept positions are written once a wall-clock second, whatever the speed.
          maritime: { reference: maritimeRef, flushEveryMs: 1_000 * Math.max(1, speed) },
          // ...fed by the scenario's ships its nation's receivers hear, at the records' own times.
          ships: p.ships,
          onMaritimeEvent: (nation, e) => line(e.detectedMs, `${nation}: ${describeMaritimeEvent(e)}`),
          // Printed as issued (its phase then, its scenario instant), not as the wall clock finds it.
          onWarning: (nation, w) =>
            line(
              w.issuedMs,
              `${nation}: WARNING ${w.reason} of ${w.area} predicted in ${timeToEvent(w)} near ${w.latDeg.toFixed(2)}N ${w.lonDeg.toFixed(2)}E (${w.trackId}, ${w.phase})`,
            ),
          onNotice: (nation, n) =>
            line(n.issuedMs, `${nation}: tracking ${n.trackId} from ${n.sources.join('+')}`),
          ...consultData,
          commitments: () => commitments,
          // Each consultation event once, by its author, at the instant it was authored.
          onConsultEvent: (nation, e, state, from) => {
            if (from === 'own') line(e.atMs, `${nation}: ${describeConsultEvent(e, state)}`);
          },
          onWatchAction: (nation, a, outcome) => {
            const refused = describeWatchRefusal(nation, a, outcome);
            if (refused) line(sc.startMs + a.atS * 1000, refused);
          },
          onIncident: (nation, i, results) =>
            line(sc.startMs + i.atS * 1000, describeIncident(nation, i, results), -1),
        });
        // Each node forgets what it no longer needs (delivered envelopes, ids past the freshness window).
        const stopPruning = [...stores].map(([nation, store]) =>
          keepStoreBounded(
            store,
            net.sched,
            { everyMs: NODE_PRUNE_EVERY_MS, freshnessMs: NODE_FRESHNESS_MS },
            (err) =>
              process.stderr.write(
                `concord start ${nation}: pruning the store failed (tried again later): ${err instanceof Error ? err.message : String(err)}\n`,
              ),
          ),
        );
        const known = new Map<Nation, Map<string, string>>(ns.map((n) => [n, new Map()]));
        const withdrawn = new Set<string>();
        // Each second of scenario time (on the network's scheduler, so it does not depend on how fast
        // the machine is): changes of sources in each picture, and withdrawn warnings.
        const watch = () => {
          const now = net.sched.nowMs();
          for (const [nation, node] of net.nodes) {
            for (const t of node.picture()) {
              const from = [...new Set(t.sources.map((x) => x.nation))].join('+');
              const before = known.get(nation)!.get(t.id);
              known.get(nation)!.set(t.id, from);
              // A new object is announced by its notice; a change of sources is printed here.
              if (before !== undefined && before !== from)
                line(now, `${nation}: fusing ${t.id} from ${from}`);
            }
            for (const w of node.warnings()) {
              const key = `${nation}|${w.trackId}|${w.reason}`;
              if (w.withdrawnMs !== undefined && !withdrawn.has(key)) {
                withdrawn.add(key);
                line(w.withdrawnMs, `${nation}: ${withdrawalText(w, node.withdrawalCause(w), at)}`);
              }
            }
          }
          net.sched.after(1_000, watch);
        };
        net.sched.after(0, watch);
        // The launches themselves, from the scenario (no node sees a launch, only what its sensors
        // report after it): the newcomer's cue that the network is about to act.
        for (const m of sc.missiles)
          net.sched.after(m.launchAfterS * 1000, () =>
            line(
              sc.startMs + m.launchAfterS * 1000,
              `scenario: ${m.id} launched (ground truth; the nodes know only what their sensors report)`,
              -2,
            ),
          );
        return replayRun(net, () => {
          for (const stop of stopPruning) stop();
          net.close();
        });
      };
      const areas = loadProtectedAreas(BUNDLED_US_BASES);
      const consultData = loadConsultData(registry);
      const feedsGiven = aisFeeds.length + contactFeeds.length + cotFeeds.length > 0;
      let address = '';
      const replay = new Replay({
        scenarios: scenarioList,
        scenario: scenario.name,
        build,
        speed,
        // Live feeds hand their lines to this run's nodes, and cannot be played again.
        ...(feedsGiven
          ? {
              rerunRefusal:
                'this network takes live feeds (--ais, --contacts, --cot), which cannot be played again: a backward seek or a switch would re-run the nodes without them; restart `concord start` instead',
            }
          : {}),
        onRerun: (e) =>
          say(
            `replay: ${e.why === 'seek' ? 're-ran' : 'switched to'} ${e.run.scenario.name} from its start to T+${((e.tMs - e.run.scenario.startMs) / 1000).toFixed(1)}s on fresh stores (${(e.tookMs / 1000).toFixed(1)} s)`,
          ),
      });
      const api = await buildApi({
        nodes: replay.nodes,
        clock: replay.clock,
        registry: () => registry,
        tokens: operatorTokens,
        adminTokens: adminTokenMap,
        // Each node's audit log, as the current run's stores hold it.
        audits: replay.audits,
        streamHeartbeatMs: heartbeatMs,
        // Exports name each track's originator's marking.
        trackMarkingOf: (n) => nodeTrackMarking(n, [...replay.nodes.keys()]),
        exportZones: exportZones(maritimeRef.zones.zones),
        // The map draws the zones, bases and maritime zones the nodes use.
        mapZones: bundledMapZones(areas.bases, maritimeRef.zones.zones),
        replay: {
          state: () => replay.state(),
          scenarios: () => replay.scenarios(),
          launches: () => replay.launches(),
          act: (a, by) => {
            flushLines();
            const s = replay.act(a);
            say(
              `replay: ${by.nation} ${by.role}: ${describeReplayAction(a)} (T+${((s.nowMs - s.startMs) / 1000).toFixed(1)}s of ${s.scenario}${s.paused ? ', paused' : ''})`,
            );
            return s;
          },
        },
      });
      const served = await registerConsole(api, CONSOLE_DIR);
      address = await api.listen({ port, host: '127.0.0.1' });
      // The token rides in the fragment, which a browser never sends to a server (nor its log).
      for (const n of nations) say(`${n} operator  ${address}/#/sign-in/${tokens[n]}`);
      if (served === 'placeholder')
        say(
          `the web console is not built (${CONSOLE_DIR} is missing): ${BUILD_CONSOLE_HINT}; the links open a placeholder`,
        );
      say(
        `API ${address}  (OpenAPI at ${address}/openapi.json; send a token as 'Authorization: Bearer <token>'; operator tokens in ${join(o.dataDir, 'tokens.json')})`,
      );
      // An administrator's token in a terminal's scrollback or a CI log is a standing risk: on request only.
      if (o.printAdmin) {
        for (const n of nations) {
          say(`${n} administrator  ${address}/#/sign-in/${adminTokens[n]}`);
          say(`  curl -H 'Authorization: Bearer ${adminTokens[n]}' ${address}/api/${n}/commitments`);
        }
      } else {
        say(
          `administrator tokens in ${join(o.dataDir, 'admin-tokens.json')} (--print-admin prints their links)`,
        );
      }
      // A feed that cannot listen ends the start as a usage error, with nothing left running.
      const feeds = await startAisFeeds(aisFeeds, replay.nodes, say, contactFeeds, cotFeeds).catch(
        async (err: unknown) => {
          await api.close();
          replay.close();
          throw err;
        },
      );
      say(timeBaseLine(scenario, speed));

      // Ctrl-C (or SIGTERM) at any time, during the scenario as after it, stops the network cleanly:
      // feeds closed, API closed, stores closed.
      let stopped = false;
      let bySignal = false;
      const interrupt = () => {
        bySignal = true;
        stopped = true;
      };
      process.once('SIGINT', interrupt);
      process.once('SIGTERM', interrupt);
      // The scenario clock runs with the wall clock at the replay's speed (pause, seek and switch
      // re-anchor it); the lines are printed as it goes. At the end of the scenario the clock stands
      // and the API serves on (a backward seek plays it again), unless --exit-at-end.
      let endedRun = 0;
      let interrupted = false;
      await new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          if (!stopped) replay.tick();
          flushLines();
          const s = replay.state();
          if (s.ended && endedRun !== s.run && !stopped) {
            endedRun = s.run;
            say(`T+${s.durationS.toFixed(1)}s scenario ended`);
            if (o.exitAtEnd) stopped = true;
            else say('serving the API; Ctrl-C to stop');
          }
          if (stopped) {
            // Stopped by a signal while the scenario still ran.
            interrupted = bySignal && !s.ended;
            clearInterval(timer);
            resolve();
          }
        }, 50);
      });
      if (interrupted) say('interrupted: stopping the network');
      await feeds?.close();
      await api.close();
      replay.close();
    });
}

/** How a replay action is printed: `paused`, `speed 20x`, `seek to T+120s`, `switch to NAME`. */
function describeReplayAction(a: ReplayActionInput): string {
  switch (a.action) {
    case 'play':
      return 'played';
    case 'pause':
      return 'paused';
    case 'speed':
      return `speed ${a.speed}x`;
    case 'seek':
      return `seek to T+${a.t}s`;
    case 'scenario':
      return `switch to ${a.name}`;
  }
}

function loadOrCreateKeys(dir: string, nations: readonly Nation[]): Map<Nation, SigningKeyPair> {
  makePrivateDir(dir);
  const keys = new Map<Nation, SigningKeyPair>();
  for (const n of nations) {
    const priv = join(dir, `${n}.key.pem`);
    const pub = join(dir, `${n}.pub.pem`);
    if (!existsSync(priv) || !existsSync(pub)) {
      const k = exportKeyPairPem(generateSigningKeyPair());
      writeSecretFile(priv, k.privatePem);
      writeFileSync(pub, k.publicPem);
    }
    closeUpFile(priv);
    keys.set(n, {
      privateKey: importPrivateKeyPem(readFileSync(priv, 'utf8'), priv),
      publicKey: importPublicKeyPem(readFileSync(pub, 'utf8'), pub),
    });
  }
  return keys;
}

/**
 * How to read the times that follow: `T+<s>s` counts scenario seconds from the scenario's start
 * (not from the first launch, which `concord exercise`'s results.json counts from), and when each
 * launch comes in that base, and in wall-clock seconds from now at this speed.
 */
export function timeBaseLine(
  scenario: { startMs: number; missiles: readonly { id: string; launchAfterS: number }[] },
  speed: number,
): string {
  const launches = [...scenario.missiles].sort((a, b) => a.launchAfterS - b.launchAfterS);
  const first = launches[0];
  const base = `times are T+<s>s, scenario seconds from the scenario's start (${new Date(scenario.startMs).toISOString().replace('.000Z', 'Z')})`;
  if (!first) return `${base}; no launches`;
  const list = launches.map((m) => `${m.id} T+${m.launchAfterS}s`).join(', ');
  const wallS = first.launchAfterS / speed;
  return `${base}; launches: ${list} (the first in ${wallS < 10 ? wallS.toFixed(1) : wallS.toFixed(0)} s at ${speed}x)`;
}

/**
 * The tokens of `nations` in `file` (`{"USA": "<token>", ...}`), made for those it lacks: a data
 * directory used for another scenario's network keeps its tokens and gains the new nations'.
 */
function loadOrCreateTokens(file: string, nations: readonly Nation[]): Record<string, string> {
  let tokens: Record<string, string> = {};
  if (existsSync(file)) {
    // Tokens are credentials: a file left readable by others (an older run, a copy) is closed up.
    closeUpFile(file);
    const read: unknown = (() => {
      try {
        return JSON.parse(readFileSync(file, 'utf8'));
      } catch (err) {
        throw new InputError(
          { input: file },
          `not a tokens file (${(err as Error).message}); delete it to make new tokens`,
        );
      }
    })();
    const bad =
      typeof read !== 'object' || read === null || Array.isArray(read)
        ? ['the whole file']
        : Object.entries(read).flatMap(([n, t]) => (typeof t === 'string' && t !== '' ? [] : [n]));
    if (bad.length > 0)
      throw new InputError(
        { input: file },
        `expected an object of tokens by nation ({"USA": "<token>", ...}), not a token at ${bad.join(', ')}; delete it to make new tokens`,
      );
    tokens = read as Record<string, string>;
  }
  const missing = nations.filter((n) => !Object.hasOwn(tokens, n));
  if (missing.length === 0) return tokens;
  for (const n of missing) tokens[n] = randomBytes(18).toString('base64url');
  writeSecretFile(file, `${JSON.stringify(tokens, null, 2)}\n`);
  return tokens;
}

/**
 * The text of a withdrawal line after `<NATION>: `: the reason and area as issued, then why it was
 * withdrawn (`at` formats a scenario instant as `T+<s>s`).
 *
 * @example
 * withdrawalText(w, { kind: 'came-down', impactMs }, at)
 * // 'withdrawn: overflight of JPN land (KOR:1 came down at T+284.0s, before the overflight)'
 */
export function withdrawalText(
  w: Pick<Warning, 'reason' | 'area' | 'trackId'>,
  cause: WithdrawalCause | undefined,
  at: (ms: number) => string,
): string {
  const why =
    cause?.kind === 'came-down'
      ? `came down at ${at(cause.impactMs)}, before the ${w.reason}`
      : 'seen coasting, not predicted';
  return `withdrawn: ${w.reason} of ${w.area} (${w.trackId} ${why})`;
}

/**
 * The time to a warning's event as a warning line gives it: `312 s`, or for a possible impact whose
 * time depends on the flight still possible, the range `104-161 s` (the earliest a flight still
 * possible comes down there, then the latest; one figure when they round alike).
 * @example timeToEvent({ timeToEventS: 104, eventMs: 5_000, eventLatestMs: 62_000 }) // '104-161 s'
 */
export function timeToEvent(w: Pick<Warning, 'timeToEventS' | 'eventMs' | 'eventLatestMs'>): string {
  const from = w.timeToEventS.toFixed(0);
  if (w.eventLatestMs === undefined) return `${from} s`;
  const to = (w.timeToEventS + (w.eventLatestMs - w.eventMs) / 1000).toFixed(0);
  return to === from ? `${from} s` : `${from}-${to} s`;
}
