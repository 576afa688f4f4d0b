/**
 * How every archive image (tar, WIM) commits: the new archive is built in a temp file beside the old one,
 * proven by the builder, then swapped in by replaceArchive (with the optional .bak). A failure — or the
 * process exiting — removes the temp file, so the old archive stays the only one until the new is good.
 */
import {promises as fs} from 'node:fs';

import {replaceArchive, tempSibling} from '../fs/atomic.js';
import {removeOnExit} from '../fs/exit-cleanup.js';
import {TEMP_SUFFIX} from './folder-journal.js';

/** Build the new archive into `temp` (write, fsync, verify), then replace `archive` with it; returns the backups kept. */
export async function commitArchiveCopy(archive: string, options: {backup?: boolean}, build: (temp: string) => Promise<void>): Promise<string[]> {
  const temp = tempSibling(archive, TEMP_SUFFIX.slice(1));
  const forget = removeOnExit(temp);
  try {
    await build(temp);
    return await replaceArchive(archive, temp, {backup: options.backup});
  } catch (error) {
    await fs.rm(temp, {force: true});
    throw error;
  } finally {
    forget();
  }
}
