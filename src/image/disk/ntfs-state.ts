/**
 * Whether an NTFS volume may be written offline. Refused, with the reason:
 *  - hibernated / Fast Startup: Windows keeps the volume's live state in hiberfil.sys and resumes it,
 *    dropping offline changes (https://learn.microsoft.com/en-us/windows-hardware/drivers/kernel/distinguishing-fast-startup-from-wake-from-hibernation);
 *    told by ntfs-3g's probe (status 14) or hiberfil.sys starting with a resume signature (hibr/HIBR/wake/RSTR);
 *  - unclean unmount (ntfs-3g status 15: $LogFile holds unreplayed metadata);
 *  - the dirty bit (VOLUME_IS_DIRTY, what `fsutil dirty query` and FSCTL_IS_VOLUME_DIRTY report:
 *    https://learn.microsoft.com/en-us/windows/win32/api/winioctl/ni-winioctl-fsctl_is_volume_dirty); chkdsk
 *    runs at the next boot. Its place on disk, the flags of $Volume's VOLUME_INFORMATION attribute (0x70) in
 *    MFT record 3, is from the Linux-NTFS documentation (https://flatcap.github.io/linux-ntfs/ntfs/attributes/volume_information.html).
 * ntfs-3g status codes: ntfs_volume_status in ntfs-3g's include/ntfs-3g/volume.h.
 */
import type {GuestfishSession} from './guestfish-session.js';
import type {DeviceReader} from './windows-volume.js';

const PROBE_REASONS: Record<number, string> = {
  13: 'the NTFS volume is corrupt (ntfs-3g refuses it)',
  14: 'Windows is hibernated or used Fast Startup on this volume: its live state is in hiberfil.sys and offline changes would be lost',
  15: 'the NTFS volume was not cleanly unmounted (its $LogFile holds unreplayed changes)',
  16: 'the NTFS volume is locked by another process',
};

const RESUME_SIGNATURES = ['hibr', 'wake', 'rstr'];

const FIX = 'boot the reference VM and shut it down fully (`shutdown /s /t 0`, or `powercfg /h off` to disable Fast Startup), then capture again';

export interface NtfsWriteRefusal {
  reason: string;
  hint: string;
}

/** Why the volume must not be written, or undefined when it may be. The volume must be mounted read-only at /. */
export async function ntfsWriteRefusal(session: GuestfishSession, device: string, readDevice: DeviceReader): Promise<NtfsWriteRefusal | undefined> {
  const hiberfil = await readHiberfilHead(session);
  if (hiberfil !== undefined && RESUME_SIGNATURES.includes(hiberfil.toLowerCase())) return {reason: PROBE_REASONS[14]!, hint: FIX};
  if (await isDirty(device, readDevice)) {
    return {reason: 'the NTFS volume is marked dirty (chkdsk is scheduled for the next boot)', hint: 'boot the reference VM once so chkdsk runs, shut it down fully, then capture again'};
  }
  const status = Number((await session.command('ntfs-3g-probe', 'true', device)).trim());
  if (status !== 0) return {reason: PROBE_REASONS[status] ?? `ntfs-3g will not mount the volume for writing (status ${status})`, hint: FIX};
  return undefined;
}

async function readHiberfilHead(session: GuestfishSession): Promise<string | undefined> {
  try {
    const spelled = (await session.command('case-sensitive-path', '/hiberfil.sys')).trim();
    if ((await session.command('is-file', spelled)).trim() !== 'true') return undefined;
    // pread prints the bytes; the signatures are printable ASCII.
    return (await session.commandBytes('pread', spelled, '4', '0')).subarray(0, 4).toString('latin1');
  } catch {
    return undefined;
  }
}

/** VOLUME_IS_DIRTY (0x0001) in $Volume's VOLUME_INFORMATION; false when the structures cannot be found. */
export async function isDirty(device: string, readDevice: DeviceReader): Promise<boolean> {
  const boot = await readDevice(device, 0, 512);
  if (boot.subarray(3, 7).toString('latin1') !== 'NTFS') return false;
  const bytesPerSector = boot.readUInt16LE(0x0b);
  const clusterSize = bytesPerSector * boot[0x0d]!;
  const mftLcn = Number(boot.readBigUInt64LE(0x30));
  const perRecord = boot.readInt8(0x40);
  const recordSize = perRecord < 0 ? 2 ** -perRecord : perRecord * clusterSize;
  const record = await readDevice(device, mftLcn * clusterSize + 3 * recordSize, recordSize);
  if (record.subarray(0, 4).toString('latin1') !== 'FILE') return false;
  applyFixups(record, 512);
  let at = record.readUInt16LE(0x14);
  while (at + 8 <= record.length) {
    const type = record.readUInt32LE(at);
    const length = record.readUInt32LE(at + 4);
    if (type === 0xffffffff || length === 0) break;
    if (type === 0x70 && record[at + 8] === 0) {
      const content = at + record.readUInt16LE(at + 0x14);
      return (record.readUInt16LE(content + 0x0a) & 0x0001) !== 0;
    }
    at += length;
  }
  return false;
}

/** The update sequence array: the last two bytes of every 512-byte stride are kept in the record header (the stride is 512 whatever the sector size). */
function applyFixups(record: Buffer, stride: number): void {
  const offset = record.readUInt16LE(0x04);
  const count = record.readUInt16LE(0x06);
  for (let i = 1; i < count && i * stride <= record.length; i++) {
    record.writeUInt16LE(record.readUInt16LE(offset + 2 * i), i * stride - 2);
  }
}
