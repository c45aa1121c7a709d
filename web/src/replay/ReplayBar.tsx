import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiGet, apiPost } from '../api/client.js';
import type { Nation, ReplayAction, ReplayMark, ReplayMarks, ReplayState } from '../api/types.js';
import { useTick } from '../crisis/useScenarioClock.js';
import { clockNow, formatT, groupMarks, type MarkGroup, seekBefore, speedOptions } from './model.js';

/** How often the node's replay state is read (the clock runs on between reads at its speed). */
const READ_EVERY_MS = 1_000;
/** A seek is asked once the slider has settled this long (a backward seek re-runs the scenario). */
const SEEK_SETTLE_MS = 400;
/** How often the marks are read again while the clock runs (the node's warnings come as it goes). */
const MARKS_EVERY_MS = 2_000;

type Read =
  | { readonly kind: 'loading' }
  | { readonly kind: 'none' }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'ok'; readonly state: ReplayState; readonly readAtMs: number };

/**
 * The replay bar: play/pause, the speed, a seek slider on the scenario time and the scenario picker,
 * on the embedded network's one scenario clock (`/api/<NATION>/replay`). `onRun` is told the run
 * number, which changes when the network re-runs (a backward seek, a switch): the views below are
 * then made anew, since what they hold belongs to a run that is gone.
 */
