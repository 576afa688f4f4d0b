/**
 * The journal of an in-place WIM edit, beside the WIM (`.<name>.winprep-wim-journal`, never inside an image):
 * written (atomically, fsynced) before wimlib touches the file and removed when the wipe is done. It holds the
 * header as it was before the edit — so recovery can tell whether wimlib's update landed — and the image
 * properties still to be set after it. A write open that finds it finishes the edit (recoverWim); read-only
 * opens never look at it, and they need not: every state the edit passes through is a valid WIM.
 */
import {spawn} from 'node:child_process';
import {promises as fs} from 'node:fs';
import path from 'node:path';

import {imageBusy} from '../../errors.js';
import {fsyncDir, writeFileAtomic} from '../../fs/atomic.js';
import {runWimlib} from './wim-tool.js';
import {WIM_HEADER_SIZE} from './header.js';
import {readRange} from './layout.js';
import {wipeWim} from './wipe.js';

export interface WimJournal {
  version: 1;
  /** The 208-byte header before the update, base64. */
  before: string;
  index: number;
  /** `--image-property NAME=VALUE` arguments to apply once the update has landed ([] when done or none). */
  properties: string[];
}

export const wimJournalPath = (wim: string): string => path.join(path.dirname(wim), `.${path.basename(wim)}.winprep-wim-journal`);

export async function writeWimJournal(wim: string, journal: WimJournal): Promise<void> {
  await writeFileAtomic(wimJournalPath(wim), `${JSON.stringify(journal)}\n`);
}

export async function removeWimJournal(wim: string): Promise<void> {
  await fs.rm(wimJournalPath(wim), {force: true});
  await fsyncDir(path.dirname(wim));
}

async function readWimJournal(wim: string): Promise<WimJournal | undefined> {
  const text = await fs.readFile(wimJournalPath(wim), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as WimJournal;
    if (parsed.version === 1 && typeof parsed.before === 'string' && Array.isArray(parsed.properties)) return parsed;
  } catch {
    // A journal cut short can only be one whose atomic rename never happened; treat it as a bare wipe.
  }
  return {version: 1, before: '', index: 1, properties: []};
}

export async function currentHeader(wim: string): Promise<Buffer> {
  const handle = await fs.open(wim, 'r');
  try {
    return await readRange(handle, {offset: 0, size: WIM_HEADER_SIZE});
  } finally {
    await handle.close();
  }
}

/** Header fields that change when an update lands: everything but the flags word (bytes 16–19, write-in-progress). */
export const sameHeaderIgnoringFlags = (a: Buffer, b: Buffer): boolean =>
  a.length === b.length && a.subarray(0, 16).equals(b.subarray(0, 16)) && a.subarray(20).equals(b.subarray(20));

/**
 * Finish an interrupted in-place edit: when wimlib's update had landed, set the image properties it left
 * pending; then (landed or not) wipe. Returns whether there was anything to finish.
 */
export async function recoverWim(wim: string): Promise<boolean> {
  const journal = await readWimJournal(wim);
  if (!journal) return false;
  await waitForWimlibWriter(wim);
  if (journal.properties.length > 0) {
    const landed = !sameHeaderIgnoringFlags(await currentHeader(wim), Buffer.from(journal.before, 'base64'));
    // Recorded before anything else changes the header, so a second crash cannot mistake our own wipe for the update.
    if (landed) await runWimlib(['info', wim, String(journal.index), ...journal.properties], {file: wim});
    await writeWimJournal(wim, {...journal, properties: []});
  }
  await wipeWim(wim);
  await removeWimJournal(wim);
  return true;
}

/**
 * A killed winprep does not kill the wimlib-imagex it started: an update in flight runs on and finishes its
 * append. wimlib holds an exclusive flock(2) on the WIM while it writes in place, so wait for that lock
 * (util-linux flock(1)) before touching the file; where flock(1) is missing, go on (best effort).
 */
async function waitForWimlibWriter(wim: string): Promise<void> {
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn('flock', ['--exclusive', '--timeout', String(WRITER_WAIT_SECONDS), wim, 'true'], {stdio: 'ignore'});
    child.on('error', () => resolve(0));
    child.on('close', (exit) => resolve(exit));
  });
  if (code !== 0) throw imageBusy(`a wimlib-imagex process is still writing ${wim} (it holds the WIM's lock); run again when it has finished`, {file: wim});
}

const WRITER_WAIT_SECONDS = 120;
