/**
 * Work files to remove if the process ends before a run is done with them. Ctrl-C ends winprep with
 * process.exit(130) (src/cli/base-command.ts), which skips every `finally`; without this, an interrupted tar
 * or WIM commit left its full-size temp copy and its lock file beside the image. 'exit' handlers must be
 * synchronous, hence the *Sync calls.
 */
import {rmSync} from 'node:fs';

const pending = new Map<number, () => void>();
let nextId = 0;
let installed = false;

/** Run `cleanup` at exit unless the returned function is called first (the run cleaned up itself). */
export function onExitCleanup(cleanup: () => void): () => void {
  if (!installed) {
    process.on('exit', runAll);
    installed = true;
  }
  const id = nextId++;
  pending.set(id, cleanup);
  return () => pending.delete(id);
}

/** Remove `target` (file or folder) at exit unless the returned function is called first. */
export const removeOnExit = (target: string): (() => void) => onExitCleanup(() => rmSync(target, {recursive: true, force: true}));

function runAll(): void {
  for (const cleanup of pending.values()) {
    try {
      cleanup();
    } catch {
      // Best effort while exiting: the next open of the image removes a leftover temp.
    }
  }
  pending.clear();
}
