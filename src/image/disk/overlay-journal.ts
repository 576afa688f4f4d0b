/**
 * All-or-nothing commits of a disk image. Edits never touch the user's disk directly: they go to a qcow2
 * overlay beside it whose backing file is the disk (`qemu-img create -b disk -F fmt`), are read back and
 * checked there, and only then merged into the disk with `qemu-img commit -d` (-d keeps the overlay's
 * contents, so the merge can be repeated). The overlay is the redo journal:
 *   1. overlay created, edits written and verified inside it — the disk is untouched;
 *   2. the commit marker written (fsynced) — the commit point;
 *   3. `qemu-img commit -d` merges the overlay's clusters into the disk, the disk is fsynced;
 *   4. the marker is removed, then the overlay.
 * recoverDisk(): marker present → merge again (idempotent: the same clusters get the same bytes) and free
 * the clusters a killed writer may have leaked; overlay without marker → removed (the disk never changed).
 */
import {promises as fs} from 'node:fs';
import path from 'node:path';

import {badInput} from '../../errors.js';
import {fsyncDir, fsyncFile, writeFileAtomic} from '../../fs/atomic.js';
import type {RecoveryOutcome} from '../folder-journal.js';
import type {DiskFormat} from './disk-format.js';
import {qemuImg, qemuImgCheck} from './qemu-img.js';

/** The overlay and the commit marker live beside the disk, never inside it. */
export const overlayPathFor = (disk: string): string => path.join(path.dirname(disk), `.${path.basename(disk)}.winprep-overlay.qcow2`);
export const commitMarkerFor = (disk: string): string => path.join(path.dirname(disk), `.${path.basename(disk)}.winprep-commit`);

const exists = (file: string): Promise<boolean> =>
  fs.stat(file).then(
    () => true,
    () => false,
  );

/** A fresh overlay over the disk (any earlier one must have been recovered first). */
export async function createOverlay(disk: string, format: DiskFormat): Promise<string> {
  const overlay = overlayPathFor(disk);
  await fs.rm(overlay, {force: true});
  // The backing name is relative to the overlay's folder: the pair stays valid if the folder is moved.
  await qemuImg(['create', '-q', '-f', 'qcow2', '-b', path.basename(disk), '-F', format, overlay], disk);
  return overlay;
}

export async function removeOverlay(disk: string): Promise<void> {
  await fs.rm(overlayPathFor(disk), {force: true});
}

/** Steps 2–4: the overlay must already hold the verified edits and be closed by the appliance. */
export async function commitOverlay(disk: string, format: DiskFormat): Promise<void> {
  const overlay = overlayPathFor(disk);
  await fsyncFile(overlay);
  const overlayCheck = await qemuImgCheck(overlay, 'qcow2');
  if (!overlayCheck.ok) throw badInput(`the edited overlay fails qemu-img check (${overlayCheck.message ?? 'errors'}); the disk is unchanged`, {file: disk});
  const marker = commitMarkerFor(disk);
  // Atomic (temp + rename + directory fsync): the marker is whole or absent, never half-written.
  await writeFileAtomic(marker, `${JSON.stringify({version: 1, overlay: path.basename(overlay), format})}\n`);
  await mergeOverlay(disk, format);
}

/** Steps 3–4, also the redo of an interrupted commit. */
async function mergeOverlay(disk: string, format: DiskFormat, options: {repairLeaks?: boolean} = {}): Promise<void> {
  const overlay = overlayPathFor(disk);
  await qemuImg(['commit', '-q', '-d', '-f', 'qcow2', overlay], disk);
  await fsyncFile(disk);
  if (options.repairLeaks) await qemuImgCheck(disk, format, {repairLeaks: true});
  const check = await qemuImgCheck(disk, format);
  if (!check.ok) throw badInput(`qemu-img check fails after the merge: ${check.message ?? 'errors'}`, {file: disk, code: 'DISK_CHECK_FAILED'});
  await fs.rm(commitMarkerFor(disk), {force: true});
  await fsyncDir(path.dirname(disk));
  await fs.rm(overlay, {force: true});
}

/** Finish (marker) or undo (overlay alone) a commit a killed run left; see the protocol above. */
export async function recoverDisk(disk: string): Promise<RecoveryOutcome> {
  const marker = commitMarkerFor(disk);
  if (await exists(marker)) {
    if (!(await exists(overlayPathFor(disk)))) {
      // The overlay is removed only after the marker: a marker alone is a finished commit.
      await fs.rm(marker, {force: true});
      return 'rolled-forward';
    }
    const recorded = JSON.parse(await fs.readFile(marker, 'utf8').catch(() => '{}')) as {format?: DiskFormat};
    if (!recorded.format) throw badInput(`unreadable commit marker ${marker}; the overlay ${overlayPathFor(disk)} holds the unmerged edits`, {file: disk});
    await mergeOverlay(disk, recorded.format, {repairLeaks: true});
    return 'rolled-forward';
  }
  if (await exists(overlayPathFor(disk))) {
    await removeOverlay(disk);
    return 'rolled-back';
  }
  return 'clean';
}

/** Whether a commit is half-done (a read-only open must recover first). */
export const hasPendingCommit = (disk: string): Promise<boolean> => exists(commitMarkerFor(disk));
