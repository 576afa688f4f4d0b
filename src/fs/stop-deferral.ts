/**
 * Commit sections a stop signal must not cut in two. A folder commit renames many files, an in-place WIM commit
 * runs wimlib and then wipes, a disk commit merges its overlay: each is journalled, so even kill -9 is recovered
 * at the next open, but a Ctrl-C, SIGTERM or SIGHUP can do better and leave the image complete right away. The
 * CLI's stop handler (src/cli/base-command.ts) asks `whenStoppable`; inside a section the stop waits until the
 * section ends. A second signal is not caught (the handlers are `once`), so it still stops at once.
 */
let depth = 0;
let pendingStop: (() => void) | undefined;

/** Run `work` with stop signals held back until it settles (resolved or rejected). */
export async function uninterruptible<T>(work: () => Promise<T>): Promise<T> {
  depth++;
  try {
    return await work();
  } finally {
    depth--;
    if (depth === 0 && pendingStop) {
      const stop = pendingStop;
      pendingStop = undefined;
      stop();
    }
  }
}

/** Run `stop` now, or when the section under way ends; true when it had to wait. */
export function whenStoppable(stop: () => void): boolean {
  if (depth === 0) {
    stop();
    return false;
  }
  pendingStop = stop;
  return true;
}
