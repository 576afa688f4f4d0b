/**
 * Finishing an in-place WIM edit so that nothing stale is left: every byte nothing refers to becomes zero,
 * the blob table loses the entries no image uses any more (wimlib keeps them with reference count 0), and
 * an integrity table, if the WIM has one, is brought up to date.
 *
 * Each step keeps the file a valid WIM (a kill -9 anywhere leaves one that opens, with the same contents):
 *   1. zero the holes below the resources' end — no header points into them;
 *   2. write the trimmed blob table, the XML and the integrity table past the end of the file, fsync, and
 *      rewrite the 208-byte header to point at them (one write: the old tail or the new one is current);
 *   3. write the same tail again where the resources end, fsync, rewrite the header, truncate after it.
 * The work depends only on what the current header says, so running it again (after a crash, see
 * wim-journal.ts) finishes it; on a WIM that is already clean it changes nothing.
 */
import {promises as fs} from 'node:fs';
import type {FileHandle} from 'node:fs/promises';

import {blobInUse, encodeBlobTable} from './blob-table.js';
import {type ResourceHeader, WIM_HEADER_SIZE, type WimHeader, encodeHeader, resourceEnd} from './header.js';
import {type ByteRange, type IntegrityTable, encodeIntegrityTable, parseIntegrityTable, updateIntegrityTable} from './integrity.js';
import {type WimLayout, complement, readRange, readWimLayout, total} from './layout.js';

const BLOCK = 1024 * 1024;

export interface WipeResult {
  /** Bytes that held something and were zeroed now. */
  zeroed: number;
  /** Blob-table entries dropped (reference count 0). */
  droppedBlobs: number;
  /** Zeroed holes left in the file after the wipe (reclaimable by a rebuild). */
  holes: number;
  fileSize: number;
}

/** Where a run may stop early: tests stop it there to get the state a crash after that step leaves. */
export type WipeStep = 'zero' | 'first-tail' | 'second-tail';

/** Steps 1–3 above on `wim`; a WIM that must be rebuilt instead (solid, split, pipable) is left alone. */
export async function wipeWim(wim: string, options: {stopAfter?: WipeStep} = {}): Promise<WipeResult> {
  const handle = await fs.open(wim, 'r+');
  try {
    const layout = await readWimLayout(wim, handle);
    if (layout.rebuildReason) return {zeroed: 0, droppedBlobs: 0, holes: layout.reclaimable, fileSize: layout.fileSize};
    const keep = layout.entries.filter(blobInUse);
    // A reduce, not Math.max(...): an install.wim's blob table has more entries than a call takes arguments.
    const resourcesEnd = keep.reduce((end, entry) => Math.max(end, resourceEnd(entry.resource)), WIM_HEADER_SIZE);
    const holes = complement(
      keep.map((entry) => ({start: entry.resource.offset, end: resourceEnd(entry.resource)})).concat({start: 0, end: WIM_HEADER_SIZE}),
      resourcesEnd,
    );
    const zeroed = await zeroRanges(handle, holes);
    const stopped = (): WipeResult => ({zeroed, droppedBlobs: 0, holes: total(holes), fileSize: layout.fileSize});
    if (options.stopAfter === 'zero') return stopped();
    const tail = await readTail(handle, layout, wim);
    const blobTable = encodeBlobTable(keep);
    // With an integrity table, holes (zeroed now or by an interrupted run) mean digests to redo.
    const clean = isCompact(layout, resourcesEnd, blobTable.length, tail) && (!tail.integrity || holes.length === 0);
    if (!clean) {
      const changed: ByteRange[] = [...holes, {start: resourcesEnd, end: Number.MAX_SAFE_INTEGER}];
      await placeTail(handle, layout.header, layout.fileSize, blobTable, tail, changed);
      if (options.stopAfter === 'first-tail') return stopped();
      // Moving the tail back must not overwrite the copy the header now points at (only an unusual layout,
      // with the old tail not after the resources, leaves too little room); then it stays at the end.
      if (resourcesEnd + tailLength(tail, blobTable.length, resourcesEnd) > layout.fileSize) {
        await handle.sync();
        return {zeroed, droppedBlobs: layout.entries.length - keep.length, holes: total(holes), fileSize: (await handle.stat()).size};
      }
      const end = await placeTail(handle, layout.header, resourcesEnd, blobTable, tail, changed);
      if (options.stopAfter === 'second-tail') return stopped();
      await handle.truncate(end);
      await handle.sync();
    } else if (zeroed > 0) {
      await handle.sync();
    }
    return {zeroed, droppedBlobs: layout.entries.length - keep.length, holes: total(holes), fileSize: (await handle.stat()).size};
  } finally {
    await handle.close();
  }
}

