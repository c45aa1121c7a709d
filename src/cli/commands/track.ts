import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { readText } from '../../bundled/index.js';
import {
  evaluateTracks,
  formatTracksCsv,
  parseMeasurementsCsv,
  parseTruthCsv,
  runTracker,
  type TrackerConfig,
} from '../../track/index.js';
import { UsageError } from '../usage.js';

interface Options {
  measurements: string;
  out: string;
  truth?: string;
  motion: string;
  filter: string;
  q?: string;
  confirm?: string;
  accelerationBias?: boolean;
}

export function registerTrack(program: Command): void {
  program
    .command('track')
    .description(
      'run the tracker on recorded measurements (CSV) and write confirmed tracks (CSV); with --truth, print figures as JSON',
    )
    .requiredOption(
      '--measurements <file>',
      'measurements CSV: t,sensor,x,y,z,cxx,cxy,cxz,cyy,cyz,czz (ECEF m, m²)',
    )
    .requiredOption('--out <file>', 'tracks CSV to write: t,track,x,y,z,vx,vy,vz')
    .option(
      '--truth <file>',
      'truth CSV (t,target,x,y,z,vx,vy,vz): print rmseM, ospaM, confirmedTracks, scans, scanMsMean',
    )
    .option('--motion <model>', 'ballistic or constant-velocity', 'ballistic')
    .option('--filter <filter>', 'ekf or ukf', 'ekf')
    .option(
      '--q <m2ps3>',
      'white-noise acceleration density of the coasting (ballistic) model, m²/s³ (the boost model has its own)',
    )
    .option(
      '--confirm <rule>',
      "how tentative tracks are confirmed: 'm-of-n' (4 of the last 5 scans) or 'sprt' (a score test, docs/figures.md)",
    )
    .option(
      '--acceleration-bias',
      'estimate a slow unmodelled acceleration (3-D Gauss-Markov state) in every IMM mode; ballistic EKF only (docs/figures.md)',
    )
    .action((o: Options) => {
      if (o.motion !== 'ballistic' && o.motion !== 'constant-velocity') {
        throw new UsageError(`--motion must be ballistic or constant-velocity, not '${o.motion}'`);
      }
      if (o.filter !== 'ekf' && o.filter !== 'ukf')
        throw new UsageError(`--filter must be ekf or ukf, not '${o.filter}'`);
      const q = o.q === undefined ? undefined : Number(o.q);
      if (q !== undefined && !(q > 0)) throw new UsageError(`--q must be a positive number, not '${o.q}'`);
      if (o.confirm !== undefined && o.confirm !== 'm-of-n' && o.confirm !== 'sprt')
        throw new UsageError(`--confirm must be m-of-n or sprt, not '${o.confirm}'`);
      if (o.accelerationBias === true && (o.motion !== 'ballistic' || o.filter !== 'ekf'))
        throw new UsageError('--acceleration-bias needs --motion ballistic and --filter ekf');
      const config: TrackerConfig = {
        motion: o.motion,
        filter: o.filter,
        ...(o.confirm !== undefined ? { confirmation: o.confirm } : {}),
        ...(q !== undefined ? { accelerationNoiseM2pS3: q } : {}),
        ...(o.accelerationBias === true ? { accelerationBias: true } : {}),
      };
      const measurements = parseMeasurementsCsv(readText(o.measurements), o.measurements);
      const truth = o.truth === undefined ? null : parseTruthCsv(readText(o.truth), o.truth);
      const { rows, stats } = runTracker(measurements, { ...config, now: () => performance.now() });
      writeFileSync(o.out, formatTracksCsv(rows));
      const rejected = Object.values(stats.rejected).reduce((a, b) => a + b, 0);
      if (rejected > 0)
        process.stderr.write(
          `concord track: rejected ${rejected} measurements ${JSON.stringify(stats.rejected)}\n`,
        );
      if (truth === null) return;
      const e = evaluateTracks(rows, truth, measurements);
      process.stdout.write(
        `${JSON.stringify({
          rmseM: round(e.rmseM, 2),
          ospaM: round(e.ospaM, 1),
          ospaFloorM: e.ospaFloorM === null ? null : round(e.ospaFloorM, 1),
          confirmedTracks: stats.confirmedTracks,
          scans: stats.scans,
          scanMsMean: stats.scanMsMean === undefined ? null : round(stats.scanMsMean, 4),
          rejected: stats.rejected,
        })}\n`,
      );
    });
}

function round(x: number, digits: number): number | null {
  if (!Number.isFinite(x)) return null;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
