// The Stone Soup peer for `concord bench tracker --peer stonesoup[=PATH]`: where its source is,
// how to get it when it is not, and a run of our driver (bench/stonesoup/run_tracker.py) on a
// measurements CSV. Stone Soup is not on npm and is never part of this repository.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../src/bundled/index.js';
import { parseTracksCsv, type TrackRow } from '../src/track/index.js';

/** Environment variable read when `--peer stonesoup` is given without a path. */
export const STONESOUP_PATH_ENV = 'STONESOUP_PATH';
/** Environment variable naming the Python interpreter (default `python3`). */
export const STONESOUP_PYTHON_ENV = 'STONESOUP_PYTHON';

/**
 * The Stone Soup EKF's settings: Joseph-form EKF updater, constant-acceleration model per ECEF
 * axis, Mahalanobis-gated GNN (2-D assignment), Stone Soup's MultiMeasurementInitiator (a
 * tentative track is confirmed at its `confirmAfterUpdates`-th update and dropped after
 * `tentativeDeleteAfterS` without one) and UpdateTimeDeleter. Chosen on seeds 11 and 12 of the
 * bundled missile scenarios (q 10, 30, 100, 1000; gate 4, 5; 3 or 4 updates; deletion after 20,
 * 10, 5 s: q 30 and below fragment tracks, 1000 loses accuracy, a longer deletion leaves a ghost
 * after impact that OSPA counts as a false track); the bench scores seed 1.
 */
export const STONESOUP_SETTINGS = {
  /** ConstantAcceleration noise_diff_coeff per axis (white jerk density), m²/s⁵. */
  accelerationNoiseQ: 100,
  /** Mahalanobis distance beyond which a detection is not a hypothesis for a track. */
  gateMahalanobis: 5,
  /** Prior velocity standard deviation per axis of a new track, m/s. */
  priorVelocitySigmaMps: 3_000,
  /** Prior acceleration standard deviation per axis of a new track, m/s². */
  priorAccelerationSigmaMps2: 30,
  /** Updates (the first detection included) that confirm a tentative track. */
  confirmAfterUpdates: 3,
  /** A tentative track without an update for this long is dropped, s. */
  tentativeDeleteAfterS: 4,
  /** A confirmed track without an update for this long is deleted, s. */
  confirmedDeleteAfterS: 5,
};
export type StoneSoupSettings = typeof STONESOUP_SETTINGS;

export type StoneSoupLocation = { path: string } | { missing: string };

/** What to do when Stone Soup is not found (printed by the bench, which runs the rest). */
export function stoneSoupHowTo(reason: string): string {
  return (
    `Stone Soup not found (${reason}): the side-by-side table is skipped.\n` +
    '  Stone Soup is not on npm. Get its source and the Python packages the pieces used import\n' +
    '  (numpy and scipy; the whole library also wants python3-ruamel.yaml python3-matplotlib\n' +
    '  python3-rtree python3-pymap3d python3-ordered-set python3-plotly):\n' +
    '    git clone https://github.com/dstl/Stone-Soup /opt/stonesoup\n' +
    '    apt-get install -y python3 python3-numpy python3-scipy\n' +
    `  then run \`concord bench tracker --peer stonesoup=/opt/stonesoup\` (or set ${STONESOUP_PATH_ENV}).\n` +
    `  ${STONESOUP_PYTHON_ENV} names the interpreter (default python3).\n`
  );
}

/**
 * Where the Stone Soup source is: the `--peer` value after `stonesoup=`, else $STONESOUP_PATH.
 * A path counts only when it holds the `stonesoup` package (`stonesoup/__init__.py`).
 * @example locateStoneSoup('/opt/stonesoup', {}) // { path: '/opt/stonesoup' } if it is there
 */
export function locateStoneSoup(
  given: string | undefined,
  env: Record<string, string | undefined>,
): StoneSoupLocation {
  const path = given ?? env[STONESOUP_PATH_ENV];
  if (path === undefined || path === '')
    return { missing: `no path given with --peer stonesoup=PATH and ${STONESOUP_PATH_ENV} is not set` };
  if (!existsSync(join(path, 'stonesoup', '__init__.py')))
    return { missing: `${path} has no stonesoup/__init__.py` };
  return { path };
}

/** One line of the driver's stdout. */
export interface StoneSoupRunStats {
  peer: 'stonesoup';
  scans: number;
  scanMsMean: number;
  confirmedTracks: number;
  python?: string;
  numpy?: string;
  settings: StoneSoupSettings;
}

export class StoneSoupRunError extends Error {}

/** The driver script, from the repository root (the same whether the bench runs from src or dist). */
export const DRIVER = join(ROOT, 'bench', 'stonesoup', 'run_tracker.py');

/**
 * Runs the driver on `measurementsCsv`, writing `tracksCsv`; returns its track rows and stats.
 * Throws StoneSoupRunError with the driver's stderr when Python or an import fails.
 */
export function runStoneSoup(
  sourcePath: string,
  measurementsCsv: string,
  tracksCsv: string,
  settings: StoneSoupSettings = STONESOUP_SETTINGS,
  env: Record<string, string | undefined> = process.env,
): { rows: TrackRow[]; stats: StoneSoupRunStats } {
  const python = env[STONESOUP_PYTHON_ENV] || 'python3';
  const r = spawnSync(
    python,
    [DRIVER, '--measurements', measurementsCsv, '--out', tracksCsv, '--settings', JSON.stringify(settings)],
    { env: { ...env, PYTHONPATH: sourcePath }, encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (r.error) throw new StoneSoupRunError(`${python}: ${r.error.message}`);
  if (r.status !== 0)
    throw new StoneSoupRunError(
      `${DRIVER} exited with ${r.status} on ${measurementsCsv}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`,
    );
  const stats = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '') as StoneSoupRunStats;
  return { rows: parseTracksCsv(readFileSync(tracksCsv, 'utf8'), tracksCsv), stats };
}
