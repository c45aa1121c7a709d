import type { Nation } from '../domain/index.js';
import type { AuditReader, NationNode } from '../node/index.js';
import type { EmbeddedNetwork } from './embedded.js';

// The replay of `concord start`: the embedded network's scenario clock played, paused, sped up,
// sought and switched to another scenario. Every step of a run is an event on its virtual-time
// Scheduler, drawn from the scenario and its seed, so a run is deterministic: seeking back is
// re-running the scenario from its start, on fresh nodes and stores, to the instant asked for, and
// lands on the same picture the first pass showed at that instant.

/** The slowest and fastest the clock may run, scenario seconds per wall-clock second. */
export const REPLAY_SPEED_MIN = 0.1;
export const REPLAY_SPEED_MAX = 10_000;

/** One run of the network on one scenario, made fresh for every re-run. */
export interface ReplayRun {
  readonly scenario: {
    readonly name: string;
    readonly startMs: number;
    readonly durationS: number;
    /** The scenario's missiles (its launches, known beforehand); none when absent. */
    readonly missiles?: readonly {
      readonly id: string;
      readonly className: string;
      readonly launchAfterS: number;
    }[];
  };
  readonly nodes: ReadonlyMap<Nation, NationNode>;
  /** Each node's audit log, where its store can be read back. */
  readonly audits?: ReadonlyMap<Nation, AuditReader>;
  /** The run's scenario clock. */
  nowMs(): number;
  /** Runs the network up to scenario instant `tMs` (as fast as the machine goes). */
  runUntil(tMs: number): void;
  /** Stops the nodes and closes their stores. */
  close(): void;
}

/** A scenario the picker offers. */
export interface ReplayScenario {
  readonly name: string;
  readonly description: string;
  readonly durationS: number;
  readonly nations: readonly Nation[];
}

export interface ReplayOptions {
  /** The scenarios a switch may choose (the bundled ones, and the started one). */
  readonly scenarios: () => readonly ReplayScenario[];
  /** The first run's scenario (a name `scenarios` lists). */
  readonly scenario: string;
  /** Makes a fresh run on a scenario (fresh nodes and stores), at its start. */
  readonly build: (scenario: string) => ReplayRun;
  /** The starting speed. */
  readonly speed: number;
  /** Wall-clock ms (default performance.now). */
  readonly wallNowMs?: () => number;
  /**
   * Why re-running is impossible in this network, if it is (e.g. live feeds wired to the nodes):
   * a backward seek and a switch are then refused with it.
   */
  readonly rerunRefusal?: string;
  /** Called after the run was replaced (the old one closed, the new one at `tMs`). */
  readonly onRerun?: (e: ReplayRerun) => void;
}

export interface ReplayRerun {
  readonly run: ReplayRun;
  readonly why: 'seek' | 'scenario';
  /** Scenario ms it was run to. */
  readonly tMs: number;
  /** Wall-clock ms the re-run took (building the network and running it to `tMs`). */
  readonly tookMs: number;
}

/** What a replay is doing now. */
export interface ReplayState {
  readonly scenario: string;
  readonly startMs: number;
  /** The scenario clock, ms since the epoch. */
  readonly nowMs: number;
  readonly durationS: number;
  readonly speed: number;
  readonly paused: boolean;
  /** The clock stands at the scenario's end. */
  readonly ended: boolean;
  /** How many runs this network has made: 1, then one more for every backward seek or switch. */
  readonly run: number;
}

/** A launch of the current run's scenario: the missile, its class, seconds from the scenario's start. */
export interface ReplayLaunch {
  readonly missile: string;
  readonly className: string;
  readonly t: number;
}

export type ReplayAction =
  | { readonly action: 'play' }
  | { readonly action: 'pause' }
  | { readonly action: 'speed'; readonly speed: number }
  /** `t`: scenario seconds from the scenario's start. */
  | { readonly action: 'seek'; readonly t: number }
  | { readonly action: 'scenario'; readonly name: string };

