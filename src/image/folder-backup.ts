/**
 * --backup for a folder image: the previous version of every file a commit replaces or deletes is copied
 * OUTSIDE the image, into a sibling folder named after it — `<image>.winprep-backup/<UTC time>/<inner path>`
 * — so that no old hive or answer file (with its password) stays inside the tree that gets captured and
 * cloned. Beside the set, `<UTC time>.txt` lists what the run did to each file. Restoring is copying the set
 * back over the image (`cp -a <set>/. <image>/`) and removing the files the list marks as created.
 * The set is complete and fsynced before the commit starts; it is only ever a copy of the image before the
 * run, so a crash at any point leaves it valid (a commit that fails removes it again).
 */
import {promises as fs} from 'node:fs';
import path from 'node:path';

import {badInput, errnoCode} from '../errors.js';
import {fsyncDir, writeFileSynced} from '../fs/atomic.js';
import {splitInnerPath} from './paths.js';
import type {FileChange} from './types.js';

export const FOLDER_BACKUP_SUFFIX = '.winprep-backup';

export interface FolderBackupSet {
  /** The folder holding the previous versions, mirroring the image's layout. */
  dir: string;
  /** The list of what the run did, beside the set. */
  list: string;
  /** Absolute paths of the files kept. */
  files: string[];
}

/** The sibling folder that holds every backup set of the image at `root`. */
export const backupRootOf = (root: string): string => {
  const resolved = path.resolve(root);
  return path.join(path.dirname(resolved), `${path.basename(resolved)}${FOLDER_BACKUP_SUFFIX}`);
};

/** Copy the previous version of every changed file out of the image; undefined when nothing existed before. */
export async function writeFolderBackup(root: string, changes: FileChange[], now = new Date()): Promise<FolderBackupSet | undefined> {
  if (!changes.some((change) => change.before)) return undefined;
  const backupRoot = backupRootOf(root);
  await fs.mkdir(backupRoot, {recursive: true}).catch((error: NodeJS.ErrnoException) => {
    throw badInput(`cannot keep backups in ${backupRoot}: ${error.code ?? error.message}`, {file: backupRoot, hint: 'run without --backup, or make the folder beside the image writable'});
  });
  const {dir, name} = await claimSetDir(backupRoot, now);
  const files: string[] = [];
  const lines: string[] = [];
  try {
    for (const change of changes) {
      const parts = splitInnerPath(change.path);
      const inner = parts.join('/');
      if (!change.before) {
        lines.push(`created  ${inner}`);
        continue;
      }
      lines.push(`${change.action === 'delete' ? 'deleted ' : 'replaced'} ${inner}`);
      const file = path.join(dir, ...parts);
      await fs.mkdir(path.dirname(file), {recursive: true});
      await writeFileSynced(file, change.before);
      files.push(file);
    }
    for (const folder of new Set(files.map((file) => path.dirname(file)))) await fsyncDir(folder);
    const list = path.join(backupRoot, `${name}.txt`);
    await writeFileSynced(list, `winprep backup of ${path.resolve(root)} taken ${now.toISOString()}\n${lines.join('\n')}\n`);
    await fsyncDir(backupRoot);
    return {dir, list, files};
  } catch (error) {
    await fs.rm(dir, {recursive: true, force: true});
    throw error;
  }
}

/** Remove a set whose commit failed (the image is unchanged, so the set holds nothing worth keeping). */
export async function dropFolderBackup(set: FolderBackupSet | undefined): Promise<void> {
  if (!set) return;
  await fs.rm(set.dir, {recursive: true, force: true});
  await fs.rm(set.list, {force: true});
}

/** A new folder named after the time (second resolution; `-2`, `-3`… when two runs share a second). */
async function claimSetDir(backupRoot: string, now: Date): Promise<{dir: string; name: string}> {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  for (let n = 1; ; n++) {
    const name = n === 1 ? stamp : `${stamp}-${n}`;
    const dir = path.join(backupRoot, name);
    try {
      await fs.mkdir(dir);
      return {dir, name};
    } catch (error) {
      if (errnoCode(error) !== 'EEXIST') throw error;
    }
  }
}
