/**
 * The optional WIM integrity table: a 12-byte head (table size, entry count, chunk size — 10 MiB as written
 * by wimlib and DISM) followed by one SHA-1 per chunk of the bytes from the end of the header to the end of
 * the blob table (wimlib src/integrity.c; `wimlib-imagex info --check` and `verify` check it). An in-place
 * edit keeps the digests of chunks it did not touch and rehashes the rest, so its cost follows the edit,
 * not the file.
 */
import {createHash} from 'node:crypto';
import type {FileHandle} from 'node:fs/promises';

import {badInput} from '../../errors.js';
import {WIM_HEADER_SIZE} from './header.js';

const HEAD_SIZE = 12;
const DIGEST_SIZE = 20;
export const DEFAULT_INTEGRITY_CHUNK = 10 * 1024 * 1024;

export interface IntegrityTable {
  chunkSize: number;
  digests: Buffer[];
}

export function parseIntegrityTable(bytes: Buffer, file: string): IntegrityTable {
  const bad = (why: string) => badInput(`corrupt WIM integrity table: ${why}`, {file, code: 'WIM_BAD_INTEGRITY'});
  if (bytes.length < HEAD_SIZE) throw bad('shorter than its head');
  const count = bytes.readUInt32LE(4);
  const chunkSize = bytes.readUInt32LE(8);
  if (chunkSize === 0) throw bad('chunk size 0');
  if (bytes.length < HEAD_SIZE + count * DIGEST_SIZE) throw bad(`${count} digests do not fit in ${bytes.length} bytes`);
  const digests: Buffer[] = [];
  for (let i = 0; i < count; i++) digests.push(Buffer.from(bytes.subarray(HEAD_SIZE + i * DIGEST_SIZE, HEAD_SIZE + (i + 1) * DIGEST_SIZE)));
  return {chunkSize, digests};
}

export function encodeIntegrityTable(table: IntegrityTable): Buffer {
  const out = Buffer.alloc(HEAD_SIZE + table.digests.length * DIGEST_SIZE);
  out.writeUInt32LE(out.length, 0);
  out.writeUInt32LE(table.digests.length, 4);
  out.writeUInt32LE(table.chunkSize, 8);
  table.digests.forEach((digest, i) => digest.copy(out, HEAD_SIZE + i * DIGEST_SIZE));
  return out;
}

/** Inclusive-exclusive byte ranges of the file. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The table for the file as it now is, covering [header end, `coveredEnd`). `old` was right for the bytes
 * below `oldValidEnd` except inside `changed`; a chunk wholly below `oldValidEnd` that no changed range
 * touches keeps its digest, every other chunk is read and hashed.
 */
export async function updateIntegrityTable(
  handle: FileHandle,
  old: IntegrityTable,
  oldValidEnd: number,
  coveredEnd: number,
  changed: ByteRange[],
): Promise<IntegrityTable> {
  const {chunkSize} = old;
  const count = Math.ceil(Math.max(0, coveredEnd - WIM_HEADER_SIZE) / chunkSize);
  const digests: Buffer[] = [];
  const buffer = Buffer.alloc(chunkSize);
  for (let i = 0; i < count; i++) {
    const start = WIM_HEADER_SIZE + i * chunkSize;
    const end = Math.min(start + chunkSize, coveredEnd);
    const reusable = i < old.digests.length && start + chunkSize <= oldValidEnd && end - start === chunkSize && !changed.some((r) => r.start < end && r.end > start);
    if (reusable) {
      digests.push(old.digests[i]!);
      continue;
    }
    const {bytesRead} = await handle.read(buffer, 0, end - start, start);
    digests.push(createHash('sha1').update(buffer.subarray(0, bytesRead)).digest());
  }
  return {chunkSize, digests};
}
