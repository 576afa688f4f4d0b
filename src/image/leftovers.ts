/**
 * winprep's own files that must never be found inside an image: backups (`*.winprep-bak`, what --backup wrote
 * inside a folder tree before backups moved beside it — old hives, answer files with passwords), temps
 * (`*.winprep-new*`, full copies of hives or archives mid-commit) and the commit journal (`.winprep-journal`).
 * Whatever is inside the tree is captured and cloned with it. Folder images are walked on disk, because their
 * listing hides temps and the journal; tar and WIM images through their member list.
 */
import type {Dirent} from 'node:fs';
import {promises as fs} from 'node:fs';
import path from 'node:path';

import {BACKUP_SUFFIX, JOURNAL_DIR, TEMP_SUFFIX} from './folder-journal.js';
import {FOLDER_BACKUP_SUFFIX} from './folder-backup.js';
import type {Image} from './types.js';

export type LeftoverKind = 'backup' | 'temp' | 'journal';

export interface Leftover {
  /** Inner path, `/` separated. */
  path: string;
  kind: LeftoverKind;
}

/** What a single name is, or undefined when it is not one of winprep's files. */
export function leftoverKind(name: string): LeftoverKind | undefined {
  const lower = name.toLowerCase();
  if (lower === JOURNAL_DIR) return 'journal';
  if (lower.endsWith(BACKUP_SUFFIX) || lower.endsWith(FOLDER_BACKUP_SUFFIX)) return 'backup';
  if (lower.includes(TEMP_SUFFIX)) return 'temp';
  return undefined;
}

/** Every winprep backup, temp or journal inside the image (a folder found is reported once, not its contents). */
export async function findLeftovers(image: Image): Promise<Leftover[]> {
  if (image.kind === 'folder') return walkFolder(image.path, '');
  const found = new Map<string, Leftover>();
  for (const file of await image.listFiles('')) {
    const parts = file.split('/');
    const at = parts.findIndex((part) => leftoverKind(part) !== undefined);
    if (at < 0) continue;
    const inner = parts.slice(0, at + 1).join('/');
    found.set(inner.toLowerCase(), {path: inner, kind: leftoverKind(parts[at]!)!});
  }
  return [...found.values()];
}

async function walkFolder(root: string, inner: string): Promise<Leftover[]> {
  let dirents: Dirent[];
  try {
    dirents = await fs.readdir(path.join(root, ...(inner === '' ? [] : inner.split('/'))), {withFileTypes: true});
  } catch {
    return [];
  }
  const found: Leftover[] = [];
  for (const dirent of dirents) {
    const child = inner === '' ? dirent.name : `${inner}/${dirent.name}`;
    const kind = leftoverKind(dirent.name);
    if (kind) found.push({path: child, kind});
    // Symlinks are not followed: what they point at is not part of this tree.
    else if (dirent.isDirectory()) found.push(...(await walkFolder(root, child)));
  }
  return found;
}
