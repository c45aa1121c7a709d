import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { z } from 'zod';
import { buildApi } from '../../api/index.js';
import {
  BUNDLED_US_BASES,
  CONSOLE_DIR,
  loadMaritimeInputs,
  readText,
  shipsByNation,
} from '../../bundled/index.js';
import { InputError, isNation, type Nation, parseMarking, parseYaml } from '../../domain/index.js';
import { loadScenario, scheduleScenarioScripts, scheduleShips } from '../../exercise/index.js';
import {
  createUuidV7Generator,
  envelopeCrypto,
  keyFilePaths,
  makePrivateDir,
  NatsTransport,
  readPinnedKeys,
  readPrivateKeyFile,
  routeFor,
} from '../../link/index.js';
import { MAX_VESSEL_STATES_PER_BATCH } from '../../maritime/index.js';
import {
  BUILD_CONSOLE_HINT,
  keepStoreBounded,
  loadProtectedAreas,
  type MaritimeSettings,
  NationNode,
  NODE_FRESHNESS_MS,
  NODE_PRUNE_EVERY_MS,
  registerConsole,
  ScenarioClock,
  type SensorMeasurement,
} from '../../node/index.js';
import { branchRegistry, simulate } from '../../sim/index.js';
import { openStore } from '../../store/index.js';
import { aisOption, checkFeedsApart, collect, nodeFeedSpecs, startAisFeeds } from '../ais-feeds.js';
import {
  describeConsultEvent,
  describeIncident,
  describeMaritimeEvent,
  describeWatchRefusal,
  loadConsultData,
} from '../consult-data.js';
import { loadRegistry } from '../io.js';
import { bundledMapZones } from '../map-zones.js';
import { UsageError } from '../usage.js';
import { BUNDLED_COMMITMENTS, loadCommitments } from './commitments.js';

const nation = z.string().refine(isNation, { error: 'not a known nation code' });

/** A node's configuration file (YAML), written by `concord network up` or by hand. */
export const nodeConfigSchema = z.strictObject({
  nation,
  partners: z.array(nation),
  /**
   * The nation's own nats-server (never a partner's); `caFile` when it requires TLS (a tls:// URL);
   * the node's identity there: its client certificate (`certFile`, `keyFile`: a server with
   * `network nats-config --tls` knows its node by nothing else), or else its `password`.
   */
  nats: z
    .strictObject({
      url: z.string(),
      password: z.string().optional(),
      caFile: z.string().optional(),
      certFile: z.string().optional(),
      keyFile: z.string().optional(),
    })
    .refine((n) => (n.certFile === undefined) === (n.keyFile === undefined), {
      error: 'certFile and keyFile go together',
    })
    .refine((n) => n.password !== undefined || n.certFile !== undefined, {
      error: "needs the node's password, or its certFile and keyFile",
    }),
  keysDir: z.string(),
  dataDir: z.string(),
  api: z.strictObject({
    port: z.number().int().min(0).max(65535),
    tokens: z.record(z.string(), nation),
    /** Tokens of administrators (who may also edit the commitments registry). */
    adminTokens: z.record(z.string(), nation).optional(),
  }),
  scenario: z.strictObject({
    name: z.string(),
    seed: z.number().int(),
    speed: z.number().positive(),
    /**
     * Wall-clock time (ms) at which the scenario starts; every node of a network shares it. Left
     * out, the node prepares (simulates its radars), prints `concord node <N>: ready` and reads
     * `{"epochMs": ...}` as one JSON line on its standard input (how `concord network up` starts
     * all nodes together however long each takes to prepare).
     */
    epochMs: z.number().optional(),
  }),
  policy: z.enum(['trilateral', 'us-hub']).default('trilateral'),
  trackMarking: z.string(),
  /** Live AIS feeds into this node (its own nation's only): udp://HOST:PORT or tcp://HOST:PORT. */
  ais: z.array(z.strictObject({ nation: z.string(), url: z.string() })).optional(),
  /** Live sensor contacts into this node (its own nation's only), lines of the contacts CSV: udp://HOST:PORT or tcp://HOST:PORT. */
  contacts: z.array(z.strictObject({ nation: z.string(), url: z.string() })).optional(),
  /**
   * The maritime desk's sharing and bounds (each has its default when left out; see ShareSettings).
   * The picture's marking is checked as a marking of this nation when the configuration is read.
   */
  maritime: z
    .strictObject({
      share: z
        .strictObject({
          picture: z.boolean().optional(),
          pictureMarking: z.string().min(1).optional(),
          vesselEveryMs: z.number().int().positive().optional(),
          flushEveryMs: z.number().int().positive().optional(),
          batchStates: z.number().int().min(1).max(MAX_VESSEL_STATES_PER_BATCH).optional(),
          maxStatesPerFlush: z.number().int().positive().optional(),
        })
        .optional(),
      maxPartnerVessels: z.number().int().positive().optional(),
      maxPartnerEvents: z.number().int().positive().optional(),
    })
    .optional(),
  /**
   * What each partner may make the node read (the link's DEFAULT_PARTNER_RATE when left out): a
   * message beyond it is not acknowledged and comes again.
   */
  partnerRate: z
    .strictObject({
      itemsPerS: z.number().positive(),
      burstItems: z.number().positive(),
      bytesPerS: z.number().positive(),
      burstBytes: z.number().positive(),
    })
    .optional(),
});

