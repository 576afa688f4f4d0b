/**
 * The WIM blob table ("lookup table"): one 50-byte entry per stored resource — its resource header, the
 * split-WIM part number, the reference count and the SHA-1 of its contents (wimlib
 * include/wimlib/blob_table.h, struct blob_descriptor_disk). The images' metadata resources are listed here
 * too, flagged METADATA, one per image in image order.
 */
import {badInput} from '../../errors.js';
import {RESOURCE_HEADER_SIZE, type ResourceHeader, ResourceFlag, readResourceHeader, resourceEnd, writeResourceHeader} from './header.js';

export const BLOB_ENTRY_SIZE = 50;

export interface BlobEntry {
  resource: ResourceHeader;
  partNumber: number;
  refCount: number;
  /** SHA-1, hex. */
  hash: string;
  /** The 50 bytes as stored (kept entries are written back unchanged). */
  raw: Buffer;
}

export function parseBlobTable(bytes: Buffer, fileSize: number, file: string): BlobEntry[] {
  if (bytes.length % BLOB_ENTRY_SIZE !== 0) throw badInput(`corrupt WIM: the blob table is ${bytes.length} bytes, not a whole number of ${BLOB_ENTRY_SIZE}-byte entries`, {file, code: 'WIM_BAD_BLOB_TABLE'});
  const entries: BlobEntry[] = [];
  for (let at = 0; at < bytes.length; at += BLOB_ENTRY_SIZE) {
    const raw = Buffer.from(bytes.subarray(at, at + BLOB_ENTRY_SIZE));
    const resource = readResourceHeader(raw, 0);
    // A blob inside a solid resource gives its place in the resource's uncompressed data, not in the file.
    const inFile = (resource.flags & ResourceFlag.solid) === 0 || resource.originalSize === SOLID_CONTAINER_SIZE;
    if (inFile && resourceEnd(resource) > fileSize) {
      throw badInput(`truncated or corrupt WIM: blob table entry ${at / BLOB_ENTRY_SIZE + 1} (offset ${resource.offset}, ${resource.size} bytes) points past the end of the file (${fileSize} bytes)`, {
        file,
        code: 'WIM_TRUNCATED',
      });
    }
    entries.push({
      resource,
      partNumber: raw.readUInt16LE(RESOURCE_HEADER_SIZE),
      refCount: raw.readUInt32LE(RESOURCE_HEADER_SIZE + 2),
      hash: raw.subarray(RESOURCE_HEADER_SIZE + 6, BLOB_ENTRY_SIZE).toString('hex'),
      raw,
    });
  }
  return entries;
}

/**
 * A blob is in use when an image still refers to it: wimlib rewrites every reference count when it updates a
 * WIM in place and leaves a replaced or deleted file's blob behind with count 0; metadata resources are
 * always in use (they are the images).
 */
export const blobInUse = (entry: BlobEntry): boolean => entry.refCount > 0 || (entry.resource.flags & ResourceFlag.metadata) !== 0;

export const isSolid = (entry: BlobEntry): boolean => (entry.resource.flags & ResourceFlag.solid) !== 0;

/** A solid resource itself (not a blob inside one) is marked by this original size (wimlib SOLID_RESOURCE_MAGIC_NUMBER). */
export const SOLID_CONTAINER_SIZE = 0x1_0000_0000;

/** Where the entry's bytes lie in the file, if its offset is a file offset (not a blob inside a solid resource). */
export const fileRange = (entry: BlobEntry): {start: number; end: number} | undefined =>
  isSolid(entry) && entry.resource.originalSize !== SOLID_CONTAINER_SIZE ? undefined : {start: entry.resource.offset, end: resourceEnd(entry.resource)};

export function encodeBlobTable(entries: BlobEntry[]): Buffer {
  return Buffer.concat(entries.map((entry) => entry.raw));
}

/** A blob-table entry is rewritten only in tests (fuzzing the parser); the editor keeps entries as stored. */
export function encodeBlobEntry(entry: Omit<BlobEntry, 'raw'>): Buffer {
  const raw = Buffer.alloc(BLOB_ENTRY_SIZE);
  writeResourceHeader(raw, 0, entry.resource);
  raw.writeUInt16LE(entry.partNumber, RESOURCE_HEADER_SIZE);
  raw.writeUInt32LE(entry.refCount, RESOURCE_HEADER_SIZE + 2);
  Buffer.from(entry.hash, 'hex').copy(raw, RESOURCE_HEADER_SIZE + 6);
  return raw;
}
