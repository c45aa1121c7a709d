// A node's tracker, recorded once and replayed: in a seeded simulation on one scenario's
// measurements, each nation's tracker sees the same scans whatever the seed (the seed moves the
// network, not the sensors), so the test suite runs it once per process and replays its output for
// every other seed. The replay checks each scan against the recording (time and number of
// detections) and throws on a mismatch, so a change that feeds the tracker differently fails loudly
// rather than replaying the wrong picture.
import type { Nation } from '../domain/index.js';
import type { Detection, MultiTargetTracker, Track, TrackerStats } from '../track/index.js';

interface RecordedScan {
  readonly tS: number;
  readonly detections: number;
  /** The tracks the step returned, copied as they were then (the tracker mutates its own). */
  readonly tracks: readonly Track[];
}

/** Each nation's scans, recorded by the trackers `record` makes and replayed by those `replay` makes. */
export class TrackerRecording {
  readonly #scans = new Map<Nation, RecordedScan[]>();
  #recorded = false;

  /** Whether a run has been recorded (call `done` at its end). */
  get recorded(): boolean {
    return this.#recorded;
  }

  /** Marks the recording complete: from now on only `replay` may be used. */
  done(): void {
    this.#recorded = true;
  }

  /** `inner`, recording what each step returns for `nation`. */
  record(nation: Nation, inner: MultiTargetTracker): MultiTargetTracker {
    if (this.#recorded) throw new Error('TrackerRecording: already recorded');
    const scans: RecordedScan[] = [];
    this.#scans.set(nation, scans);
    return {
      step(detections: readonly Detection[], tS: number): readonly Track[] {
        const tracks = inner.step(detections, tS);
        scans.push({ tS, detections: detections.length, tracks: tracks.map((t) => structuredClone(t)) });
        return tracks;
      },
      get tracks() {
        return inner.tracks;
      },
      get stats() {
        return inner.stats;
      },
    };
  }

  /** A tracker that returns, scan by scan, what `nation`'s recorded tracker returned. */
  replay(nation: Nation): MultiTargetTracker {
    const scans = this.#scans.get(nation);
    if (!this.#recorded || !scans) throw new Error(`TrackerRecording: nothing recorded for ${nation}`);
    let next = 0;
    let last: readonly Track[] = [];
    const stats: TrackerStats = {
      scans: 0,
      confirmedTracks: 0,
      duplicatesRemoved: 0,
      rejected: { notFinite: 0, notPositiveDefinite: 0, timeBackwards: 0 },
    };
    return {
      step(detections: readonly Detection[], tS: number): readonly Track[] {
        const scan = scans[next++];
        if (!scan || scan.tS !== tS || scan.detections !== detections.length)
          throw new Error(
            `TrackerRecording: ${nation}'s scan ${next} at ${tS} s with ${detections.length} detections was recorded as ${scan ? `${scan.tS} s with ${scan.detections}` : 'absent'}`,
          );
        stats.scans++;
        last = scan.tracks.map((t) => structuredClone(t));
        return last;
      },
      get tracks() {
        return last;
      },
      stats,
    };
  }
}