/** A refused action: the status, the field at fault (when one) and why. */
export class ReplayRefusal extends Error {
  constructor(
    readonly status: 400 | 409,
    readonly error: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ReplayRefusal';
  }
}

/**
 * The embedded network's scenario clock under the operators' control. `tick()` (called every few
 * wall-clock ms by the CLI) runs the current run to where the wall clock says at the current speed;
 * the actions re-anchor that. `nodes` is a live view of the current run's nodes: what holds it (the
 * API, the feeds) always reaches the run of the moment.
 */
export class Replay {
  readonly #o: ReplayOptions;
  readonly #wall: () => number;
  #run: ReplayRun;
  #runs = 1;
  #speed: number;
  #paused = false;
  /** The wall instant and scenario instant the clock was last anchored at. */
  #anchorWallMs: number;
  #anchorMs: number;
  /** A live view of the current run's nodes. */
  readonly nodes: ReadonlyMap<Nation, NationNode>;
  /** A live view of the current run's audit logs. */
  readonly audits: ReadonlyMap<Nation, AuditReader>;
  /** The current run's scenario clock. */
  readonly clock: { nowMs(): number };

  constructor(o: ReplayOptions) {
    // The starting speed is the CLI's (--speed, any positive number); an action's is bounded.
    if (!(o.speed > 0))
      throw new ReplayRefusal(400, 'bad-request', `speed must be positive, not ${o.speed}`, 'speed');
    this.#o = o;
    this.#wall = o.wallNowMs ?? (() => performance.now());
    this.#speed = o.speed;
    this.#run = o.build(o.scenario);
    this.#anchorWallMs = this.#wall();
    this.#anchorMs = this.#run.nowMs();
    this.nodes = liveMap(() => this.#run.nodes);
    this.audits = liveMap(() => this.#run.audits ?? new Map());
    this.clock = { nowMs: () => this.#run.nowMs() };
  }

  get run(): ReplayRun {
    return this.#run;
  }

  get endMs(): number {
    return this.#run.scenario.startMs + this.#run.scenario.durationS * 1000;
  }

  get ended(): boolean {
    return this.#run.nowMs() >= this.endMs;
  }

  state(): ReplayState {
    const s = this.#run.scenario;
    return {
      scenario: s.name,
      startMs: s.startMs,
      nowMs: this.#run.nowMs(),
      durationS: s.durationS,
      speed: this.#speed,
      paused: this.#paused,
      ended: this.ended,
      run: this.#runs,
    };
  }

  scenarios(): readonly ReplayScenario[] {
    return this.#o.scenarios();
  }

  /** The current run's scenario's launches, in time order (the scenario file's, known beforehand). */
  launches(): readonly ReplayLaunch[] {
    return (this.#run.scenario.missiles ?? [])
      .map((m) => ({ missile: m.id, className: m.className, t: m.launchAfterS }))
      .sort((a, b) => a.t - b.t || a.missile.localeCompare(b.missile));
  }

  /** Runs the network to where the wall clock says (nothing while paused or at the end). */
  tick(): void {
    if (this.#paused || this.ended) return;
    const target = Math.min(this.endMs, this.#anchorMs + (this.#wall() - this.#anchorWallMs) * this.#speed);
    if (target > this.#run.nowMs()) this.#run.runUntil(target);
  }

  /** Carries out an action, or throws a ReplayRefusal naming the field. */
  act(a: ReplayAction): ReplayState {
    switch (a.action) {
      case 'play':
        if (this.ended)
          throw new ReplayRefusal(
            409,
            'ended',
            `scenario ${this.#run.scenario.name} has ended: seek back before playing`,
          );
        this.#paused = false;
        this.#anchor();
        break;
      case 'pause':
        this.tick();
        this.#paused = true;
        break;
      case 'speed':
        if (!(a.speed >= REPLAY_SPEED_MIN && a.speed <= REPLAY_SPEED_MAX))
          throw new ReplayRefusal(
            400,
            'bad-request',
            `speed must be from ${REPLAY_SPEED_MIN} to ${REPLAY_SPEED_MAX} (scenario seconds per second), not ${a.speed}`,
            'speed',
          );
        this.tick();
        this.#speed = a.speed;
        this.#anchor();
        break;
      case 'seek':
        this.#seek(a.t);
        break;
      case 'scenario':
        this.#switch(a.name);
        break;
    }
    return this.state();
  }

  close(): void {
    this.#run.close();
  }

  #anchor(): void {
    this.#anchorWallMs = this.#wall();
    this.#anchorMs = this.#run.nowMs();
  }

  #seek(t: number): void {
    const s = this.#run.scenario;
    if (!(Number.isFinite(t) && t >= 0 && t <= s.durationS))
      throw new ReplayRefusal(
        400,
        'bad-request',
        `t must be from 0 to ${s.durationS} (scenario seconds of ${s.name}), not ${t}`,
        't',
      );
    const tMs = s.startMs + t * 1000;
    this.tick();
    if (tMs >= this.#run.nowMs()) {
      // Forward: the run goes on, as fast as the machine goes.
      this.#run.runUntil(tMs);
    } else {
      // Backward: the past cannot be undone in place; the scenario runs again from its start.
      this.#rerun(s.name, tMs, 'seek');
    }
    this.#anchor();
  }

  #switch(name: string): void {
    const known = this.#o.scenarios().map((x) => x.name);
    if (!known.includes(name))
      throw new ReplayRefusal(
        400,
        'bad-request',
        `no scenario '${name}' to switch to (the network offers: ${known.join(', ')})`,
        'name',
      );
    this.#refuseRerun();
    const began = this.#wall();
    const previous = this.#run.scenario.name;
    this.#run.close();
    let run: ReplayRun;
    try {
      run = this.#o.build(name);
    } catch (err) {
      // A scenario that cannot run (a file that no longer reads): the network goes back to the
      // one it ran, from its start, and the switch is refused with why.
      const back = this.#o.build(previous);
      this.#replace(back, 'scenario', back.nowMs(), this.#wall() - began);
      this.#anchor();
      throw new ReplayRefusal(
        400,
        'bad-request',
        `scenario '${name}' cannot run (${err instanceof Error ? err.message : String(err)}); ${previous} runs again from its start`,
        'name',
      );
    }
    this.#replace(run, 'scenario', run.nowMs(), this.#wall() - began);
    this.#anchor();
  }

  #rerun(name: string, tMs: number, why: 'seek'): void {
    this.#refuseRerun();
    const began = this.#wall();
    this.#run.close();
    const run = this.#o.build(name);
    run.runUntil(tMs);
    this.#replace(run, why, tMs, this.#wall() - began);
  }

  #refuseRerun(): void {
    if (this.#o.rerunRefusal !== undefined) throw new ReplayRefusal(409, 'no-rerun', this.#o.rerunRefusal);
  }

  #replace(run: ReplayRun, why: 'seek' | 'scenario', tMs: number, tookMs: number): void {
    this.#run = run;
    this.#runs++;
    this.#o.onRerun?.({ run, why, tMs, tookMs });
  }
}

/** A ReadonlyMap that reads whichever map `current` returns at the moment of each call. */
function liveMap<K, V>(current: () => ReadonlyMap<K, V>): ReadonlyMap<K, V> {
  return {
    get size() {
      return current().size;
    },
    get: (k) => current().get(k),
    has: (k) => current().has(k),
    forEach: (fn, thisArg) => {
      const m = current();
      for (const [k, v] of m) fn.call(thisArg, v, k, m);
    },
    entries: () => current().entries(),
    keys: () => current().keys(),
    values: () => current().values(),
    [Symbol.iterator]: () => current()[Symbol.iterator](),
  };
}

/** An embedded network as a replay's run (`close` default: the network's own). */
export function replayRun(net: EmbeddedNetwork, close: () => void = () => net.close()): ReplayRun {
  return {
    scenario: net.scenario,
    nodes: net.nodes,
    audits: net.audits,
    nowMs: () => net.sched.nowMs(),
    runUntil: (tMs) => net.runUntil(tMs),
    close,
  };
}
