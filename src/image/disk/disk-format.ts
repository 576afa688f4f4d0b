/**
 * Which virtual-disk format a file is, from its magic bytes (qemu's own probes look at the same places):
 * qcow2 `QFI\xfb` (qcow2 spec, docs/interop/qcow2.txt in qemu), VHDX `vhdxfile` (MS-VHDX §2.2.1,
 * https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-vhdx/), VMDK `KDMV` or a text
 * descriptor, VHD `conectix` at the start (dynamic) or in the last 512 bytes (fixed; "Virtual Hard Disk Image
 * Format Specification", https://learn.microsoft.com/en-us/windows/win32/vstor/about-vhd), and a raw disk by
 * its MBR/protective-MBR signature 0x55AA at byte 510.
 */
import {promises as fs} from 'node:fs';

/** qemu's names for the formats (`qemu-img -f`); `vpc` is VHD. */
export type DiskFormat = 'raw' | 'vpc' | 'vhdx' | 'vmdk' | 'qcow2';

export const DISK_FORMATS: readonly DiskFormat[] = ['raw', 'vpc', 'vhdx', 'vmdk', 'qcow2'];

const startsWith = (head: Buffer, magic: string, at = 0): boolean =>
  head.length >= at + magic.length && head.subarray(at, at + magic.length).toString('latin1') === magic;

/** The format told by the first bytes alone; `raw` only for an MBR signature (a fixed VHD looks the same). */
export function diskFormatFromHead(head: Buffer): DiskFormat | undefined {
  if (startsWith(head, 'QFI\xfb')) return 'qcow2';
  if (startsWith(head, 'vhdxfile')) return 'vhdx';
  if (startsWith(head, 'KDMV') || startsWith(head, '# Disk DescriptorFile')) return 'vmdk';
  if (startsWith(head, 'conectix')) return 'vpc';
  // A WIM or gzip header could hold 0x55AA at 510 by chance: their own magic wins.
  if (startsWith(head, 'MSWIM') || startsWith(head, 'WLPWM') || (head[0] === 0x1f && head[1] === 0x8b)) return undefined;
  if (head.length >= 512 && head[510] === 0x55 && head[511] === 0xaa) return 'raw';
  return undefined;
}

/** The disk format of a file, reading its last sector when the head says raw (a fixed VHD ends in its footer). */
export async function detectDiskFormat(file: string, head: Buffer): Promise<DiskFormat | undefined> {
  const fromHead = diskFormatFromHead(head);
  if (fromHead !== 'raw') return fromHead;
  const handle = await fs.open(file, 'r');
  try {
    const {size} = await handle.stat();
    if (size < 1024) return 'raw';
    const tail = Buffer.alloc(512);
    await handle.read(tail, 0, 512, size - 512);
    return startsWith(tail, 'conectix') ? 'vpc' : 'raw';
  } finally {
    await handle.close();
  }
}
