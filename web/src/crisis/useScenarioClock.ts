import { useEffect, useState } from 'react';
import type { Health } from '../api/types.js';

/** How often the node's clock is read (its deadlines count down between reads at the rate seen). */
const READ_EVERY_MS = 2_000;

export interface ScenarioClock {
  /** The node's clock (`/health` time), ms since the epoch, at `readAtMs`. */
  readonly nodeMs: number;
  /** Wall-clock ms (performance.now) when read. */
  readonly readAtMs: number;
  /** Scenario ms per wall-clock ms, from the last two reads (1 until there are two). */
  readonly rate: number;
  /** How many times the network came back: the node answered after a failed read, or the browser went online. */
  readonly recoveries: number;
}

/**
 * The node's clock, which acknowledgement deadlines are on: the scenario clock, which may run at 20x
 * or stand still. Read from `/health` every two seconds; the rate seen between reads lets a countdown
 * run smoothly in between. undefined until the first read.
 */
export function useScenarioClock(): ScenarioClock | undefined {
  const [clock, setClock] = useState<ScenarioClock | undefined>(undefined);
  useEffect(() => {
    let alive = true;
    let failed = false;
    const read = async () => {
      try {
        // A read that hangs (a stalled network) counts as failed, like one refused.
        const signal = AbortSignal.timeout(READ_EVERY_MS * 2);
        const h = (await (await fetch('/health', { signal })).json()) as Health;
        const at = performance.now();
        const nodeMs = Date.parse(h.time);
        if (!alive || !Number.isFinite(nodeMs)) return;
        const recovered = failed;
        failed = false;
        setClock((old) => {
          const dWall = old ? at - old.readAtMs : 0;
          const rate = old && dWall > 0 ? Math.max(0, (nodeMs - old.nodeMs) / dWall) : (old?.rate ?? 1);
          return { nodeMs, readAtMs: at, rate, recoveries: (old?.recoveries ?? 0) + (recovered ? 1 : 0) };
        });
      } catch {
        // Kept as last read (the countdowns run on); noted, so the room can renew its stream after.
        failed = true;
      }
    };
    void read();
    const timer = setInterval(() => void read(), READ_EVERY_MS);
    // The browser's own word that the network is back counts as a recovery too.
    const online = () => setClock((old) => (old ? { ...old, recoveries: old.recoveries + 1 } : old));
    window.addEventListener('online', online);
    return () => {
      alive = false;
      clearInterval(timer);
      window.removeEventListener('online', online);
    };
  }, []);
  return clock;
}

/** Re-renders every `periodMs`: for countdowns. Returns the wall clock (performance.now) now. */
export function useTick(periodMs: number): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(performance.now()), periodMs);
    return () => clearInterval(timer);
  }, [periodMs]);
  return now;
}
