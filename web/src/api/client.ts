import type { Health, Nation } from './types.js';

/** A refusal or failure of the API, with what the console shows. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** GET `path` on this node with the operator's token; the body as JSON, or ApiError. */
export async function apiGet<T>(path: string, token: string, signal?: AbortSignal): Promise<T> {
  const r = await fetch(path, { headers: { authorization: `Bearer ${token}` }, signal: signal ?? null });
  const body: unknown = await r.json().catch(() => null);
  if (!r.ok) {
    const message =
      body && typeof body === 'object' && 'message' in body ? String(body.message) : `HTTP ${r.status}`;
    throw new ApiError(r.status, message);
  }
  return body as T;
}

/**
 * POST `body` as JSON to `path` on this node with the operator's token; the answer as JSON, or
 * ApiError carrying the node's status and message (a 409 says why the action is not allowed now).
 */
export async function apiPost<T>(path: string, token: string, body: unknown): Promise<T> {
  const r = await fetch(path, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer: unknown = await r.json().catch(() => null);
  if (!r.ok) {
    const message =
      answer && typeof answer === 'object' && 'message' in answer
        ? String(answer.message)
        : `HTTP ${r.status}`;
    throw new ApiError(r.status, message);
  }
  return answer as T;
}

/**
 * The nation whose operator holds `token`: the first node this API serves whose picture the token
 * may read (a `concord node` serves one; `concord start` one per nation). undefined: none.
 */
export async function nationOf(token: string): Promise<Nation | undefined> {
  const health = (await (await fetch('/health')).json()) as Health;
  for (const n of health.nodes) {
    try {
      await apiGet(`/api/${n}/agreements`, token);
      return n;
    } catch (err) {
      if (!(err instanceof ApiError) || err.status === 500) throw err;
    }
  }
  return undefined;
}

/**
 * A stream's state as the console shows it: `stalled` is a connection that went silent for longer
 * than the stream promises to speak (no message, no heartbeat) and is being replaced.
 */
export type StreamState = 'connecting' | 'open' | 'retrying' | 'stalled' | 'refused';

/**
 * Heartbeats a stream may miss before its connection is taken as dropped: two and a half (one late
 * heartbeat on a busy node or browser is not a drop; three are).
 */
export const HEARTBEATS_BEFORE_DROP = 2.5;

/**
 * How long a stream that sends heartbeats may be silent before its first heartbeat tells the
 * console its interval: 2.5 of the node's default (10 s, src/api/heartbeat.ts).
 */
export const SILENT_BEFORE_FIRST_HEARTBEAT_MS = HEARTBEATS_BEFORE_DROP * 10_000;

/** A stream's heartbeat message (the consultation and maritime streams send one every `everyMs`). */
export function isHeartbeat(m: unknown): m is { type: 'heartbeat'; time: string; everyMs: number } {
  return (
    typeof m === 'object' &&
    m !== null &&
    (m as { type?: unknown }).type === 'heartbeat' &&
    typeof (m as { everyMs?: unknown }).everyMs === 'number' &&
    (m as { everyMs: number }).everyMs > 0
  );
}

export interface StreamHandlers<T> {
  readonly onMessage: (m: T) => void;
  readonly onState: (s: StreamState, detail?: string) => void;
  /**
   * A stream that pushes periodically (the picture: every second) and has said nothing for this
   * long is taken as dead and replaced: a connection can stall without closing (a laptop's network
   * gone, a proxy), and the operator must not look at a frozen picture marked live. A stream that
   * sends heartbeats replaces this, at its first heartbeat, by HEARTBEATS_BEFORE_DROP of them.
   */
  readonly silentAfterMs?: number;
}

/** Waits after a drop before reconnecting: doubles from the first to the last, then stays. */
const RETRY_FIRST_MS = 500;
const RETRY_LAST_MS = 8_000;

/**
 * A WebSocket on this node (`path`, e.g. /api/JPN/stream), the token offered as a subprotocol (never
 * in the URL, which logs keep), reconnecting by itself after a drop. A refusal (an `error` message,
 * then close 1008) is not retried: the token is not valid there. Returns the function that closes it.
 * `path` may be a function, asked at each connection: a stream that resumes from the last message
 * received (the consultation stream's `?after=SEQ`) names that place anew each time.
 */
export function openStream<T>(
  path: string | (() => string),
  token: string,
  h: StreamHandlers<T>,
): () => void {
  let socket: WebSocket | undefined;
  let closed = false;
  let refused = false;
  let retryMs = RETRY_FIRST_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  // How long a silence is a drop: the handler's, until the stream's heartbeat says otherwise.
  let silentAfterMs = h.silentAfterMs;
  const url = () =>
    `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${typeof path === 'string' ? path : path()}`;
  const retry = (why: 'retrying' | 'stalled') => {
    clearTimeout(watchdog);
    h.onState(why);
    timer = setTimeout(connect, retryMs);
    retryMs = Math.min(RETRY_LAST_MS, retryMs * 2);
  };
  const watch = (ws: WebSocket) => {
    if (silentAfterMs === undefined) return;
    clearTimeout(watchdog);
    watchdog = setTimeout(() => {
      // Abandoned, not waited for: its close handshake may never complete.
      ws.onclose = null;
      ws.onmessage = null;
      ws.close();
      retry('stalled');
    }, silentAfterMs);
  };
  const connect = () => {
    h.onState('connecting');
    const ws = new WebSocket(url(), ['concord.v1', `concord.token.${token}`]);
    socket = ws;
    watch(ws);
    ws.onopen = () => {
      retryMs = RETRY_FIRST_MS;
      h.onState('open');
    };
    ws.onmessage = (e) => {
      let m: unknown;
      try {
        m = JSON.parse(String(e.data));
      } catch {
        watch(ws);
        return; // not JSON: not a message of this API; ignored rather than ending the stream
      }
      if (isHeartbeat(m)) {
        // Only says the connection lives, and how often it will say so.
        silentAfterMs = Math.round(HEARTBEATS_BEFORE_DROP * m.everyMs);
        watch(ws);
        return;
      }
      watch(ws);
      if (m && typeof m === 'object' && 'error' in m) {
        refused = true;
        h.onState('refused', 'message' in m ? String(m.message) : String(m.error));
        return;
      }
      h.onMessage(m as T);
    };
    ws.onclose = () => {
      clearTimeout(watchdog);
      if (closed || refused) return;
      retry('retrying');
    };
  };
  connect();
  return () => {
    closed = true;
    clearTimeout(timer);
    clearTimeout(watchdog);
    socket?.close();
  };
}
