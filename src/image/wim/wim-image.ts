/**
 * A WIM image, through wimlib-imagex: `info` lists images, `dir` lists files, `extract` fetches the files
 * read (the ones winprep reads, in one batch), and commit runs `update` on a copy beside the WIM, sets the
 * XML properties that follow the SOFTWARE hive, rebuilds the copy (`optimize`) so that no byte of a replaced
 * or deleted file stays in it, verifies, and renames the copy into place.
 */
import {constants as fsConstants, promises as fs} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {usageError} from '../../errors.js';
import {fsyncFile, replaceArchive, tempSibling} from '../../fs/atomic.js';
import {removeOnExit} from '../../fs/exit-cleanup.js';
import {TEMP_SUFFIX} from '../folder-journal.js';
import {parseHive} from '../hive-loader.js';
import type {ImageLock} from '../lock.js';
import {innerKey, splitInnerPath} from '../paths.js';
import {isSpooled} from '../spool-patterns.js';
import {type OriginalEntry, StagedImage} from '../staged-image.js';
import type {FileChange, OpenImageOptions} from '../types.js';
import {type WimImageInfo, describeImages, listWimImages} from './wim-info.js';
import {imagePropertyArgs, readWindowsProperties} from './wim-metadata.js';
import {runWimlib} from './wim-tool.js';
import {rebuildWim} from './wim-rebuild.js';
import {IMAGE_PATHS} from '../types.js';

interface WimEntry {
  path: string;
  type: 'file' | 'dir';
}

export class WimImage extends StagedImage {
  private readonly extracted = new Set<string>();
  private prefetched = false;

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
    const images = await listWimImages(wim);
    const info = pickImage(wim, images, options.index);
    const {stdout} = await runWimlib(['dir', wim, String(info.index)], {file: wim});
    const {entries, children} = buildTree(stdout.toString('utf8'));
    const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'winprep-wim-'));
    return new WimImage(wim, options, lock, info, entries, children, workDir);
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
    if (!this.prefetched) {
      this.prefetched = true;
      for (const [entryKey, entry] of this.entries) if (entry.type === 'file' && isSpooled(entryKey)) wanted.add(entryKey);
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
    const temp = tempSibling(this.path, TEMP_SUFFIX.slice(1));
    const forget = removeOnExit(temp);
    const stage = await fs.mkdtemp(path.join(this.workDir, 'stage-'));
    try {
      await fs.copyFile(this.path, temp, fsConstants.COPYFILE_FICLONE);
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
      await runWimlib(['update', temp, String(this.info.index)], {file: this.path, input: `${commands.join('\n')}\n`});
      await this.syncXml(temp, changes);
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

  /** When the SOFTWARE hive changed, set EDITIONID / PRODUCTNAME / INSTALLATIONTYPE to what it now says. */
  private async syncXml(wim: string, changes: FileChange[]): Promise<void> {
    const software = changes.find((c) => innerKey(c.path) === innerKey(IMAGE_PATHS.softwareHive) && c.action === 'write');
    if (!software?.after) return;
    const hive = parseHive(software.after, {file: software.path, forceDirty: true});
    const current = (await listWimImages(wim)).find((image) => image.index === this.info.index) ?? this.info;
    const args = imagePropertyArgs(current, readWindowsProperties(hive));
    if (args.length > 0) await runWimlib(['info', wim, String(this.info.index), ...args], {file: this.path});
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
      if (!back.equals(change.after!)) throw new Error(`updated WIM does not hold the new ${change.path}; the original is unchanged`);
    }
  }

  protected override async cleanup(): Promise<void> {
    await fs.rm(this.workDir, {recursive: true, force: true});
  }
}

function pickImage(wim: string, images: WimImageInfo[], index: number | undefined): WimImageInfo {
  if (images.length === 0) throw usageError(`${wim} holds no images`);
  if (index === undefined) {
    if (images.length === 1) return images[0]!;
    throw usageError(`${wim} holds ${images.length} images; choose one with --index: ${describeImages(images)}`, {
      hint: `e.g. --index ${images[0]!.index}`,
    });
  }
  const found = images.find((image) => image.index === index);
  if (!found) throw usageError(`${wim} has no image ${index}; images: ${describeImages(images)}`);
  return found;
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
