import { solveAssignment } from './assignment.js';
import type { DataAssociator, Hypothesis } from './types.js';

/**
 * Global nearest neighbour on the gated hypotheses (Stone Soup: GNNWith2DAssignment): the
 * assignment of detections to tracks that minimises the summed squared Mahalanobis distance,
 * where leaving a track unassigned costs the gate. The gated pairs form a sparse bipartite
 * graph; it is split into connected clusters (union-find) and only clusters with two or more
 * tracks go to the optimal solver, on a dense matrix of the cluster's size
 * (tracks x (detections + one miss column per track)). A lone track simply takes its cheapest
 * gated detection, which is optimal for that cluster.
 *
 * @example
 * const gnn = globalNearestNeighbour();
 * const a = new Int32Array(2);
 * gnn.associate(2, 2, [{ track: 0, detection: 0, costSq: 1 }, { track: 1, detection: 0, costSq: 2 },
 *   { track: 1, detection: 1, costSq: 5 }], 3, 16, a); // a = [0, 1]: total 6 beats 2 + miss 16
 */
export function globalNearestNeighbour(): DataAssociator {
  let parent = new Int32Array(0);
  let clusterTracks = new Int32Array(0);
  let trackCount = new Int32Array(0);
  let localIndex = new Int32Array(0);
  let cost = new Float64Array(0);
  let rowToCol = new Int32Array(0);
  let best = new Float64Array(0);
  let done = new Uint8Array(0);

  function find(i: number): number {
    let r = i;
    while (parent[r] !== r) r = parent[r]!;
    while (parent[i] !== r) {
      const next = parent[i]!;
      parent[i] = r;
      i = next;
    }
    return r;
  }

  return {
    associate(nTracks, nDetections, hypotheses: readonly Hypothesis[], nHyp, missCostSq, trackToDetection) {
      const nNodes = nTracks + nDetections;
      if (parent.length < nNodes) {
        parent = new Int32Array(nNodes * 2);
        trackCount = new Int32Array(nNodes * 2);
        localIndex = new Int32Array(nNodes * 2);
      }
      if (clusterTracks.length < nTracks) {
        clusterTracks = new Int32Array(nTracks * 2);
        best = new Float64Array(nTracks * 2);
      }
      if (done.length < nNodes) done = new Uint8Array(nNodes * 2);
      for (let i = 0; i < nNodes; i++) parent[i] = i;
      trackToDetection.fill(-1, 0, nTracks);
      for (let h = 0; h < nHyp; h++) {
        const hyp = hypotheses[h]!;
        const a = find(hyp.track);
        const b = find(nTracks + hyp.detection);
        if (a !== b) parent[a] = b;
      }
      trackCount.fill(0, 0, nNodes);
      for (let t = 0; t < nTracks; t++) trackCount[find(t)]! += 1;

      // Lone tracks: cheapest gated detection (the detection's cluster holds no other track).
      let needSolver = false;
      best.fill(Number.POSITIVE_INFINITY, 0, nTracks);
      for (let h = 0; h < nHyp; h++) {
        const hyp = hypotheses[h]!;
        const root = find(hyp.track);
        if (trackCount[root] !== 1) {
          needSolver = true;
          continue;
        }
        if (hyp.costSq < best[hyp.track]! && hyp.costSq < missCostSq) {
          best[hyp.track] = hyp.costSq;
          trackToDetection[hyp.track] = hyp.detection;
        }
      }
      let pairs = 0;
      for (let t = 0; t < nTracks; t++) if (trackToDetection[t]! >= 0) pairs++;
      if (!needSolver) return pairs;

      // Clusters with several tracks: collect their members, then solve each.
      done.fill(0, 0, nNodes);
      for (let t0 = 0; t0 < nTracks; t0++) {
        const root = find(t0);
        if (trackCount[root]! < 2 || done[root]) continue;
        done[root] = 1;
        let nt = 0;
        for (let t = t0; t < nTracks; t++) {
          if (find(t) === root) {
            localIndex[t] = nt;
            clusterTracks[nt++] = t;
          }
        }
        const dets: number[] = [];
        for (let d = 0; d < nDetections; d++) {
          if (find(nTracks + d) === root) {
            localIndex[nTracks + d] = dets.length;
            dets.push(d);
          }
        }
        const nc = dets.length + nt;
        if (cost.length < nt * nc) cost = new Float64Array(nt * nc * 2);
        if (rowToCol.length < nt) rowToCol = new Int32Array(nt * 2);
        cost.fill(Number.POSITIVE_INFINITY, 0, nt * nc);
        for (let r = 0; r < nt; r++) cost[r * nc + dets.length + r] = missCostSq;
        for (let h = 0; h < nHyp; h++) {
          const hyp = hypotheses[h]!;
          if (find(hyp.track) !== root) continue;
          const idx = localIndex[hyp.track]! * nc + localIndex[nTracks + hyp.detection]!;
          if (hyp.costSq < cost[idx]!) cost[idx] = hyp.costSq;
        }
        solveAssignment(cost, nt, nc, rowToCol);
        for (let r = 0; r < nt; r++) {
          const c = rowToCol[r]!;
          if (c < dets.length) {
            trackToDetection[clusterTracks[r]!] = dets[c]!;
            pairs++;
          }
        }
      }
      return pairs;
    },
  };
}
