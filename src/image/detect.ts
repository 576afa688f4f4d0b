/** Which kind of image a path is: a directory is a folder image; a file is told by its magic bytes. */
import {promises as fs} from 'node:fs';
import path from 'node:path';

import {badInput, errnoCode} from '../errors.js';
import {type DiskFormat, detectDiskFormat, diskFormatFromHead} from './disk/disk-format.js';
import type {ImageKind} from './types.js';

/** How a tar image is compressed: gzip through zlib, xz/zstd/bzip2 through the system's own tools. */
export type ArchiveCompression = 'none' | 'gzip' | 'xz' | 'zstd' | 'bzip2';

export interface DetectedImage {
  kind: ImageKind;
  compression: ArchiveCompression;
  /** For a disk image: qemu's format name. */
  diskFormat?: DiskFormat;
}

/** WIM header magic (docs/reference/wim.md#layout); wimlib's pipable variant is `WLPWM\0\0\0`. */
const WIM_MAGIC = Buffer.from('MSWIM\0\0\0', 'latin1');
const PIPABLE_WIM_MAGIC = Buffer.from('WLPWM\0\0\0', 'latin1');
/** Stream magics: xz (tukaani.org xz-file-format §2.1.1.1), zstd frame (RFC 8878 §3.1.1), bzip2 `BZh` + level. */
const XZ_MAGIC = Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]);
const ZSTD_MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);

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
    refuseSplitWim(head, file);
    return {kind: 'wim', compression: 'none'};
  }
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return {kind: 'tar', compression: 'gzip'};
  if (head.subarray(0, 6).equals(XZ_MAGIC)) return {kind: 'tar', compression: 'xz'};
  if (head.subarray(0, 4).equals(ZSTD_MAGIC)) return {kind: 'tar', compression: 'zstd'};
  if (head.subarray(0, 3).toString('latin1') === 'BZh' && head[3]! >= 0x31 && head[3]! <= 0x39) return {kind: 'tar', compression: 'bzip2'};
  if (looksLikeTarHeader(head)) return {kind: 'tar', compression: 'none'};
  throw badInput('not an image: expected a folder, a tar archive (.tar, .tar.gz, .tar.xz, .tar.zst, .tar.bz2), a WIM file or a virtual disk (raw, VHD, VHDX, VMDK, qcow2)', {file, code: 'NOT_AN_IMAGE'});
}

/**
 * A split WIM (.swm, one part of a spanned set: header part count above 1 at 0x2A, docs/reference/wim.md#layout)
 * cannot be updated in place; refuse it before any work, with how to join the parts into one WIM.
 */
function refuseSplitWim(head: Buffer, file: string): void {
  if (head.length < 44) return;
  const part = head.readUInt16LE(0x28);
  const parts = head.readUInt16LE(0x2a);
  if (parts <= 1) return;
  const dir = path.dirname(file);
  const stem = path.basename(file).replace(/\d*\.swm$/i, '');
  throw badInput(`part ${part} of a split WIM of ${parts} parts: winprep reads and changes whole WIM files only`, {
    file,
    code: 'WIM_SPLIT',
    hint: `join the parts into one WIM first: wimlib-imagex join ${path.join(dir, `${stem}.wim`)} ${path.join(dir, `${stem}*.swm`)} (on Windows: dism /Export-Image with /SWMFile), then give winprep the joined WIM`,
  });
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
