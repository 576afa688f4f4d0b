/**
 * A WIM image, through wimlib-imagex: `info` lists images, `dir` lists files, `extract` fetches the files
 * read (the ones winprep reads, in one batch). Commit edits the WIM in place (wim/in-place.ts: wimlib's
 * in-place `update`, the XML properties that follow the SOFTWARE hive, read-back, then every stale byte
 * zeroed); solid, split and pipable WIMs instead get `update` on a copy, a rebuild (`optimize`) so that no
 * byte of a replaced or deleted file stays, read-back, and a rename into place.
 */
import {constants as fsConstants, promises as fs} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {fsyncFile, replaceArchive, tempSibling} from '../../fs/atomic.js';
import {removeOnExit} from '../../fs/exit-cleanup.js';
import {uninterruptible} from '../../fs/stop-deferral.js';
import {TEMP_SUFFIX} from '../folder-journal.js';
import {parseHive} from '../hive-loader.js';
import type {ImageLock} from '../lock.js';
import {innerKey, splitInnerPath} from '../paths.js';
import {type OriginalEntry, StagedImage} from '../staged-image.js';
import type {FileChange, OpenImageOptions} from '../types.js';
import {type WimImageInfo, listWimImages, pickWimImage} from './wim-info.js';
import {imagePropertyArgs, readWindowsProperties} from './wim-metadata.js';
import {runWimlib} from './wim-tool.js';
import {rebuildWim} from './wim-rebuild.js';
import {commitWimInPlace} from './in-place.js';
import {readWimLayout} from './layout.js';
import {IMAGE_PATHS} from '../types.js';

interface WimEntry {
  path: string;
  type: 'file' | 'dir';
}

export class WimImage extends StagedImage {
  private readonly extracted = new Set<string>();
  private prefetchDone = false;
  private forgetWorkDir: () => void = () => undefined;

  private constructor(
    wim: string,
    options: OpenImageOptions,
    lock: ImageLock | undefined,
    readonly info: WimImageInfo,
    private readonly entries: Map<string, WimEntry>,
    private readonly children: Map<string, string[]>,
    private readonly workDir: string,
  ) {
    super('wim', wim, options, lock, info.index);
  }

