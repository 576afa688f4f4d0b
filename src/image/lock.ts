/**
 * One writer per image: `<archive>.winprep.lock` beside a tar/WIM, `.winprep.lock` in a folder root.
 * Created with O_EXCL and holding pid/host/time; a second writer gets imageBusy (exit 5) naming the holder.
 * A lock whose pid is dead on this host is stale and taken over.
 */
import {randomBytes} from 'node:crypto';
import {promises as fs, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {badInput, imageBusy, errnoCode} from '../errors.js';
import {fsyncDir} from '../fs/atomic.js';
import {onExitCleanup} from '../fs/exit-cleanup.js';
import type {ImageKind} from './types.js';

export const FOLDER_LOCK_NAME = '.winprep.lock';

export interface LockHolder {
  pid: number;
  host: string;
  /** ISO time the lock was taken. */
  time: string;
}

export interface ImageLock {
  readonly file: string;
  release(): Promise<void>;
}

export const lockPathFor = (imagePath: string, kind: ImageKind): string =>
  kind === 'folder' ? path.join(imagePath, FOLDER_LOCK_NAME) : `${imagePath}.winprep.lock`;

export async function acquireLock(imagePath: string, kind: ImageKind): Promise<ImageLock> {
  const file = lockPathFor(imagePath, kind);
  const me: LockHolder = {pid: process.pid, host: os.hostname(), time: new Date().toISOString()};
  // Two attempts: the second only after removing a stale lock left by a dead process.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await fs.open(file, 'wx', 0o644);
      // Registered the moment the file exists: a stop signal while the holder is still being written (fsyncs
      // take a while on a busy disk) must not leave a lock behind.
      const forget = onExitCleanup(() => releaseLockSync(file));
      try {
        await handle.writeFile(`${JSON.stringify(me)}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fsyncDir(path.dirname(file)).catch((error: unknown) => {
        forget();
        rmSync(file, {force: true});
        throw error;
      });
      return {
        file,
        release: async () => {
          // The exit cleanup stays until the file is gone: a stop signal in between still removes it.
          await releaseLock(file);
          forget();
        },
      };
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'EACCES' || code === 'EROFS') {
        throw badInput(`cannot create the lock file: ${code}`, {file, hint: 'use --dry-run or image validate to read it without writing, or fix its permissions'});
      }
      if (code !== 'EEXIST') throw error;
      await refuseNonFile(file);
      const holder = await readLockHolder(file);
      if (holder && !isStale(holder)) throw busyError(imagePath, file, holder);
      if (!holder && attempt === 0 && (await isFreshUnreadable(file))) {
        // Just created by another run that has not written its pid yet: that run holds it.
        throw imageBusy(`${imagePath} is locked by another winprep run (lock file ${file} being written)`, {
          file,
          hint: `if no winprep run is active, remove ${file}`,
        });
      }
      await takeOverStale(file, imagePath);
    }
  }
  throw imageBusy(`${imagePath} is locked by another winprep run`, {file, hint: `remove ${file} if no winprep run is active`});
}

/**
 * Move the stale lock aside atomically (rename), so two runs taking over the same stale lock cannot both
 * delete each other's fresh one; if what was moved turns out to be live, put it back and report busy.
 */
async function takeOverStale(file: string, imagePath: string): Promise<void> {
  const aside = `${file}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await fs.rename(file, aside);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return;
    throw error;
  }
  const moved = await readLockHolder(aside);
  if (moved && !isStale(moved)) {
    await fs.link(aside, file).catch(() => undefined);
    await fs.rm(aside, {force: true});
    throw busyError(imagePath, file, moved);
  }
  await fs.rm(aside, {force: true});
}

async function releaseLock(file: string): Promise<void> {
  const holder = await readLockHolder(file);
  // Never remove a lock another process took over after ours went stale.
  if (holder && (holder.pid !== process.pid || holder.host !== os.hostname())) return;
  await fs.rm(file, {force: true});
}

/**
 * releaseLock for an interrupted run (exit handlers cannot await): only a lock this process still holds. An
 * empty or half-written file is ours too: this process created it ('wx') and was stopped before the holder was
 * written; nobody takes over a lock that fresh (acquireLock reports it busy instead).
 */
function releaseLockSync(file: string): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return;
  }
  let holder: Partial<LockHolder> | undefined;
  try {
    holder = JSON.parse(text) as Partial<LockHolder>;
  } catch {
    holder = undefined;
  }
  if (holder === undefined || (holder.pid === process.pid && holder.host === os.hostname())) rmSync(file, {force: true});
}

export async function readLockHolder(file: string): Promise<LockHolder | undefined> {
  try {
    const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.time === 'string') {
      return {pid: parsed.pid, host: parsed.host, time: parsed.time};
    }
  } catch {
    // unreadable or half-written: treated by the caller
  }
  return undefined;
}

/** Stale = held by a process of this host that no longer exists. Locks of other hosts are never stale. */
function isStale(holder: LockHolder): boolean {
  if (holder.host !== os.hostname()) return false;
  if (holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return errnoCode(error) === 'ESRCH';
  }
}

/** A folder or device where the lock file goes was not made by winprep: taking it over would fail half-way (exit 1). */
async function refuseNonFile(file: string): Promise<void> {
  const stat = await fs.lstat(file).catch(() => undefined);
  if (stat && !stat.isFile()) {
    throw badInput('is not a winprep lock file (a folder or special file is in its place)', {file, code: 'LOCK_NOT_FILE', hint: `remove ${file}`});
  }
}

async function isFreshUnreadable(file: string): Promise<boolean> {
  try {
    const stat = await fs.stat(file);
    return Date.now() - stat.mtimeMs < 5000;
  } catch {
    return false;
  }
}

function busyError(imagePath: string, file: string, holder: LockHolder) {
  return imageBusy(`${imagePath} is locked by winprep pid ${holder.pid} on ${holder.host} since ${holder.time}`, {
    file,
    hint: `wait for that run to finish, or remove ${file} if it is gone`,
  });
}
