/**
 * A virtual disk (raw, VHD, VHDX, VMDK, qcow2) through one libguestfs appliance per run. Reads come from
 * the Windows volume mounted read-only; a writable open points the appliance at a qcow2 overlay over the
 * disk (overlay-journal.ts), so nothing reaches the disk before commit. commit writes the changes into the
 * overlay (old contents zeroed in place first, so no byte of a replaced file stays in the volume), reads them
 * back (bytes, hivex inside the appliance, and our own hive parser), shuts the appliance down and merges.
 */
import {constants as fsConstants, promises as fs} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {WinprepError, badInput} from '../../errors.js';
import {fsyncDir, tempSibling} from '../../fs/atomic.js';
import {removeOnExit} from '../../fs/exit-cleanup.js';
import {uninterruptible} from '../../fs/stop-deferral.js';
import {parseHive} from '../hive-loader.js';
import type {ImageLock} from '../lock.js';
import {innerKey} from '../paths.js';
import {type OriginalEntry, StagedImage} from '../staged-image.js';
import type {FileChange, OpenImageOptions} from '../types.js';
import type {DiskFormat} from './disk-format.js';
import {GuestfishCommandError, GuestfishSession} from './guestfish-session.js';
import {ntfsWriteRefusal} from './ntfs-state.js';
import {commitMarkerFor, commitOverlay, createOverlay, removeOverlay} from './overlay-journal.js';
import {qemuImgCheck, qemuImgInfo} from './qemu-img.js';
import {type WindowsVolume, findWindowsVolume} from './windows-volume.js';

/** Formats qemu reads but cannot write in place: streamOptimized VMDK (the disk of an OVA). */
const READ_ONLY_VMDK = new Set(['streamOptimized']);

export class DiskImage extends StagedImage {
  private forgetWorkDir: () => void = () => undefined;
  private readonly dirs = new Map<string, Map<string, OriginalEntry>>();
  private readonly downloaded = new Set<string>();
  private session: GuestfishSession | undefined;
  private downloads = 0;

  private constructor(
    disk: string,
    options: OpenImageOptions,
    lock: ImageLock | undefined,
    readonly format: DiskFormat,
    readonly volume: WindowsVolume,
    session: GuestfishSession,
    private readonly workDir: string,
    private readonly overlay: boolean,
  ) {
    super('disk', disk, options, lock);
    this.session = session;
  }

