/**
 * A WIM's layout as its header and blob table describe it: which byte ranges something uses (header, blobs
 * in use, blob table, XML, integrity table) and which are holes nothing refers to — what wimlib's in-place
 * update leaves behind (replaced and deleted files' data, old metadata, old blob tables and XML). Also
 * whether the WIM can be edited in place at all: solid (ESD / --solid), split and pipable WIMs cannot.
 */
import {promises as fs} from 'node:fs';
import type {FileHandle} from 'node:fs/promises';

import {type BlobEntry, blobInUse, fileRange, isSolid, parseBlobTable} from './blob-table.js';
import {HeaderFlag, type ResourceHeader, SOLID_WIM_VERSION, WIM_HEADER_SIZE, type WimHeader, parseHeader, resourceEnd} from './header.js';
import type {ByteRange} from './integrity.js';

export interface WimLayout {
  fileSize: number;
  header: WimHeader;
  entries: BlobEntry[];
  /** Why the WIM must be rebuilt rather than edited in place; undefined when in place works. */
  rebuildReason?: string;
  /** Ranges nothing refers to, sorted, anywhere in the file. */
  holes: ByteRange[];
  /** Total bytes of `holes`: what a rebuild would give back. */
  reclaimable: number;
}

export async function readRange(handle: FileHandle, res: {offset: number; size: number}): Promise<Buffer> {
  const buf = Buffer.alloc(res.size);
  if (res.size > 0) await handle.read(buf, 0, res.size, res.offset);
  return buf;
}

/** Read and check the header and blob table (bad input: one line, exit 3). Reads only metadata, never the blobs. */
export async function readWimLayout(wim: string, handle?: FileHandle): Promise<WimLayout> {
  const own = handle ?? (await fs.open(wim, 'r'));
  try {
    const fileSize = (await own.stat()).size;
    const head = await readRange(own, {offset: 0, size: Math.min(WIM_HEADER_SIZE, fileSize)});
    const header = parseHeader(head, fileSize, wim);
    const entries = parseBlobTable(await readRange(own, header.blobTable), fileSize, wim);
    const holes = complement(usedRanges(header, entries), fileSize);
    return {fileSize, header, entries, rebuildReason: rebuildReason(header, entries), holes, reclaimable: total(holes)};
  } finally {
    if (!handle) await own.close();
  }
}

function rebuildReason(header: WimHeader, entries: BlobEntry[]): string | undefined {
  if (header.pipable) return 'it is a pipable WIM (its resources carry inline headers)';
  if (header.totalParts > 1 || (header.flags & HeaderFlag.spanned) !== 0) return 'it is one part of a split WIM';
  if (header.version === SOLID_WIM_VERSION || entries.some(isSolid)) return 'it holds solid resources (ESD or --solid)';
  return undefined;
}

/** The header, every blob in use, and the blob table, XML and integrity table the header points at. */
export function usedRanges(header: WimHeader, entries: BlobEntry[]): ByteRange[] {
  const ranges: ByteRange[] = [{start: 0, end: WIM_HEADER_SIZE}];
  const add = (res: ResourceHeader) => {
    if (res.size > 0) ranges.push({start: res.offset, end: resourceEnd(res)});
  };
  for (const entry of entries) {
    const range = fileRange(entry);
    // Solid resources are kept whole (their reference counts belong to the blobs inside).
    if (range && (blobInUse(entry) || isSolid(entry))) ranges.push(range);
  }
  add(header.blobTable);
  add(header.xml);
  add(header.integrity);
  return ranges;
}

/** The parts of [0, size) no range covers, sorted. */
export function complement(ranges: ByteRange[], size: number): ByteRange[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const holes: ByteRange[] = [];
  let at = 0;
  for (const range of sorted) {
    if (range.start > at) holes.push({start: at, end: Math.min(range.start, size)});
    at = Math.max(at, range.end);
    if (at >= size) break;
  }
  if (at < size) holes.push({start: at, end: size});
  return holes.filter((h) => h.end > h.start);
}

export const total = (ranges: ByteRange[]): number => ranges.reduce((sum, r) => sum + (r.end - r.start), 0);