export type NodeConfig = z.output<typeof nodeConfigSchema>;

/**
 * The node configuration's `maritime:` as the desk's settings (without its reference and flush
 * period): an InputError naming `file` and the field when the picture's marking is not one.
 */
export function nodeMaritimeSettings(
  cfg: NodeConfig,
  file: string,
): Pick<MaritimeSettings, 'share' | 'maxPartnerVessels' | 'maxPartnerEvents'> {
  const m = cfg.maritime;
  if (!m) return {};
  const marking = m.share?.pictureMarking;
  if (marking !== undefined) {
    try {
      parseMarking(marking, { originator: cfg.nation as Nation, input: 'maritime.share.pictureMarking' });
    } catch (err) {
      throw new InputError(
        { input: file, field: 'maritime.share.pictureMarking' },
        `'${marking}' is not a marking: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
  return {
    ...(m.share ? { share: m.share } : {}),
    ...(m.maxPartnerVessels !== undefined ? { maxPartnerVessels: m.maxPartnerVessels } : {}),
    ...(m.maxPartnerEvents !== undefined ? { maxPartnerEvents: m.maxPartnerEvents } : {}),
  };
}

export function registerNode(program: Command): void {
  program
    .command('node')
    .description('run one nation node as its own process over NATS JetStream (the distributed mode)')
    .requiredOption('--config <file>', 'node configuration (YAML), as written by concord network up')
    .option(
      '--ais <NATION=URL>',
      "a live AIS feed into this node (NATION is the node's own): udp://HOST:PORT (listen for NMEA datagrams) or tcp://HOST:PORT (connect to an NMEA server); repeatable, added to the configuration's ais:",
      collect,
      [],
    )
    .option(
      '--contacts <NATION=URL>',
      "live sensor contacts into this node (NATION is the node's own), as lines of the contacts CSV: udp://HOST:PORT (listen for datagrams) or tcp://HOST:PORT (connect to a server); repeatable, added to the configuration's contacts:",
      collect,
      [],
    )
    .option(
      '--cot <NATION=URL>',
      "CoT events from TAK clients into this node (NATION is the node's own) as sensor contacts: udp://HOST:PORT (one event per datagram; a multicast group is joined); repeatable",
      collect,
      [],
    )
    .action(async (o: { config: string; ais: string[]; contacts: string[]; cot: string[] }) => {
      const cfg = parseYaml(readText(o.config), o.config, nodeConfigSchema);
      const self = cfg.nation as Nation;
      const maritimeSettings = nodeMaritimeSettings(cfg, o.config);
      const aisFeeds = nodeFeedSpecs(cfg.ais ?? [], o.config, o.ais, self);
      const contactFeeds = nodeFeedSpecs(cfg.contacts ?? [], o.config, o.contacts, self, 'contacts');
      const cotFeeds = aisOption(o.cot, [self], '--cot');
      checkFeedsApart(aisFeeds, contactFeeds, cotFeeds);
      const partners = cfg.partners as Nation[];
      // The network is this node and its partners: a watch action, incident or sensor of a nation
      // outside it would never be played, so the scenario is refused, naming its file and field.
      const scenario = loadScenario(cfg.scenario.name, [self, ...partners]);
      // A HYPOTHETICAL branch's past: the file less the recorded history the scenario leaves out.
      const registry = branchRegistry(loadRegistry(undefined), scenario);
      const commitments = loadCommitments(BUNDLED_COMMITMENTS);
      // This nation's radars, from the scenario, each scan at its scenario time. Only its own are
      // simulated: each sensor draws from streams of its own (keyed by its id), so they measure
      // exactly what they do when the embedded network simulates every nation's.
      const own = { ...scenario, sensors: scenario.sensors.filter((s) => s.nation === self) };
      const scans = new Map<number, SensorMeasurement[]>();
      for (const m of simulate(own, cfg.scenario.seed).measurements) {
        const list = scans.get(m.tMs) ?? [];
        list.push({ tMs: m.tMs, sensor: m.sensor, x: m.x, y: m.y, z: m.z, covariance: m.covariance });
        scans.set(m.tMs, list);
      }
      const areas = loadProtectedAreas(BUNDLED_US_BASES);
      // The maritime desk's reference (bundled zones, ports, anchorages, watch list) and what this
      // nation's receivers hear of the scenario's ships: made before the node says it is ready, as
      // its radars' scans are, so that feeding them costs the running clock nothing.
      const maritimeReference = loadMaritimeInputs({}).ref;
      const ships = shipsByNation(scenario, cfg.scenario.seed, {
        nations: [self],
        untilMs: scenario.startMs + scenario.durationS * 1000,
      });
      const epochMs = cfg.scenario.epochMs ?? (await epochFromStdin(self));
      const clock = new ScenarioClock({
        startMs: scenario.startMs,
        epochMs,
        speed: cfg.scenario.speed,
      });
      makePrivateDir(cfg.dataDir, `${o.config} (dataDir)`);
      const store = openStore(join(cfg.dataDir, `${self}.sqlite`), { checkpoint: 'background' });
      const transport = await NatsTransport.connect({
        url: cfg.nats.url,
        nation: self,
        partners: cfg.partners,
        ...(cfg.nats.caFile ? { caFile: cfg.nats.caFile } : {}),
        ...(cfg.nats.certFile && cfg.nats.keyFile
          ? { cert: { certFile: cfg.nats.certFile, keyFile: cfg.nats.keyFile } }
          : { password: cfg.nats.password! }),
        onError: (err) =>
          process.stderr.write(`concord node ${self}: ${err instanceof Error ? err.message : String(err)}\n`),
      });
      const ids = createUuidV7Generator();
      const at = (ms: number) => `T+${((ms - scenario.startMs) / 1000).toFixed(1)}s`;
      const say = (tMs: number, text: string) => process.stdout.write(`${at(tMs)} ${text}\n`);
      const node = new NationNode({
        nation: self,
        partners,
        clock,
        timers: clock,
        transport,
        store,
        crypto: envelopeCrypto({
          nation: self,
          privateKey: readPrivateKeyFile(keyFilePaths(cfg.keysDir, self).privatePath),
          publicKeys: readPinnedKeys(cfg.keysDir, [self, ...partners]),
          freshnessMs: NODE_FRESHNESS_MS,
        }),
        registry: () => registry,
        route: routeFor(cfg.policy, self),
        trackMarking: cfg.trackMarking,
        concerning: scenario.launchState,
        newId: (nowMs) => ids.next(nowMs),
        // The network's run: every node of it shares the scenario, seed and start; a node restarted
        // in it recognises the consultations its rules convened there.
        run: `${cfg.scenario.name}:${cfg.scenario.seed}:${epochMs}`,
        areas,
        // The maritime desk detects against the bundled zones, ports, anchorages and watch list.
        // Its buffer of kept positions is written once a wall-clock second, whatever the speed (a
        // node-time second is 5 ms at 200x: a transaction, fsync'd, every 5 ms would starve the node).
        maritime: {
          ...maritimeSettings,
          reference: maritimeReference,
          flushEveryMs: 1_000 * Math.max(1, cfg.scenario.speed),
        },
        ...loadConsultData(registry),
        onConsultEvent: (e, state, from) => {
          if (from === 'own') say(e.atMs, `${self}: ${describeConsultEvent(e, state)}`);
        },
        commitments: () => commitments,
        ...(cfg.partnerRate ? { partnerRate: cfg.partnerRate } : {}),
      });
      node.start();
      // The scenario's incidents and watch officers of this nation, as in the embedded network.
      scheduleScenarioScripts(
        scenario,
        new Map([[self, node]]),
        (ms, fn) => clock.after(ms, fn),
        clock.nowMs() - scenario.startMs,
        {
          onWatchAction: (n, a, outcome) => {
            const refused = describeWatchRefusal(n, a, outcome);
            if (refused) say(scenario.startMs + a.atS * 1000, refused);
          },
          onIncident: (n, i, results) =>
            say(scenario.startMs + i.atS * 1000, describeIncident(n, i, results)),
        },
      );
      // The scenario's ships this nation's receivers hear, into its maritime desk at their own times.
      node.maritime.onEvent((e) => say(e.detectedMs, `${self}: ${describeMaritimeEvent(e)}`));
      scheduleShips(
        ships,
        new Map([[self, node]]),
        (ms, fn) => clock.after(ms, fn),
        () => clock.nowMs(),
      );
      for (const [tMs, ms] of [...scans].sort((a, b) => a[0] - b[0]))
        clock.at(tMs, () => node.guard('ingest', () => node.ingest(tMs, ms)));
      // Retries of a link that was down are driven by the outbox; a periodic kick covers a healed broker.
      const kick = setInterval(() => node.guard('link:kick', () => node.link.kick()), 1_000);
      const stopPruning = keepStoreBounded(
        store,
        clock,
        { everyMs: NODE_PRUNE_EVERY_MS, freshnessMs: NODE_FRESHNESS_MS },
        (err) =>
          process.stderr.write(
            `concord node ${self}: pruning the store failed (tried again later): ${err instanceof Error ? err.message : String(err)}\n`,
          ),
      );
      const api = await buildApi({
        nodes: new Map([[self, node]]),
        clock,
        registry: () => registry,
        tokens: new Map(Object.entries(cfg.api.tokens).map(([t, n]) => [t, n as Nation])),
        adminTokens: new Map(Object.entries(cfg.api.adminTokens ?? {}).map(([t, n]) => [t, n as Nation])),
        audits: new Map([[self, store.audit]]),
        // Exports name the marking of this node's own tracks; a partner's is not known here.
        trackMarkingOf: (n) => (n === self ? cfg.trackMarking : undefined),
        // The map draws the zones, bases and maritime zones this node uses.
        mapZones: bundledMapZones(areas.bases, maritimeReference.zones.zones),
      });
      const served = await registerConsole(api, CONSOLE_DIR);
      const address = await api.listen({ port: cfg.api.port, host: '127.0.0.1' });
      process.stdout.write(`concord node ${self}: API ${address}, NATS ${cfg.nats.url}\n`);
      if (served === 'placeholder')
        process.stdout.write(
          `concord node ${self}: the web console is not built (${CONSOLE_DIR} is missing): ${BUILD_CONSOLE_HINT}; / serves a placeholder\n`,
        );
      const stopAll = async () => {
        clearInterval(kick);
        clock.stop();
        stopPruning();
        node.stop();
        await api.close();
        await transport.close();
        store.close();
      };
      // A feed that cannot listen ends the node as a usage error, with nothing left running.
      const feeds = await startAisFeeds(
        aisFeeds,
        new Map([[self, node]]),
        (t) => process.stdout.write(`concord node ${self}: ${t}\n`),
        contactFeeds,
        cotFeeds,
      ).catch(async (err: unknown) => {
        await stopAll();
        throw err;
      });
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await feeds?.close();
      await stopAll();
    });
}

/** Announces that the node is ready and waits for the network's start time on standard input. */
async function epochFromStdin(self: Nation): Promise<number> {
  process.stdout.write(`concord node ${self}: ready\n`);
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    let epochMs: unknown;
    try {
      epochMs = (JSON.parse(line) as { epochMs?: unknown }).epochMs;
    } catch {
      epochMs = undefined;
    }
    if (typeof epochMs === 'number' && Number.isFinite(epochMs)) {
      lines.close();
      return epochMs;
    }
    process.stderr.write(
      `concord node ${self}: stdin: expected {"epochMs": <ms>}, got ${line.slice(0, 80)}\n`,
    );
  }
  throw new UsageError(`concord node ${self}: standard input closed before the start time (epochMs) came`);
}