  static async open(disk: string, format: DiskFormat, options: OpenImageOptions, lock: ImageLock | undefined): Promise<DiskImage> {
    const info = await qemuImgInfo(disk, format);
    const check = await qemuImgCheck(disk, format);
    if (!check.ok && !check.leaksOnly) throw badInput(`damaged ${format} disk: ${check.message ?? 'qemu-img check reports errors'}`, {file: disk, code: 'DISK_DAMAGED'});
    const writable = !options.readOnly;
    if (writable && info.vmdkCreateType && READ_ONLY_VMDK.has(info.vmdkCreateType)) {
      throw badInput(`a ${info.vmdkCreateType} VMDK (the disk format of an OVA) can be read but not written`, {
        file: disk,
        code: 'DISK_READ_ONLY_FORMAT',
        hint: `convert it first: qemu-img convert -O qcow2 ${disk} ${disk.replace(/\.vmdk$/i, '')}.qcow2 (or -O vmdk -o subformat=monolithicSparse)`,
      });
    }
    const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'winprep-disk-'));
    // Downloaded hives hold the image's identities: a stopped run must not leave them in the temp folder.
    const forgetWorkDir = removeOnExit(workDir);
    let session: GuestfishSession | undefined;
    try {
      const drive = writable ? {file: await createOverlay(disk, format), format: 'qcow2', readOnly: false} : {file: disk, format, readOnly: true};
      session = await GuestfishSession.start([drive], {file: disk});
      const readDevice = deviceReader(session, workDir);
      const volume = await findWindowsVolume(session, disk, readDevice, options.partition);
      await session.command('mount-ro', volume.device, '/');
      if (writable) {
        const refusal = await ntfsWriteRefusal(session, volume.device, readDevice);
        if (refusal) throw badInput(`${where(volume)} cannot be written: ${refusal.reason}`, {file: disk, code: 'DISK_NOT_WRITABLE', hint: refusal.hint});
      }
      const image = new DiskImage(disk, options, lock, format, volume, session, workDir, writable);
      image.forgetWorkDir = forgetWorkDir;
      return image;
    } catch (error) {
      forgetWorkDir();
      await session?.close();
      if (writable) await removeOverlay(disk);
      await fs.rm(workDir, {recursive: true, force: true});
      throw error;
    }
  }

  private get live(): GuestfishSession {
    if (!this.session) throw new Error(`${this.path}: the appliance is already shut down`);
    return this.session;
  }

  protected async resolveOriginal(innerPath: string): Promise<OriginalEntry | undefined> {
    let entry: OriginalEntry = {path: '', type: 'dir'};
    for (const part of innerKey(innerPath).split('/').filter(Boolean)) {
      if (entry.type !== 'dir') return undefined;
      const child = (await this.children(entry)).get(part);
      if (!child) return undefined;
      entry = child;
    }
    return entry;
  }

  protected async readOriginal(entry: OriginalEntry): Promise<Buffer> {
    const key = innerKey(entry.path);
    const local = path.join(this.workDir, 'files', encodeURIComponent(key));
    if (!this.downloaded.has(key)) {
      await fs.mkdir(path.dirname(local), {recursive: true});
      await this.guest('download', `/${entry.path}`, local);
      this.downloaded.add(key);
    }
    return fs.readFile(local);
  }

  protected async readdirOriginal(dir: OriginalEntry): Promise<OriginalEntry[]> {
    return [...(await this.children(dir)).values()];
  }

  /** One `readdir` per folder, cached; symlinks and junctions are not followed (not listed). */
  private async children(dir: OriginalEntry): Promise<Map<string, OriginalEntry>> {
    const key = innerKey(dir.path);
    const cached = this.dirs.get(key);
    if (cached) return cached;
    const listing = new Map<string, OriginalEntry>();
    const output = await this.guest('readdir', `/${dir.path}`);
    for (const block of output.split(/^\[\d+\] = \{$/m).slice(1)) {
      const type = /^\s*ftyp: (.)$/m.exec(block)?.[1];
      const name = /^\s*name: (.*)$/m.exec(block)?.[1];
      if (!name || name === '.' || name === '..' || (type !== 'd' && type !== 'r')) continue;
      listing.set(name.toLowerCase(), {path: dir.path === '' ? name : `${dir.path}/${name}`, type: type === 'd' ? 'dir' : 'file'});
    }
    this.dirs.set(key, listing);
    return listing;
  }

  protected async applyChanges(changes: FileChange[]): Promise<string[]> {
    const session = this.live;
    const device = this.volume.device;
    await this.guest('umount-all');
    await this.guest('mount', device, '/');
    for (const change of changes) {
      const inner = `/${change.path}`;
      // Zero the old contents in place first: the clusters a replaced or deleted file frees keep no old byte.
      if (change.before && change.before.length > 0) await this.guest('upload-offset', await this.localFile(Buffer.alloc(change.before.length)), inner, '0');
      if (change.action === 'delete') {
        await this.guest('rm', inner);
        continue;
      }
      const parent = path.posix.dirname(inner);
      if (parent !== '/') await this.guest('mkdir-p', parent);
      await this.guest('upload', await this.localFile(change.after!), inner);
    }
    await this.guest('sync');
    await this.guest('umount-all');
    await this.guest('mount-ro', device, '/');
    await this.verify(changes);
    await this.guest('umount-all');
    // Shutting the appliance down flushes every write into the overlay before qemu-img reads it.
    await session.close();
    this.session = undefined;
    const backups: string[] = [];
    if (this.options.backup) backups.push(await this.backUp());
    // The merge into the user's disk: a stop signal waits for it to end (src/fs/stop-deferral.ts).
    await uninterruptible(() => commitOverlay(this.path, this.format));
    return backups;
  }

  /** Every written file reads back byte for byte; every hive opens in hivex and in our engine; deletions are gone. */
  private async verify(changes: FileChange[]): Promise<void> {
    for (const change of changes) {
      const inner = `/${change.path}`;
      if (change.action === 'delete') {
        if ((await this.guest('is-file', inner)).trim() === 'true') throw this.unchanged(`${change.path} is still present after deleting it`);
        continue;
      }
      const local = path.join(this.workDir, `verify-${this.downloads++}`);
      await this.guest('download', inner, local);
      const back = await fs.readFile(local);
      if (!back.equals(change.after!)) throw this.unchanged(`${change.path} does not read back as written`);
      if (back.subarray(0, 4).toString('latin1') !== 'regf') continue;
      try {
        await this.guest('hivex-open', inner);
        await this.guest('hivex-node-children', (await this.guest('hivex-root')).trim());
        await this.guest('hivex-close');
        parseHive(back, {file: change.path, forceDirty: true});
      } catch (error) {
        throw this.unchanged(`the written hive ${change.path} does not parse: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  /** --backup: a full copy of the disk beside it (`<disk>.bak`), taken before the merge. */
  private async backUp(): Promise<string> {
    const backup = `${this.path}.bak`;
    const temp = tempSibling(backup);
    try {
      await fs.copyFile(this.path, temp, fsConstants.COPYFILE_FICLONE);
      await fs.rename(temp, backup);
      await fsyncDir(path.dirname(backup));
    } catch (error) {
      await fs.rm(temp, {force: true});
      throw error;
    }
    return backup;
  }

  private unchanged(message: string): WinprepError {
    return badInput(`${message}; the disk is unchanged`, {file: this.path, code: 'DISK_VERIFY_FAILED'});
  }

  private async localFile(data: Buffer): Promise<string> {
    const file = path.join(this.workDir, `up-${this.downloads++}`);
    await fs.writeFile(file, data);
    return file;
  }

  /** A guestfish command; its refusal becomes one line naming the disk. */
  private async guest(name: string, ...args: string[]): Promise<string> {
    try {
      return await this.live.command(name, ...args);
    } catch (error) {
      if (error instanceof GuestfishCommandError) throw badInput(`${where(this.volume)}: ${name}: ${error.message}`, {file: this.path, code: 'DISK_COMMAND_FAILED'});
      throw error;
    }
  }

  protected override async cleanup(): Promise<void> {
    await this.session?.close();
    this.session = undefined;
    // An overlay whose commit point was reached is the redo journal: the next open finishes the merge.
    if (this.overlay && !(await fs.stat(commitMarkerFor(this.path)).catch(() => undefined))) await removeOverlay(this.path);
    await fs.rm(this.workDir, {recursive: true, force: true});
    this.forgetWorkDir();
  }
}

const where = (volume: WindowsVolume): string => (volume.partition === undefined ? 'the volume' : `partition ${volume.partition}`);

/** Bytes of a device inside the appliance, through `download-offset` into the work folder. */
function deviceReader(session: GuestfishSession, workDir: string): (device: string, offset: number, length: number) => Promise<Buffer> {
  let n = 0;
  return async (device, offset, length) => {
    const local = path.join(workDir, `device-${n++}`);
    await session.command('download-offset', device, local, String(offset), String(length));
    return fs.readFile(local);
  };
}
