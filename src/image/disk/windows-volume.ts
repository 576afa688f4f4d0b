/**
 * Finding the Windows volume on a disk of any layout (GPT or MBR, EFI/MSR/recovery partitions beside it,
 * or a bare filesystem without a partition table). libguestfs' inspect-os is not relied on: a volume is
 * Windows when it holds Windows/System32/config/SYSTEM (the hive every winprep command reads). More than
 * one → --partition picks. BitLocker volumes are refused: their data is encrypted and the boot sector's OEM
 * ID is `-FVE-FS-` (BitLocker volume header, libyal libbde "BitLocker Drive Encryption (BDE) format",
 * https://github.com/libyal/libbde/blob/main/documentation/BitLocker%20Drive%20Encryption%20(BDE)%20format.asciidoc).
 */
import {badInput, usageError} from '../../errors.js';
import {IMAGE_PATHS} from '../types.js';
import type {GuestfishSession} from './guestfish-session.js';

export interface DiskFilesystem {
  device: string;
  /** libguestfs' vfs type (ntfs, vfat, BitLocker, unknown, …). */
  type: string;
  /** Partition number (sda3 → 3); undefined for a filesystem on the whole disk. */
  partition?: number;
}

export interface WindowsVolume extends DiskFilesystem {
  /** Every Windows volume found, for messages. */
  all: DiskFilesystem[];
}

/** Reads `length` bytes at `offset` of a device inside the appliance. */
export type DeviceReader = (device: string, offset: number, length: number) => Promise<Buffer>;

/** guestfish paths are absolute inside the mounted volume. */
const SYSTEM_HIVE = `/${IMAGE_PATHS.systemHive}`;
const BITLOCKER_OEM_ID = '-FVE-FS-';

/**
 * Every partition, and every whole device without partitions, with its filesystem type (`vfs-type`, blkid's
 * TYPE; `unknown` when blkid finds none). Not `list-filesystems`: it also scans for LVM, md and LDM volumes,
 * which Windows reference disks do not use, and that scan is most of its cost (5–10 s under TCG, against
 * about 1 s for these few calls; measured by `npm run bench -- disk`).
 */
export async function listFilesystems(session: GuestfishSession): Promise<DiskFilesystem[]> {
  const lines = (text: string): string[] => text.split('\n').map((line) => line.trim()).filter((line) => line.startsWith('/dev/'));
  const partitions = lines(await session.command('list-partitions'));
  const devices = lines(await session.command('list-devices')).filter((device) => !partitions.some((p) => new RegExp(`^${device}p?\\d+$`).test(p)));
  const result: DiskFilesystem[] = [];
  for (const device of [...devices, ...partitions]) {
    const type = (await session.command('vfs-type', device).catch(() => '')).trim() || 'unknown';
    const number = /(\d+)$/.exec(device.replace(/^\/dev\/[a-z]+/, ''))?.[1];
    result.push({device, type, ...(number ? {partition: Number(number)} : {})});
  }
  return result;
}

async function isBitLocker(fs: DiskFilesystem, readDevice: DeviceReader): Promise<boolean> {
  if (/bitlocker/i.test(fs.type)) return true;
  if (fs.type !== 'unknown') return false;
  const head = await readDevice(fs.device, 0, 16).catch(() => Buffer.alloc(0));
  return head.subarray(3, 11).toString('latin1') === BITLOCKER_OEM_ID;
}

async function holdsWindows(session: GuestfishSession, fs: DiskFilesystem): Promise<boolean> {
  try {
    await session.command('mount-ro', fs.device, '/');
  } catch {
    return false;
  }
  try {
    const spelled = (await session.command('case-sensitive-path', SYSTEM_HIVE)).trim();
    return (await session.command('is-file', spelled)).trim() === 'true';
  } catch {
    return false;
  } finally {
    await session.command('umount-all');
  }
}

const describe = (fs: DiskFilesystem): string => `${fs.partition === undefined ? 'whole disk' : `partition ${fs.partition}`} (${fs.type})`;

/** The Windows volume to open: the only one, or the one --partition names. */
export async function findWindowsVolume(session: GuestfishSession, disk: string, readDevice: DeviceReader, partition?: number): Promise<WindowsVolume> {
  const filesystems = await listFilesystems(session);
  const windows: DiskFilesystem[] = [];
  const bitlocker: DiskFilesystem[] = [];
  for (const fs of filesystems) {
    if (partition !== undefined && fs.partition !== partition) continue;
    if (await isBitLocker(fs, readDevice)) bitlocker.push(fs);
    else if (fs.type === 'ntfs' && (await holdsWindows(session, fs))) windows.push(fs);
  }
  if (windows.length === 1) return {...windows[0]!, all: windows};
  if (windows.length > 1) {
    throw usageError(`${disk} holds ${windows.length} Windows volumes (${windows.map(describe).join(', ')}); choose one with --partition`, {
      hint: `e.g. --partition ${windows[0]!.partition}`,
    });
  }
  if (bitlocker.length > 0) {
    throw badInput(`${describe(bitlocker[0]!)} is encrypted with BitLocker; winprep cannot read or change it`, {
      file: disk,
      code: 'DISK_BITLOCKER',
      hint: 'decrypt the volume in the reference VM (manage-bde -off C:) and capture again',
    });
  }
  if (partition !== undefined) {
    const found = filesystems.find((fs) => fs.partition === partition);
    throw badInput(found ? `partition ${partition} (${found.type}) holds no Windows installation` : `the disk has no partition ${partition}`, {file: disk, code: 'DISK_NO_WINDOWS'});
  }
  const seen = filesystems.length === 0 ? 'no filesystem at all' : filesystems.map(describe).join(', ');
  throw badInput(`no Windows volume on the disk (found ${seen})`, {
    file: disk,
    code: 'DISK_NO_WINDOWS',
    hint: 'a Windows volume is an NTFS filesystem holding Windows/System32/config/SYSTEM',
  });
}
