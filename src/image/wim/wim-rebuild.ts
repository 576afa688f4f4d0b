/**
 * Rebuilding a WIM so that it holds only what its images use. `wimlib-imagex update` appends: the data of a
 * replaced or deleted file (an old hive with the machine's identity, an answer file with a plain-text
 * password) stays in the file as an orphaned resource, and the WIM grows on every run. `wimlib-imagex
 * optimize` writes every referenced blob into a new file and renames it over the old one; by default it
 * keeps the compression type, chunk size, solid/pipable layout, boot index and the integrity table if there
 * was one, and reuses compressed data instead of recompressing it (wimoptimize(1), https://man.archlinux.org/man/wimoptimize.1.en).
 */
import {runWimlib} from './wim-tool.js';

/** Rebuild `wim` in place (wimlib writes a temp beside it and renames); `reportAs` names the user's file in errors. */
export async function rebuildWim(wim: string, reportAs: string): Promise<void> {
  await runWimlib(['optimize', wim], {file: reportAs});
}
