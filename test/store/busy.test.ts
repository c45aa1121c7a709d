import { describe, expect, it } from 'vitest';
import { beginRetryingBusy, isBusy } from '../../src/store/sqlite/busy.js';

const busy = (code = 'SQLITE_BUSY') => Object.assign(new Error('database is locked'), { code });

/** A clock that only moves when slept on, and records the sleeps. */
function fakeClock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    nowMs: () => now,
    sleep: (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

/** A BEGIN that fails busy `failures` times, then runs the transaction body. */
function flakyBegin(failures: number) {
  let tries = 0;
  return {
    get tries() {
      return tries;
    },
    begin: <T>(fn: () => T): T => {
      tries++;
      if (tries <= failures) throw busy();
      return fn();
    },
  };
}

describe('beginRetryingBusy', () => {
  it('begins again after SQLITE_BUSY at the start, runs the body once and returns its result', () => {
    const clock = fakeClock();
    const b = flakyBegin(3);
    let ran = 0;
    const out = beginRetryingBusy(b.begin, () => ++ran, 5_000, clock);
    expect(out).toBe(1);
    expect(ran).toBe(1);
    expect(b.tries).toBe(4);
    expect(clock.sleeps).toEqual([1, 2, 5]);
  });

  it('gives up with the busy error once the timeout has passed, sleeping no further than it', () => {
    const clock = fakeClock();
    const b = flakyBegin(Number.POSITIVE_INFINITY);
    expect(() => beginRetryingBusy(b.begin, () => 1, 100, clock)).toThrow('database is locked');
    expect(clock.sleeps.reduce((a, x) => a + x, 0)).toBe(100);
    expect(clock.sleeps.at(-1)).toBe(100 - (1 + 2 + 5 + 10 + 20 + 50));
  });

  it('does not retry a busy error raised once the body has started (it may have written)', () => {
    const clock = fakeClock();
    let ran = 0;
    const begin = <T>(fn: () => T): T => fn();
    expect(() =>
      beginRetryingBusy(
        begin,
        () => {
          ran++;
          throw busy();
        },
        5_000,
        clock,
      ),
    ).toThrow('database is locked');
    expect(ran).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('does not retry other errors', () => {
    const clock = fakeClock();
    const begin = <T>(_fn: () => T): T => {
      throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
    };
    expect(() => beginRetryingBusy(begin, () => 1, 5_000, clock)).toThrow('disk I/O error');
    expect(clock.sleeps).toEqual([]);
  });

  it('knows the busy codes, extended ones included', () => {
    expect(isBusy(busy())).toBe(true);
    expect(isBusy(busy('SQLITE_BUSY_SNAPSHOT'))).toBe(true);
    expect(isBusy(busy('SQLITE_LOCKED'))).toBe(false);
    expect(isBusy('SQLITE_BUSY')).toBe(false);
  });
});
