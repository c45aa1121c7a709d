// `concord bench console`: the browser console's figures, measured in Debian's Chromium (headless,
// SwiftShader WebGL) against an embedded network this bench starts itself (`concord start` on a
// 50-missile raid): the time from sign-in to the first picture, the picture stream's sustained update
// rate with the raid's tracks in it, and the frame time of the missile map and of the maritime map
// holding 100,000 vessels (the node's answer to `GET vessels` replaced in the browser, as the
// console's browser test does). Printed, never asserted: they depend on the machine and its load.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { ROOT, SCENARIOS_DIR } from '../src/bundled/index.js';
import { launchChromium } from '../src/testing/chromium.js';
import { frameTimes, manyVessels } from '../src/testing/console-load.js';
import { formatTable } from './harness.js';

export interface Options {
  json: boolean;
  /** Vessels in the maritime map (default 100,000). */
  vessels?: number;
  /** Seconds the picture stream's rate and each map's frame time are measured over (default 20). */
  seconds?: number;
  /** Missiles in the raid (default 50). */
  missiles?: number;
  /** Scenario seconds per wall-clock second (default 1: the raid in real time). */
  speed?: number;
}

const BIN = join(ROOT, 'bin', 'concord');
/** How long the bench waits, at most, for the raid's tracks before it measures what is there. */
const TRACKS_WAIT_MS = 120_000;
/** The tracks count is taken as complete when it has not grown for this long. */
const STALE_TRACKS_MS = 30_000;
/** How long a stopped network may take to exit before it is killed (a node starved of CPU may not hear SIGTERM soon). */
const STOP_GRACE_MS = 10_000;

/**
 * The raid as a scenario file: `korea-srbm-salvo`'s radars and missile class, its salvo replaced by
 * `n` SRBMs launched one a second from across North Korea's west into the East Sea (as `bench tracker`'s
 * raid, spread wider, at the scenario's own scan rates and false alarms: this measures the console, not the tracker).
 */
export function raidScenarioYaml(n: number): string {
  const base = parse(readFileSync(join(SCENARIOS_DIR, 'korea-srbm-salvo.yaml'), 'utf8')) as Record<
    string,
    unknown
  >;
  const missiles = Array.from({ length: n }, (_, i) => ({
    id: `raid-${i + 1}`,
    class: 'srbm',
    // Spread over North Korea's west (38-40N, 124.9-126.9E) and over the East Sea's width, so that
    // each missile can be told from the others (a salvo from one site fuses into fewer objects).
    launch: {
      latDeg: Math.round((38.05 + 0.1 * (i % 20)) * 1000) / 1000,
      lonDeg: Math.round((124.9 + 0.25 * (i % 9)) * 1000) / 1000,
      hM: 50,
      afterS: 1 + i,
    },
    aim: { kind: 'bearing', azimuthDeg: 60 + ((i * 7) % 50), rangeM: 400_000 + 10_000 * (i % 30) },
    profile: { kind: 'minimum-energy' },
  }));
  return stringify({
    ...base,
    name: `raid-${n}`,
    description: `${n} SRBMs launched one a second into the East Sea (concord bench console)`,
    durationS: 1 + n + 600,
    missiles,
  });
}

interface Network {
  readonly proc: ChildProcess;
  readonly link: string;
}

