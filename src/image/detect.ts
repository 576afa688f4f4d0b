/** Which kind of image a path is: a directory is a folder image; a file is told by its magic bytes. */
import {promises as fs} from 'node:fs';

import {badInput, errnoCode} from '../errors.js';
import {type DiskFormat, detectDiskFormat, diskFormatFromHead} from './disk/disk-format.js';
import type {ImageKind} from './types.js';

export type ArchiveCompression = 'none' | 'gzip';

export interface DetectedImage {
  kind: ImageKind;
  compression: ArchiveCompression;
  /** For a disk image: qemu's format name. */
  diskFormat?: DiskFormat;
}

/** WIM header magic (docs/reference/wim.md#layout); wimlib's pipable variant is `WLPWM\0\0\0`. */
const WIM_MAGIC = Buffer.from('MSWIM\0\0\0', 'latin1');
const PIPABLE_WIM_MAGIC = Buffer.from('WLPWM\0\0\0', 'latin1');

export async function detectImageKind(imagePath: string): Promise<DetectedImage> {
  let stat;
  try {
    stat = await fs.stat(imagePath);
  } catch (error) {
    const code = errnoCode(error);
    throw badInput(code === 'ENOENT' ? 'no such file or folder' : `cannot read: ${code}`, {file: imagePath});
  }
  if (stat.isDirectory()) return {kind: 'folder', compression: 'none'};
  if (!stat.isFile()) throw badInput('not an image (neither a folder nor a regular file)', {file: imagePath});
  const head = await readHead(imagePath, 512);
  // Disk magic first: a fixed VHD and a raw disk look alike at the start (the VHD footer is at the end).
  const diskFormat = diskFormatFromHead(head) ? await detectDiskFormat(imagePath, head) : undefined;
  if (diskFormat) return {kind: 'disk', compression: 'none', diskFormat};
  return classifyHead(head, imagePath);
}

/** Classify the first bytes of a file (exported for tests). */
export function classifyHead(head: Buffer, file: string): DetectedImage {
  if (head.subarray(0, 8).equals(WIM_MAGIC) || head.subarray(0, 8).equals(PIPABLE_WIM_MAGIC)) {
    return {kind: 'wim', compression: 'none'};
  }
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return {kind: 'tar', compression: 'gzip'};
  if (looksLikeTarHeader(head)) return {kind: 'tar', compression: 'none'};
  throw badInput('not an image: expected a folder, a tar or tar.gz archive, a WIM file or a virtual disk (raw, VHD, VHDX, VMDK, qcow2)', {file, code: 'NOT_AN_IMAGE'});
}

/** A tar header block: `ustar` magic at 257, or (v7 tar) a valid header checksum. */
function looksLikeTarHeader(head: Buffer): boolean {
  if (head.length < 512) return false;
  if (head.subarray(257, 262).toString('latin1') === 'ustar') return true;
  const stored = parseInt(head.subarray(148, 156).toString('latin1').replace(/\0.*$/s, '').trim(), 8);
  if (!Number.isFinite(stored)) return false;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : head[i]!;
  return sum === stored && head[0] !== 0;
}

async function readHead(file: string, length: number): Promise<Buffer> {
  const handle = await fs.open(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const {bytesRead} = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
