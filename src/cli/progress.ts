/**
 * `[########------------]  4/9 runs  elapsed 12 s  left ~15 s`: a progress line for a terminal.
 * The estimate is the mean time per run so far times the runs left (none before the first run).
 * @example progressLine(4, 9, 12_000) // '[########------------]  4/9 runs  elapsed 12 s  left ~15 s'
 */
export function progressLine(done: number, total: number, elapsedMs: number, barChars = 20): string {
  if (!(total > 0) || done < 0 || done > total)
    throw new RangeError(`invariant: progress ${done}/${total} out of range`);
  const filled = Math.round((done / total) * barChars);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(barChars - filled)}]`;
  const left = done === 0 ? '' : `  left ~${duration(((total - done) * elapsedMs) / done)}`;
  const width = String(total).length;
  return `${bar} ${String(done).padStart(width)}/${total} runs  elapsed ${duration(elapsedMs)}${left}`;
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** A progress line redrawn in place on `stream` when it is a terminal; nothing otherwise. */
export interface Progress {
  tick(): void;
  done(): void;
}

export function terminalProgress(
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
  nowMs: () => number = Date.now,
): Progress {
  if (!stream.isTTY) return { tick() {}, done() {} };
  const start = nowMs();
  let done = 0;
  const draw = () => stream.write(`\r${progressLine(done, total, nowMs() - start)}\x1b[K`);
  draw();
  return {
    tick() {
      done += 1;
      draw();
    },
    done() {
      stream.write('\r\x1b[K');
    },
  };
}
