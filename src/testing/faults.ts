// The random partitions and crashes a deterministic simulation injects, all healed before the end:
// the one schedule the link's and the consultations' simulations share.

import { type Nation, TRILATERAL } from '../domain/index.js';
import type { Scheduler } from '../link/scheduler.js';
import type { SimNetwork } from '../link/sim-network.js';
import type { Rng } from '../sim/index.js';

export interface FaultOptions {
  readonly rng: Rng;
  readonly sched: Scheduler;
  readonly net: SimNetwork;
  /** The run's length, ms: faults start in its first 60 %. */
  readonly durationMs: number;
  /** The chance that each of the three draws partitions its pair of nations. */
  readonly partitionChance: number;
  /** A partition's longest length, as a fraction of the run. */
  readonly partitionLength: number;
  /** The chance that each draw crashes its first nation's node (restarted 200 ms after the partition's length). */
  readonly crashChance: number;
  readonly isUp: (nation: Nation) => boolean;
  /** Stops a running node, as a crash does (its store closed, marked down). */
  readonly crash: (nation: Nation) => void;
  /** Starts a node again from its store. */
  readonly boot: (nation: Nation) => void;
  /** Wakes every running node's link (after a partition heals). */
  readonly kick: () => void;
}

/**
 * Three draws, each a pair of nations, a time and a length: the pair partitioned for that length
 * (then healed, and the links kicked) and the first node crashed and restarted, each by its chance.
 * The draws are taken in the same order whatever they decide, so a seed gives the same schedule.
 * Answers how many partitions and crashes it scheduled.
 */
export function scheduleFaults(o: FaultOptions): { partitions: number; crashes: number } {
  const { rng, sched, net, durationMs } = o;
  let partitions = 0;
  let crashes = 0;
  for (let i = 0; i < 3; i++) {
    const a = TRILATERAL[rng.int(3)]!;
    const b = TRILATERAL.filter((n) => n !== a)[rng.int(2)]!;
    const at = rng.next() * durationMs * 0.6;
    const len = rng.next() * durationMs * o.partitionLength;
    if (rng.next() < o.partitionChance) {
      partitions++;
      sched.after(at, () => net.partition(a, b));
      sched.after(at + len, () => {
        net.heal(a, b);
        o.kick();
      });
    }
    if (rng.next() < o.crashChance) {
      crashes++;
      sched.after(at, () => {
        if (o.isUp(a)) o.crash(a);
      });
      sched.after(at + 200 + len, () => {
        if (!o.isUp(a)) o.boot(a);
      });
    }
  }
  return { partitions, crashes };
}
