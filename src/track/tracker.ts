import { sensorBit } from './initiator.js';
import { cholesky, logDetFromCholesky, mahalanobisSq } from './linalg.js';
import type {
  Confirmer,
  DataAssociator,
  Deleter,
  Detection,
  Hypothesis,
  Hypothesiser,
  Initiator,
  MeasurementPrediction,
  Predictor,
  Track,
  Updater,
} from './types.js';

const byNumber = (a: number, b: number): number => a - b;

/** The components a multi-target tracker is composed from, each swappable. */
export interface TrackerComponents {
  /** Predicts tracks to the scan time (EKF or UKF, any motion model). */
  predictor: Predictor;
  /** Folds an associated detection into its track. */
  updater: Updater;
  /** Gates detections to tracks. */
  hypothesiser: Hypothesiser;
  /** Picks one detection per track (GNN). */
  associator: DataAssociator;
  /** Starts tentative tracks from unassociated detections. */
  initiator: Initiator;
  /** Confirms tentative tracks (M-of-N, or a score test that may also reject them). */
  confirmer: Confirmer;
  /** Deletes tracks that lost their target. */
  deleter: Deleter;
  /**
   * Two live tracks closer than this squared 6-D Mahalanobis distance (with P1 + P2) follow the
   * same object; the younger (or the tentative) one is deleted. 0 disables the check.
   */
  duplicateGateChi2?: number;
  /**
   * Whether confirmed tracks choose their detections before tentative ones (default true): the
   * scan's gated pairs are assigned among the confirmed tracks first, and tentative tracks are
   * assigned among the detections left. False assigns every track in one optimal assignment.
   */
  confirmedFirst?: boolean;
}

/** Detections the tracker refused, by reason; none of them touched a track. */
export interface RejectedCounts {
  /** A NaN or infinite value in the measurement or its covariance. */
  notFinite: number;
  /** A covariance that is not symmetric positive definite. */
  notPositiveDefinite: number;
  /** A time earlier than a scan already processed. */
  timeBackwards: number;
}

export interface TrackerStats {
  scans: number;
  /** Tracks ever confirmed. */
  confirmedTracks: number;
  /** Tracks deleted as duplicates of another. */
  duplicatesRemoved: number;
  rejected: RejectedCounts;
}

export interface MultiTargetTracker {
  /**
   * Processes one scan: every detection carries time `tS` (several sensors may report at the
   * same instant). Returns the live tracks (tentative and confirmed) after the scan; confirmed
   * ones not detected in it are at their predicted state.
   */
  step(detections: readonly Detection[], tS: number): readonly Track[];
  /** Live tracks (tentative and confirmed). */
  readonly tracks: readonly Track[];
  readonly stats: TrackerStats;
}

/**
 * Composes the components into a multi-target tracker (Stone Soup: MultiTargetTracker).
 *
 * Sensors in one scan are processed **sequentially**, in increasing sensor index: predict all
 * tracks to the scan time once, then for each sensor gate, associate (one detection per track
 * and per sensor, the usual assumption that a sensor resolves one return per target), update,
 * and initiate from that sensor's leftovers — so sensor B's detections can already update the
 * track sensor A started at the same instant instead of starting a duplicate. Sequential
 * updates with independent sensor noise give the same posterior as a joint update.
 *
 * Confirmed tracks choose first (`confirmedFirst`, default): a sensor's gated pairs are assigned
 * among the confirmed tracks, then the tentative tracks are assigned among the detections left,
 * so a tentative track started beside a confirmed one cannot take that target's detections.
 *
 * Hits and misses are counted per scan: a hit if any sensor's detection was associated; a miss
 * only if some sensor that has detected this track before reported in the scan (a sensor that
 * never saw the track is presumed not to cover it, so staggered or out-of-view sensors do not
 * wear tracks down).
 *
 * A detection with a NaN, a covariance that is not positive definite, or a time before the
 * previous scan is rejected and counted in `stats.rejected`; it never reaches a track.
 *
 * @example
 * const tracker = multiTargetTracker({ predictor, updater, hypothesiser, associator, initiator, confirmer, deleter });
 * for (const [tS, dets] of scans) tracker.step(dets, tS);
 * tracker.tracks.filter((t) => t.status === 'confirmed');
 */