export function ReplayBar({
  nation,
  token,
  onRun,
}: {
  nation: Nation;
  token: string;
  onRun: (run: number) => void;
}) {
  const { t } = useTranslation();
  const [read, setRead] = useState<Read>({ kind: 'loading' });
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const [refusal, setRefusal] = useState<string | undefined>(undefined);
  /** The slider's value while the operator moves it (seconds), until the seek is asked. */
  const [pending, setPending] = useState<number | undefined>(undefined);
  const settle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const now = useTick(250);
  /** The marks of the scenario's events (launches, this nation's warnings), as last read. */
  const [marks, setMarks] = useState<ReplayMarks | undefined>(undefined);
  /** Read the marks again at the next poll (after an action, or when the run or the clock moved). */
  const marksStale = useRef(true);
  /** The state last read, to tell whether the run or the clock moved since. */
  const lastRead = useRef<ReplayState | undefined>(undefined);
  /** The earliest wall instant (performance.now) the marks are read again. */
  const marksNextAt = useRef(0);
  /** The slider's id, for its label (the marks stand beside it in the same box). */
  const seekId = useId();

  const take = useCallback(
    (state: ReplayState) => {
      const last = lastRead.current;
      if (!last || last.run !== state.run || last.t !== state.t) marksStale.current = true;
      lastRead.current = state;
      setRead({ kind: 'ok', state, readAtMs: performance.now() });
      onRun(state.run);
    },
    [onRun],
  );

  useEffect(() => {
    let alive = true;
    let reading = false;
    const readMarks = async () => {
      const at = performance.now();
      if (!marksStale.current || at < marksNextAt.current) return;
      marksStale.current = false;
      marksNextAt.current = at + MARKS_EVERY_MS;
      try {
        const m = await apiGet<ReplayMarks>(`/api/${nation}/replay/marks`, token, AbortSignal.timeout(5_000));
        if (alive) setMarks(m);
      } catch {
        marksStale.current = true; // kept as last read; tried again at a later poll
      }
    };
    const poll = async () => {
      if (reading) return; // the last read is still under way (the node may be re-running): one at a time
      reading = true;
      try {
        const state = await apiGet<ReplayState>(`/api/${nation}/replay`, token, AbortSignal.timeout(5_000));
        if (!alive) return;
        take(state);
        await readMarks();
      } catch (err) {
        if (!alive) return;
        if (err instanceof ApiError && err.status === 404) {
          setRead({ kind: 'none' });
          clearInterval(timer); // a node without replay will not grow one
          return;
        }
        // Kept as last read if there was one; the clock runs on.
        setRead((r) => (r.kind === 'ok' ? r : { kind: 'failed', message: String(err) }));
      } finally {
        reading = false;
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), READ_EVERY_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [nation, token, take]);

  useEffect(() => () => clearTimeout(settle.current), []);

  const act = async (action: ReplayAction, working?: string) => {
    setBusy(working ?? '');
    setRefusal(undefined);
    try {
      take(await apiPost<ReplayState>(`/api/${nation}/replay`, token, action));
      // What the action changed (a seek, a re-run) is read at the next poll, not two seconds on.
      marksStale.current = true;
      marksNextAt.current = 0;
    } catch (err) {
      setRefusal(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(undefined);
      setPending(undefined);
    }
  };

  if (read.kind === 'loading') return <p className="state replay-state">{t('replay.loading')}</p>;
  if (read.kind === 'none')
    return (
      <p className="state replay-state" data-testid="replay-none">
        {t('replay.none')}
      </p>
    );
  if (read.kind === 'failed')
    return <p className="state error replay-state">{t('replay.failed', { message: read.message })}</p>;

  const s = read.state;
  const tNow = pending ?? clockNow(s, read.readAtMs, now);
  const clock = t('replay.clock', { t: formatT(tNow), duration: formatT(s.durationS) });
  const disabled = busy !== undefined;
  return (
    <section
      className="replay-bar"
      aria-label={t('replay.label')}
      aria-busy={disabled}
      data-testid="replay-bar"
    >
      <button
        type="button"
        onClick={() => void act({ action: s.paused ? 'play' : 'pause' })}
        // At the end the clock stands: seek back first.
        disabled={disabled || s.ended}
        data-testid="replay-play"
      >
        {s.paused || s.ended ? t('replay.play') : t('replay.pause')}
      </button>
      <label>
        {t('replay.speed')}{' '}
        <select
          value={s.speed}
          disabled={disabled}
          onChange={(e) => void act({ action: 'speed', speed: Number(e.target.value) })}
          data-testid="replay-speed"
        >
          {speedOptions(s.speed).map((x) => (
            <option key={x} value={x}>
              {x}x
            </option>
          ))}
        </select>
      </label>
      <div className="replay-seek">
        <label htmlFor={seekId}>{t('replay.time')}</label>
        <div className="replay-track">
          <input
            id={seekId}
            type="range"
            className="replay-seek-input"
            min={0}
            max={s.durationS}
            step={1}
            value={Math.round(tNow)}
            disabled={disabled}
            aria-valuetext={clock}
            onChange={(e) => {
              const to = Number(e.target.value);
              setPending(to);
              clearTimeout(settle.current);
              settle.current = setTimeout(
                () => void act({ action: 'seek', t: to }, t('replay.working', { t: formatT(to) })),
                SEEK_SETTLE_MS,
              );
            }}
            data-testid="replay-seek"
          />
          <ReplayMarksStrip
            groups={groupMarks(marks?.run === s.run ? marks.marks : [], s.durationS)}
            disabled={disabled}
            onSeek={(to) => {
              clearTimeout(settle.current); // a mark chosen wins over a slider still settling
              void act({ action: 'seek', t: to }, t('replay.working', { t: formatT(to) }));
            }}
          />
        </div>
      </div>
      <output className="replay-clock" data-testid="replay-clock" aria-live="off">
        {clock}
        <span className="replay-status">
          {' '}
          (
          {s.ended
            ? t('replay.ended')
            : s.paused
              ? t('replay.paused')
              : t('replay.running', { speed: s.speed })}
          )
        </span>
      </output>
      <label>
        {t('replay.scenario')}{' '}
        <select
          value={s.scenario}
          disabled={disabled}
          onChange={(e) =>
            void act({ action: 'scenario', scenario: e.target.value }, t('replay.working', { t: formatT(0) }))
          }
          data-testid="replay-scenario"
        >
          {s.scenarios.map((x) => (
            <option key={x.name} value={x.name} title={x.description}>
              {x.name} ({x.nations.join(', ')}, {formatT(x.durationS)})
            </option>
          ))}
        </select>
      </label>
      <span role="status" className="replay-note" data-testid="replay-note">
        {busy
          ? busy
          : refusal
            ? t('replay.refused', { message: refusal })
            : s.run > 1
              ? t('replay.rerun', { run: s.run })
              : ''}
      </span>
    </section>
  );
}

/**
 * The scenario's events on the seek bar: one button per second that holds any (a launch, a warning
 * of this nation's node issued or withdrawn), where that second falls on the bar; Tab reaches each,
 * its label says what happened when, and Enter or a click seeks to a few seconds before it.
 */
function ReplayMarksStrip({
  groups,
  disabled,
  onSeek,
}: {
  groups: readonly MarkGroup<ReplayMark>[];
  disabled: boolean;
  onSeek: (t: number) => void;
}) {
  const { t } = useTranslation();
  const describe = (m: ReplayMark) =>
    m.kind === 'launch'
      ? t('replay.markLaunch', { missile: m.missile, className: m.className })
      : t(m.kind === 'warning' ? 'replay.markWarning' : 'replay.markWithdrawal', {
          reason: t(`warnings.reason.${m.reason}`, { defaultValue: m.reason }),
          area: m.area,
          track: m.trackId,
        });
  return (
    <fieldset className="replay-marks" aria-label={t('replay.marks')} data-testid="replay-marks">
      {groups.map((g) => {
        const to = seekBefore(g.t);
        const label = t('replay.markSeek', {
          t: formatT(g.t),
          events: g.marks.map(describe).join('; '),
          to: formatT(to),
        });
        return (
          <button
            key={g.t}
            type="button"
            className={`replay-mark ${g.kinds.map((k) => `replay-mark-${k}`).join(' ')}`}
            style={{ left: `${g.leftPct}%` }}
            aria-label={label}
            title={label}
            disabled={disabled}
            onClick={() => onSeek(to)}
            data-testid="replay-mark"
            data-t={g.t}
            data-kinds={g.kinds.join(' ')}
          />
        );
      })}
    </fieldset>
  );
}
