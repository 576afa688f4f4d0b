/**
 * Transaction logs built from the public format description (Suhanov, "Windows registry file format
 * specification", transaction log files): the Windows 8.1+ HvLE format and the Windows XP–8.0 DIRT format.
 */
import {marvin32} from '../../src/registry/marvin32.js';
import {fixChecksum} from './build.js';

/**
 * A Windows 8.1+ style log (file type 6): a base block copy with sequence `sequence`, then one HvLE entry
 * per page set, each carrying the pages of `after` that differ from `before`, with both Marvin32 hashes.
 */
export function buildLog(before: Buffer, after: Buffer, sequence: number, entries = 2): Buffer {
  const header = Buffer.from(after.subarray(0, 512));
  header.writeUInt32LE(sequence, 4);
  header.writeUInt32LE(sequence, 8);
  header.writeUInt32LE(6, 28);
  fixChecksum(header);
  const pages: number[] = [];
  for (let off = 4096; off < after.length; off += 4096) {
    if (off >= before.length || !after.subarray(off, off + 4096).equals(before.subarray(off, off + 4096))) pages.push(off - 4096);
  }
  const parts = [header];
  const perEntry = Math.ceil(pages.length / entries);
  for (let e = 0; e < entries; e++) {
    const mine = pages.slice(e * perEntry, (e + 1) * perEntry);
    const refs = Buffer.alloc(mine.length * 8);
    mine.forEach((page, i) => {
      refs.writeUInt32LE(page, i * 8);
      refs.writeUInt32LE(4096, i * 8 + 4);
    });
    const body = Buffer.concat([refs, ...mine.map((page) => after.subarray(4096 + page, 4096 + page + 4096))]);
    const size = Math.ceil((40 + body.length) / 512) * 512;
    const entry = Buffer.alloc(size);
    entry.write('HvLE', 0, 'latin1');
    entry.writeUInt32LE(size, 4);
    entry.writeUInt32LE(sequence + e, 12);
    entry.writeUInt32LE(after.readUInt32LE(40), 16);
    entry.writeUInt32LE(mine.length, 20);
    body.copy(entry, 40);
    const h1 = marvin32(entry.subarray(40));
    entry.writeUInt32LE(h1.low, 24);
    entry.writeUInt32LE(h1.high, 28);
    const h2 = marvin32(entry.subarray(0, 32));
    entry.writeUInt32LE(h2.low, 32);
    entry.writeUInt32LE(h2.high, 36);
    parts.push(entry);
  }
  return Buffer.concat(parts);
}

/** The primary as Windows leaves it while changes sit in the log: old bins, primary seq bumped. */
export function dirtyPrimary(before: Buffer): Buffer {
  const primary = Buffer.from(before);
  primary.writeUInt32LE(primary.readUInt32LE(4) + 1, 4);
  fixChecksum(primary);
  return primary;
}

/**
 * A Windows XP–8.0 style log (file type 1): a 512-byte base block copy (sequence numbers equal, the
 * primary's timestamp), "DIRT" and a bitmap with one bit per 512-byte page of the bins (least significant
 * bit first), then the dirty pages packed in bit order from the next 512-byte boundary. Windows tracks
 * 4096-byte blocks, so whole blocks that differ are marked (8 bits each).
 */
export function buildOldLog(primary: Buffer, after: Buffer): Buffer {
  const header = Buffer.from(after.subarray(0, 512));
  header.writeUInt32LE(primary.readUInt32LE(4), 4);
  header.writeUInt32LE(primary.readUInt32LE(4), 8);
  primary.copy(header, 12, 12, 20);
  header.writeUInt32LE(1, 28);
  fixChecksum(header);
  const binsSize = after.readUInt32LE(40);
  const bitmap = Buffer.alloc(binsSize / 4096);
  const pages: Buffer[] = [];
  for (let block = 0; block < binsSize / 4096; block++) {
    const at = 4096 + block * 4096;
    if (at < primary.length && after.subarray(at, at + 4096).equals(primary.subarray(at, at + 4096))) continue;
    bitmap[block] = 0xff;
    pages.push(after.subarray(at, at + 4096));
  }
  const vector = Buffer.concat([Buffer.from('DIRT', 'latin1'), bitmap]);
  const padded = Buffer.alloc(Math.ceil(vector.length / 512) * 512);
  vector.copy(padded);
  return Buffer.concat([header, padded, ...pages]);
}
