import { useEffect, useState } from 'react';
import { apiGet, openStream, type StreamState } from '../api/client.js';
import type { Alerts, Nation, Picture, Trajectories } from '../api/types.js';
import { HISTORY_MAX, type TrackSample, withTrajectories } from './trajectories.js';

export type { TrackSample } from './trajectories.js';

/**
 * The picture comes every second: ten without one and the connection is replaced (not fewer: a busy
 * browser or node may hold a few back).
 */
const SILENT_AFTER_MS = 10_000;

export interface PictureState {
  readonly picture: Picture | undefined;
  /** Wall-clock ms (performance.now) when the picture arrived. */
  readonly receivedAtMs: number;
  /** Scenario seconds per wall-clock second, from the last two pictures (0 when the clock stands). */
  readonly rate: number;
  /** Each track's past positions, [lon, lat], oldest first, as the stream showed them. */
  readonly history: ReadonlyMap<string, readonly [number, number][]>;
  /** The same positions with their time, altitude and speed, for the track's detail. */
  readonly samples: ReadonlyMap<string, readonly TrackSample[]>;
  readonly alerts: Alerts | undefined;
  readonly stream: StreamState;
  readonly streamDetail: string | undefined;
}

const EMPTY: PictureState = {
  picture: undefined,
  receivedAtMs: 0,
  rate: 0,
  history: new Map(),
  samples: new Map(),
  alerts: undefined,
  stream: 'connecting',
  streamDetail: undefined,
};

/** The scenario instant now, extrapolated from the last picture at the observed rate (ms). */
export function scenarioNowMs(s: PictureState, wallNowMs: number): number | undefined {
  if (!s.picture) return undefined;
  return Date.parse(s.picture.time) + (wallNowMs - s.receivedAtMs) * s.rate;
}

/**
 * The nation's missile picture, live: the picture stream (pushed once a second, reconnecting by
 * itself; its next message after a drop is the whole picture), the trajectories it has shown with
 * what the node held before (read at each connection), and the node's warnings, read again with
 * each picture.
 */
export function usePicture(nation: Nation, token: string): PictureState {
  const [state, setState] = useState<PictureState>(EMPTY);
  useEffect(() => {
    let alive = true;
    let reading = false;
    const readAlerts = () => {
      if (reading) return; // the last read is still under way: one at a time
      reading = true;
      apiGet<Alerts>(`/api/${nation}/warnings`, token)
        .then((alerts) => alive && setState((s) => ({ ...s, alerts })))
        .catch(() => {}) // kept as last read; the stream's state says whether the node is there
        .finally(() => {
          reading = false;
        });
    };
    // The node's trajectories are read once the stream is open, and again after each reconnection:
    // they fill in what the stream did not show (before the console opened, or during a drop).
    let seeded = false;
    const readTrajectories = () => {
      seeded = true;
      apiGet<Trajectories>(`/api/${nation}/trajectories`, token)
        .then((t) => alive && setState((s) => withTrajectories(s, t)))
        .catch(() => {
          seeded = false; // tried again with the next picture
        });
    };
    const close = openStream<Picture>(`/api/${nation}/stream`, token, {
      silentAfterMs: SILENT_AFTER_MS,
      onState: (stream, streamDetail) => {
        if (stream !== 'open') seeded = false;
        if (alive) setState((s) => ({ ...s, stream, streamDetail }));
      },
      onMessage: (p) => {
        if (!alive) return;
        if (!seeded) readTrajectories();
        const at = performance.now();
        setState((s) => {
          const history = new Map(s.history);
          const samples = new Map(s.samples);
          for (const t of p.tracks) {
            const past = history.get(t.id) ?? [];
            const last = past[past.length - 1];
            if (last && last[0] === t.lonDeg && last[1] === t.latDeg) continue;
            const next = [...past, [t.lonDeg, t.latDeg] as [number, number]];
            history.set(t.id, next.length > HISTORY_MAX ? next.slice(-HISTORY_MAX) : next);
            const sample: TrackSample = {
              time: t.time,
              latDeg: t.latDeg,
              lonDeg: t.lonDeg,
              altitudeM: t.altitudeM,
              speedMps: t.speedMps,
            };
            const trail = [...(samples.get(t.id) ?? []), sample];
            samples.set(t.id, trail.length > HISTORY_MAX ? trail.slice(-HISTORY_MAX) : trail);
          }
          const dScenarioMs = s.picture ? Date.parse(p.time) - Date.parse(s.picture.time) : 0;
          const dWallMs = at - s.receivedAtMs;
          const rate = s.picture && dWallMs > 0 ? Math.max(0, dScenarioMs / dWallMs) : s.rate;
          return { ...s, picture: p, receivedAtMs: at, rate, history, samples };
        });
        readAlerts();
      },
    });
    return () => {
      alive = false;
      close();
    };
  }, [nation, token]);
  return state;
}
