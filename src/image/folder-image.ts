/** A folder image: a mounted or applied Windows volume, changed in place through the journal. */
import type {Dirent} from 'node:fs';
import {promises as fs} from 'node:fs';
import path from 'node:path';

import {badInput, errnoCode} from '../errors.js';
import {uninterruptible} from '../fs/stop-deferral.js';
import {JOURNAL_DIR, TEMP_SUFFIX, commitFolder} from './folder-journal.js';
import {FOLDER_LOCK_NAME, type ImageLock} from './lock.js';
import {splitInnerPath} from './paths.js';
import {type OriginalEntry, StagedImage} from './staged-image.js';
import type {FileChange, OpenImageOptions} from './types.js';

/** winprep's own bookkeeping in a folder root, never part of the image. */
const ROOT_BOOKKEEPING = new Set([JOURNAL_DIR.toLowerCase(), FOLDER_LOCK_NAME.toLowerCase()]);

export class FolderImage extends StagedImage {
  /** Directory listings, by real absolute path: each lookup resolves names case-insensitively against them. */
  private readonly listings = new Map<string, Map<string, OriginalEntry>>();

  constructor(root: string, options: OpenImageOptions, lock: ImageLock | undefined) {
    super('folder', root, options, lock);
  }

  protected async resolveOriginal(innerPath: string): Promise<OriginalEntry | undefined> {
    let current: OriginalEntry = {path: '', type: 'dir'};
    for (const part of splitInnerPath(innerPath)) {
      if (current.type !== 'dir') return undefined;
      const listing = await this.listing(current.path);
      const next = listing.get(part.toLowerCase());
      if (!next) return undefined;
      current = next;
    }
    return current;
  }

  protected async readOriginal(entry: OriginalEntry): Promise<Buffer> {
    const file = this.absolute(entry.path);
    try {
      return await fs.readFile(file);
    } catch (error) {
      throw badInput(`cannot read: ${errnoCode(error) ?? String(error)}`, {file});
    }
  }

  protected async readdirOriginal(dir: OriginalEntry): Promise<OriginalEntry[]> {
    return [...(await this.listing(dir.path)).values()];
  }

  protected async applyChanges(changes: FileChange[]): Promise<string[]> {
    // Many renames: a stop signal waits for the last one (src/fs/stop-deferral.ts) so the folder is complete.
    return uninterruptible(() => commitFolder(this.path, changes, {backup: this.options.backup}));
  }

  private absolute(inner: string): string {
    return path.join(this.path, ...splitInnerPath(inner));
  }

  private async listing(dirInner: string): Promise<Map<string, OriginalEntry>> {
    const cached = this.listings.get(dirInner.toLowerCase());
    if (cached) return cached;
    const listing = new Map<string, OriginalEntry>();
    let dirents: Dirent[] = [];
    try {
      dirents = await fs.readdir(this.absolute(dirInner), {withFileTypes: true});
    } catch (error) {
      const code = errnoCode(error);
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw badInput(`cannot list: ${code}`, {file: this.absolute(dirInner)});
    }
    for (const dirent of dirents) {
      if (dirInner === '' && ROOT_BOOKKEEPING.has(dirent.name.toLowerCase())) continue;
      if (dirent.name.endsWith(TEMP_SUFFIX)) continue;
      const type = await this.entryType(dirInner, dirent);
      if (!type) continue;
      const inner = dirInner === '' ? dirent.name : `${dirInner}/${dirent.name}`;
      // Two names differing only in case cannot both exist on Windows; keep the first, like a case-insensitive volume.
      if (!listing.has(dirent.name.toLowerCase())) listing.set(dirent.name.toLowerCase(), {path: inner, type});
    }
    this.listings.set(dirInner.toLowerCase(), listing);
    return listing;
  }

  /** Files and directories; symlinks followed only when they stay inside the image. */
  private async entryType(dirInner: string, dirent: Dirent): Promise<OriginalEntry['type'] | undefined> {
    if (dirent.isFile()) return 'file';
    if (dirent.isDirectory()) return 'dir';
    if (!dirent.isSymbolicLink()) return undefined;
    const full = path.join(this.absolute(dirInner), dirent.name);
    try {
      const [real, root] = await Promise.all([fs.realpath(full), fs.realpath(this.path)]);
      if (real !== root && !real.startsWith(`${root}${path.sep}`)) return undefined;
      const stat = await fs.stat(full);
      return stat.isDirectory() ? 'dir' : stat.isFile() ? 'file' : undefined;
    } catch {
      return undefined;
    }
  }
}
