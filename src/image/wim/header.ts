/**
 * The WIM file header: the fixed 208-byte block at offset 0 that points at the blob table, the XML data, the
 * boot image's metadata and the integrity table (docs/reference/wim.md#layout; layout as wimlib documents it in
 * include/wimlib/header.h; docs/reference/wim.md#layout). Only what an in-place edit needs is
 * decoded; everything else is carried over byte for byte when the header is rewritten.
 */
import {badInput} from '../../errors.js';

export const WIM_HEADER_SIZE = 208;
export const WIM_MAGIC = Buffer.from('MSWIM\0\0\0', 'latin1');
export const PIPABLE_WIM_MAGIC = Buffer.from('WLPWM\0\0\0', 'latin1');
/** The version solid-resource (ESD / --solid) WIMs carry; ordinary WIMs are 0x10d00. */
export const SOLID_WIM_VERSION = 0xe00;

/** Header flags wimlib and WIMGAPI use (wimlib include/wimlib/header.h). */
export const HeaderFlag = {
  spanned: 0x8,
  /** Set while a writer appends in place; a crash leaves it set and the old header still valid. */
  writeInProgress: 0x40,
} as const;

/** Resource flags in a resource header (wimlib include/wimlib/resource.h). */
export const ResourceFlag = {
  free: 0x01,
  metadata: 0x02,
  compressed: 0x04,
  spanned: 0x08,
  solid: 0x10,
} as const;

/** Where a resource lies in the file: 7-byte stored size, 1 flag byte, 8-byte offset, 8-byte original size. */
export interface ResourceHeader {
  /** Bytes it occupies in the file (compressed size, chunk table included). */
  size: number;
  flags: number;
  offset: number;
  originalSize: number;
}

export const RESOURCE_HEADER_SIZE = 24;

const OFFSETS = {
  version: 12,
  flags: 16,
  partNumber: 40,
  totalParts: 42,
  imageCount: 44,
  blobTable: 48,
  xml: 72,
  bootMetadata: 96,
  integrity: 124,
} as const;

export interface WimHeader {
  /** The 208 bytes as read; writeHeader() changes only the fields it is given. */
  raw: Buffer;
  pipable: boolean;
  version: number;
  flags: number;
  partNumber: number;
  totalParts: number;
  imageCount: number;
  blobTable: ResourceHeader;
  xml: ResourceHeader;
  bootMetadata: ResourceHeader;
  integrity: ResourceHeader;
}

export function readResourceHeader(buf: Buffer, at: number): ResourceHeader {
  const low = buf.readUInt32LE(at);
  const high = buf.readUInt16LE(at + 4) + buf.readUInt8(at + 6) * 0x10000;
  return {
    size: high * 0x1_0000_0000 + low,
    flags: buf.readUInt8(at + 7),
    offset: Number(buf.readBigUInt64LE(at + 8)),
    originalSize: Number(buf.readBigUInt64LE(at + 16)),
  };
}

export function writeResourceHeader(buf: Buffer, at: number, header: ResourceHeader): void {
  buf.writeUInt32LE(header.size % 0x1_0000_0000, at);
  const high = Math.floor(header.size / 0x1_0000_0000);
  buf.writeUInt16LE(high & 0xffff, at + 4);
  buf.writeUInt8((high >>> 16) & 0xff, at + 6);
  buf.writeUInt8(header.flags, at + 7);
  buf.writeBigUInt64LE(BigInt(header.offset), at + 8);
  buf.writeBigUInt64LE(BigInt(header.originalSize), at + 16);
}

/** Decode and sanity-check a header against the file's size: a fault is one line, exit 3, naming the file. */
export function parseHeader(raw: Buffer, fileSize: number, file: string): WimHeader {
  if (raw.length < WIM_HEADER_SIZE || fileSize < WIM_HEADER_SIZE) throw badInput(`truncated WIM: the file is shorter than its ${WIM_HEADER_SIZE}-byte header`, {file, code: 'WIM_TRUNCATED'});
  const magic = raw.subarray(0, 8);
  const pipable = magic.equals(PIPABLE_WIM_MAGIC);
  if (!pipable && !magic.equals(WIM_MAGIC)) throw badInput('not a WIM file: bad header magic', {file, code: 'WIM_BAD_HEADER'});
  const header: WimHeader = {
    raw: Buffer.from(raw.subarray(0, WIM_HEADER_SIZE)),
    pipable,
    version: raw.readUInt32LE(OFFSETS.version),
    flags: raw.readUInt32LE(OFFSETS.flags),
    partNumber: raw.readUInt16LE(OFFSETS.partNumber),
    totalParts: raw.readUInt16LE(OFFSETS.totalParts),
    imageCount: raw.readUInt32LE(OFFSETS.imageCount),
    blobTable: readResourceHeader(raw, OFFSETS.blobTable),
    xml: readResourceHeader(raw, OFFSETS.xml),
    bootMetadata: readResourceHeader(raw, OFFSETS.bootMetadata),
    integrity: readResourceHeader(raw, OFFSETS.integrity),
  };
  const within = (name: string, res: ResourceHeader) => {
    if (res.size === 0) return;
    if (res.offset < WIM_HEADER_SIZE || res.offset + res.size > fileSize) {
      throw badInput(`truncated or corrupt WIM: the ${name} (offset ${res.offset}, ${res.size} bytes) points past the end of the file (${fileSize} bytes)`, {file, code: 'WIM_TRUNCATED'});
    }
  };
  within('blob table', header.blobTable);
  within('XML data', header.xml);
  within('integrity table', header.integrity);
  return header;
}

/** A copy of `header.raw` with new blob table, XML and integrity locations and the write-in-progress flag cleared. */
export function encodeHeader(header: WimHeader, parts: {blobTable: ResourceHeader; xml: ResourceHeader; integrity: ResourceHeader}): Buffer {
  const out = Buffer.from(header.raw);
  out.writeUInt32LE((header.flags & ~HeaderFlag.writeInProgress) >>> 0, OFFSETS.flags);
  writeResourceHeader(out, OFFSETS.blobTable, parts.blobTable);
  writeResourceHeader(out, OFFSETS.xml, parts.xml);
  writeResourceHeader(out, OFFSETS.integrity, parts.integrity);
  return out;
}

export const resourceEnd = (res: ResourceHeader): number => res.offset + res.size;
