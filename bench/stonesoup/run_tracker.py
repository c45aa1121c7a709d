#!/usr/bin/env python3
"""Runs a Stone Soup EKF tracker on a Concord measurements CSV (the file `concord track` reads).

Reads  t,sensor,x,y,z,cxx,cxy,cxz,cyy,cyz,czz  (columns matched by name, ECEF metres, seconds),
writes the confirmed tracks after every scan in Concord's tracks CSV format
(t,track,x,y,z,vx,vy,vz) to --out, and prints one JSON line on stdout:
{"peer": "stonesoup", "scans", "scanMsMean", "confirmedTracks", "settings"}.

A scan is the rows with one time (one sensor's batch), as in `concord track`. Each detection
carries its own measurement model (a LinearGaussian with the row's covariance). The time per
scan covers the tracker step only (association, update, deletion, initiation), not CSV parsing.

This script is Concord's; Stone Soup itself is not part of the repository: set PYTHONPATH to a
checkout of github.com/dstl/Stone-Soup (see docs/figures.md).
"""

import argparse
import csv
import datetime
import json
import sys
import time

import numpy as np

from stonesoup.dataassociator.neighbour import GNNWith2DAssignment
from stonesoup.deleter.time import UpdateTimeDeleter
from stonesoup.hypothesiser.distance import DistanceHypothesiser
from stonesoup.initiator.simple import MultiMeasurementInitiator
from stonesoup.measures import Mahalanobis
from stonesoup.models.measurement.linear import LinearGaussian
from stonesoup.models.transition.linear import (
    CombinedLinearGaussianTransitionModel,
    ConstantAcceleration,
)
from stonesoup.predictor.kalman import ExtendedKalmanPredictor
from stonesoup.types.detection import Detection
from stonesoup.types.state import GaussianState
from stonesoup.updater.kalman import ExtendedKalmanUpdater

EPOCH = datetime.datetime(2000, 1, 1)
COLUMNS = ("t", "sensor", "x", "y", "z", "cxx", "cxy", "cxz", "cyy", "cyz", "czz")
# State order of three stacked ConstantAcceleration models: x, vx, ax, y, vy, ay, z, vz, az.
POSITION = (0, 3, 6)
VELOCITY = (1, 4, 7)


def read_scans(path):
    """Rows grouped by time, in file order; a row earlier than the current scan is an error."""
    scans = []
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = [h.strip() for h in next(reader)]
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            sys.exit(f"{path}: line 1: missing column(s) {', '.join(missing)}")
        col = {c: header.index(c) for c in COLUMNS}
        for line, row in enumerate(reader, start=2):
            if not row:
                continue
            try:
                t = float(row[col["t"]])
                x, y, z, cxx, cxy, cxz, cyy, cyz, czz = (
                    float(row[col[c]]) for c in COLUMNS[2:]
                )
            except (ValueError, IndexError) as e:
                sys.exit(f"{path}: line {line}: {e}")
            if scans and t < scans[-1][0]:
                sys.exit(f"{path}: line {line}: time {t} is before the previous scan's")
            R = np.array([[cxx, cxy, cxz], [cxy, cyy, cyz], [cxz, cyz, czz]])
            if not scans or scans[-1][0] != t:
                scans.append((t, []))
            scans[-1][1].append((np.array([[x], [y], [z]]), R))
    return scans


def build(settings):
    q = settings["accelerationNoiseQ"]
    transition = CombinedLinearGaussianTransitionModel([ConstantAcceleration(q)] * 3)
    predictor = ExtendedKalmanPredictor(transition)
    updater = ExtendedKalmanUpdater(measurement_model=None, use_joseph_cov=True)
    hypothesiser = DistanceHypothesiser(
        predictor, updater, measure=Mahalanobis(), missed_distance=settings["gateMahalanobis"]
    )
    associator = GNNWith2DAssignment(hypothesiser)
    v = settings["priorVelocitySigmaMps"] ** 2
    a = settings["priorAccelerationSigmaMps2"] ** 2
    prior = GaussianState(
        np.zeros((9, 1)), np.diag([0, v, a] * 3).astype(float)
    )  # position and its covariance come from the first detection
    initiator = MultiMeasurementInitiator(
        prior_state=prior,
        deleter=UpdateTimeDeleter(
            datetime.timedelta(seconds=settings["tentativeDeleteAfterS"])
        ),
        data_associator=associator,
        updater=updater,
        min_points=settings["confirmAfterUpdates"],
    )
    deleter = UpdateTimeDeleter(datetime.timedelta(seconds=settings["confirmedDeleteAfterS"]))
    return associator, updater, initiator, deleter


def run(scans, settings):
    """The loop of Stone Soup's MultiTargetTracker.__next__, timed per scan."""
    associator, updater, initiator, deleter = build(settings)
    tracks = set()
    ids = {}
    out = []
    elapsed = 0.0
    for t, rows in scans:
        when = EPOCH + datetime.timedelta(seconds=t)
        detections = {
            Detection(z, timestamp=when, measurement_model=LinearGaussian(9, POSITION, R))
            for z, R in rows
        }
        t0 = time.perf_counter()
        associations = associator.associate(tracks, detections, when)
        used = set()
        for track, hypothesis in associations.items():
            if hypothesis:
                track.append(updater.update(hypothesis))
                used.add(hypothesis.measurement)
            else:
                track.append(hypothesis.prediction)
        tracks -= deleter.delete_tracks(tracks)
        tracks |= initiator.initiate(detections - used, when)
        elapsed += time.perf_counter() - t0
        for track in tracks:
            k = ids.setdefault(track.id, len(ids) + 1)
            s = track.state_vector
            out.append((t, k) + tuple(float(s[i, 0]) for i in POSITION + VELOCITY))
    return out, len(ids), elapsed


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--measurements", required=True)
    p.add_argument("--out", required=True, help="tracks CSV to write")
    p.add_argument("--settings", required=True, help="JSON object of tracker settings")
    a = p.parse_args()
    settings = json.loads(a.settings)
    scans = read_scans(a.measurements)
    rows, confirmed, elapsed = run(scans, settings)
    with open(a.out, "w") as f:
        f.write("t,track,x,y,z,vx,vy,vz\n")
        for r in rows:
            f.write(",".join([repr(r[0]), str(r[1])] + [f"{v:.3f}" for v in r[2:]]) + "\n")
    import stonesoup

    print(
        json.dumps(
            {
                "peer": "stonesoup",
                "version": getattr(stonesoup, "__version__", None),
                "python": sys.version.split()[0],
                "numpy": np.__version__,
                "scans": len(scans),
                "scanMsMean": 1000 * elapsed / len(scans) if scans else None,
                "confirmedTracks": confirmed,
                "settings": settings,
            }
        )
    )


if __name__ == "__main__":
    main()
