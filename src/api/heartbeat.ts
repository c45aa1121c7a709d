import { z } from 'zod';
import { isoInstant, shared } from './schema.js';
import type { StreamGuard, StreamSocket } from './stream-limits.js';

// A stream that is quiet between events (the consultation stream; the maritime stream where no
// vessel is heard) cannot be told from a stalled one by its silence: a connection can stall without
// closing (a laptop's network gone, a proxy holding it) while /health still answers. So each such
// stream says it is alive every `everyMs`, and a client that hears nothing for about two and a half
// of those takes the connection as dropped and reconnects.

/** How often a quiet stream says it is alive, wall-clock ms, unless the API is told otherwise. */
export const DEFAULT_HEARTBEAT_MS = 10_000;

/** The heartbeat message of the consultation and maritime streams. */
export const heartbeat = shared(
  'stream-heartbeat',
  z
    .object({
      type: z.literal('heartbeat'),
      time: isoInstant.meta({ description: "the node's clock (the scenario's time in `concord start`)" }),
      everyMs: z.int().positive().meta({
        description:
          'wall-clock ms between two heartbeats: a client that hears nothing for about 2.5 times this may take the connection as dropped',
      }),
    })
    .meta({ title: 'stream heartbeat' }),
);

/**
 * Sends a heartbeat on `socket` every `everyMs` until it closes (through the guard, so a client
 * that stopped reading is dropped as for any message). Returns the function that stops it.
 */
export function startHeartbeat(
  socket: StreamSocket & { on(event: 'close', listener: () => void): unknown },
  streams: StreamGuard,
  everyMs: number,
  clock: { nowMs(): number },
): () => void {
  if (!(Number.isInteger(everyMs) && everyMs > 0))
    throw new Error(`invariant: heartbeat every ${everyMs} ms`);
  const timer = setInterval(() => {
    if (socket.readyState !== socket.OPEN) return;
    // A timer callback: a send that throws ends this stream, never the process.
    try {
      streams.send(
        socket,
        JSON.stringify({ type: 'heartbeat', time: new Date(clock.nowMs()).toISOString(), everyMs }),
      );
    } catch {
      clearInterval(timer);
      socket.close(1011, 'internal');
    }
  }, everyMs);
  const stop = () => clearInterval(timer);
  socket.on('close', stop);
  return stop;
}
