import type { FastifyPluginAsync } from 'fastify';
import type { Nation } from '../domain/index.js';
import type { NationNode } from '../node/index.js';
import { type Authenticate, authRefusal, bearerToken, refuse } from './auth.js';
import { nationParams } from './picture-schemas.js';
import {
  type ReplayActionInput,
  type ReplayMarksBody,
  type ReplayStateBody,
  replayAction,
  replayMarks,
  replayState,
} from './replay-schemas.js';
import { input, output, responses } from './schema.js';
import type { StreamGuard } from './stream-limits.js';

// The replay of the embedded network (`concord start`): its one scenario clock, shared by every node
// of the network, played, paused, sped up, sought and switched to another scenario. A distributed
// `concord node` has no replay: its clock is its own process's, in step with its partners'.

/** What the API needs of the replay (src/exercise's Replay, wrapped by `concord start`). */
export interface ReplayControl {
  state(): {
    readonly scenario: string;
    readonly startMs: number;
    readonly nowMs: number;
    readonly durationS: number;
    readonly speed: number;
    readonly paused: boolean;
    readonly ended: boolean;
    readonly run: number;
  };
  scenarios(): readonly {
    readonly name: string;
    readonly description: string;
    readonly durationS: number;
    readonly nations: readonly Nation[];
  }[];
  /** The current run's scenario's launches (`t`: seconds from its start), known beforehand. */
  launches(): readonly { readonly missile: string; readonly className: string; readonly t: number }[];
  /**
   * Carries out an action for `by`; throws `{status: 400 | 409, error, message, field?}` (a
   * ReplayRefusal) when it is refused.
   */
  act(
    a: ReplayActionInput,
    by: { readonly nation: Nation; readonly role: string },
  ): ReturnType<ReplayControl['state']>;
}

export interface ReplayRoutesOptions {
  readonly replay: ReplayControl | undefined;
  /** The nodes of the current run: each nation's marks read its own node's warnings, and no other's. */
  readonly nodes: ReadonlyMap<Nation, Pick<NationNode, 'warnings'>>;
  readonly authenticate: Authenticate;
  /** The API's streams: all closed when the network re-runs, so each client reconnects to the new run. */
  readonly streams: StreamGuard;
}

/** A refusal thrown by the replay, as ReplayRefusal makes it. */
function isRefusal(
  err: unknown,
): err is { status: 400 | 409; error: string; message: string; field?: string | undefined } {
  if (err === null || typeof err !== 'object') return false;
  const r = err as { status?: unknown; error?: unknown; message?: unknown };
  return (
    (r.status === 400 || r.status === 409) && typeof r.error === 'string' && typeof r.message === 'string'
  );
}

/** The close code sent to every stream when the network re-runs (1012: service restart). */
export const RERUN_CLOSE = 1012;

const NO_REPLAY =
  "this node has no replay: its scenario clock is its own process's (a distributed `concord node`, in step with its partners); replay is the embedded network's (`concord start`)";