  static async open(wim: string, options: OpenImageOptions, lock: ImageLock | undefined): Promise<WimImage> {
    // Our own check of header and blob table first: a truncated WIM is one line naming the fault, exit 3.
    await readWimLayout(wim);
    const images = await listWimImages(wim);
    const info = pickWimImage(wim, images, options.index);
    const {stdout} = await runWimlib(['dir', wim, String(info.index)], {file: wim});
    const {entries, children} = buildTree(stdout.toString('utf8'));
    const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'winprep-wim-'));
    const image = new WimImage(wim, options, lock, info, entries, children, workDir);
    // Extracted hives hold the image's identities: a stopped run must not leave them in the temp folder.
    image.forgetWorkDir = removeOnExit(workDir);
    return image;
  }

  protected async resolveOriginal(innerPath: string): Promise<OriginalEntry | undefined> {
    return this.entries.get(innerKey(innerPath));
  }

  protected async readOriginal(entry: OriginalEntry): Promise<Buffer> {
    const key = innerKey(entry.path);
    if (!this.extracted.has(key)) await this.extract(key);
    const file = path.join(this.workDir, 'x', ...splitInnerPath(entry.path));
    const stat = await fs.stat(file).catch(() => undefined);
    // An empty folder listed by `dir` looks like a file until extracted.
    return stat?.isFile() ? fs.readFile(file) : Buffer.alloc(0);
  }

  protected async readdirOriginal(dir: OriginalEntry): Promise<OriginalEntry[]> {
    const prefix = dir.path === '' ? '' : `${innerKey(dir.path)}/`;
    return (this.children.get(innerKey(dir.path)) ?? []).map((name) => this.entries.get(`${prefix}${name}`)!);
  }

  /** The first read extracts every file winprep reads in one wimlib call; later misses one by one. */
  private async extract(key: string): Promise<void> {
    const wanted = new Set([key]);
    if (!this.prefetchDone) {
      this.prefetchDone = true;
      for (const [entryKey, entry] of this.entries) if (entry.type === 'file' && this.prefetched(entryKey)) wanted.add(entryKey);
    }
    const paths = [...wanted].filter((k) => !this.extracted.has(k)).map((k) => `/${this.entries.get(k)!.path}`);
    const listFile = path.join(this.workDir, `list-${this.extracted.size}.txt`);
    await fs.writeFile(listFile, `${paths.join('\n')}\n`);
    const dest = path.join(this.workDir, 'x');
    await runWimlib(['extract', this.path, String(this.info.index), `@${listFile}`, `--dest-dir=${dest}`, '--preserve-dir-structure', '--no-acls', '--no-globs'], {
      file: this.path,
    });
    for (const k of wanted) this.extracted.add(k);
  }

  protected async applyChanges(changes: FileChange[]): Promise<string[]> {
    const stage = await fs.mkdtemp(path.join(this.workDir, 'stage-'));
    const commands = await this.updateCommands(changes, stage);
    const {rebuildReason} = await readWimLayout(this.path);
    if (rebuildReason) {
      this.commitNotes.push(`WIM rebuilt in full because ${rebuildReason}: an in-place edit cannot leave no old data there, so the run took time in proportion to the WIM`);
      return this.applyByRebuild(changes, commands, stage);
    }
    const backups: string[] = [];
    if (this.options.backup) {
      // In place changes the WIM itself, so the previous version is a copy (a reflink where the filesystem can).
      const backup = `${this.path}.bak`;
      await fs.rm(backup, {force: true});
      await fs.copyFile(this.path, backup, fsConstants.COPYFILE_FICLONE);
      backups.push(backup);
    }
    // wimlib's update, the wipe and the journal: a stop signal waits for the end (src/fs/stop-deferral.ts).
    const result = await uninterruptible(() =>
      commitWimInPlace(this.path, {
        index: this.info.index,
        commands,
        properties: this.propertyArgs(changes),
        compact: this.options.compact,
        verify: () => this.verify(this.path, changes, stage),
      }),
    );
    this.commitNotes.push(...result.notes);
    return backups;
  }

  /** wimupdate commands for the changes; written files are staged under `stage`. */
  private async updateCommands(changes: FileChange[], stage: string): Promise<string> {
    const commands: string[] = [];
    let n = 0;
    for (const change of changes) {
      const inner = `/${change.path}`;
      if (change.action === 'delete') {
        commands.push(`delete --force ${quote(inner)}`);
        continue;
      }
      const file = path.join(stage, String(n++));
      await fs.writeFile(file, change.after!);
      commands.push(`add --no-acls ${quote(file)} ${quote(inner)}`);
    }
    return `${commands.join('\n')}\n`;
  }

  /** Solid, split and pipable WIMs: update a copy, rebuild it (wim-rebuild.ts), verify, rename it into place. */
  private async applyByRebuild(changes: FileChange[], commands: string, stage: string): Promise<string[]> {
    const temp = tempSibling(this.path, TEMP_SUFFIX.slice(1));
    const forget = removeOnExit(temp);
    try {
      await fs.copyFile(this.path, temp, fsConstants.COPYFILE_FICLONE);
      await runWimlib(['update', temp, String(this.info.index)], {file: this.path, input: commands});
      const properties = this.propertyArgs(changes);
      if (properties.length > 0) await runWimlib(['info', temp, String(this.info.index), ...properties], {file: this.path});
      await rebuildWim(temp, this.path);
      await this.verify(temp, changes, stage);
      await fsyncFile(temp);
      return await replaceArchive(this.path, temp, {backup: this.options.backup});
    } catch (error) {
      await fs.rm(temp, {force: true});
      throw error;
    } finally {
      forget();
    }
  }

  /** When the SOFTWARE hive changed, EDITIONID / PRODUCTNAME / INSTALLATIONTYPE to set to what it now says. */
  private propertyArgs(changes: FileChange[]): string[] {
    const software = changes.find((c) => innerKey(c.path) === innerKey(IMAGE_PATHS.softwareHive) && c.action === 'write');
    if (!software?.after) return [];
    const hive = parseHive(software.after, {file: software.path, forceDirty: true});
    return imagePropertyArgs(this.info, readWindowsProperties(hive));
  }

  /** wimlib must read back every written file exactly. */
  private async verify(wim: string, changes: FileChange[], stage: string): Promise<void> {
    const written = changes.filter((c) => c.action === 'write');
    if (written.length === 0) return;
    const dest = path.join(stage, 'verify');
    const listFile = path.join(stage, 'verify.txt');
    await fs.writeFile(listFile, `${written.map((c) => `/${c.path}`).join('\n')}\n`);
    await runWimlib(['extract', wim, String(this.info.index), `@${listFile}`, `--dest-dir=${dest}`, '--preserve-dir-structure', '--no-acls', '--no-globs'], {
      file: this.path,
    });
    for (const change of written) {
      const back = await fs.readFile(path.join(dest, ...splitInnerPath(change.path)));
      if (!back.equals(change.after!)) throw new Error(`updated WIM does not hold the new ${change.path}`);
    }
  }

  protected override async cleanup(): Promise<void> {
    await fs.rm(this.workDir, {recursive: true, force: true});
    this.forgetWorkDir();
  }
}

/** `wimlib-imagex dir` prints one absolute path per line; a path with entries below it is a folder. */
function buildTree(listing: string): {entries: Map<string, WimEntry>; children: Map<string, string[]>} {
  const entries = new Map<string, WimEntry>([['', {path: '', type: 'dir'}]]);
  const children = new Map<string, string[]>();
  for (const line of listing.split('\n')) {
    const inner = line.replace(/\r$/, '').replace(/^\/+/, '');
    if (inner === '') continue;
    const parts = inner.split('/');
    const key = inner.toLowerCase();
    if (!entries.has(key)) entries.set(key, {path: inner, type: 'file'});
    const parentKey = parts.slice(0, -1).join('/').toLowerCase();
    const parent = entries.get(parentKey);
    if (parent) parent.type = 'dir';
    const siblings = children.get(parentKey) ?? [];
    siblings.push(parts.at(-1)!.toLowerCase());
    children.set(parentKey, siblings);
  }
  return {entries, children};
}

/** wimupdate command-file quoting: double quotes (Windows names cannot contain them). */
const quote = (value: string): string => `"${value}"`;
