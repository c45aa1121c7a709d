import { describe, expect, it } from 'vitest';
import { DataFileError } from '../../src/domain/errors.js';
import {
  formatMeasurementsCsv,
  formatTracksCsv,
  parseMeasurementsCsv,
  parseTracksCsv,
  parseTruthCsv,
} from '../../src/track/index.js';

function failure(fn: () => unknown): DataFileError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DataFileError) return e;
    throw e;
  }
  throw new Error('expected a DataFileError');
}

describe('measurements CSV', () => {
  it('matches columns by header name, in any order, ignoring extra columns', () => {
    const text =
      'sensor,snr,t,x,y,z,czz,cyz,cyy,cxz,cxy,cxx\r\nR1,12.5,0.1,1,2,3,9,8,7,6,5,4\r\n\r\n# comment\n';
    expect(parseMeasurementsCsv(text, 'm.csv')).toEqual([
      { tS: 0.1, sensor: 'R1', x: 1, y: 2, z: 3, cxx: 4, cxy: 5, cxz: 6, cyy: 7, cyz: 8, czz: 9, line: 2 },
    ]);
  });

  it('passes NaN through for the tracker to reject and count', () => {
    const rows = parseMeasurementsCsv(
      't,sensor,x,y,z,cxx,cxy,cxz,cyy,cyz,czz\n0,R1,NaN,2,3,1,0,0,1,0,1\n',
      'm.csv',
    );
    expect(rows[0]!.x).toBeNaN();
  });

  it('names file, line, column and field of a value that is not a number', () => {
    const text =
      't,sensor,x,y,z,cxx,cxy,cxz,cyy,cyz,czz\n0,R1,1,2,3,1,0,0,1,0,1\n0.1,R1,1, 2x,3,1,0,0,1,0,1\n';
    const e = failure(() => parseMeasurementsCsv(text, 'radar.csv'));
    expect(e).toMatchObject({ input: 'radar.csv', line: 3, column: 11, field: 'y' });
    expect(e.message).toBe("radar.csv:3:11 (y): expected a number for 'y', got '2x'");
  });

  it('names the line of a short row and the header of a missing column', () => {
    const short = failure(() =>
      parseMeasurementsCsv('t,sensor,x,y,z,cxx,cxy,cxz,cyy,cyz,czz\n0,R1,1,2\n', 'm.csv'),
    );
    expect(short).toMatchObject({ line: 2, column: 9, field: 'z' });
    const header = failure(() => parseMeasurementsCsv('t,sensor,x,y,z,cxx,cxy,cxz,cyy,cyz\n', 'm.csv'));
    expect(header).toMatchObject({ line: 1, field: 'czz' });
    expect(header.problem).toBe("header has no column 'czz'");
    expect(failure(() => parseMeasurementsCsv('\n\n', 'm.csv')).problem).toMatch(/empty file/);
  });

  it('round-trips through its formatter', () => {
    const rows = [
      {
        tS: 0.1,
        sensor: 'R1',
        x: -3123456.789,
        y: 4e6,
        z: 1 / 3,
        cxx: 2500,
        cxy: -1.5,
        cxz: 0,
        cyy: 2500,
        cyz: 0,
        czz: 2500,
      },
    ];
    expect(parseMeasurementsCsv(formatMeasurementsCsv(rows), 'm.csv')).toEqual([{ ...rows[0], line: 2 }]);
  });
});

describe('truth and tracks CSV', () => {
  it('parse their columns', () => {
    expect(parseTruthCsv('t,target,x,y,z,vx,vy,vz\n0,M1,1,2,3,4,5,6\n', 'truth.csv')).toEqual([
      { tS: 0, target: 'M1', x: 1, y: 2, z: 3, vx: 4, vy: 5, vz: 6 },
    ]);
    const e = failure(() => parseTruthCsv('t,target,x,y,z,vx,vy,vz\n0,,1,2,3,4,5,6\n', 'truth.csv'));
    expect(e).toMatchObject({ line: 2, column: 3, field: 'target' });
  });

  it('tracks output is header plus one row per track, numbers exact', () => {
    const rows = [{ tS: 0.1, track: 3, x: -3123456.123456789, y: 4e6, z: 5, vx: 1 / 3, vy: -2, vz: 0 }];
    const text = formatTracksCsv(rows);
    expect(text.split('\n')[0]).toBe('t,track,x,y,z,vx,vy,vz');
    expect(parseTracksCsv(text, 'tracks.csv')).toEqual(rows);
  });
});
