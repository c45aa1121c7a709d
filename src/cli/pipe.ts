/**
 * Ends the process quietly, with exit code 0, when the reader of standard output or standard error
 * goes away (`concord start | head -2`): EPIPE then means "nobody is listening any more", as for
 * any Unix tool, not a failure worth a stack trace. (A tool killed by SIGPIPE exits 141 in a shell;
 * 0 is chosen so that `set -o pipefail` scripts do not fail on a reader that had read enough.)
 * Any other error on those streams is left to surface as before.
 */
export function endQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
      throw err;
    });
  }
}
