/**
 * The 4096-byte base block (docs/reference/hive-format.md#base-block): parsing with Windows' acceptance checks, the checksum with its
 * 0/~0 special cases, and stamping a clean header on save (docs/reference/hive-format.md#writer-invariants).
 */
import {badInput} from '../errors.js';
import {writeFiletime} from './filetime.js';

export const BASE_BLOCK_SIZE = 4096;
export const HBIN_SIZE_UNIT = 4096;

/** Field offsets, docs/reference/hive-format.md#base-block. */
export const HDR = {
  signature: 0,
  seq1: 4,
  seq2: 8,
  timestamp: 12,
  major: 20,
  minor: 24,
  fileType: 28,
  format: 32,
  rootCell: 36,
  binsSize: 40,
  cluster: 44,
  fileName: 48,
  checksum: 508,
} as const;

export interface BaseBlock {
  seq1: number;
  seq2: number;
  major: number;
  minor: number;
  fileType: number;
  rootCell: number;
  binsSize: number;
  storedChecksum: number;
  checksum: number;
}

/** XOR of the first 127 dwords, with 0xFFFFFFFF → 0xFFFFFFFE and 0 → 1 (docs/reference/hive-format.md#base-block). */
export function computeChecksum(buf: Buffer): number {
  let x = 0;
  for (let i = 0; i < 508; i += 4) x ^= buf.readUInt32LE(i);
  x >>>= 0;
  if (x === 0xffffffff) return 0xfffffffe;
  if (x === 0) return 1;
  return x;
}

const fault = (file: string | undefined, message: string, code = 'HIVE_CORRUPT') =>
  badInput(`not a valid registry hive: ${message}`, {file, code, hint: 'check that the file is a complete, uncorrupted registry hive'});

/** Parse and check a base block; throws badInput naming the file and the fault. */
export function parseBaseBlock(buf: Buffer, file?: string): BaseBlock {
  if (buf.length < BASE_BLOCK_SIZE) throw fault(file, `file is ${buf.length} bytes, shorter than the 4096-byte base block`, 'HIVE_TRUNCATED');
  if (buf.toString('latin1', 0, 4) !== 'regf') throw fault(file, 'no "regf" signature at offset 0');
  const block: BaseBlock = {
    seq1: buf.readUInt32LE(HDR.seq1),
    seq2: buf.readUInt32LE(HDR.seq2),
    major: buf.readUInt32LE(HDR.major),
    minor: buf.readUInt32LE(HDR.minor),
    fileType: buf.readUInt32LE(HDR.fileType),
    rootCell: buf.readUInt32LE(HDR.rootCell),
    binsSize: buf.readUInt32LE(HDR.binsSize),
    storedChecksum: buf.readUInt32LE(HDR.checksum),
    checksum: computeChecksum(buf),
  };
  if (block.major !== 1) throw fault(file, `unsupported major version ${block.major} (must be 1)`);
  // Minor 1 and 2 (NT 3.x) use another cell layout; Windows itself rejects minor < 3 (docs/reference/hive-format.md#base-block).
  if (block.minor < 3 || block.minor > 6) throw fault(file, `unsupported format version 1.${block.minor} (1.3 to 1.6 are supported)`);
  if (block.fileType !== 0) throw fault(file, `file type ${block.fileType} is a transaction log, not a primary hive`);
  if (buf.readUInt32LE(HDR.format) !== 1) throw fault(file, `file format ${buf.readUInt32LE(HDR.format)} (must be 1)`);
  if (block.binsSize === 0 || block.binsSize % HBIN_SIZE_UNIT !== 0) throw fault(file, `hive bins size 0x${block.binsSize.toString(16)} is not a positive multiple of 4096`);
  if (BASE_BLOCK_SIZE + block.binsSize > buf.length) {
    throw fault(file, `truncated: the header declares ${block.binsSize} bytes of hive bins but the file holds only ${buf.length - BASE_BLOCK_SIZE}`, 'HIVE_TRUNCATED');
  }
  if (block.rootCell >= block.binsSize) throw fault(file, `root cell 0x${block.rootCell.toString(16)} lies outside the hive bins`);
  return block;
}

/** Stamp a clean header: equal sequence numbers, bins size, timestamp (also bin 0's copy), checksum. */
export function stampCleanHeader(buf: Buffer, seq: number, binsSize: number, now: Date): void {
  buf.writeUInt32LE(seq >>> 0, HDR.seq1);
  buf.writeUInt32LE(seq >>> 0, HDR.seq2);
  writeFiletime(buf, HDR.timestamp, now);
  buf.writeUInt32LE(binsSize, HDR.binsSize);
  // The first bin's timestamp is the backup copy of the header's (docs/reference/hive-format.md#hive-bin, docs/reference/hive-format.md#writer-invariants).
  writeFiletime(buf, BASE_BLOCK_SIZE + 20, now);
  buf.writeUInt32LE(computeChecksum(buf), HDR.checksum);
}
