/**
 * Atomic file replacement (docs/reference/design.md#atomic-writes): write a temp sibling, fsync it, rename over the target,
 * fsync the directory. A reader sees the old file or the new one, never a half-written one.
 */
import {randomBytes} from 'node:crypto';
import {promises as fs} from 'node:fs';
import path from 'node:path';

import {badInput, errnoCode} from '../errors.js';

/** A temp name beside `target` (same directory, so rename stays on one filesystem). */
export const tempSibling = (target: string, tag = 'tmp'): string =>
  path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.${tag}`);

/** fsync a directory so a rename or unlink inside it survives a crash. Best effort where unsupported. */
export async function fsyncDir(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch (error) {
    // Some platforms (Windows) cannot open or fsync a directory; the rename itself is still atomic there.
    if (!isIgnorableDirSyncError(error)) throw error;
  } finally {
    await handle?.close();
  }
}

const isIgnorableDirSyncError = (error: unknown): boolean =>
  ['EISDIR', 'EPERM', 'EACCES', 'EINVAL', 'ENOTSUP'].includes(errnoCode(error) ?? '');

/** fsync a file another tool wrote (wimlib, tar) before it is renamed into place. */
export async function fsyncFile(file: string): Promise<void> {
  const handle = await fs.open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Write `data` to a new file and fsync it (the file must not exist yet). */
export async function writeFileSynced(file: string, data: Buffer | string, mode = 0o644): Promise<void> {
  const handle = await fs.open(file, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Replace (or create) `target` atomically with `data`. */
export async function writeFileAtomic(target: string, data: Buffer | string, options: {mode?: number} = {}): Promise<void> {
  const temp = tempSibling(target);
  try {
    await writeFileSynced(temp, data, options.mode ?? (await existingMode(target)) ?? 0o644);
    await fs.rename(temp, target);
  } catch (error) {
    await fs.rm(temp, {force: true});
    throw error;
  }
  await fsyncDir(path.dirname(target));
}

async function existingMode(file: string): Promise<number | undefined> {
  try {
    return (await fs.stat(file)).mode & 0o7777;
  } catch {
    return undefined;
  }
}

/**
 * Create the missing folders above a file about to be written, like `mkdir -p` (what `sample create` does
 * for its output); a parent that is a file, or a folder that cannot be made, is bad input naming the file.
 */
export async function createParentFolders(file: string): Promise<void> {
  const parent = path.dirname(file);
  await fs.mkdir(parent, {recursive: true}).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EEXIST' || error.code === 'ENOTDIR') throw badInput(`cannot create ${file}: ${parent} is not a folder`, {file, code: 'PARENT_NOT_FOLDER'});
    throw badInput(`cannot create ${file}: ${error.code === 'EACCES' ? `permission denied in ${parent}` : error.message}`, {file});
  });
}

/**
 * The commit tail of an archive image (tar, WIM): with `backup`, keep the current archive beside it as
 * `<archive>.bak` (a hard link when possible, so it costs nothing; outside the image, never inside it), then
 * rename the proven-good `temp` over the archive and fsync the folder. Returns the backups kept.
 */
export async function replaceArchive(archive: string, temp: string, options: {backup?: boolean}): Promise<string[]> {
  const backups: string[] = [];
  if (options.backup) {
    const backup = `${archive}.bak`;
    await fs.rm(backup, {force: true});
    await fs.link(archive, backup).catch(() => fs.copyFile(archive, backup));
    backups.push(backup);
  }
  await fs.rename(temp, archive);
  await fsyncDir(path.dirname(archive));
  return backups;
}