/** `concord start` on the raid, until it prints JPN's operator link. */
async function startNetwork(scenarioFile: string, speed: number, dataDir: string): Promise<Network> {
  const proc = spawn(
    process.execPath,
    [
      BIN,
      'start',
      '--scenario',
      scenarioFile,
      '--speed',
      String(speed),
      '--port',
      '0',
      '--data-dir',
      dataDir,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const link = await new Promise<string>((resolve, reject) => {
    proc.on('exit', (code) => reject(new Error(`concord start exited ${code}: ${err}${out}`)));
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^JPN operator {2}(http:\/\/127\.0\.0\.1:\d+\/#\/sign-in\/\S+)$/m.exec(out);
      if (m) resolve(m[1]!);
    });
  });
  return { proc, link };
}

async function stopNetwork(net: Network | undefined): Promise<void> {
  if (!net || net.proc.exitCode !== null) return;
  const exited = new Promise((r) => net.proc.once('exit', r));
  net.proc.kill('SIGTERM');
  const kill = setTimeout(() => net.proc.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(kill);
}

type Page = import('playwright-core').Page;

/**
 * Waits until `expression` is true in the page, polled every animation frame or so (an expression
 * evaluated by the debugger: the console's content security policy refuses eval in the page).
 */
async function until(page: Page, expression: string, timeoutMs: number, what: string): Promise<void> {
  const start = performance.now();
  while (!(await page.evaluate(expression))) {
    if (performance.now() - start > timeoutMs)
      throw new Error(`bench console: no ${what} after ${timeoutMs} ms`);
    await page.waitForTimeout(15);
  }
}

const quantile = (xs: readonly number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const frameFigures = (xs: readonly number[]) => ({
  frames: xs.length,
  medianMs: round(quantile(xs, 0.5)),
  p95Ms: round(quantile(xs, 0.95)),
  maxMs: xs.length > 0 ? round(Math.max(...xs), 0) : Number.NaN,
});

export async function run(o: Options): Promise<Record<string, unknown>> {
  const vessels = o.vessels ?? 100_000;
  const seconds = o.seconds ?? 20;
  const missiles = o.missiles ?? 50;
  const speed = o.speed ?? 1;
  const dir = mkdtempSync(join(tmpdir(), 'concord-bench-console-'));
  const scenarioFile = join(dir, `raid-${missiles}.yaml`);
  writeFileSync(scenarioFile, raidScenarioYaml(missiles));
  const loadBefore = loadavg()[0]!;
  const say = (s: string) => process.stderr.write(`bench console: ${s}\n`);
  let net: Network | undefined;
  let stopInterrupts = () => {};
  // Without Chromium (or the built console, or playwright-core) nothing is started: said, and the
  // scenario file taken away.
  const browser = await launchChromium({ by: '`concord bench console`', console: true }).catch(
    (err: unknown) => {
      rmSync(dir, { recursive: true, force: true });
      throw err;
    },
  );
  try {
    say(`concord start on a ${missiles}-missile raid at ${speed}x`);
    net = await startNetwork(scenarioFile, speed, join(dir, 'data'));
    // Interrupted, the bench takes its network down with it.
    const started = net;
    const interrupt = () => {
      started.proc.kill('SIGKILL');
      process.exit(130);
    };
    process.once('SIGINT', interrupt);
    process.once('SIGTERM', interrupt);
    stopInterrupts = () => {
      process.off('SIGINT', interrupt);
      process.off('SIGTERM', interrupt);
    };
    say('signing in');
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    // Every picture the page receives: when, how many tracks, how many bytes.
    const pictures: { atMs: number; tracks: number; bytes: number }[] = [];
    page.on('websocket', (ws) => {
      if (!ws.url().endsWith('/api/JPN/stream')) return;
      ws.on('framereceived', (f) => {
        const text = typeof f.payload === 'string' ? f.payload : f.payload.toString();
        const m = JSON.parse(text) as { tracks?: unknown[] };
        if (m.tracks) pictures.push({ atMs: performance.now(), tracks: m.tracks.length, bytes: text.length });
      });
    });

    // Sign-in to first picture: the link opened, until the map is up and a picture drawn on it.
    const t0 = performance.now();
    await page.goto(net.link, { timeout: 120_000 });
    await until(
      page,
      `(() => { const m = document.querySelector('[data-testid=map]'); return !!(m && m.concordMap && document.querySelector('[data-testid=stream-state].open') && document.querySelector('.clock')); })()`,
      60_000,
      'the first picture',
    );
    const firstPictureMs = performance.now() - t0;

    say(`first picture after ${Math.round(firstPictureMs)} ms; waiting for the raid's tracks`);
    // The raid's tracks: wait until every missile is tracked, or the count has stopped growing for a
    // while (some missiles come down, or are never seen by JPN's partners), or the wait is over.
    const waitStart = performance.now();
    let most = 0;
    let grewAt = waitStart;
    for (;;) {
      const n = pictures.at(-1)?.tracks ?? 0;
      const now = performance.now();
      if (n > most) {
        most = n;
        grewAt = now;
      }
      if (n >= missiles || (most > 0 && now - grewAt > STALE_TRACKS_MS) || now - waitStart > TRACKS_WAIT_MS)
        break;
      await page.waitForTimeout(250);
    }
    const tracksAtStart = pictures.at(-1)?.tracks ?? 0;
    say(`${tracksAtStart} tracks; measuring the picture stream and the missile map for ${seconds} s`);
    const from = pictures.length;
    const startMs = performance.now();
    // Meanwhile, how soon the node answers /health: a node busy with the raid serves its console late.
    const origin = new URL(net.link).origin;
    const health: number[] = [];
    let unanswered = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const t = performance.now();
        try {
          await fetch(`${origin}/health`, { signal: AbortSignal.timeout(5_000) });
          health.push(performance.now() - t);
        } catch {
          unanswered++;
        }
        await new Promise((r) => setTimeout(r, 1_000));
      }
    })();
    const missileFrames = await frameTimes(page, seconds * 1000);
    sampling = false;
    await sampler;
    const windowS = (performance.now() - startMs) / 1000;
    const nodeHealth = {
      samples: health.length,
      unansweredIn5s: unanswered,
      medianMs: round(quantile(health, 0.5), 0),
      maxMs: health.length > 0 ? round(Math.max(...health), 0) : Number.NaN,
    };
    const seen = pictures.slice(from);
    const stream = {
      tracksAtStart,
      messages: seen.length,
      windowS: round(windowS, 1),
      perS: round(seen.length / windowS, 2),
      tracksMedian: quantile(
        seen.map((p) => p.tracks),
        0.5,
      ),
      bytesMedian: quantile(
        seen.map((p) => p.bytes),
        0.5,
      ),
      gapP95Ms: round(
        quantile(
          seen.slice(1).map((p, i) => p.atMs - seen[i]!.atMs),
          0.95,
        ),
        0,
      ),
    };

    say(`the maritime map with ${vessels} vessels`);
    // The maritime map with `vessels` vessels; a node too busy to serve the console is reported as such.
    let maritimeMap: MaritimeFigures;
    try {
      const heavy = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
      const body = JSON.stringify(manyVessels(vessels));
      await heavy.route(/\/api\/JPN\/vessels$/, (r) =>
        r.fulfill({ status: 200, contentType: 'application/json', body }),
      );
      const t1 = performance.now();
      await heavy.goto(net.link, { timeout: 120_000 });
      await heavy.getByTestId('view-maritime').click();
      await until(
        heavy,
        `Number(document.querySelector('[data-testid=vessel-count]')?.getAttribute('data-count') ?? 0) >= ${vessels}`,
        120_000,
        `${vessels} vessels on the map`,
      );
      const vesselsLoadedMs = performance.now() - t1;
      await heavy.waitForTimeout(500);
      const maritimeFrames = await frameTimes(heavy, Math.min(seconds, 10) * 1000);
      maritimeMap = { vessels, loadedMs: round(vesselsLoadedMs, 0), ...frameFigures(maritimeFrames) };
    } catch (err) {
      maritimeMap = { vessels, error: (err instanceof Error ? err.message : String(err)).split('\n')[0]! };
    }

    const figures = {
      machine: {
        cpus: cpus().length,
        loadAvg1mBefore: round(loadBefore, 2),
        loadAvg1mAfter: round(loadavg()[0]!, 2),
      },
      raid: { missiles, speed },
      signInToFirstPictureMs: round(firstPictureMs, 0),
      pictureStream: stream,
      missileMap: { tracks: tracksAtStart, ...frameFigures(missileFrames) },
      nodeHealth,
      maritimeMap,
      browser: 'headless Chromium, SwiftShader WebGL (no GPU)',
    };
    if (!o.json) print(figures);
    return figures;
  } finally {
    await browser.close();
    await stopNetwork(net);
    stopInterrupts();
    rmSync(dir, { recursive: true, force: true });
  }
}

