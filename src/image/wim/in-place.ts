/**
 * An in-place WIM commit: the cost follows the edit, not the WIM. wimlib's in-place update appends the new
 * data and metadata and then rewrites the header, and is safe to abort (wimupdate(1),
 * https://wimlib.net/man1/wimupdate.html); wipe.ts then zeroes what it left behind. The journal beside the
 * WIM (journal.ts) makes a killed run finish at the next write open (docs/reference/wim.md#in-place).
 *
 * Bounded growth: zeroed holes keep the file's size, so when they pass half of it, or on request
 * (--compact), the WIM is rebuilt by `wimlib-imagex optimize`, which writes only what the images use.
 */
import {promises as fs} from 'node:fs';
import path from 'node:path';

import {fsyncDir, fsyncFile, tempSibling} from '../../fs/atomic.js';
import {removeOnExit} from '../../fs/exit-cleanup.js';
import {runWimlib} from './wim-tool.js';
import {removeWimJournal, writeWimJournal} from './journal.js';
import {readWimLayout} from './layout.js';
import {wipeWim} from './wipe.js';

export interface InPlaceEdit {
  index: number;
  /** wimupdate commands, one per line. */
  commands: string;
  /** `--image-property` arguments to set after the update (the XML following the SOFTWARE hive). */
  properties: string[];
  /** Rebuild after the wipe even if the holes are small. */
  compact?: boolean;
  /** Reads back what was written; throws when wimlib does not return it. */
  verify: () => Promise<void>;
}

export interface InPlaceResult {
  notes: string[];
}

export async function commitWimInPlace(wim: string, edit: InPlaceEdit): Promise<InPlaceResult> {
  const {header} = await readWimLayout(wim);
  await writeWimJournal(wim, {version: 1, before: header.raw.toString('base64'), index: edit.index, properties: edit.properties});
  await runWimlib(['update', wim, String(edit.index)], {file: wim, input: edit.commands});
  if (edit.properties.length > 0) {
    await runWimlib(['info', wim, String(edit.index), ...edit.properties], {file: wim});
    await writeWimJournal(wim, {version: 1, before: header.raw.toString('base64'), index: edit.index, properties: []});
  }
  await edit.verify();
  const wipe = await wipeWim(wim);
  const notes: string[] = [];
  const tooHoley = wipe.holes * 2 > wipe.fileSize;
  if (edit.compact || tooHoley) {
    await compactWim(wim);
    notes.push(
      edit.compact
        ? 'WIM rebuilt (--compact): every blob the images use was rewritten, so the run took time in proportion to the WIM'
        : `WIM rebuilt: zeroed holes (${wipe.holes} bytes) passed half the file, so the run took time in proportion to the WIM`,
    );
  }
  await removeWimJournal(wim);
  return {notes};
}

/**
 * Rebuild through a hard link: `optimize` writes a new file beside the link and renames it over the link, so
 * the WIM itself is untouched until the final rename — a kill leaves it whole (and a temp that the next
 * write open removes). No copy of the WIM is made.
 */
export async function compactWim(wim: string): Promise<void> {
  const temp = tempSibling(wim, 'winprep-new');
  const forget = removeOnExit(temp);
  try {
    await fs.link(wim, temp).catch(() => fs.copyFile(wim, temp));
    await runWimlib(['optimize', temp], {file: wim});
    await fsyncFile(temp);
    await fs.rename(temp, wim);
    await fsyncDir(path.dirname(wim));
  } catch (error) {
    await fs.rm(temp, {force: true});
    throw error;
  } finally {
    forget();
  }
}
