/** openImage: detect the kind, take the lock, finish any interrupted commit, and open the right layer. */
import {promises as fs} from 'node:fs';
import path from 'node:path';

import {usageError} from '../errors.js';
import {type DetectedImage, detectImageKind} from './detect.js';
import {DiskImage} from './disk/disk-image.js';
import {hasPendingCommit, recoverDisk} from './disk/overlay-journal.js';
import {FolderImage} from './folder-image.js';
import {JOURNAL_DIR, type RecoveryOutcome, TEMP_SUFFIX, recoverFolder} from './folder-journal.js';
import {type ImageLock, acquireLock} from './lock.js';
import {TarImage} from './tar/tar-image.js';
import type {Image, ImageKind, OpenImageOptions} from './types.js';
import {WimImage} from './wim/wim-image.js';
import {recoverWim} from './wim/journal.js';

export async function openImage(imagePath: string, options: OpenImageOptions = {}): Promise<Image> {
  const detected = await detectImageKind(imagePath);
  if (options.index !== undefined && detected.kind !== 'wim') {
    throw usageError(`--index applies to WIM files only; ${imagePath} is a ${detected.kind} image`, detected.kind === 'disk' ? {hint: 'choose a disk partition with --partition'} : undefined);
  }
  if (options.partition !== undefined && detected.kind !== 'disk') {
    throw usageError(`--partition applies to disk images only; ${imagePath} is a ${detected.kind} image`);
  }
  if (options.root !== undefined && detected.kind !== 'tar') {
    throw usageError(`--root applies to tar archives only; ${imagePath} is a ${detected.kind} image`, detected.kind === 'folder' ? {hint: 'give the folder that holds Windows\\ itself'} : undefined);
  }
  const lock = options.readOnly ? undefined : await acquireLock(imagePath, detected.kind);
  try {
    await recoverUnderLock(imagePath, detected.kind, lock);
    switch (detected.kind) {
      case 'folder':
        return new FolderImage(imagePath, options, lock);
      case 'tar':
        return await TarImage.open(imagePath, detected.compression, options, lock);
      case 'wim':
        return await WimImage.open(imagePath, options, lock);
      case 'disk':
        return await DiskImage.open(imagePath, diskFormatOf(detected), options, lock);
    }
  } catch (error) {
    await lock?.release();
    throw error;
  }
}

/**
 * Finish or undo a commit that was interrupted (killed process): a folder's journal is rolled forward or
 * back; an archive's leftover temp siblings are removed (its commit is a single rename).
 */
export async function recoverImage(imagePath: string): Promise<RecoveryOutcome> {
  const detected = await detectImageKind(imagePath);
  const lock = await acquireLock(imagePath, detected.kind);
  try {
    return await recover(imagePath, detected.kind);
  } finally {
    await lock.release();
  }
}

async function recoverUnderLock(imagePath: string, kind: ImageKind, lock: ImageLock | undefined): Promise<void> {
  if (lock) {
    await recover(imagePath, kind);
    return;
  }
  // Read-only opens take no lock, but must not read a half-committed folder or disk: recover under a short lock.
  if (kind === 'folder' && (await hasJournal(imagePath))) await recoverImage(imagePath);
  if (kind === 'disk' && (await hasPendingCommit(imagePath))) await recoverImage(imagePath);
}

async function recover(imagePath: string, kind: ImageKind): Promise<RecoveryOutcome> {
  if (kind === 'folder') return recoverFolder(imagePath);
  if (kind === 'disk') return recoverDisk(imagePath);
  const removed = await removeArchiveTemps(imagePath);
  // An in-place WIM edit killed midway: finish its wipe (src/image/wim/journal.ts). Write opens only.
  if (kind === 'wim' && (await recoverWim(imagePath))) return 'rolled-forward';
  return removed ? 'rolled-back' : 'clean';
}

async function hasJournal(root: string): Promise<boolean> {
  return fs.stat(path.join(root, JOURNAL_DIR)).then(
    () => true,
    () => false,
  );
}

/**
 * Temp siblings `.<name>.<rand>.winprep-new` left by a killed archive commit, and wimlib's own temp beside
 * such a copy while it rebuilds it (the copy's name plus a random tail).
 */
async function removeArchiveTemps(archive: string): Promise<boolean> {
  const dir = path.dirname(archive);
  const prefix = `.${path.basename(archive)}.`;
  let removed = false;
  for (const name of await fs.readdir(dir)) {
    if (name.startsWith(prefix) && name.includes(TEMP_SUFFIX)) {
      await fs.rm(path.join(dir, name), {force: true, recursive: true});
      removed = true;
    }
  }
  return removed;
}

const diskFormatOf = (detected: DetectedImage) => detected.diskFormat ?? 'raw';