type MaritimeFigures =
  | { vessels: number; loadedMs: number; frames: number; medianMs: number; p95Ms: number; maxMs: number }
  | { vessels: number; error: string };

function print(f: {
  machine: { cpus: number; loadAvg1mBefore: number; loadAvg1mAfter: number };
  raid: { missiles: number; speed: number };
  signInToFirstPictureMs: number;
  pictureStream: {
    tracksAtStart: number;
    messages: number;
    windowS: number;
    perS: number;
    tracksMedian: number;
    bytesMedian: number;
    gapP95Ms: number;
  };
  missileMap: { tracks: number; frames: number; medianMs: number; p95Ms: number; maxMs: number };
  nodeHealth: { samples: number; unansweredIn5s: number; medianMs: number; maxMs: number };
  maritimeMap: MaritimeFigures;
}): void {
  const s = f.pictureStream;
  const h = f.nodeHealth;
  const m = f.maritimeMap;
  process.stdout.write(
    formatTable(
      `console (headless Chromium, SwiftShader WebGL; concord start on a ${f.raid.missiles}-missile raid at ${f.raid.speed}x; ${f.machine.cpus} CPUs, load ${f.machine.loadAvg1mBefore} before, ${f.machine.loadAvg1mAfter} after):`,
      [
        ['figure', 'value'],
        ['sign-in to first picture', `${f.signInToFirstPictureMs} ms`],
        ['picture stream', `${s.perS} messages/s over ${s.windowS} s`],
        ['  tracks per message (median)', `${s.tracksMedian} (${s.tracksAtStart} at the start)`],
        ['  bytes per message (median)', `${s.bytesMedian}`],
        ['  gap between messages, p95', `${s.gapP95Ms} ms`],
        [
          `missile map frame time, ${f.missileMap.tracks} tracks`,
          `median ${f.missileMap.medianMs} ms, p95 ${f.missileMap.p95Ms} ms, max ${f.missileMap.maxMs} ms (${f.missileMap.frames} frames)`,
        ],
        [
          'node /health meanwhile',
          `median ${h.medianMs} ms, max ${h.maxMs} ms, ${h.unansweredIn5s} of ${h.samples + h.unansweredIn5s} unanswered in 5 s`,
        ],
        ...('error' in m
          ? [[`maritime map, ${m.vessels} vessels`, `not measured: ${m.error}`]]
          : [
              [`maritime map, ${m.vessels} vessels`, `on the map ${m.loadedMs} ms after opening`],
              [
                '  frame time',
                `median ${m.medianMs} ms, p95 ${m.p95Ms} ms, max ${m.maxMs} ms (${m.frames} frames)`,
              ],
            ]),
      ],
    ),
  );
}