interface Tail {
  xml: Buffer;
  xmlHeader: ResourceHeader;
  integrity?: {table: IntegrityTable; flags: number; validEnd: number};
}

async function readTail(handle: FileHandle, layout: WimLayout, wim: string): Promise<Tail> {
  const {header} = layout;
  const xml = await readRange(handle, header.xml);
  if (header.integrity.size === 0) return {xml, xmlHeader: header.xml};
  const table = parseIntegrityTable(await readRange(handle, header.integrity), wim);
  // The table was right for [header end, blob table end) when its writer finished.
  return {xml, xmlHeader: header.xml, integrity: {table, flags: header.integrity.flags, validEnd: resourceEnd(header.blobTable)}};
}

/** Bytes of blob table, XML and integrity table when placed at `at`. */
function tailLength(tail: Tail, blobTableSize: number, at: number): number {
  const digests = tail.integrity ? Math.ceil((at + blobTableSize - WIM_HEADER_SIZE) / tail.integrity.table.chunkSize) : 0;
  return blobTableSize + tail.xml.length + (tail.integrity ? 12 + 20 * digests : 0);
}

/** Already trimmed, laid out blob table → XML → integrity table right after the resources, nothing after it. */
function isCompact(layout: WimLayout, resourcesEnd: number, blobTableSize: number, tail: Tail): boolean {
  const {header} = layout;
  if (layout.entries.length * 50 !== blobTableSize) return false;
  if (header.blobTable.offset !== resourcesEnd || header.xml.offset !== resourceEnd(header.blobTable)) return false;
  const end = tail.integrity ? resourceEnd(header.integrity) : resourceEnd(header.xml);
  if (tail.integrity && header.integrity.offset !== resourceEnd(header.xml)) return false;
  return end === layout.fileSize && encodeHeader(header, header).equals(header.raw);
}

/** Write blob table, XML and integrity table at `at`, fsync, then point the header at them. Returns their end. */
async function placeTail(handle: FileHandle, header: WimHeader, at: number, blobTable: Buffer, tail: Tail, changed: ByteRange[]): Promise<number> {
  await handle.write(blobTable, 0, blobTable.length, at);
  const xmlAt = at + blobTable.length;
  await handle.write(tail.xml, 0, tail.xml.length, xmlAt);
  let end = xmlAt + tail.xml.length;
  let integrity: ResourceHeader = {size: 0, flags: 0, offset: 0, originalSize: 0};
  if (tail.integrity) {
    const table = await updateIntegrityTable(handle, tail.integrity.table, tail.integrity.validEnd, xmlAt, changed);
    const bytes = encodeIntegrityTable(table);
    await handle.write(bytes, 0, bytes.length, end);
    integrity = {size: bytes.length, flags: tail.integrity.flags, offset: end, originalSize: bytes.length};
    end += bytes.length;
  }
  await handle.sync();
  const next = encodeHeader(header, {
    blobTable: {...header.blobTable, size: blobTable.length, offset: at, originalSize: blobTable.length},
    xml: {...tail.xmlHeader, offset: xmlAt},
    integrity,
  });
  await handle.write(next, 0, next.length, 0);
  await handle.sync();
  return end;
}

/** Zero the ranges, skipping blocks that already are (earlier wipes); returns how many bytes were written. */
async function zeroRanges(handle: FileHandle, ranges: ByteRange[]): Promise<number> {
  const buffer = Buffer.alloc(BLOCK);
  const zeros = Buffer.alloc(BLOCK);
  let written = 0;
  for (const range of ranges) {
    for (let at = range.start; at < range.end; at += BLOCK) {
      const length = Math.min(BLOCK, range.end - at);
      const {bytesRead} = await handle.read(buffer, 0, length, at);
      if (bytesRead === length && buffer.subarray(0, length).equals(zeros.subarray(0, length))) continue;
      await handle.write(zeros, 0, length, at);
      written += length;
    }
  }
  return written;
}