/** `GET` and `POST /api/:nation/replay`. */
export const replayRoutes: FastifyPluginAsync<ReplayRoutesOptions> = async (app, o) => {
  const params = input(nationParams);
  const describe = (): ReplayStateBody => {
    const s = o.replay!.state();
    return {
      scenario: s.scenario,
      start: new Date(s.startMs).toISOString(),
      time: new Date(s.nowMs).toISOString(),
      t: Math.round(s.nowMs - s.startMs) / 1000,
      durationS: s.durationS,
      speed: s.speed,
      paused: s.paused,
      ended: s.ended,
      run: s.run,
      scenarios: o.replay!.scenarios().map((x) => ({ ...x, nations: [...x.nations] })),
    };
  };

  app.get<{ Params: { nation: string } }>(
    '/api/:nation/replay',
    {
      schema: {
        description:
          "The embedded network's scenario clock: the scenario, the clock, its speed, whether it is paused, and the scenarios it may switch to. Any operator or administrator of a nation of the network may read it. 404 `no-replay` on a distributed `concord node`.",
        params,
        response: responses(output(replayState), [400, 401, 403, 404]),
      },
    },
    async (req, reply) => {
      const auth = o.authenticate(bearerToken(req), req.params.nation);
      if (!auth.ok) return refuse(reply, authRefusal(auth));
      if (!o.replay) return refuse(reply, { status: 404, error: 'no-replay', message: NO_REPLAY });
      return describe();
    },
  );

  app.get<{ Params: { nation: string } }>(
    '/api/:nation/replay/marks',
    {
      schema: {
        description:
          "Where the scenario's events stand on the replay's time line, for the console's seek bar: the scenario's launches (from its file, known beforehand) and the warnings this nation's own node issued and withdrew so far in this run (its own alerts: never another nation's). In time order; `run` says which run they belong to. 404 `no-replay` on a distributed `concord node`.",
        params,
        response: responses(output(replayMarks), [400, 401, 403, 404]),
      },
    },
    async (req, reply) => {
      const auth = o.authenticate(bearerToken(req), req.params.nation);
      if (!auth.ok) return refuse(reply, authRefusal(auth));
      if (!o.replay) return refuse(reply, { status: 404, error: 'no-replay', message: NO_REPLAY });
      const s = o.replay.state();
      const at = (ms: number) => ({ t: Math.round(ms - s.startMs) / 1000, time: new Date(ms).toISOString() });
      const marks: ReplayMarksBody['marks'] = o.replay.launches().map((l) => ({
        kind: 'launch' as const,
        t: l.t,
        time: new Date(s.startMs + l.t * 1000).toISOString(),
        missile: l.missile,
        className: l.className,
      }));
      // Only the authenticated nation's own node: what it issued to its nation, as its warnings route has it.
      const node = o.nodes.get(auth.nation);
      for (const w of node?.warnings() ?? []) {
        const what = { trackId: w.trackId, reason: w.reason, area: w.area };
        marks.push({ kind: 'warning', ...at(w.issuedMs), ...what });
        if (w.withdrawnMs !== undefined) marks.push({ kind: 'withdrawal', ...at(w.withdrawnMs), ...what });
      }
      marks.sort((a, b) => a.t - b.t);
      return {
        scenario: s.scenario,
        run: s.run,
        t: Math.round(s.nowMs - s.startMs) / 1000,
        marks,
      } satisfies ReplayMarksBody;
    },
  );

  app.post<{
    Params: { nation: string };
    Body: { action: ReplayActionInput['action']; speed?: number; t?: number; scenario?: string };
  }>(
    '/api/:nation/replay',
    {
      schema: {
        description:
          "Controls the embedded network's scenario clock, which every node of the network shares: `play`, `pause`, `speed`, `seek` (a backward seek re-runs the scenario from its start on fresh stores: what was done by hand in the run is gone), `scenario` (re-runs the network on another). Any operator or administrator of a nation of the network may (an exercise's clock, not a nation's holdings). Every stream of the API is closed (1012) when the network re-runs. 400 names the field (`speed`, `t`, `scenario`); 409 `ended` (play at the end), `no-rerun` (live feeds are wired to the nodes); 404 `no-replay` on a distributed `concord node`.",
        params,
        body: input(replayAction),
        response: responses(output(replayState), [400, 401, 403, 404, 409]),
      },
    },
    async (req, reply) => {
      const auth = o.authenticate(bearerToken(req), req.params.nation);
      if (!auth.ok) return refuse(reply, authRefusal(auth));
      if (!o.replay) return refuse(reply, { status: 404, error: 'no-replay', message: NO_REPLAY });
      const b = req.body;
      const missing = (field: 'speed' | 't' | 'scenario') =>
        refuse(reply, {
          status: 400,
          error: 'bad-request',
          message: `action '${b.action}' needs '${field}'`,
          field,
        });
      let action: ReplayActionInput;
      switch (b.action) {
        case 'speed':
          if (b.speed === undefined) return missing('speed');
          action = { action: 'speed', speed: b.speed };
          break;
        case 'seek':
          if (b.t === undefined) return missing('t');
          action = { action: 'seek', t: b.t };
          break;
        case 'scenario':
          if (b.scenario === undefined) return missing('scenario');
          action = { action: 'scenario', name: b.scenario };
          break;
        default:
          action = { action: b.action };
      }
      const before = o.replay.state().run;
      let refused: unknown;
      try {
        o.replay.act(action, { nation: auth.nation, role: auth.role });
      } catch (err) {
        if (!isRefusal(err)) throw err;
        refused = err;
      }
      // The streams read a run that is gone: closed, so every client reconnects to the new one
      // (a refused switch may have re-run the network too, back on its scenario).
      if (o.replay.state().run !== before) o.streams.closeAll(RERUN_CLOSE, 'the network re-ran (replay)');
      if (isRefusal(refused))
        return refuse(reply, {
          status: refused.status,
          error: refused.error,
          message: refused.message,
          // The controller names its own word for the scenario; the API's body calls it `scenario`.
          ...(refused.field !== undefined
            ? { field: refused.field === 'name' ? 'scenario' : refused.field }
            : {}),
        });
      return describe();
    },
  );
};