export function multiTargetTracker(components: TrackerComponents): MultiTargetTracker {
  const { predictor, updater, hypothesiser, associator, initiator, confirmer, deleter } = components;
  const dupGate = components.duplicateGateChi2 ?? 16.81;
  const confirmedFirst = components.confirmedFirst ?? true;
  let tracks: Track[] = [];
  let lastTS = Number.NEGATIVE_INFINITY;
  let nextId = 1;
  const newId = (): number => nextId++;
  const stats: TrackerStats = {
    scans: 0,
    confirmedTracks: 0,
    duplicatesRemoved: 0,
    rejected: { notFinite: 0, notPositiveDefinite: 0, timeBackwards: 0 },
  };
  const hyps: Hypothesis[] = [];
  const hypsFirst: Hypothesis[] = [];
  const hypsThen: Hypothesis[] = [];
  let t2d = new Int32Array(64);
  let t2dThen = new Int32Array(64);
  let taken = new Uint8Array(16);
  let hit = new Uint8Array(64);
  const L = new Float64Array(36);
  const Rsym = new Float64Array(36);
  const sum = new Float64Array(36);
  const diff = new Float64Array(6);
  const tmp = new Float64Array(6);
  const bySensor = new Map<number, Detection[]>();
  const sensors: number[] = [];
  let used = new Uint8Array(16);
  const scoring = confirmer.hit !== undefined;
  const mp: MeasurementPrediction = { zPred: new Float64Array(6), Szz: new Float64Array(36) };
  const Sz = new Float64Array(36);
  const Lz = new Float64Array(36);
  const yz = new Float64Array(6);

  function valid(det: Detection): boolean {
    const m = det.model.dimZ;
    for (let i = 0; i < m; i++) {
      if (!Number.isFinite(det.z[i]!)) {
        stats.rejected.notFinite++;
        return false;
      }
    }
    for (let i = 0; i < m * m; i++) {
      if (!Number.isFinite(det.R[i]!)) {
        stats.rejected.notFinite++;
        return false;
      }
    }
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < i; j++) {
        const a = det.R[i * m + j]!;
        const b = det.R[j * m + i]!;
        // Most covariances are written exactly symmetric: no tolerance to compute.
        if (a === b) continue;
        if (Math.abs(a - b) > 1e-9 * Math.sqrt(Math.abs(det.R[i * m + i]! * det.R[j * m + j]!))) {
          stats.rejected.notPositiveDefinite++;
          return false;
        }
      }
    }
    for (let i = 0; i < m * m; i++) Rsym[i] = det.R[i]!;
    if (!cholesky(Rsym, L, m)) {
      stats.rejected.notPositiveDefinite++;
      return false;
    }
    return true;
  }

  /**
   * Assigns the sensor's gated pairs into `t2d`: in one optimal assignment, or (`confirmedFirst`,
   * when both kinds of track hold a pair) among the confirmed tracks first and then among the
   * tentative tracks on the detections left. Why: a tentative track started next to a confirmed
   * one (two of its target's detections that fell outside the confirmed track's gate) would
   * otherwise win that target's next detection whenever it fits the tentative track's prediction
   * better, and a score test confirms it on that single sharp hit — a second track on the target.
   */
  function assign(nT: number, nD: number, nH: number): void {
    let nFirst = 0;
    let nThen = 0;
    if (confirmedFirst) {
      for (let h = 0; h < nH; h++) {
        const hyp = hyps[h]!;
        if (tracks[hyp.track]!.status === 'confirmed') hypsFirst[nFirst++] = hyp;
        else hypsThen[nThen++] = hyp;
      }
    }
    if (nFirst === 0 || nThen === 0) {
      associator.associate(nT, nD, hyps, nH, hypothesiser.missCostSq, t2d);
      return;
    }
    associator.associate(nT, nD, hypsFirst, nFirst, hypothesiser.missCostSq, t2d);
    if (taken.length < nD) taken = new Uint8Array(nD * 2);
    taken.fill(0, 0, nD);
    for (let t = 0; t < nT; t++) if (t2d[t]! >= 0) taken[t2d[t]!] = 1;
    let nLeft = 0;
    for (let h = 0; h < nThen; h++) {
      const hyp = hypsThen[h]!;
      if (taken[hyp.detection] === 0) hypsThen[nLeft++] = hyp;
    }
    if (nLeft === 0) return;
    if (t2dThen.length < nT) t2dThen = new Int32Array(nT * 2);
    associator.associate(nT, nD, hypsThen, nLeft, hypothesiser.missCostSq, t2dThen);
    for (let t = 0; t < nT; t++) if (t2dThen[t]! >= 0) t2d[t] = t2dThen[t]!;
  }

  /** Tells a score-based confirmer how well `det` fits the tentative track's prediction. */
  function scoreHit(track: Track, det: Detection): void {
    const m = det.model.dimZ;
    updater.predictMeasurement(track, det.model, mp);
    for (let i = 0; i < m * m; i++) Sz[i] = mp.Szz[i]! + det.R[i]!;
    if (!cholesky(Sz, Lz, m)) return;
    det.model.residual(det.z, mp.zPred, yz);
    confirmer.hit!(track, mahalanobisSq(Lz, yz, tmp, m), m, logDetFromCholesky(Lz, m));
  }

  function record(track: Track, isHit: boolean): void {
    if (!isHit && track.status === 'tentative') confirmer.miss?.(track);
    track.historyBits = ((track.historyBits << 1) | (isHit ? 1 : 0)) & 0x3fffffff;
    if (track.historyLength < 30) track.historyLength++;
    if (isHit) {
      track.hits++;
      track.missesInRow = 0;
    } else {
      track.misses++;
      track.missesInRow++;
    }
  }

  function confirmOrDelete(track: Track): void {
    if (track.status === 'tentative' && confirmer.shouldReject?.(track)) {
      track.status = 'deleted';
      return;
    }
    if (track.status === 'tentative' && confirmer.shouldConfirm(track)) {
      track.status = 'confirmed';
      if (!track.everConfirmed) {
        track.everConfirmed = true;
        stats.confirmedTracks++;
      }
    }
    if (deleter.shouldDelete(track)) track.status = 'deleted';
  }

  /** Deletes the weaker of any two live tracks that are statistically the same state. */
  function removeDuplicates(): void {
    const n = tracks.length;
    if (dupGate <= 0 || n < 2) return;
    const order = tracks.map((_, i) => i).sort((a, b) => tracks[a]!.x[0]! - tracks[b]!.x[0]!);
    let maxVarX = 0;
    for (const t of tracks) if (t.P[0]! > maxVarX) maxVarX = t.P[0]!;
    const slab = Math.sqrt(dupGate * 2 * maxVarX);
    for (let a = 0; a < n; a++) {
      const ta = tracks[order[a]!]!;
      if (ta.status === 'deleted') continue;
      for (let b = a + 1; b < n; b++) {
        const tb = tracks[order[b]!]!;
        if (tb.x[0]! - ta.x[0]! > slab) break;
        if (tb.status === 'deleted') continue;
        for (let i = 0; i < 6; i++) diff[i] = ta.x[i]! - tb.x[i]!;
        for (let i = 0; i < 36; i++) sum[i] = ta.P[i]! + tb.P[i]!;
        if (!cholesky(sum, L, 6)) continue;
        if (mahalanobisSq(L, diff, tmp, 6) > dupGate) continue;
        const aWins = ta.status === tb.status ? ta.id < tb.id : ta.status === 'confirmed';
        const loser = aWins ? tb : ta;
        loser.status = 'deleted';
        stats.duplicatesRemoved++;
        if (!aWins) break;
      }
    }
  }

  return {
    get tracks() {
      return tracks;
    },
    stats,
    step(detections, tS) {
      if (tS < lastTS || !Number.isFinite(tS)) {
        stats.rejected.timeBackwards += detections.length;
        return tracks;
      }
      for (const d of detections) {
        if (d.tS !== tS) throw new RangeError(`tracker.step: detection at ${d.tS} s in the scan at ${tS} s`);
      }
      lastTS = tS;
      stats.scans++;
      // Groups by sensor into lists kept from scan to scan (emptied here), so a scan allocates
      // nothing but what it creates.
      for (const sensor of sensors) bySensor.get(sensor)!.length = 0;
      sensors.length = 0;
      let scanSensors = 0;
      for (const d of detections) {
        if (!valid(d)) continue;
        let list = bySensor.get(d.sensor);
        if (!list) {
          list = [];
          bySensor.set(d.sensor, list);
        }
        if (list.length === 0) sensors.push(d.sensor);
        list.push(d);
        scanSensors |= sensorBit(d.sensor);
      }
      for (const t of tracks) predictor.predict(t, tS, t);
      const nBefore = tracks.length;
      if (sensors.length > 1) sensors.sort(byNumber);
      if (hit.length < nBefore) hit = new Uint8Array(nBefore * 2);
      hit.fill(0, 0, nBefore);
      for (const sensor of sensors) {
        const group = bySensor.get(sensor)!;
        const nT = tracks.length;
        if (t2d.length < nT) t2d = new Int32Array(nT * 2);
        const nH = hypothesiser.hypothesise(tracks, group, hyps);
        assign(nT, group.length, nH);
        if (used.length < group.length) used = new Uint8Array(group.length * 2);
        used.fill(0, 0, group.length);
        let nUsed = 0;
        for (let t = 0; t < nT; t++) {
          const d = t2d[t]!;
          if (d < 0) continue;
          const track = tracks[t]!;
          if (scoring && track.status === 'tentative') scoreHit(track, group[d]!);
          updater.update(track, group[d]!, track);
          track.sensorsSeen |= sensorBit(sensor);
          track.lastHitS = tS;
          used[d] = 1;
          nUsed++;
          if (t < nBefore) hit[t] = 1;
        }
        if (nUsed < group.length) {
          const leftovers = nUsed === 0 ? group : group.filter((_, i) => used[i] === 0);
          for (const born of initiator.initiate(leftovers, tS, newId)) {
            confirmer.start?.(born);
            tracks.push(born);
          }
        }
      }
      for (let t = 0; t < tracks.length; t++) {
        const track = tracks[t]!;
        if (t < nBefore) {
          if (hit[t]) record(track, true);
          else if ((track.sensorsSeen & scanSensors) !== 0) record(track, false);
        }
        confirmOrDelete(track);
      }
      removeDuplicates();
      // A fresh array each scan: a caller may keep the one it was given.
      tracks = tracks.filter((t) => t.status !== 'deleted');
      return tracks;
    },
  };
}
